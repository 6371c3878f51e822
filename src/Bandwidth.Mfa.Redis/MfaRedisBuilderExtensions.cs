using System;
using Bandwidth.Mfa;
using Bandwidth.Mfa.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Keeps the send limits of the MFA client in Redis, shared by every instance of the service.</summary>
    public static class MfaRedisBuilderExtensions
    {
        /// <summary>
        /// Keeps the send limits (<c>MfaOptions.SendLimits</c>, which must be set for any limit to apply) in Redis over a
        /// connection the application owns. Call after <c>AddBandwidthMfa</c>.
        /// </summary>
        /// <param name="builder">The builder <c>AddBandwidthMfa</c> returned.</param>
        /// <param name="redis">The connection (not disposed by the client).</param>
        /// <param name="configure">Sets the <see cref="MfaRedisSendLimitOptions"/>; <c>HashKey</c> is required.</param>
        /// <returns>The builder.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static IHttpClientBuilder UseRedisSendLimits(this IHttpClientBuilder builder, IConnectionMultiplexer redis, Action<MfaRedisSendLimitOptions> configure)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (redis == null)
            {
                throw new ArgumentNullException(nameof(redis));
            }

            if (configure == null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            builder.Services.Configure(configure);
            Register(builder.Services, _ => redis, needsConfiguration: false);
            return builder;
        }

        /// <summary>
        /// Keeps the send limits in Redis, with <see cref="MfaRedisSendLimitOptions"/> bound from
        /// <paramref name="configuration"/> (for example <c>Bandwidth:Mfa:Redis</c>: <c>Configuration</c>, the
        /// StackExchange.Redis connection string, and <c>HashKey</c>, both required). The connection is opened once, on
        /// first use, and disposed with the container. Call after <c>AddBandwidthMfa</c>.
        /// </summary>
        /// <param name="builder">The builder <c>AddBandwidthMfa</c> returned.</param>
        /// <param name="configuration">The configuration section of the Redis settings.</param>
        /// <returns>The builder.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static IHttpClientBuilder UseRedisSendLimits(this IHttpClientBuilder builder, IConfiguration configuration)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (configuration == null)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            builder.Services.Configure<MfaRedisSendLimitOptions>(configuration);
            // Its keys are MfaRedisSendLimitOptions', not unknown settings of the MFA client whose section may hold it.
            MfaServiceCollectionExtensions.ClaimSection(builder.Services, configuration, typeof(MfaRedisSendLimitOptions));
            builder.Services.TryAddSingleton(provider => new OwnedConnection(provider.GetRequiredService<IOptions<MfaRedisSendLimitOptions>>().Value));
            Register(builder.Services, provider => provider.GetRequiredService<OwnedConnection>().Connection, needsConfiguration: true);
            return builder;
        }

        private static void Register(IServiceCollection services, Func<IServiceProvider, IConnectionMultiplexer> redis, bool needsConfiguration)
        {
            services.AddOptions<MfaRedisSendLimitOptions>().ValidateOnStart();
            services.AddSingleton<IValidateOptions<MfaRedisSendLimitOptions>>(new MfaRedisSendLimitOptionsValidator(needsConfiguration));
            services.Replace(ServiceDescriptor.Singleton<IMfaSendLimitStore>(provider =>
                new MfaRedisSendLimitStore(redis(provider), provider.GetRequiredService<IOptions<MfaRedisSendLimitOptions>>().Value)));
        }

        /// <summary>A connection opened from configuration, owned (and disposed) by the container.</summary>
        private sealed class OwnedConnection : IDisposable
        {
            private readonly Lazy<ConnectionMultiplexer> _connection;

            internal OwnedConnection(MfaRedisSendLimitOptions options)
            {
                _connection = new Lazy<ConnectionMultiplexer>(() =>
                {
                    var settings = ConfigurationOptions.Parse(options.Configuration ?? string.Empty);
                    // A store that is down must not stop the service from starting; the store-failure policy decides sends.
                    settings.AbortOnConnectFail = false;
                    return ConnectionMultiplexer.Connect(settings);
                });
            }

            internal IConnectionMultiplexer Connection => _connection.Value;

            public void Dispose()
            {
                if (_connection.IsValueCreated)
                {
                    _connection.Value.Dispose();
                }
            }
        }
    }
}
