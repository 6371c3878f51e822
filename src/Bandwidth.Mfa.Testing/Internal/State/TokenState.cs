namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>What the sandbox knows of a bearer token.</summary>
    internal enum TokenState
    {
        /// <summary>Not one the sandbox issued (or issued before a reset).</summary>
        Unknown,

        /// <summary>Issued by the sandbox, not expired, not revoked.</summary>
        Valid,

        /// <summary>Issued by the sandbox and past its lifetime.</summary>
        Expired,

        /// <summary>Issued by the sandbox before the last revocation.</summary>
        Revoked,
    }
}
