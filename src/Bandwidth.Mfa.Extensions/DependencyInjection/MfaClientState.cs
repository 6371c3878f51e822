using System;
using System.Collections.Concurrent;
using System.Net.Http;
using Bandwidth.Mfa.Authentication;
using Bandwidth.Mfa.Composition;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Health;
using Bandwidth.Mfa.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.DependencyInjection
{
    /// <summary>
    /// What one registered client owns in a container, by name: its telemetry (the <c>mfa.client.name</c> tag and the
    /// health tracker) and its OAuth2 token cache. One per name and container, created on first use; the container
    /// disposes them with itself. Nothing here is static.
    /// </summary>
    internal sealed class MfaClientStates : IDisposable
    {
        private readonly IServiceProvider _provider;
        private readonly ConcurrentDictionary<string, Lazy<MfaClientState>> _states = new ConcurrentDictionary<string, Lazy<MfaClientState>>(StringComparer.Ordinal);

        public MfaClientStates(IServiceProvider provider)
        {
            _provider = provider;
        }

        /// <summary>The state of the client registered as <paramref name="name"/> (null: the unnamed registration).</summary>
        internal MfaClientState Get(string? name)
        {
            return _states.GetOrAdd(name ?? string.Empty, key => new Lazy<MfaClientState>(() => new MfaClientState(_provider, name))).Value;
        }

        public void Dispose()
        {
            foreach (var state in _states.Values)
            {
                if (state.IsValueCreated)
                {
                    state.Value.Dispose();
                }
            }
        }
    }

    /// <summary>One registered client's state; see <see cref="MfaClientStates"/>.</summary>
    internal sealed class MfaClientState : IDisposable
    {
        private readonly IServiceProvider _provider;
        private readonly Lazy<ClientCredentialsTokenProvider> _tokens;

        internal MfaClientState(IServiceProvider provider, string? name)
        {
            _provider = provider;
            Name = name;
            Time = provider.GetRequiredService<TimeProvider>();
            Health = new MfaHealthTracker(Time);
            Telemetry = new MfaClientTelemetry(name ?? MfaTelemetry.DefaultClientName, provider.GetRequiredService<MfaInstruments>(), Health);
            _tokens = new Lazy<ClientCredentialsTokenProvider>(CreateTokens);
            // Built once for the client, not on every resolve: the serializer, the logger, the clock, the resolved URIs.
            Pipeline = new MfaPipelineShared(MfaHandlerChain.CreateLogger(provider.GetService<ILoggerFactory>()), Time, Telemetry);
        }

        /// <summary>The container's clock, read once for the client.</summary>
        internal TimeProvider Time { get; }

        /// <summary>What every pipeline of this client shares (see <see cref="MfaPipelineShared"/>).</summary>
        internal MfaPipelineShared Pipeline { get; }

        /// <summary>The registered name, or null for the unnamed registration.</summary>
        internal string? Name { get; }

        internal MfaClientTelemetry Telemetry { get; }

        /// <summary>What the client's health check reports from.</summary>
        internal MfaHealthTracker Health { get; }

        /// <summary>The client's own OAuth2 token provider and cache (created on first use).</summary>
        internal ClientCredentialsTokenProvider Tokens => _tokens.Value;

        /// <summary>The client's options: <c>IOptions</c> for the unnamed registration (as before names), by name otherwise.</summary>
        internal static MfaOptions OptionsOf(IServiceProvider provider, string? name)
        {
            return name == null
                ? provider.GetRequiredService<IOptions<MfaOptions>>().Value
                : provider.GetRequiredService<IOptionsMonitor<MfaOptions>>().Get(name);
        }

        public void Dispose()
        {
            if (_tokens.IsValueCreated)
            {
                _tokens.Value.Dispose();
            }
        }

        private ClientCredentialsTokenProvider CreateTokens()
        {
            var options = OptionsOf(_provider, Name);
            var factory = _provider.GetRequiredService<IHttpClientFactory>();
            var tokenClientName = Name == null ? MfaServiceCollectionExtensions.TokenHttpClientName : MfaServiceCollectionExtensions.TokenHttpClientNameFor(Name);
            return new ClientCredentialsTokenProvider(
                () => factory.CreateClient(tokenClientName),
                options.TokenUrl,
                options.ClientId ?? string.Empty,
                options.ClientSecret ?? string.Empty,
                Time)
            {
                Telemetry = Telemetry,
            };
        }
    }
}
