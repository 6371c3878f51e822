namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>The statuses that HTTP answers without a body: the bridge writes none, and a failure may not ask for one.</summary>
    internal static class BodilessStatuses
    {
        internal static bool Contains(int status) => status == 204 || status == 205 || status == 304;
    }
}
