namespace Bandwidth.Mfa.Redis
{
    /// <summary>Settings of <see cref="MfaRedisSendLimitStore"/> (bound from configuration, for example <c>Bandwidth:Mfa:Redis</c>, or set in code).</summary>
    public sealed class MfaRedisSendLimitOptions
    {
        /// <summary>The least length of <see cref="HashKey"/>, in characters.</summary>
        public const int MinHashKeyLength = 32;

        /// <summary>
        /// The secret key of the HMAC-SHA256 that turns a phone number into its Redis key (required, at least
        /// <see cref="MinHashKeyLength"/> characters; keep it in your secret store). Every instance that shares the limits
        /// must use the same key; changing it starts every number's counts afresh.
        /// </summary>
        public string? HashKey { get; set; }

        /// <summary>The prefix of every key the store writes. Default <c>bandwidth-mfa:send-limits:</c>.</summary>
        public string KeyPrefix { get; set; } = "bandwidth-mfa:send-limits:";

        /// <summary>The StackExchange.Redis configuration string (for example <c>redis.internal:6379,ssl=true</c>), used when no connection is given in code.</summary>
        public string? Configuration { get; set; }

        /// <summary>The Redis database number; -1 (the default) is the connection's default database.</summary>
        public int Database { get; set; } = -1;

        /// <summary>Describes the settings with the key hidden.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString()
        {
            return "MfaRedisSendLimitOptions { HashKey = " + (string.IsNullOrEmpty(HashKey) ? "(none)" : "***") + ", KeyPrefix = " + KeyPrefix
                + ", Configuration = " + (string.IsNullOrEmpty(Configuration) ? "(none)" : "(set)") + ", Database = " + Database + " }";
        }
    }
}
