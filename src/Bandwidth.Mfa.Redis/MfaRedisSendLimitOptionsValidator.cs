using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.Redis
{
    /// <summary>Checks <see cref="MfaRedisSendLimitOptions"/> at start-up; each failure names the setting, never shows the key.</summary>
    internal sealed class MfaRedisSendLimitOptionsValidator : IValidateOptions<MfaRedisSendLimitOptions>
    {
        private readonly bool _needsConfiguration;

        internal MfaRedisSendLimitOptionsValidator(bool needsConfiguration)
        {
            _needsConfiguration = needsConfiguration;
        }

        public ValidateOptionsResult Validate(string? name, MfaRedisSendLimitOptions options)
        {
            var failures = Check(options, _needsConfiguration).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        internal static IEnumerable<string> Check(MfaRedisSendLimitOptions? options, bool needsConfiguration)
        {
            if (options == null)
            {
                yield return "MFA Redis send-limit options are required.";
                yield break;
            }

            if (string.IsNullOrWhiteSpace(options.HashKey) || options.HashKey!.Trim().Length < MfaRedisSendLimitOptions.MinHashKeyLength)
            {
                yield return "MFA option 'Redis:HashKey' is required by the Redis send-limit store and must be at least "
                    + MfaRedisSendLimitOptions.MinHashKeyLength + " characters (a random secret: phone numbers are keyed by HMAC-SHA256 with it, never stored in clear).";
            }

            if (string.IsNullOrEmpty(options.KeyPrefix))
            {
                yield return "MFA option 'Redis:KeyPrefix' must not be empty.";
            }
            else if (options.KeyPrefix.IndexOfAny(new[] { '{', '}' }) >= 0)
            {
                yield return "MFA option 'Redis:KeyPrefix' must not hold '{' or '}' (the store puts the account in a hash tag).";
            }

            if (options.Database < -1)
            {
                yield return "MFA option 'Redis:Database' must be -1 (the default database) or a database number.";
            }

            if (needsConfiguration && string.IsNullOrWhiteSpace(options.Configuration))
            {
                yield return "MFA option 'Redis:Configuration' is required when no connection is given in code (a StackExchange.Redis configuration string).";
            }
        }
    }
}
