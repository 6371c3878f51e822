namespace Bandwidth.Mfa
{
    /// <summary>The rule of the send limits (<c>MfaOptions.SendLimits</c>) that refused a send (<see cref="MfaSendRefusedException.Rule"/>).</summary>
    public enum MfaSendLimitRule
    {
        /// <summary>The destination's longest matching prefix is denied (<c>DeniedPrefixes</c>, <c>DenyNanpOutsideUsAndCanada</c>), or <c>AllowedPrefixes</c> is set and none of it matches.</summary>
        DestinationNotAllowed,

        /// <summary>The client's last send to this number (for any account) was less than <c>ResendCooldown</c> ago.</summary>
        ResendCooldown,

        /// <summary>This number already had <c>MaxSendsPerNumber</c> sends within <c>NumberWindow</c>.</summary>
        MaxSendsPerNumber,

        /// <summary>The account already had <c>MaxSendsPerAccount</c> sends within <c>AccountWindow</c> (the budget).</summary>
        MaxSendsPerAccount,

        /// <summary>The send-limit store failed or did not answer within <c>StoreTimeout</c> and <c>StoreFailure</c> is <c>FailClosed</c>; the send is not counted.</summary>
        StoreUnavailable,
    }
}
