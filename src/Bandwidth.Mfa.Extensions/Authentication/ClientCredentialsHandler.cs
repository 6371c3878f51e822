using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>
    /// Adds <c>Authorization: Bearer</c> with a token from <see cref="ClientCredentialsTokenProvider"/>. When the API
    /// answers 401 to a token that came from the cache, the token is dropped, a new one is fetched and the call is sent
    /// once more (a 401 is never billed, so this cannot send a code twice); a second 401 is returned as it is.
    /// </summary>
    internal sealed class ClientCredentialsHandler : MfaAuthenticationHandler
    {
        private readonly ClientCredentialsTokenProvider _tokens;
        private BearerHeader? _lastHeader;

        /// <summary>Creates the handler for an <see cref="IHttpClientFactory"/> pipeline.</summary>
        /// <param name="tokens">The shared token provider.</param>
        public ClientCredentialsHandler(ClientCredentialsTokenProvider tokens)
        {
            _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        }

        /// <inheritdoc />
        protected override async Task<HttpResponseMessage> SendAuthenticatedAsync(HttpRequestMessage request, MfaCall call, CancellationToken cancellationToken)
        {
            // A fresh cached token is read without a Task per call; its header object is reused until the token changes.
            var token = _tokens.TryGetFreshToken(out var cached) ? cached : await _tokens.GetTokenAsync(call.OperationId, cancellationToken).ConfigureAwait(false);
            SetBearer(request, call, token.Value);
            var response = await SendInnerAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || !token.FromCache)
            {
                return response;
            }

            response.Dispose();
            _tokens.Invalidate(token);
            var fresh = await _tokens.GetTokenAsync(call.OperationId, cancellationToken).ConfigureAwait(false);
            SetBearer(request, call, fresh.Value);
            return await SendInnerAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private void SetBearer(HttpRequestMessage request, MfaCall call, string token)
        {
            var header = HeaderFor(token);
            request.Headers.Authorization = header.Header;
            call.UseCredentialSecrets(header.Secrets);
        }

        private BearerHeader HeaderFor(string token)
        {
            var last = Volatile.Read(ref _lastHeader);
            if (last != null && string.Equals(last.Token, token, StringComparison.Ordinal))
            {
                return last;
            }

            var created = new BearerHeader(token);
            Volatile.Write(ref _lastHeader, created);
            return created;
        }

        // The token and its header as one object, so that concurrent calls never pair a header with another token.
        private sealed class BearerHeader
        {
            internal BearerHeader(string token)
            {
                Token = token;
                Header = new AuthenticationHeaderValue("Bearer", token);
                Secrets = new[] { token };
            }

            // What a server may echo back, for scrubbing (see MfaCall.UseCredentialSecrets).
            internal string[] Secrets { get; }

            internal string Token { get; }

            internal AuthenticationHeaderValue Header { get; }
        }
    }
}
