using System;
using System.Collections.Generic;
using System.Net;
using Bandwidth.Mfa.Authentication;

namespace Bandwidth.Mfa.Configuration
{
    // The rules of the credentials and the URLs they are sent to.
    internal sealed partial class MfaOptionsValidator
    {
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
