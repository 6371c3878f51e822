using System;
using System.Net.Http;
using Bandwidth.Mfa;
using Bandwidth.Mfa.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the Bandwidth MFA client on <see cref="IHttpClientFactory"/>.</summary>
    public static class MfaServiceCollectionExtensions
    {
        /// <summary>The name of the HTTP client that calls the MFA API.</summary>
        public const string HttpClientName = "Bandwidth.Mfa";

        /// <summary>The name of the HTTP client that fetches OAuth2 tokens.</summary>
        public const string TokenHttpClientName = "Bandwidth.Mfa.Token";

        /// <summary>
        /// Registers <see cref="IMfaClient"/> (a typed client on <see cref="IHttpClientFactory"/>) and
        /// <see cref="IMfaService"/>, with options bound from <paramref name="configuration"/> (for example
        /// <c>builder.Configuration.GetSection("Bandwidth:Mfa")</c>) and validated at start-up.
        /// </summary>
        /// <param name="services">The services.</param>
        /// <param name="configuration">The configuration section that holds the <see cref="MfaOptions"/>.</param>
        /// <returns>The builder of the MFA HTTP client, to add handlers or resilience.</returns>
        public static IHttpClientBuilder AddBandwidthMfa(this IServiceCollection services, IConfiguration configuration)
        {
            if (configuration == null)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            var builder = AddBandwidthMfaCore(services);
            services.Configure<MfaOptions>(configuration);
            return builder;
        }

        /// <summary>
        /// Registers <see cref="IMfaClient"/> (a typed client on <see cref="IHttpClientFactory"/>) and
        /// <see cref="IMfaService"/>, with options set in code and validated at start-up.
        /// </summary>
        /// <param name="services">The services.</param>
        /// <param name="configure">Sets the <see cref="MfaOptions"/>.</param>
        /// <returns>The builder of the MFA HTTP client, to add handlers or resilience.</returns>
        public static IHttpClientBuilder AddBandwidthMfa(this IServiceCollection services, Action<MfaOptions> configure)
        {
            if (configure == null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            var builder = AddBandwidthMfaCore(services);
            services.Configure(configure);
            return builder;
        }

        private static IHttpClientBuilder AddBandwidthMfaCore(IServiceCollection services)
        {
            if (services == null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            services.AddOptions<MfaOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MfaOptions>, MfaOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);

            // The factory's default primary handler follows redirects; turn that off on it (a primary handler set later
            // through ConfigurePrimaryHttpMessageHandler replaces it, and the pipeline then refuses any redirected answer).
            services.AddHttpClient(TokenHttpClientName, (provider, http) => http.Timeout = provider.GetRequiredService<IOptions<MfaOptions>>().Value.Timeout)
                .ConfigurePrimaryHttpMessageHandler((handler, _) => MfaHandlerChain.RefuseRedirects(handler))
                .RedactLoggedHeaders(MfaHandlerChain.ShouldRedactHeader);
            services.TryAddSingleton(provider =>
            {
                var options = provider.GetRequiredService<IOptions<MfaOptions>>().Value;
                var factory = provider.GetRequiredService<IHttpClientFactory>();
                return new ClientCredentialsTokenProvider(
                    () => factory.CreateClient(TokenHttpClientName),
                    options.TokenUrl,
                    options.ClientId ?? string.Empty,
                    options.ClientSecret ?? string.Empty,
                    provider.GetRequiredService<TimeProvider>());
            });

            var builder = services.AddHttpClient(HttpClientName, (provider, http) =>
                {
                    var options = provider.GetRequiredService<IOptions<MfaOptions>>().Value;
                    http.BaseAddress = MfaHandlerChain.BaseAddressOf(options);
                    http.Timeout = options.Timeout;
                })
                .ConfigurePrimaryHttpMessageHandler((handler, _) => MfaHandlerChain.RefuseRedirects(handler))
                .RedactLoggedHeaders(MfaHandlerChain.ShouldRedactHeader)
                .AddHttpMessageHandler(provider => MfaHandlerChain.CreateAuthenticationHandler(
                    provider.GetRequiredService<IOptions<MfaOptions>>().Value,
                    provider.GetRequiredService<ClientCredentialsTokenProvider>))
                .AddHttpMessageHandler(provider => MfaHandlerChain.CreateRetryHandler(
                    provider.GetRequiredService<IOptions<MfaOptions>>().Value,
                    provider.GetRequiredService<TimeProvider>(),
                    provider.GetService<ILoggerFactory>()));

            // A factory lambda, not activation: the generated client has two public constructors.
            builder.AddTypedClient<IMfaClient>((http, provider) =>
                new MfaClient(new MfaHttpPipeline(http, MfaHandlerChain.CreateLogger(provider.GetService<ILoggerFactory>()))));
            services.TryAddTransient<IMfaService>(provider => new MfaService(
                provider.GetRequiredService<IMfaClient>(),
                provider.GetRequiredService<IOptions<MfaOptions>>()));
            return builder;
        }
    }
}
