namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>A client that <c>UseSandbox</c> wired to a sandbox (one per call; the notice names each client once).</summary>
    internal sealed class SandboxWiring
    {
        internal SandboxWiring(string? clientName)
        {
            ClientName = clientName;
        }

        /// <summary>The registered name; null for the unnamed client.</summary>
        internal string? ClientName { get; }
    }
}
