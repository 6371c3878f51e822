using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Bandwidth.Mfa.Configuration
{
    // The rules of MfaOptions.SendLimits.
    internal sealed partial class MfaOptionsValidator
    {
        private static IEnumerable<string> CheckSendLimits(MfaSendLimitOptions? limits)
        {
            if (limits == null)
            {
                yield break;
            }

            const string Section = "SendLimits:";
#pragma warning disable CS0618 // the former names of the prefix lists are still read, and checked under their own names
            var allowLists = new[] { ("AllowedPrefixes", limits.AllowedPrefixes), ("AllowedCallingCodes", limits.AllowedCallingCodes) };
            var denyLists = new[] { ("DeniedPrefixes", limits.DeniedPrefixes), ("DeniedCallingCodes", limits.DeniedCallingCodes) };
#pragma warning restore CS0618
            foreach (var (setting, prefixes) in allowLists.Concat(denyLists))
            {
                foreach (var prefix in prefixes ?? Array.Empty<string>())
                {
                    if (!SendLimits.MfaDestinationPrefixes.IsPrefix(prefix))
                    {
                        yield return "MFA option '" + Section + setting + "' must hold destination prefixes: 1 to " + SendLimits.MfaDestinationPrefixes.MaxDigits
                            + " digits without '+', a country calling code optionally followed by more digits (such as \"1\", \"44\" or \"1876\"); '" + prefix + "' is not one.";
                    }
                }
            }

            foreach (var (allowSetting, allowed) in allowLists)
            {
                foreach (var (denySetting, denied) in denyLists)
                {
                    if (allowed == null || denied == null)
                    {
                        continue;
                    }

                    foreach (var prefix in allowed.Intersect(denied, StringComparer.Ordinal).Distinct())
                    {
                        yield return "MFA option '" + Section + allowSetting + "' and '" + Section + denySetting + "' must not both hold '" + prefix
                            + "' (a prefix is allowed or denied, not both; the longest matching prefix decides).";
                    }
                }
            }

            if (limits.ResendCooldown < TimeSpan.Zero || limits.ResendCooldown > TimeSpan.FromDays(1))
            {
                yield return "MFA option '" + Section + "ResendCooldown' must be between 00:00:00 (off) and 1.00:00:00 (it is " + limits.ResendCooldown.ToString("c", CultureInfo.InvariantCulture) + ").";
            }

            foreach (var (max, maxName, window, windowName) in new[]
            {
                (limits.MaxSendsPerNumber, "MaxSendsPerNumber", limits.NumberWindow, "NumberWindow"),
                (limits.MaxSendsPerAccount, "MaxSendsPerAccount", limits.AccountWindow, "AccountWindow"),
            })
            {
                if (max < 0 || max > 1000000)
                {
                    yield return "MFA option '" + Section + maxName + "' must be between 0 (off) and 1000000 (it is " + max + ").";
                }

                if (max > 0 && (window < TimeSpan.FromSeconds(1) || window > TimeSpan.FromDays(31)))
                {
                    yield return "MFA option '" + Section + windowName + "' must be between 00:00:01 and 31.00:00:00 when '" + Section + maxName + "' is set (it is " + window.ToString("c", CultureInfo.InvariantCulture) + ").";
                }
            }

            if (limits.StoreTimeout <= TimeSpan.Zero || limits.StoreTimeout > MfaSendLimitOptions.MaxStoreTimeout)
            {
                yield return "MFA option '" + Section + "StoreTimeout' must be positive and at most " + MfaSendLimitOptions.MaxStoreTimeout.ToString("c", CultureInfo.InvariantCulture)
                    + " (it is " + limits.StoreTimeout.ToString("c", CultureInfo.InvariantCulture) + ").";
            }

            if (limits.StoreFailure != MfaSendLimitStoreFailure.FailClosed && limits.StoreFailure != MfaSendLimitStoreFailure.FailOpen)
            {
                yield return "MFA option '" + Section + "StoreFailure' must be FailClosed or FailOpen.";
            }
        }
    }
}
