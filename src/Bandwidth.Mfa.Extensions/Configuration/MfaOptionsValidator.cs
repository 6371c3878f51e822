using Bandwidth.Mfa.Validation;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Bandwidth.Mfa.Authentication;
using Bandwidth.Mfa.Resilience;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.Configuration
{
    /// <summary>
    /// Checks <see cref="MfaOptions"/> at start-up. Each failure names the setting and the rule, and never shows a secret.
    /// A named client's failures start with <c>MFA client '&lt;name&gt;': </c>; a client bound from configuration names
    /// each setting by its full path (<c>'Bandwidth:Mfa:Messaging:Digits'</c>).
    /// </summary>
    internal sealed class MfaOptionsValidator : IValidateOptions<MfaOptions>
    {
        private const string ProbeNumber = "+10000000000";

        private static readonly Regex QuotedSetting = new Regex("'([A-Za-z]+)((?::[A-Za-z]+)*)'", RegexOptions.CultureInvariant);

        private static readonly HashSet<string> TopLevelSettings = new HashSet<string>(
            typeof(MfaOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name), StringComparer.Ordinal);

        private readonly IEnumerable<MfaConfigurationSource> _sources;

        /// <summary>Creates the validator of the registered clients.</summary>
        /// <param name="sources">The configuration each client was bound from, if any.</param>
        public MfaOptionsValidator(IEnumerable<MfaConfigurationSource> sources)
        {
            _sources = sources;
        }

        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, MfaOptions options)
        {
            var optionsName = name ?? Options.DefaultName;
            var section = _sources.LastOrDefault(source => string.Equals(source.OptionsName, optionsName, StringComparison.Ordinal))?.Path;
            var prefix = ClientPrefix(optionsName);
            var failures = Check(options).Select(failure => prefix + WithSection(failure, section)).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        /// <summary>How a client's messages start: nothing for the unnamed client, <c>MFA client '&lt;name&gt;': </c> for a named one.</summary>
        internal static string ClientPrefix(string? optionsName)
        {
            return string.IsNullOrEmpty(optionsName) ? string.Empty : "MFA client '" + optionsName + "': ";
        }

        /// <summary>Names every setting of a failure by its full path under <paramref name="section"/> (when known).</summary>
        internal static string WithSection(string failure, string? section)
        {
            if (string.IsNullOrEmpty(section))
            {
                return failure;
            }

            return QuotedSetting.Replace(failure, match => TopLevelSettings.Contains(match.Groups[1].Value)
                ? "'" + section + ":" + match.Groups[1].Value + match.Groups[2].Value + "'"
                : match.Value);
        }

        /// <summary>Throws <see cref="OptionsValidationException"/> listing every broken rule; for code that builds clients without DI.</summary>
        /// <param name="options">The options to check.</param>
        public static void ThrowIfInvalid(MfaOptions options)
        {
            var failures = Check(options).ToList();
            if (failures.Count > 0)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(MfaOptions), failures);
            }
        }

        internal static IEnumerable<string> Check(MfaOptions? options)
        {
            if (options == null)
            {
                yield return "MFA options are required.";
                yield break;
            }

            foreach (var failure in CheckUrl(nameof(MfaOptions.BaseUrl), options.BaseUrl, allowQuery: false))
            {
                yield return failure;
            }

            if (!MfaOptions.IsSet(options.AccountId))
            {
                yield return "MFA option 'AccountId' is required.";
            }

            foreach (var failure in CheckAuthentication(options))
            {
                yield return failure;
            }

            if (options.Timeout <= TimeSpan.Zero || options.Timeout > MfaOptions.MaxTimeout)
            {
                yield return "MFA option 'Timeout' must be positive and at most " + MfaOptions.MaxTimeout.ToString("c", CultureInfo.InvariantCulture)
                    + " (it is " + options.Timeout.ToString("c", CultureInfo.InvariantCulture) + "). It is a TimeSpan written \"hh:mm:ss\", such as \"00:00:30\"; a bare number such as \"30\" means days.";
            }

            if (options.Scope != null)
            {
                // The spec's rule for a send's scope (the verify has none), counted as the spec counts it.
                var rule = SpecRule(new CodeRequest { To = ProbeNumber, From = ProbeNumber, ApplicationId = "app", Message = CodeRequest.CodePlaceholder, Digits = 6, Scope = options.Scope });
                if (rule != null)
                {
                    yield return "MFA option 'Scope' " + rule + ".";
                }
            }

            if (!(options.ExpirationTimeInMinutes >= 1 && options.ExpirationTimeInMinutes <= 15))
            {
                yield return "MFA option 'ExpirationTimeInMinutes' must be between 1 and 15.";
            }

            if (options.Retry != null)
            {
                if (options.Retry.MaxRetryAttempts < 0 || options.Retry.MaxRetryAttempts > MfaRetryHandler.MaxRetryAttemptsLimit)
                {
                    yield return "MFA option 'Retry:MaxRetryAttempts' must be between 0 and " + MfaRetryHandler.MaxRetryAttemptsLimit + ".";
                }

                if (options.Retry.BaseDelay < TimeSpan.Zero || options.Retry.BaseDelay >= options.Timeout)
                {
                    // A back-off that cannot end within the call's Timeout would turn every retried error into a timeout.
                    yield return "MFA option 'Retry:BaseDelay' must not be negative and must be shorter than 'Timeout' (it is "
                        + options.Retry.BaseDelay.ToString("c", CultureInfo.InvariantCulture) + ").";
                }

                if (options.Retry.MaxRetryAfter < TimeSpan.Zero)
                {
                    yield return "MFA option 'Retry:MaxRetryAfter' must not be negative.";
                }
            }

            foreach (var failure in CheckSendLimits(options.SendLimits))
            {
                yield return failure;
            }

            foreach (var failure in CheckChannel(nameof(MfaOptions.Messaging), options.Messaging))
            {
                yield return failure;
            }

            foreach (var failure in CheckChannel(nameof(MfaOptions.Voice), options.Voice))
            {
                yield return failure;
            }

            foreach (var failure in CheckChannelDefaults(options))
            {
                yield return failure;
            }
        }

        /// <summary>
        /// The defaults of the short calls: unless the application opted out (<see cref="MfaOptions.RequireChannelDefaults"/>
        /// false), a channel that sets 'From' or 'ApplicationId' sets both, and at least one channel is complete. An SMS-only
        /// application configures 'Messaging' only; sending a voice code without 'Voice' is then a configuration error of
        /// that call (<see cref="MfaConfigurationException"/>).
        /// </summary>
        private static IEnumerable<string> CheckChannelDefaults(MfaOptions options)
        {
            if (!options.RequireChannelDefaults || options.Messaging == null || options.Voice == null)
            {
                yield break;
            }

            const string OptOut = "set 'RequireChannelDefaults' to false if every send passes them (MfaSendOverrides, or IMfaClient with a CodeRequest) or the client only verifies";
            var complete = 0;
            foreach (var (channel, settings) in new[] { (nameof(MfaOptions.Messaging), options.Messaging), (nameof(MfaOptions.Voice), options.Voice) })
            {
                var from = MfaOptions.IsSet(settings.From);
                var application = MfaOptions.IsSet(settings.ApplicationId);
                if (from && application)
                {
                    complete++;
                }
                else if (from || application)
                {
                    var missing = from ? "ApplicationId" : "From";
                    yield return "MFA option '" + channel + ":" + missing + "' is required when '" + channel + ":" + (from ? "From" : "ApplicationId")
                        + "' is set: the short calls send with both (" + OptOut + ").";
                }
            }

            if (complete == 0 && !MfaOptions.IsSet(options.Messaging.From) && !MfaOptions.IsSet(options.Messaging.ApplicationId)
                && !MfaOptions.IsSet(options.Voice.From) && !MfaOptions.IsSet(options.Voice.ApplicationId))
            {
                yield return "MFA options 'Messaging' and 'Voice' are both missing 'From' and 'ApplicationId': the short calls (SendSmsCodeAsync, SendVoiceCodeAsync) need them for the channel(s) the application sends on; "
                    + "configure 'Messaging:From' and 'Messaging:ApplicationId' (and 'Voice:...' for voice codes), or " + OptOut + ".";
            }
        }

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

        private static IEnumerable<string> CheckAuthentication(MfaOptions options)
        {
            var basic = MfaOptions.IsSet(options.Username) || MfaOptions.IsSet(options.Password);
            var bearer = MfaOptions.IsSet(options.AccessToken);
            var clientCredentials = MfaOptions.IsSet(options.ClientId) || MfaOptions.IsSet(options.ClientSecret);
            var configured = (basic ? 1 : 0) + (bearer ? 1 : 0) + (clientCredentials ? 1 : 0);
            if (configured == 0)
            {
                yield return "MFA authentication is not configured: set exactly one of 'Username' + 'Password', 'AccessToken', or 'ClientId' + 'ClientSecret'.";
                yield break;
            }

            if (configured > 1)
            {
                var found = new List<string>();
                if (basic)
                {
                    found.Add("'Username'/'Password'");
                }

                if (bearer)
                {
                    found.Add("'AccessToken'");
                }

                if (clientCredentials)
                {
                    found.Add("'ClientId'/'ClientSecret'");
                }

                yield return "MFA authentication is ambiguous: set exactly one of 'Username' + 'Password', 'AccessToken', or 'ClientId' + 'ClientSecret' (found " + string.Join(" and ", found) + ").";
                yield break;
            }

            if (basic)
            {
                if (!MfaOptions.IsSet(options.Username))
                {
                    yield return "MFA option 'Username' is required when 'Password' is set.";
                }

                if (!MfaOptions.IsSet(options.Password))
                {
                    yield return "MFA option 'Password' is required when 'Username' is set.";
                }

            }

            // Every credential that is set must be usable in its header, whichever mode it belongs to.
            foreach (var (setting, value, isUserId) in new[]
            {
                (nameof(MfaOptions.Username), options.Username, true),
                (nameof(MfaOptions.Password), options.Password, false),
                (nameof(MfaOptions.ClientId), options.ClientId, true),
                (nameof(MfaOptions.ClientSecret), options.ClientSecret, false),
            })
            {
                var problem = MfaOptions.IsSet(value) ? MfaCredentialRules.BasicCredentialProblem(value, isUserId) : null;
                if (problem != null)
                {
                    yield return "MFA option '" + setting + "' " + problem + ".";
                }
            }

            if (bearer)
            {
                var problem = MfaCredentialRules.BearerTokenProblem(options.AccessToken);
                if (problem != null)
                {
                    yield return "MFA option 'AccessToken' " + problem + ".";
                }
            }

            if (clientCredentials)
            {
                if (!MfaOptions.IsSet(options.ClientId))
                {
                    yield return "MFA option 'ClientId' is required when 'ClientSecret' is set.";
                }

                if (!MfaOptions.IsSet(options.ClientSecret))
                {
                    yield return "MFA option 'ClientSecret' is required when 'ClientId' is set.";
                }

                foreach (var failure in CheckUrl(nameof(MfaOptions.TokenUrl), options.TokenUrl, allowQuery: true))
                {
                    yield return failure;
                }
            }
        }

        private static IEnumerable<string> CheckUrl(string setting, Uri? url, bool allowQuery)
        {
            if (url == null)
            {
                yield return "MFA option '" + setting + "' is required.";
            }
            else if (!url.IsAbsoluteUri)
            {
                yield return "MFA option '" + setting + "' must be an absolute URL (it is '" + url.OriginalString + "').";
            }
            else if (!IsSecureOrLoopback(url))
            {
                yield return "MFA option '" + setting + "' must use https (plain http is allowed to a loopback address only, so credentials never cross a network in clear text); it is '" + url.GetLeftPart(UriPartial.Authority) + "'.";
            }
            else
            {
                if (url.UserInfo.Length > 0)
                {
                    // Never echoed: it is a credential, and URLs end up in logs.
                    yield return "MFA option '" + setting + "' must not hold a user name or password (put credentials in their own settings).";
                }

                if (url.Fragment.Length > 0 || (!allowQuery && url.Query.Length > 0))
                {
                    // The operations' paths are appended to the base URL: a query or fragment would swallow them.
                    yield return "MFA option '" + setting + "' must not have a " + (allowQuery ? "fragment ('#...')" : "query or fragment ('?...', '#...')") + ".";
                }
            }
        }

        private static IEnumerable<string> CheckChannel(string channel, MfaChannelOptions? settings)
        {
            if (settings == null)
            {
                yield return "MFA option '" + channel + "' must not be null.";
                yield break;
            }

            if (settings.Digits < 4 || settings.Digits > 8)
            {
                yield return "MFA option '" + channel + ":Digits' must be between 4 and 8 (it is " + settings.Digits + ").";
            }

            if (string.IsNullOrEmpty(settings.Message) || settings.Message.IndexOf(CodeRequest.CodePlaceholder, StringComparison.Ordinal) < 0)
            {
                yield return "MFA option '" + channel + ":Message' must contain the " + CodeRequest.CodePlaceholder + " placeholder.";
            }

            // The template, sender and application id are checked by the spec's own rules, as a send would check them.
            foreach (var (field, value) in new[] { ("Message", settings.Message), ("From", settings.From), ("ApplicationId", settings.ApplicationId) })
            {
                if (value == null)
                {
                    continue;
                }

                var rule = SpecRule(new CodeRequest
                {
                    To = ProbeNumber,
                    From = field == "From" ? value : ProbeNumber,
                    ApplicationId = field == "ApplicationId" ? value : "app",
                    Message = field == "Message" ? value : CodeRequest.CodePlaceholder,
                    Digits = 6,
                });
                if (rule != null && !(field == "Message" && value.IndexOf(CodeRequest.CodePlaceholder, StringComparison.Ordinal) < 0))
                {
                    yield return "MFA option '" + channel + ":" + field + "' " + rule + ".";
                }
            }
        }

        /// <summary>The rule of the spec that a probe request breaks, or null.</summary>
        private static string? SpecRule(CodeRequest probe)
        {
            try
            {
                MfaRequestValidator.Validate(probe);
                return null;
            }
            catch (MfaRequestValidationException exception)
            {
                return exception.Rule;
            }
        }

        /// <summary>Whether credentials may be sent to this URL: https anywhere, http only to a loopback address.</summary>
        /// <param name="url">An absolute URL.</param>
        /// <returns>True when sending credentials there is allowed.</returns>
        public static bool IsSecureOrLoopback(Uri url)
        {
            if (url == null)
            {
                throw new ArgumentNullException(nameof(url));
            }

            if (string.Equals(url.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!string.Equals(url.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (url.IsLoopback)
            {
                return true;
            }

            return IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
        }
    }
}
