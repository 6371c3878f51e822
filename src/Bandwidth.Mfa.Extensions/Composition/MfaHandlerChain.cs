using System;
using System.Collections.Generic;
using System.Net.Http;
using Bandwidth.Mfa.Authentication;
using Bandwidth.Mfa.Configuration;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Health;
using Bandwidth.Mfa.Pipeline;
using Bandwidth.Mfa.Resilience;
using Bandwidth.Mfa.SendLimits;
using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa.Composition
{
    /// <summary>
    /// The composition root of the client, used by both <c>AddBandwidthMfa</c> and <see cref="MfaService.Create"/>: the one
    /// place that orders the handlers between <see cref="MfaPipeline"/> and the transport, and builds the pipeline and the
    /// client over them.
    /// <code>
    /// MfaPipeline (validate, send, read within timeout and cap, map to MfaException, one log line)
    ///   -> send guard (only with MfaOptions.SendLimits; sends only; a refused send fetches no token, sends nothing)
    ///   -> authentication (Basic | bearer | OAuth2 client credentials with its token cache and one 401 refresh)
    ///   -> retry (only with MfaOptions.Retry; never a send that may have reached the server)
    ///   -> (in DI: handlers of the application, from ConfigureHttpClientDefaults or the builder, resilience included)
    ///   -> MfaTransportHandler, wrapped around the primary handler so every attempt passes it last (marks each attempt
    ///      as handed to the transport; refuses a second attempt of a send that may have reached the server; refuses redirects)
    ///   -> primary handler (SocketsHttpHandler without redirects, IHttpClientFactory's, or the sandbox's)
    /// </code>
    /// In DI the transport handler is put around the primary handler by <see cref="MfaPrimaryHandlerFilter"/>, after every
    /// configuration of the client ran, so a primary handler set later (<c>ConfigurePrimaryHttpMessageHandler</c>,
    /// <c>UseSandbox</c>) is wrapped too.
    /// </summary>
    internal static class MfaHandlerChain
    {
        /// <summary>The logger category of the client's call lines.</summary>
        internal const string LoggerCategory = MfaTelemetry.Name;

        /// <summary>The client's own handlers after the pipeline, outermost first (the transport handler is not one of them: see <see cref="Transport"/>).</summary>
        /// <param name="options">The options.</param>
        /// <param name="tokens">The OAuth2 token provider, asked for only with client credentials.</param>
        /// <param name="time">The clock.</param>
        /// <param name="loggerFactory">The loggers, or null.</param>
        /// <param name="sendLimitStore">The client's store of the send limits when <see cref="MfaSendLimitOptions.Store"/> is not set, asked for only with send limits.</param>
        /// <param name="clientName">The client's registered name (null: the unnamed client), which keeps its counts apart in a shared store.</param>
        /// <param name="telemetry">The client's telemetry, whose health tracker hears about store failures; null for none.</param>
        internal static IReadOnlyList<DelegatingHandler> Create(MfaOptions options, Func<ClientCredentialsTokenProvider> tokens, TimeProvider time, ILoggerFactory? loggerFactory, Func<IMfaSendLimitStore>? sendLimitStore = null, string? clientName = null, MfaClientTelemetry? telemetry = null)
        {
            var handlers = new List<DelegatingHandler>(4);
            if (options.SendLimits != null)
            {
                // Outermost: before authentication, so a refused send fetches no token and nothing is sent.
                var store = options.SendLimits.Store ?? sendLimitStore?.Invoke() ?? new MfaInMemorySendLimitStore();
                handlers.Add(new MfaSendGuardHandler(options.SendLimits, store, time, CreateLogger(loggerFactory), clientName, telemetry));
            }

            handlers.Add(CreateAuthenticationHandler(options, tokens));
            if (options.Retry != null)
            {
                handlers.Add(new MfaRetryHandler(options.Retry, time, CreateLogger(loggerFactory), options.Timeout));
            }

            return handlers;
        }

        /// <summary>The transport handler wrapped around <paramref name="primary"/>: what every attempt passes last.</summary>
        internal static HttpMessageHandler Transport(HttpMessageHandler primary)
        {
            return new MfaTransportHandler { InnerHandler = primary };
        }

        /// <summary>
        /// Links <paramref name="chain"/> in order in front of the transport handler around <paramref name="primary"/>;
        /// returns the outermost handler.
        /// </summary>
        internal static HttpMessageHandler Link(IReadOnlyList<DelegatingHandler> chain, HttpMessageHandler primary)
        {
            HttpMessageHandler next = Transport(primary);
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                chain[i].InnerHandler = next;
                next = chain[i];
            }

            return next;
        }

        /// <summary>Sets what the options decide on the HTTP client: the base address (ending with '/') and the call timeout.</summary>
        internal static void Configure(HttpClient http, MfaOptions options)
        {
            var url = options.BaseUrl;
            http.BaseAddress = url.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? url : new Uri(url.AbsoluteUri + "/");
            http.Timeout = options.Timeout;
        }

        /// <summary>The client over an HTTP client whose handlers came from <see cref="Create"/>.</summary>
        internal static IMfaClient CreateClient(HttpClient http, ILoggerFactory? loggerFactory, TimeProvider time, MfaClientTelemetry? telemetry = null)
        {
            return new MfaClient(new MfaPipeline(http, CreateLogger(loggerFactory), time, telemetry));
        }

        /// <summary>The client over an HTTP client whose handlers came from <see cref="Create"/>, with its client's shared pipeline state.</summary>
        internal static IMfaClient CreateClient(HttpClient http, MfaPipelineShared shared)
        {
            return new MfaClient(new MfaPipeline(http, shared));
        }

        /// <summary>
        /// A client over <paramref name="handlers"/> (outermost first) and the transport handler in front of
        /// <paramref name="primary"/>, without options: the chain of <see cref="Create"/> with handlers of the caller's
        /// choosing (the unit tests use it to put one authentication handler, or none, in front of a test double).
        /// </summary>
        internal static IMfaClient CreateClient(HttpMessageHandler primary, Uri baseAddress, TimeSpan timeout, ILoggerFactory? loggerFactory, TimeProvider time, params DelegatingHandler[] handlers)
        {
            var http = new HttpClient(Link(handlers, primary), disposeHandler: false) { BaseAddress = baseAddress, Timeout = timeout };
            return CreateClient(http, loggerFactory, time);
        }

        /// <summary>Everything <see cref="MfaService.Create"/> needs, without DI: one pooled handler unless one is given.</summary>
        internal static Standalone BuildStandalone(MfaOptions options, HttpMessageHandler? primaryHandler, ILoggerFactory? loggerFactory, TimeProvider time)
        {
            var ownsPrimary = primaryHandler == null;
            var primary = primaryHandler ?? CreatePooledHandler();
            HttpClient? tokenClient = null;
            ClientCredentialsTokenProvider? tokens = null;
            // Without DI there is no IMeterFactory: the service owns its meter and disposes it (no static meter).
            var instruments = new MfaInstruments(null);
            var telemetry = new MfaClientTelemetry(MfaTelemetry.DefaultClientName, instruments, new MfaHealthTracker(time));
            if (options.AuthenticationMode == MfaAuthenticationMode.ClientCredentials)
            {
                // A token is only ever fetched inside a call, so the fetch keeps the call's deadline (the call's
                // HttpClient.Timeout cancels it) rather than a second timer of the same length that could fire first
                // and turn the call's timeout into an authentication failure.
                tokenClient = new HttpClient(primary, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
                tokens = new ClientCredentialsTokenProvider(tokenClient, options.TokenUrl, options.ClientId!, options.ClientSecret!, time) { Telemetry = telemetry };
            }

            var outermost = Link(Create(options, () => tokens!, time, loggerFactory, telemetry: telemetry), primary);
            var http = new HttpClient(outermost, disposeHandler: ownsPrimary);
            Configure(http, options);
            return new Standalone(CreateClient(http, loggerFactory, time, telemetry), http, outermost, tokenClient, tokens, instruments, telemetry);
        }

        /// <summary>
        /// Turns off redirect following on a primary handler of a known type (the one IHttpClientFactory creates by
        /// default): the MFA API never redirects, and a followed 307 would re-send the body to another origin. A handler
        /// that already sent requests cannot be changed; it is left as it is, and the transport handler still refuses
        /// any redirected answer.
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
                // Already started requests: the transport handler's check is what protects the call.
            }
        }

        /// <summary>
        /// Whether IHttpClientFactory's own request logging must hide a header's value: always. Its predicate sees only the
        /// name and applies to request and response headers alike, and a hostile server can echo a secret in any response
        /// header (Retry-After, Date, Content-Type parameters); names stay visible.
        /// </summary>
        internal static bool ShouldRedactHeader(string name) => true;

        internal static ILogger? CreateLogger(ILoggerFactory? loggerFactory)
        {
            return loggerFactory?.CreateLogger(LoggerCategory);
        }

        private static MfaAuthenticationHandler CreateAuthenticationHandler(MfaOptions options, Func<ClientCredentialsTokenProvider> tokens)
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

        /// <summary>What <see cref="MfaService.Create"/> owns: the client and the HTTP objects to dispose with it.</summary>
        internal sealed class Standalone : IDisposable
        {
            private readonly HttpClient _http;
            private readonly HttpClient? _tokenClient;
            private readonly ClientCredentialsTokenProvider? _tokens;

            private readonly MfaInstruments _instruments;

            internal Standalone(IMfaClient client, HttpClient http, HttpMessageHandler outermost, HttpClient? tokenClient, ClientCredentialsTokenProvider? tokens, MfaInstruments instruments, MfaClientTelemetry telemetry)
            {
                _instruments = instruments;
                Telemetry = telemetry;
                Client = client;
                Outermost = outermost;
                _http = http;
                _tokenClient = tokenClient;
                _tokens = tokens;
            }

            internal IMfaClient Client { get; }

            /// <summary>The client's telemetry (its health tracker, for a health check of a service built without DI).</summary>
            internal MfaClientTelemetry Telemetry { get; }

            /// <summary>The outermost handler of the chain (the first after the pipeline).</summary>
            internal HttpMessageHandler Outermost { get; }

            public void Dispose()
            {
                _http.Dispose();
                _tokenClient?.Dispose();
                _tokens?.Dispose();
                _instruments.Dispose();
            }
        }
    }
}
