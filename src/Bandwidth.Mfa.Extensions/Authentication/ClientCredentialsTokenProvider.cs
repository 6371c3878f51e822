using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Configuration;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Pipeline;
using Newtonsoft.Json;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>
    /// Fetches OAuth2 access tokens with the client-credentials grant and caches each one until shortly before it
    /// expires. However many calls start at once with a cold or expired cache, one token request is made. A token
    /// without <c>expires_in</c> is not cached, nor is one that cannot be a header value (it fails the call instead).
    /// Failures surface as <see cref="MfaAuthenticationException"/> without the client secret, its base64 Basic form or
    /// the token, even when the endpoint echoes them. Thread-safe; share one instance per set of credentials.
    /// </summary>
    internal sealed class ClientCredentialsTokenProvider : IDisposable
    {
        private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(60);

        // A token is never kept longer than this, whatever expires_in says (it also keeps absurd values from overflowing).
        private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

        private readonly Func<HttpClient> _httpClient;
        private readonly Uri _tokenUrl;
        private readonly AuthenticationHeaderValue _clientAuthorization;
        private readonly string[] _secrets;
        private readonly MfaScrubber _scrubber;
        private readonly string _tokenUrlText;
        private readonly TimeProvider _time;
        private readonly SemaphoreSlim _fetchLock = new SemaphoreSlim(1, 1);
        private MfaAccessToken? _cached;
        private MfaAccessToken? _lastFetched;
        private long _generation;

        /// <summary>Creates a provider that sends token requests through <paramref name="httpClient"/>.</summary>
        /// <param name="httpClient">A client without authentication handlers; the provider does not own it.</param>
        /// <param name="tokenUrl">The token endpoint (https, or http to a loopback address).</param>
        /// <param name="clientId">The OAuth2 client id.</param>
        /// <param name="clientSecret">The OAuth2 client secret.</param>
        /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
        public ClientCredentialsTokenProvider(HttpClient httpClient, Uri tokenUrl, string clientId, string clientSecret, TimeProvider? timeProvider = null)
            : this(ReturnSame(httpClient), tokenUrl, clientId, clientSecret, timeProvider)
        {
        }

        internal ClientCredentialsTokenProvider(Func<HttpClient> httpClient, Uri tokenUrl, string clientId, string clientSecret, TimeProvider? timeProvider)
        {
            _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
            _tokenUrl = tokenUrl ?? throw new ArgumentNullException(nameof(tokenUrl));
            if (!tokenUrl.IsAbsoluteUri || !MfaOptionsValidator.IsSecureOrLoopback(tokenUrl))
            {
                throw new ArgumentException("The token URL must be absolute and use https (http to a loopback address only).", nameof(tokenUrl));
            }

            _clientAuthorization = BasicAuthenticationHandler.CreateHeader(clientId, clientSecret ?? throw new ArgumentNullException(nameof(clientSecret)));
            _secrets = MfaScrubber.BasicSecrets(clientId, clientSecret);
            _scrubber = new MfaScrubber(_secrets);

            // Scheme, host and path only: never a user name, password or query of the URL in a message.
            _tokenUrlText = tokenUrl.Scheme + "://" + tokenUrl.Authority + tokenUrl.AbsolutePath;
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <summary>The client's telemetry (the <c>mfa.client.token.requests</c> counter and the health tracker), or null.</summary>
        internal MfaClientTelemetry? Telemetry { get; set; }

        /// <summary>Returns a valid token, from the cache when it has one that is not about to expire.</summary>
        /// <param name="operation">The operation of the call that needs the token, for the exception.</param>
        /// <param name="cancellationToken">Cancels the wait and the token request.</param>
        /// <returns>The token.</returns>
        /// <exception cref="MfaAuthenticationException">The token endpoint refused, failed, or issued a token that cannot be used; the message never holds a secret.</exception>
        internal async Task<MfaAccessToken> GetTokenAsync(string? operation, CancellationToken cancellationToken)
        {
            var generationAtStart = Interlocked.Read(ref _generation);
            if (TryGetFreshToken(out var fresh))
            {
                return fresh;
            }

            await _fetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var cached = Volatile.Read(ref _cached);
                if (cached != null && cached.IsFresh(_time))
                {
                    // Another caller fetched it while this one waited: fresh for this call unless it predates the call.
                    return cached.Generation <= generationAtStart ? cached : cached.AsFetched();
                }

                var shared = _lastFetched;
                if (shared != null && shared.Generation > generationAtStart && !shared.RefreshAt.HasValue)
                {
                    // A token without expires_in is not cached, but the calls that waited for its fetch share it.
                    return shared;
                }

                MfaAccessToken fetched;
                try
                {
                    fetched = await FetchAsync(operation, cancellationToken).ConfigureAwait(false);
                }
                catch (MfaAuthenticationException)
                {
                    // Counted as a failed token request; a request the caller cancelled is not counted.
                    Telemetry?.RecordTokenRequest(false);
                    throw;
                }

                Telemetry?.RecordTokenRequest(true);
                _lastFetched = fetched;
                if (fetched.RefreshAt.HasValue)
                {
                    Volatile.Write(ref _cached, fetched.AsCached());
                }

                return fetched;
            }
            finally
            {
                _fetchLock.Release();
            }
        }

        /// <summary>
        /// The cached token when it is fresh, read without waiting and without allocating (the per-call path of
        /// <see cref="ClientCredentialsHandler"/>); false when <see cref="GetTokenAsync"/> has to fetch one.
        /// </summary>
        internal bool TryGetFreshToken(out MfaAccessToken token)
        {
            var cached = Volatile.Read(ref _cached);
            if (cached != null && cached.IsFresh(_time))
            {
                token = cached;
                return true;
            }

            token = null!;
            return false;
        }

        /// <summary>Drops <paramref name="token"/> from the cache if it is still there (after the API refused it).</summary>
        /// <param name="token">The token that was refused.</param>
        public void Invalidate(MfaAccessToken token)
        {
            var cached = Volatile.Read(ref _cached);
            if (cached != null && string.Equals(cached.Value, token.Value, StringComparison.Ordinal))
            {
                Interlocked.CompareExchange(ref _cached, null, cached);
            }
        }

        /// <summary>Releases the lock that serialises token requests.</summary>
        public void Dispose()
        {
            _fetchLock.Dispose();
        }

        private async Task<MfaAccessToken> FetchAsync(string? operation, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            using (var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl))
            {
                request.Headers.Authorization = _clientAuthorization;
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Content = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("grant_type", "client_credentials") });
                try
                {
                    response = await _httpClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception) when (exception is HttpRequestException || exception is OperationCanceledException)
                {
                    throw Fail(operation, "The OAuth2 token request to " + _tokenUrlText + " failed: " + _scrubber.ServerText(exception.Message), null, exception);
                }
            }

            using (response)
            {
                string body;
                try
                {
                    body = response.Content == null ? string.Empty : MfaBody.Decode(await MfaBody.ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception exception) when (exception is System.IO.IOException || exception is HttpRequestException || exception is MfaBody.BodyTooLargeException)
                {
                    throw Fail(operation, "The OAuth2 token response from " + _tokenUrlText + " could not be read.", (int)response.StatusCode, exception);
                }

                var status = (int)response.StatusCode;
                TokenResponse? parsed = null;
                try
                {
                    parsed = JsonConvert.DeserializeObject<TokenResponse>(body);
                }
                catch (JsonException)
                {
                    // Reported below with the status.
                }

                if (!response.IsSuccessStatusCode)
                {
                    // The endpoint's own words: secrets, phone numbers and line breaks cleaned like every server text.
                    var reason = parsed?.Error != null ? " (" + _scrubber.ServerText(parsed.Error) + (parsed.ErrorDescription != null ? ": " + _scrubber.ServerText(parsed.ErrorDescription) : string.Empty) + ")" : string.Empty;
                    throw Fail(operation, "The OAuth2 token endpoint " + _tokenUrlText + " refused the client credentials with HTTP " + status + reason + ".", status, null);
                }

                if (parsed == null || string.IsNullOrWhiteSpace(parsed.AccessToken))
                {
                    throw Fail(operation, "The OAuth2 token endpoint " + _tokenUrlText + " answered HTTP " + status + " without an access_token.", status, null);
                }

                if (parsed.TokenType != null && !string.Equals(parsed.TokenType, "Bearer", StringComparison.OrdinalIgnoreCase))
                {
                    throw Fail(operation, "The OAuth2 token endpoint issued a '" + parsed.TokenType + "' token; only Bearer tokens are supported.", status, null, parsed.AccessToken);
                }

                // Checked before anything is cached: a token that cannot be a header value would fail every call until it expired.
                var tokenProblem = MfaCredentialRules.BearerTokenProblem(parsed.AccessToken);
                if (tokenProblem != null)
                {
                    throw Fail(operation, "The OAuth2 token endpoint " + _tokenUrlText + " answered HTTP " + status
                        + " with an access_token that " + tokenProblem + "; it was not used or cached.", status, null, parsed.AccessToken);
                }

                DateTimeOffset? expiresAt = null;
                if (parsed.ExpiresIn.HasValue && parsed.ExpiresIn.Value > 0)
                {
                    var lifetime = parsed.ExpiresIn.Value >= MaxLifetime.TotalSeconds ? MaxLifetime : TimeSpan.FromSeconds(parsed.ExpiresIn.Value);
                    var margin = TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, lifetime.Ticks / 10));
                    expiresAt = _time.GetUtcNow() + lifetime - margin;
                }

                return new MfaAccessToken(parsed.AccessToken!, expiresAt, Interlocked.Increment(ref _generation), fromCache: false);
            }
        }

        /// <summary>
        /// The exception for a failed token request, with the client secret (and its base64 Basic form, and the token the
        /// endpoint issued, if any) replaced with <c>***</c> wherever the endpoint's text or an inner exception echoed it.
        /// </summary>
        private MfaAuthenticationException Fail(string? operation, string message, int? status, Exception? inner, string? issuedToken = null)
        {
            var scrubber = issuedToken == null ? _scrubber : new MfaScrubber(new List<string>(_secrets) { issuedToken });
            return new MfaAuthenticationException(operation, scrubber.Scrub(message)!, status, scrubber.ScrubChain(inner));
        }

        private static Func<HttpClient> ReturnSame(HttpClient httpClient)
        {
            if (httpClient == null)
            {
                throw new ArgumentNullException(nameof(httpClient));
            }

            return () => httpClient;
        }

        private sealed class TokenResponse
        {
            [JsonProperty("access_token")]
            public string? AccessToken { get; set; }

            [JsonProperty("token_type")]
            public string? TokenType { get; set; }

            [JsonProperty("expires_in")]
            public double? ExpiresIn { get; set; }

            [JsonProperty("error")]
            public string? Error { get; set; }

            [JsonProperty("error_description")]
            public string? ErrorDescription { get; set; }
        }
    }
}
