namespace Bandwidth.Mfa
{
    /// <summary>The rule of the send limits (<c>MfaOptions.SendLimits</c>) that refused a send (<see cref="MfaSendRefusedException.Rule"/>).</summary>
    public enum MfaSendLimitRule
    {
        /// <summary>The destination's country calling code is not on <c>AllowedCallingCodes</c>, or is on <c>DeniedCallingCodes</c>.</summary>
        DestinationNotAllowed,

        /// <summary>The last send to this number was less than <c>ResendCooldown</c> ago.</summary>
        ResendCooldown,

        /// <summary>This number already had <c>MaxSendsPerNumber</c> sends within <c>NumberWindow</c>.</summary>
        MaxSendsPerNumber,

        /// <summary>The account already had <c>MaxSendsPerAccount</c> sends within <c>AccountWindow</c> (the budget).</summary>
        MaxSendsPerAccount,

        /// <summary>The send-limit store did not answer within <c>StoreTimeout</c> and <c>StoreFailure</c> is <c>FailClosed</c>.</summary>
        StoreUnavailable,
    }
}
