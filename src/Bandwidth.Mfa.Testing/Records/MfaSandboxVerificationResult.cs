namespace Bandwidth.Mfa.Testing
{
    /// <summary>How the sandbox answered a verification.</summary>
    public enum MfaSandboxVerificationResult
    {
        /// <summary>The code matched: <c>{"valid": true}</c>.</summary>
        Valid,

        /// <summary>No code sent within the window matched: <c>{"valid": false}</c>; the attempt counts towards a lockout.</summary>
        Invalid,

        /// <summary>The number had too many wrong codes and was answered 429 without comparing the code.</summary>
        LockedOut,
    }
}
