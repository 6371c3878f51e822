using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>Adds <c>Authorization: Basic base64(username:password)</c> to every request.</summary>
    internal sealed class BasicAuthenticationHandler : MfaAuthenticationHandler
    {
        private readonly AuthenticationHeaderValue _header;
        private readonly string[] _secrets;

        /// <summary>Creates the handler for an <see cref="IHttpClientFactory"/> pipeline.</summary>
        /// <param name="username">The API user name.</param>
        /// <param name="password">The API password.</param>
        /// <exception cref="ArgumentException">The credentials break a rule of <see cref="CreateHeader"/>.</exception>
        public BasicAuthenticationHandler(string username, string password)
        {
            _header = CreateHeader(username, password);
            _secrets = MfaScrubber.BasicSecrets(username, password);
        }

        /// <summary>The header value for a user name and password (UTF-8, as RFC 7617 recommends).</summary>
        /// <param name="username">The user name; must not contain ':' or control characters (RFC 7617, section 2).</param>
        /// <param name="password">The password; must not contain control characters (RFC 7617, section 2).</param>
        /// <returns>The <c>Basic</c> header value.</returns>
        /// <exception cref="ArgumentException">The user name is empty or breaks a rule, or the password breaks a rule; the message never holds the value.</exception>
        /// <exception cref="ArgumentNullException">The password is null.</exception>
        public static AuthenticationHeaderValue CreateHeader(string username, string password)
        {
            if (string.IsNullOrEmpty(username))
            {
                throw new ArgumentException("The user name is required.", nameof(username));
            }

            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            var problem = MfaCredentialRules.BasicCredentialProblem(username, isUserId: true);
            if (problem != null)
            {
                throw new ArgumentException("The user name " + problem + ".", nameof(username));
            }

            problem = MfaCredentialRules.BasicCredentialProblem(password, isUserId: false);
            if (problem != null)
            {
                throw new ArgumentException("The password " + problem + ".", nameof(password));
            }

            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));
        }

        /// <inheritdoc />
        protected override Task<HttpResponseMessage> SendAuthenticatedAsync(HttpRequestMessage request, MfaCall call, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = _header;
            call.UseCredentialSecrets(_secrets);
            return SendInnerAsync(request, cancellationToken);
        }
    }
}
