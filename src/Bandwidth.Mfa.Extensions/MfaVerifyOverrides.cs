namespace Bandwidth.Mfa
{
    /// <summary>Values that replace the configured defaults for one verification.</summary>
    public sealed class MfaVerifyOverrides
    {
        /// <summary>The account id.</summary>
        public string? AccountId { get; set; }

        /// <summary>Codes sent within this many minutes count as valid (1 to 15).</summary>
        public double? ExpirationTimeInMinutes { get; set; }
    }
}
