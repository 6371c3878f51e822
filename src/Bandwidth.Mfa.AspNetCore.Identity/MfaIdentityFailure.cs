namespace Bandwidth.Mfa.AspNetCore.Identity
{
    /// <summary>Why a token provider could not send or check a code (<see cref="MfaIdentityException.Failure"/>).</summary>
    public enum MfaIdentityFailure
    {
        /// <summary>The MFA service could not be reached or failed (an outage, a timeout, a refused credential): nothing was verified; try again later.</summary>
        Unavailable = 0,

        /// <summary>Too many wrong codes for the phone number (Bandwidth's 429): no code is checked until <see cref="MfaIdentityException.RetryAt"/>.</summary>
        LockedOut = 1,

        /// <summary>The client's send limits refused the send before anything was sent (<see cref="MfaSendRefusedException"/>).</summary>
        SendRefused = 2,
    }
}
