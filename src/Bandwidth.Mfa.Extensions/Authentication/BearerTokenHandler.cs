using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>Adds <c>Authorization: Bearer &lt;token&gt;</c> with a fixed token to every request.</summary>
    internal sealed class BearerTokenHandler : MfaAuthenticationHandler
    {
        private readonly AuthenticationHeaderValue _header;
        private readonly string[] _secrets;

        /// <summary>Creates the handler for an <see cref="IHttpClientFactory"/> pipeline.</summary>
        /// <param name="accessToken">The OAuth2 access token (visible ASCII, RFC 6750).</param>
        /// <exception cref="ArgumentException">The token is blank or cannot be a header value (CR, LF, spaces, ...); the message never holds it.</exception>
        public BearerTokenHandler(string accessToken)
        {
            _header = CreateHeader(accessToken);
            _secrets = new[] { accessToken };
        }

        private static AuthenticationHeaderValue CreateHeader(string accessToken)
        {
            if (string.IsNullOrWhiteSpace(accessToken))
            {
                throw new ArgumentException("The access token is required.", nameof(accessToken));
            }

            var problem = MfaCredentialRules.BearerTokenProblem(accessToken);
            if (problem != null)
            {
                throw new ArgumentException("The access token " + problem + ".", nameof(accessToken));
            }

            return new AuthenticationHeaderValue("Bearer", accessToken);
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
