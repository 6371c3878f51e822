namespace Bandwidth.Mfa
{
    /// <summary>Values that replace the configured defaults for one send.</summary>
    public sealed class MfaSendOverrides
    {
        /// <summary>The account id.</summary>
        public string? AccountId { get; set; }

        /// <summary>The E.164 number the code is sent from.</summary>
        public string? From { get; set; }

        /// <summary>The Bandwidth application id.</summary>
        public string? ApplicationId { get; set; }

        /// <summary>The message template; must contain <c>{CODE}</c>.</summary>
        public string? Message { get; set; }

        /// <summary>How many digits the code has (4 to 8).</summary>
        public int? Digits { get; set; }
    }
}
