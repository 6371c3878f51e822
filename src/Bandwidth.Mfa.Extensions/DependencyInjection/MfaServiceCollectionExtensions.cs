using System;
using System.Net.Http;
using Bandwidth.Mfa;
using System.Linq;
using Bandwidth.Mfa.Authentication;
using Bandwidth.Mfa.Composition;
using Bandwidth.Mfa.Configuration;
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

            var builder = services.AddHttpClient(HttpClientName);
            if (services.Any(descriptor => descriptor.ServiceType == typeof(MfaRegistration)))
            {
                // Registered before: only the options of this call are added (they apply in order), never a second chain.
                return builder;
            }

            services.AddSingleton<MfaRegistration>();
            services.AddOptions<MfaOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MfaOptions>, MfaOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            // One store of send limits per container, used only when MfaOptions.SendLimits is set (Bandwidth.Mfa.Redis replaces it).
            services.TryAddSingleton<IMfaSendLimitStore, MfaInMemorySendLimitStore>();

            // The factory's default primary handler follows redirects; turn that off on it (a primary handler set later
            // through ConfigurePrimaryHttpMessageHandler replaces it, and the transport handler then refuses any redirect).
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

            builder.ConfigureHttpClient((provider, http) => MfaHandlerChain.Configure(http, provider.GetRequiredService<IOptions<MfaOptions>>().Value))
                .ConfigurePrimaryHttpMessageHandler((handler, _) => MfaHandlerChain.RefuseRedirects(handler))
                .RedactLoggedHeaders(MfaHandlerChain.ShouldRedactHeader)
                .ConfigureAdditionalHttpMessageHandlers((handlers, provider) =>
                {
                    // The same ordered chain as MfaService.Create, from the one composition root.
                    var chain = MfaHandlerChain.Create(
                        provider.GetRequiredService<IOptions<MfaOptions>>().Value,
                        provider.GetRequiredService<ClientCredentialsTokenProvider>,
                        provider.GetRequiredService<TimeProvider>(),
                        provider.GetService<ILoggerFactory>(),
                        provider.GetRequiredService<IMfaSendLimitStore>);
                    for (var i = 0; i < chain.Count; i++)
                    {
                        handlers.Insert(i, chain[i]);
                    }
                });

            builder.AddTypedClient<IMfaClient>((http, provider) =>
                MfaHandlerChain.CreateClient(http, provider.GetService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>()));
            // Not disposable: a transient resolved from the root container is not kept alive by it.
            services.TryAddTransient<IMfaService>(provider => new MfaShortCalls(
                provider.GetRequiredService<IMfaClient>(),
                provider.GetRequiredService<IOptions<MfaOptions>>().Value));
            return builder;
        }

        /// <summary>Marks that the client is registered, so a second <c>AddBandwidthMfa</c> adds options only.</summary>
        private sealed class MfaRegistration
        {
        }
    }
}
