using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Bandwidth.Mfa.Testing.Internal;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>The credentials half of the sandbox: its OAuth2 token endpoint and the check of each call's Authorization header.</summary>
    public sealed partial class MfaSandbox
    {
        private SandboxAnswer IssueToken(HttpRequestMessage request, string? body, DateTimeOffset now)
        {
            if (!TryReadBasic(request.Headers.Authorization, out var clientId, out var clientSecret)
                || (_options.HasCredentials
                    ? _options.ClientId == null || clientId != _options.ClientId || clientSecret != (_options.ClientSecret ?? string.Empty)
                    : clientId.Length == 0))
            {
                return SandboxAnswer.Json(HttpStatusCode.Unauthorized, new JObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed" });
            }

            if (!IsMediaType(request.Content, "application/x-www-form-urlencoded"))
            {
                return SandboxAnswer.Json(HttpStatusCode.BadRequest, new JObject { ["error"] = "invalid_request", ["error_description"] = "The body must be application/x-www-form-urlencoded" });
            }

            var grantType = FormValue(body, "grant_type");
            if (grantType == null)
            {
                return SandboxAnswer.Json(HttpStatusCode.BadRequest, new JObject { ["error"] = "invalid_request", ["error_description"] = "grant_type is required" });
            }

            if (grantType != "client_credentials")
            {
                return SandboxAnswer.Json(HttpStatusCode.BadRequest, new JObject { ["error"] = "unsupported_grant_type" });
            }

            string token;
            lock (_gate)
            {
                token = _tokens.Issue(now + _options.TokenLifetime);
            }

            return SandboxAnswer.Json(HttpStatusCode.OK, new JObject
            {
                ["access_token"] = token,
                ["token_type"] = "Bearer",
                ["expires_in"] = (long)Math.Ceiling(_options.TokenLifetime.TotalSeconds),
            });
        }

        private bool IsAuthorized(AuthenticationHeaderValue? header, string accountId, DateTimeOffset now)
        {
            if (header == null)
            {
                return false;
            }

            bool accepted;
            if (string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                accepted = TryReadBasic(header, out var username, out var password)
                    && (_options.HasCredentials
                        ? _options.Username != null && username == _options.Username && password == (_options.Password ?? string.Empty)
                        : username.Length > 0);
            }
            else if (string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(header.Parameter))
            {
                TokenState state;
                lock (_gate)
                {
                    state = _tokens.Check(header.Parameter!, now);
                }

                accepted = state == TokenState.Unknown
                    ? !_options.HasCredentials || (_options.AccessToken != null && header.Parameter == _options.AccessToken)
                    : state == TokenState.Valid;
            }
            else
            {
                accepted = false;
            }

            return accepted && (_options.AccountIds.Count == 0 || _options.AccountIds.Contains(accountId));
        }

        private static bool TryReadBasic(AuthenticationHeaderValue? header, out string username, out string password)
        {
            username = string.Empty;
            password = string.Empty;
            if (header == null || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(header.Parameter))
            {
                return false;
            }

            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(header.Parameter!.Trim()));
            }
            catch (Exception exception) when (exception is FormatException || exception is ArgumentException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            username = decoded.Substring(0, colon);
            password = decoded.Substring(colon + 1);
            return true;
        }

        private static string? FormValue(string? body, string name)
        {
            foreach (var pair in (body ?? string.Empty).Split('&'))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString((equals < 0 ? pair : pair.Substring(0, equals)).Replace('+', ' '));
                if (key == name)
                {
                    return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1).Replace('+', ' '));
                }
            }

            return null;
        }
    }
}
