using Bandwidth.Mfa.Validation;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Bandwidth.Mfa.Resilience;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.Configuration
{
    /// <summary>
    /// Checks <see cref="MfaOptions"/> at start-up. Each failure names the setting and the rule, and never shows a secret.
    /// A named client's failures start with <c>MFA client '&lt;name&gt;': </c>; a client bound from configuration names
    /// each setting by its full path (<c>'Bandwidth:Mfa:Messaging:Digits'</c>).
    /// </summary>
    internal sealed partial class MfaOptionsValidator : IValidateOptions<MfaOptions>
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
    }
}
