using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis
{
    /// <summary>
    /// Checks the <see cref="MfaRedisSendLimitOptions"/> of one client at start-up; each failure names the client (when
    /// it has a name) and the setting, and never shows the key or the configuration string.
    /// </summary>
    internal sealed class MfaRedisSendLimitOptionsValidator : IValidateOptions<MfaRedisSendLimitOptions>
    {
        private static readonly char[] HashTagBraces = { '{', '}' };

        private readonly string _optionsName;
        private readonly string? _clientName;
        private readonly bool _needsConfiguration;

        internal MfaRedisSendLimitOptionsValidator(string optionsName, string? clientName, bool needsConfiguration)
        {
            _optionsName = optionsName;
            _clientName = clientName;
            _needsConfiguration = needsConfiguration;
        }

        public ValidateOptionsResult Validate(string? name, MfaRedisSendLimitOptions options)
        {
            if (!string.Equals(name ?? Options.DefaultName, _optionsName, StringComparison.Ordinal))
            {
                return ValidateOptionsResult.Skip;
            }

            var failures = Check(options, _needsConfiguration).Select(failure => Prefix(_clientName) + failure).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        /// <summary>What messages about a client's settings start with: its name, or nothing for the unnamed client.</summary>
        internal static string Prefix(string? clientName) => clientName == null ? string.Empty : "MFA client '" + clientName + "': ";

        internal static IEnumerable<string> Check(MfaRedisSendLimitOptions? options, bool needsConfiguration)
        {
            if (options == null)
            {
                yield return "MFA Redis send-limit options are required.";
                yield break;
            }

            if (string.IsNullOrWhiteSpace(options.HashKey) || options.HashKey!.Trim().Length < MfaRedisSendLimitOptions.MinHashKeyLength)
            {
                yield return "MFA Redis send-limit option 'HashKey' is required and must be at least "
                    + MfaRedisSendLimitOptions.MinHashKeyLength + " characters (a random secret: phone numbers are keyed by HMAC-SHA256 with it, never stored in clear).";
            }

            if (string.IsNullOrEmpty(options.KeyPrefix))
            {
                yield return "MFA Redis send-limit option 'KeyPrefix' must not be empty.";
            }
            else if (options.KeyPrefix.IndexOfAny(HashTagBraces) >= 0)
            {
                yield return "MFA Redis send-limit option 'KeyPrefix' must not hold '{' or '}' (the store puts the client in a hash tag).";
            }

            if (options.Database < -1)
            {
                yield return "MFA Redis send-limit option 'Database' must be -1 (the default database) or a database number.";
            }

            if (needsConfiguration)
            {
                if (string.IsNullOrWhiteSpace(options.Configuration))
                {
                    yield return "MFA Redis send-limit option 'Configuration' is required when no connection is given in code (a StackExchange.Redis configuration string).";
                }
                else if (!Parses(options.Configuration!))
                {
                    yield return "MFA Redis send-limit option 'Configuration' is not a StackExchange.Redis configuration string (for example \"redis.internal:6379,ssl=true\"); its value is not shown, it may hold a password.";
                }
            }
        }

        private static bool Parses(string configuration)
        {
            try
            {
                return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (RedisException)
            {
                return false;
            }
        }
    }
}
