using System;
using System.Net.Http.Headers;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>
    /// What a credential must be to travel in an <c>Authorization</c> header, in one place for the start-up validator,
    /// the handlers and the OAuth2 token provider. Each check returns the broken rule in words, never the value.
    /// </summary>
    internal static class MfaCredentialRules
    {
        /// <summary>
        /// A bearer token (RFC 6750 <c>b64token</c>, and whatever <see cref="AuthenticationHeaderValue"/> can parse back):
        /// visible ASCII only, so no space, control character (CR, LF, tab, NUL, ...), non-ASCII letter, quote or comma.
        /// </summary>
        internal static string? BearerTokenProblem(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return "must not be empty";
            }

            foreach (var c in token!)
            {
                if (c < '!' || c > '~' || c == '"' || c == ',')
                {
                    return c < ' ' || c == '\u007f'
                        ? "must not contain control characters such as CR or LF (it cannot be an HTTP header value)"
                        : "must hold visible ASCII characters only, without spaces, quotes or commas (RFC 6750 bearer token syntax)";
                }
            }

            if (!AuthenticationHeaderValue.TryParse("Bearer " + token, out var parsed) || !string.Equals(parsed.Parameter, token, StringComparison.Ordinal))
            {
                return "is not a valid Bearer header value";
            }

            return null;
        }

        /// <summary>A user id or password of HTTP Basic (RFC 7617, section 2): no control characters; a user id without ':'.</summary>
        internal static string? BasicCredentialProblem(string? value, bool isUserId)
        {
            if (value == null)
            {
                return null;
            }

            foreach (var c in value)
            {
                if (c < ' ' || c == '\u007f')
                {
                    return "must not contain control characters such as CR or LF (RFC 7617, section 2)";
                }
            }

            if (isUserId && value.IndexOf(':') >= 0)
            {
                return "must not contain ':' (HTTP Basic cannot carry it, RFC 7617, section 2)";
            }

            return null;
        }
    }
}
