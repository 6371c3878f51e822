using System;
using System.Diagnostics.Metrics;
using System.Net.Http;
using Bandwidth.Mfa;
using System.Linq;
using Bandwidth.Mfa.Composition;
using Bandwidth.Mfa.Configuration;
using Bandwidth.Mfa.DependencyInjection;
using Bandwidth.Mfa.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the Bandwidth MFA client on <see cref="IHttpClientFactory"/>.</summary>
    public static partial class MfaServiceCollectionExtensions
    {
        /// <summary>The name of the HTTP client that calls the MFA API.</summary>
        public const string HttpClientName = MfaTelemetry.Name;

        /// <summary>The name of the HTTP client that fetches OAuth2 tokens.</summary>
        public const string TokenHttpClientName = MfaTelemetry.Name + ".Token";

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

            var builder = AddBandwidthMfaCore(services, null);
            services.Configure<MfaOptions>(configuration);
            AddConfigurationChecks(services, Options.Options.DefaultName, configuration);
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

            var builder = AddBandwidthMfaCore(services, null);
            services.Configure(configure);
            return builder;
        }

        /// <summary>
        /// Registers a named MFA client (one account among several in the application) with its own options bound from
        /// <paramref name="configuration"/>, validated at start-up with messages naming the client, its own HTTP client
        /// (<see cref="HttpClientNameFor"/>), handler chain and OAuth2 token cache. Resolve it as a keyed service
        /// (<c>[FromKeyedServices("brand-a")] IMfaService</c>, <c>GetRequiredKeyedService&lt;IMfaClient&gt;("brand-a")</c>)
        /// or through <see cref="IMfaClientFactory"/>. Registering the same name again adds its options only.
        /// </summary>
        /// <param name="services">The services.</param>
        /// <param name="name">The client's name (also the <c>mfa.client.name</c> tag of its spans and measurements).</param>
        /// <param name="configuration">The configuration section that holds this client's <see cref="MfaOptions"/>.</param>
        /// <returns>The builder of this client's MFA HTTP client, to add handlers, resilience or the sandbox.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="configuration"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty or blank, or is <c>(unnamed)</c> (the telemetry name of the unnamed client).</exception>
        public static IHttpClientBuilder AddBandwidthMfa(this IServiceCollection services, string name, IConfiguration configuration)
        {
            if (configuration == null)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            var builder = AddBandwidthMfaCore(services, CheckName(name));
            services.Configure<MfaOptions>(name, configuration);
            AddConfigurationChecks(services, name, configuration);
            return builder;
        }

        /// <summary>
        /// Registers a named MFA client with options set in code; see
        /// <see cref="AddBandwidthMfa(IServiceCollection, string, IConfiguration)"/>.
        /// </summary>
        /// <param name="services">The services.</param>
        /// <param name="name">The client's name (also the <c>mfa.client.name</c> tag of its spans and measurements).</param>
        /// <param name="configure">Sets this client's <see cref="MfaOptions"/>.</param>
        /// <returns>The builder of this client's MFA HTTP client, to add handlers, resilience or the sandbox.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="services"/>, <paramref name="name"/> or <paramref name="configure"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty or blank, or is <c>(unnamed)</c> (the telemetry name of the unnamed client).</exception>
        public static IHttpClientBuilder AddBandwidthMfa(this IServiceCollection services, string name, Action<MfaOptions> configure)
        {
            if (configure == null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            var builder = AddBandwidthMfaCore(services, CheckName(name));
            services.Configure(name, configure);
            return builder;
        }

        /// <summary>The name of the HTTP client that calls the MFA API for the client registered as <paramref name="name"/>.</summary>
        /// <param name="name">The client's registered name.</param>
        /// <returns><see cref="HttpClientName"/>, ':' and the name.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty or blank, or is <c>(unnamed)</c> (the telemetry name of the unnamed client).</exception>
        public static string HttpClientNameFor(string name) => HttpClientName + ":" + CheckName(name);

        /// <summary>The name of the HTTP client that fetches OAuth2 tokens for the client registered as <paramref name="name"/>.</summary>
        /// <param name="name">The client's registered name.</param>
        /// <returns><see cref="TokenHttpClientName"/>, ':' and the name.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="name"/> is empty or blank, or is <c>(unnamed)</c> (the telemetry name of the unnamed client).</exception>
        public static string TokenHttpClientNameFor(string name) => TokenHttpClientName + ":" + CheckName(name);

        /// <summary>
        /// Remembers where a client's options come from (so start-up messages name settings by their full path) and refuses
        /// unknown keys in that section at start-up.
        /// </summary>
        private static void AddConfigurationChecks(IServiceCollection services, string optionsName, IConfiguration configuration)
        {
            var source = new MfaConfigurationSource(optionsName, configuration);
            services.AddSingleton(source);
            services.AddSingleton<IValidateOptions<MfaOptions>>(provider => new MfaConfigurationKeysValidator(source, provider.GetServices<MfaClaimedSection>()));
        }

        private static string CheckName(string name)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.Trim().Length == 0)
            {
                throw new ArgumentException("The MFA client name must not be empty or blank.", nameof(name));
            }

            if (string.Equals(name, MfaTelemetry.DefaultClientName, StringComparison.Ordinal))
            {
                throw new ArgumentException("The MFA client name '" + name + "' is reserved: telemetry names the unnamed client so.", nameof(name));
            }

            return name;
        }

        private static IHttpClientBuilder AddBandwidthMfaCore(IServiceCollection services, string? name)
        {
            if (services == null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            var httpClientName = name == null ? HttpClientName : HttpClientNameFor(name);
            var tokenHttpClientName = name == null ? TokenHttpClientName : TokenHttpClientNameFor(name);
            var builder = services.AddHttpClient(httpClientName);
            if (services.Any(descriptor => descriptor.ServiceType == typeof(MfaRegistration)
                && descriptor.ImplementationInstance is MfaRegistration registration
                && string.Equals(registration.Name, name, StringComparison.Ordinal)))
            {
                // Registered before under this name: only the options of this call are added (they apply in order), never a second chain.
                return builder;
            }

            services.AddSingleton(new MfaRegistration(name));
            services.AddOptions<MfaOptions>(name ?? Options.Options.DefaultName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MfaOptions>, MfaOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            // One store of send limits per container, used only when MfaOptions.SendLimits is set, by every client that has no
            // store of its own (UseSendLimitStore, UseRedisSendLimits); each client keeps its own counts in it.
            services.TryAddSingleton<IMfaSendLimitStore, MfaInMemorySendLimitStore>();
            // One meter per container: IMeterFactory's when the host registered one (it owns the meter), else our own,
            // disposed with the container.
            services.TryAddSingleton(provider => new MfaInstruments(provider.GetService<IMeterFactory>()));
            services.TryAddSingleton<MfaClientStates>();
            services.TryAddSingleton<IMfaClientFactory, MfaClientFactory>();
            if (!services.Any(descriptor => descriptor.ServiceType == typeof(IHttpMessageHandlerBuilderFilter) && descriptor.ImplementationType == typeof(MfaPrimaryHandlerFilter)))
            {
                // First among the filters: each filter wraps the next, so the first one's work after the configuration
                // runs last, and the transport handler ends up right in front of whatever primary handler was chosen.
                services.Insert(0, ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, MfaPrimaryHandlerFilter>());
            }


            // The token is fetched inside a call and keeps the call's deadline (see MfaHandlerChain.BuildStandalone).
            // The factory's default primary handler follows redirects; turn that off on it (a primary handler set later
            // through ConfigurePrimaryHttpMessageHandler replaces it, and the transport handler then refuses any redirect).
            services.AddHttpClient(tokenHttpClientName, http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler((handler, _) => MfaHandlerChain.RefuseRedirects(handler))
                .RedactLoggedHeaders(MfaHandlerChain.ShouldRedactHeader);
            if (name == null)
            {
                services.TryAddSingleton(provider => provider.GetRequiredService<MfaClientStates>().Get(null).Tokens);
            }

            builder.ConfigureHttpClient((provider, http) => MfaHandlerChain.Configure(http, MfaClientState.OptionsOf(provider, name)))
                .ConfigurePrimaryHttpMessageHandler((handler, _) => MfaHandlerChain.RefuseRedirects(handler))
                .RedactLoggedHeaders(MfaHandlerChain.ShouldRedactHeader)
                .ConfigureAdditionalHttpMessageHandlers((handlers, provider) =>
                {
                    // The same ordered chain as MfaService.Create, from the one composition root; each name its own.
                    var state = provider.GetRequiredService<MfaClientStates>().Get(name);
                    var chain = MfaHandlerChain.Create(
                        MfaClientState.OptionsOf(provider, name),
                        () => state.Tokens,
                        provider.GetRequiredService<TimeProvider>(),
                        provider.GetService<ILoggerFactory>(),
                        () => MfaSendLimitBuilderExtensions.StoreOf(provider, name),
                        name,
                        state.Telemetry);
                    for (var i = 0; i < chain.Count; i++)
                    {
                        handlers.Insert(i, chain[i]);
                    }
                });

            if (name == null)
            {
                builder.AddTypedClient<IMfaClient>((http, provider) => CreateClient(http, provider, null));
                // Not disposable: a transient resolved from the root container is not kept alive by it.
                services.TryAddTransient<IMfaService>(provider => new MfaShortCalls(
                    provider.GetRequiredService<IMfaClient>(),
                    provider.GetRequiredService<IOptions<MfaOptions>>().Value,
                    null));
            }
            else
            {
                services.AddKeyedTransient<IMfaClient>(name, (provider, _) =>
                    CreateClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName), provider, name));
                services.AddKeyedTransient<IMfaService>(name, (provider, _) => new MfaShortCalls(
                    provider.GetRequiredKeyedService<IMfaClient>(name),
                    MfaClientState.OptionsOf(provider, name),
                    name));
            }

            return builder;
        }

        private static IMfaClient CreateClient(HttpClient http, IServiceProvider provider, string? name)
        {
            // The client's shared pipeline state (serializer, logger, clock, resolved URIs) is built once, not per resolve.
            return MfaHandlerChain.CreateClient(http, provider.GetRequiredService<MfaClientStates>().Get(name).Pipeline);
        }
    }
}
