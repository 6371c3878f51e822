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
        /// Header names whose values IHttpClientFactory's own logging may show; every other value (Authorization
        /// above all) is redacted.
        /// </summary>
        internal static bool ShouldRedactHeader(string name)
        {
            switch (name.ToUpperInvariant())
            {
                case "ACCEPT":
                case "CONTENT-TYPE":
                case "CONTENT-LENGTH":
                case "DATE":
                case "RETRY-AFTER":
                case "USER-AGENT":
                    return false;
                default:
                    return true;
            }
        }

        private static HttpMessageHandler CreatePooledHandler()
        {
#if NET5_0_OR_GREATER
            // Recycle connections so DNS changes are picked up, as IHttpClientFactory does for DI users.
            return new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#else
            return new HttpClientHandler();
#endif
        }

        /// <summary>The innermost handler of ours when retries are off: notes that the request went to the transport.</summary>
        private sealed class PassThroughHandler : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                MfaRequestOptions.MarkHandedToTransport(request);
                return base.SendAsync(request, cancellationToken);
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
