using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>Adds <c>Authorization: Basic base64(username:password)</c> to every request.</summary>
    public sealed class BasicAuthenticationHandler : MfaAuthenticationHandler
    {
        private readonly AuthenticationHeaderValue _header;

        /// <summary>Creates the handler for an <see cref="IHttpClientFactory"/> pipeline.</summary>
        /// <param name="username">The API user name.</param>
        /// <param name="password">The API password.</param>
        public BasicAuthenticationHandler(string username, string password)
        {
            _header = CreateHeader(username, password);
        }

        /// <summary>Creates the handler in front of <paramref name="innerHandler"/>.</summary>
        /// <param name="username">The API user name.</param>
        /// <param name="password">The API password.</param>
        /// <param name="innerHandler">The next handler.</param>
        public BasicAuthenticationHandler(string username, string password, HttpMessageHandler innerHandler)
            : base(innerHandler)
        {
            _header = CreateHeader(username, password);
        }

        /// <summary>The header value for a user name and password (UTF-8, as RFC 7617 recommends).</summary>
        /// <param name="username">The user name; must not contain ':'.</param>
        /// <param name="password">The password.</param>
        /// <returns>The <c>Basic</c> header value.</returns>
        public static AuthenticationHeaderValue CreateHeader(string username, string password)
        {
            if (string.IsNullOrEmpty(username))
            {
                throw new ArgumentException("The user name is required.", nameof(username));
            }

            if (username.IndexOf(':') >= 0)
            {
                throw new ArgumentException("The user name must not contain ':'.", nameof(username));
            }

            if (password == null)
            {
                throw new ArgumentNullException(nameof(password));
            }

            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)));
        }

        /// <inheritdoc />
        protected override Task<HttpResponseMessage> SendAuthenticatedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = _header;
            return SendInnerAsync(request, cancellationToken);
        }
    }
}
