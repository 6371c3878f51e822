using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Authentication;
using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa
{
    /// <summary>The one place where the client's handler pipeline is assembled, for DI and for <see cref="MfaService.Create"/>.</summary>
    internal static class MfaHandlerChain
    {
        /// <summary>The base address as HttpClient needs it: relative requests resolve under it only when it ends with '/'.</summary>
        internal static Uri BaseAddressOf(MfaOptions options)
        {
            var url = options.BaseUrl;
            return url.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? url : new Uri(url.AbsoluteUri + "/");
        }

        internal static MfaAuthenticationHandler CreateAuthenticationHandler(MfaOptions options, Func<ClientCredentialsTokenProvider> tokens)
        {
            switch (options.AuthenticationMode)
            {
                case MfaAuthenticationMode.Basic:
                    return new BasicAuthenticationHandler(options.Username!, options.Password!);
                case MfaAuthenticationMode.BearerToken:
                    return new BearerTokenHandler(options.AccessToken!);
                case MfaAuthenticationMode.ClientCredentials:
                    return new ClientCredentialsHandler(tokens());
                default:
                    throw new InvalidOperationException("MFA authentication is not configured: set exactly one of 'Username' + 'Password', 'AccessToken', or 'ClientId' + 'ClientSecret'.");
            }
        }

        internal static StandalonePipeline BuildStandalone(MfaOptions options, HttpMessageHandler? primaryHandler, ILoggerFactory? loggerFactory, TimeProvider timeProvider)
        {
            var ownsPrimary = primaryHandler == null;
            var primary = primaryHandler ?? CreatePooledHandler();
            HttpClient? tokenClient = null;
            ClientCredentialsTokenProvider? tokens = null;
            if (options.AuthenticationMode == MfaAuthenticationMode.ClientCredentials)
            {
                tokenClient = new HttpClient(primary, disposeHandler: false) { Timeout = options.Timeout };
                tokens = new ClientCredentialsTokenProvider(tokenClient, options.TokenUrl, options.ClientId!, options.ClientSecret!, timeProvider);
            }

            var authentication = CreateAuthenticationHandler(options, () => tokens!);
            var retry = CreateRetryHandler(options, timeProvider, loggerFactory);
            retry.InnerHandler = primary;
            authentication.InnerHandler = retry;
            var httpClient = new HttpClient(authentication, disposeHandler: ownsPrimary)
            {
                BaseAddress = BaseAddressOf(options),
                Timeout = options.Timeout,
            };
            return new StandalonePipeline(new MfaHttpPipeline(httpClient, CreateLogger(loggerFactory)), tokenClient, tokens);
        }

        /// <summary>The retry handler the options ask for, or a pass-through when retries are off.</summary>
        internal static DelegatingHandler CreateRetryHandler(MfaOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory)
        {
            return options.Retry == null
                ? new PassThroughHandler()
                : new Resilience.MfaRetryHandler(options.Retry, timeProvider, CreateLogger(loggerFactory), options.Timeout);
        }

        internal static ILogger? CreateLogger(ILoggerFactory? loggerFactory)
        {
            return loggerFactory?.CreateLogger(MfaLogEvents.Category);
        }

        /// <summary>
        /// Whether IHttpClientFactory's own request logging redacts a header's value: always. Its predicate gets only the
        /// header name and is applied to request and response headers alike (Microsoft.Extensions.Http 8), and a hostile
        /// or misconfigured server can echo a secret in any response header, even one the client has to read
        /// (<c>Retry-After</c>, <c>Content-Type</c>, <c>Date</c>). The names stay visible; the values are logged as <c>*</c>.
        /// </summary>
        internal static bool ShouldRedactHeader(string name) => true;

        /// <summary>
        /// Turns off redirect following on a primary handler of a known type (the one IHttpClientFactory creates by
        /// default): the MFA API never redirects, and a followed 307 would re-send the body to another origin. A handler
        /// that already sent requests cannot be changed; it is left as it is, and the pipeline still refuses any
        /// redirected answer.
        /// </summary>
        internal static void RefuseRedirects(HttpMessageHandler handler)
        {
            try
            {
                switch (handler)
                {
                    case HttpClientHandler client when client.AllowAutoRedirect:
                        client.AllowAutoRedirect = false;
                        break;
#if NET5_0_OR_GREATER
                    case SocketsHttpHandler sockets when sockets.AllowAutoRedirect:
                        sockets.AllowAutoRedirect = false;
                        break;
#endif
                }
            }
            catch (InvalidOperationException)
            {
                // Already started requests: the pipeline's check is what protects the call.
            }
        }

        /// <summary>
        /// Sends through the primary handler and refuses a redirect there, before any handler of ours can act on the
        /// answer (so the OAuth2 401 retry or the opt-in retry never re-send a redirected request).
        /// </summary>
        internal static async Task<HttpResponseMessage> SendRefusingRedirectsAsync(
            HttpRequestMessage request,
            Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
            CancellationToken cancellationToken)
        {
            var sentUri = request.RequestUri;
            var sentMethod = request.Method;
            var response = await send(request, cancellationToken).ConfigureAwait(false);
            var redirect = MfaRedirects.Check(MfaRequestOptions.GetOperation(request), sentUri, sentMethod, response);
            if (redirect != null)
            {
                response.Dispose();
                throw redirect;
            }

            return response;
        }

        private static HttpMessageHandler CreatePooledHandler()
        {
#if NET5_0_OR_GREATER
            // Recycle connections so DNS changes are picked up, as IHttpClientFactory does for DI users. Redirects are
            // never followed: the MFA API does not redirect, and a followed 307 would re-send the body elsewhere.
            return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
#else
            return new HttpClientHandler { AllowAutoRedirect = false };
#endif
        }

        /// <summary>
        /// The innermost handler of ours when retries are off: notes that the request went to the transport and refuses
        /// a redirected answer.
        /// </summary>
        private sealed class PassThroughHandler : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                MfaRequestOptions.MarkHandedToTransport(request);
                return SendRefusingRedirectsAsync(request, (r, c) => base.SendAsync(r, c), cancellationToken);
            }
        }

        internal sealed class StandalonePipeline : IDisposable
        {
            private readonly HttpClient? _tokenClient;
            private readonly ClientCredentialsTokenProvider? _tokens;

            internal StandalonePipeline(MfaHttpPipeline pipeline, HttpClient? tokenClient, ClientCredentialsTokenProvider? tokens)
            {
                Pipeline = pipeline;
                _tokenClient = tokenClient;
                _tokens = tokens;
            }

            internal MfaHttpPipeline Pipeline { get; }

            public void Dispose()
            {
                Pipeline.HttpClient.Dispose();
                _tokenClient?.Dispose();
                _tokens?.Dispose();
            }
        }
    }
}
