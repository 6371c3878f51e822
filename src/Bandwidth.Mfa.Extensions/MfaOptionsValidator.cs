using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// Checks <see cref="MfaOptions"/> at start-up. Each failure names the setting and the rule, and never shows a secret.
    /// </summary>
    public sealed class MfaOptionsValidator : IValidateOptions<MfaOptions>
    {
        /// <inheritdoc />
        public ValidateOptionsResult Validate(string? name, MfaOptions options)
        {
            var failures = Check(options).ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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

            foreach (var failure in CheckUrl(nameof(MfaOptions.BaseUrl), options.BaseUrl))
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

            if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            {
                yield return "MFA option 'Timeout' must be positive.";
            }

            if (options.Scope != null && options.Scope.Length > 25)
            {
                yield return "MFA option 'Scope' must be at most 25 characters long.";
            }

            if (!(options.ExpirationTimeInMinutes >= 1 && options.ExpirationTimeInMinutes <= 15))
            {
                yield return "MFA option 'ExpirationTimeInMinutes' must be between 1 and 15.";
            }

            if (options.Retry != null)
            {
                if (options.Retry.MaxRetryAttempts < 0 || options.Retry.MaxRetryAttempts > 5)
                {
                    yield return "MFA option 'Retry:MaxRetryAttempts' must be between 0 and 5.";
                }

                if (options.Retry.BaseDelay < TimeSpan.Zero || options.Retry.MaxRetryAfter < TimeSpan.Zero)
                {
                    yield return "MFA options 'Retry:BaseDelay' and 'Retry:MaxRetryAfter' must not be negative.";
                }
            }

            foreach (var failure in CheckChannel(nameof(MfaOptions.Messaging), options.Messaging))
            {
                yield return failure;
            }

            foreach (var failure in CheckChannel(nameof(MfaOptions.Voice), options.Voice))
            {
                yield return failure;
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

                if (options.Username != null && options.Username.IndexOf(':') >= 0)
                {
                    yield return "MFA option 'Username' must not contain ':' (HTTP Basic cannot carry it).";
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

                if (options.ClientId != null && options.ClientId.IndexOf(':') >= 0)
                {
                    yield return "MFA option 'ClientId' must not contain ':' (HTTP Basic cannot carry it).";
                }

                foreach (var failure in CheckUrl(nameof(MfaOptions.TokenUrl), options.TokenUrl))
                {
                    yield return failure;
                }
            }
        }

        private static IEnumerable<string> CheckUrl(string setting, Uri? url)
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
            else if (settings.Message.Length > 2048)
            {
                yield return "MFA option '" + channel + ":Message' must be at most 2048 characters long.";
            }

            // The sender and application id are checked by the spec's own rules, as a send would check them.
            foreach (var (field, value) in new[] { ("From", settings.From), ("ApplicationId", settings.ApplicationId) })
            {
                if (value == null)
                {
                    continue;
                }

                var probe = new CodeRequest { To = "+10000000000", From = field == "From" ? value : "+10000000000", ApplicationId = field == "ApplicationId" ? value : "app", Message = CodeRequest.CodePlaceholder, Digits = 6 };
                MfaRequestValidationException? broken = null;
                try
                {
                    MfaRequestValidator.Validate(probe);
                }
                catch (MfaRequestValidationException exception)
                {
                    broken = exception;
                }

                if (broken != null)
                {
                    yield return "MFA option '" + channel + ":" + field + "' " + broken.Rule + ".";
                }
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
