using System;
using Bandwidth.Mfa;
using Bandwidth.Mfa.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Keeps the send limits of one MFA client in Redis, shared by every instance of the service.</summary>
    public static class MfaRedisBuilderExtensions
    {
        /// <summary>
        /// Keeps the send limits (<c>MfaOptions.SendLimits</c>, which must be set for any limit to apply) of this client,
        /// and of this client only, in Redis over a connection the application owns. Call it on the builder
        /// <c>AddBandwidthMfa</c> returned, once per client that should use Redis; each has its own settings (key prefix,
        /// hash key, database). Other clients keep their own store.
        /// </summary>
        /// <param name="builder">The builder <c>AddBandwidthMfa</c> returned (unnamed or named).</param>
        /// <param name="redis">The connection (not disposed by the client).</param>
        /// <param name="configure">Sets this client's <see cref="MfaRedisSendLimitOptions"/>; <c>HashKey</c> is required.</param>
        /// <returns>The builder.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="builder"/> is not the builder of an MFA client.</exception>
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

            var clientName = MfaServiceCollectionExtensions.ClientNameOf(builder);
            var optionsName = OptionsNameOf(clientName);
            builder.Services.AddOptions<MfaRedisSendLimitOptions>(optionsName).Configure(configure).ValidateOnStart();
            builder.Services.AddSingleton<IValidateOptions<MfaRedisSendLimitOptions>>(new MfaRedisSendLimitOptionsValidator(optionsName, clientName, needsConfiguration: false));
            return builder.UseSendLimitStore(provider =>
                new MfaRedisSendLimitStore(MfaRedisConnection.Given(redis), provider.GetRequiredService<IOptionsMonitor<MfaRedisSendLimitOptions>>().Get(optionsName)));
        }

        /// <summary>
        /// Keeps the send limits of this client, and of this client only, in Redis, with its
        /// <see cref="MfaRedisSendLimitOptions"/> bound from <paramref name="configuration"/> (a section of its own, for
        /// example <c>Bandwidth:MfaRedis</c>, or <c>Bandwidth:MfaRedis:BrandA</c> for a named client: <c>Configuration</c>,
        /// the StackExchange.Redis connection string, and <c>HashKey</c>, both required). The client gets its own
        /// connection, opened in the background when the client is first resolved (a send never waits for it longer than
        /// <c>SendLimits:StoreTimeout</c>), retried until Redis answers, and disposed with the container. A key the
        /// section holds that is not a setting stops start-up.
        /// </summary>
        /// <param name="builder">The builder <c>AddBandwidthMfa</c> returned (unnamed or named).</param>
        /// <param name="configuration">The configuration section of this client's Redis settings.</param>
        /// <returns>The builder.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="builder"/> is not the builder of an MFA client.</exception>
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

            var clientName = MfaServiceCollectionExtensions.ClientNameOf(builder);
            var optionsName = OptionsNameOf(clientName);
            builder.Services.AddOptions<MfaRedisSendLimitOptions>(optionsName).Configure(options => Bind(configuration, options, clientName)).ValidateOnStart();
            // Its keys are MfaRedisSendLimitOptions', not unknown settings of the MFA client whose section may hold it.
            MfaServiceCollectionExtensions.ClaimSection(builder.Services, configuration, typeof(MfaRedisSendLimitOptions));
            builder.Services.AddSingleton<IValidateOptions<MfaRedisSendLimitOptions>>(new MfaRedisSendLimitOptionsValidator(optionsName, clientName, needsConfiguration: true));
            return builder.UseSendLimitStore(provider =>
            {
                var options = provider.GetRequiredService<IOptionsMonitor<MfaRedisSendLimitOptions>>().Get(optionsName);
                return new OwnedRedisStore(MfaRedisConnection.Open(options.Configuration!), options);
            });
        }

        /// <summary>The name of a client's <see cref="MfaRedisSendLimitOptions"/>: the client's name, or the default name for the unnamed client.</summary>
        internal static string OptionsNameOf(string? clientName) => clientName ?? Options.Options.DefaultName;

        private static void Bind(IConfiguration configuration, MfaRedisSendLimitOptions options, string? clientName)
        {
            try
            {
                configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException exception)
            {
                // The binder names the keys it does not know (never a value).
                throw new OptionsValidationException(OptionsNameOf(clientName), typeof(MfaRedisSendLimitOptions), new[]
                {
                    MfaRedisSendLimitOptionsValidator.Prefix(clientName) + "the MFA Redis send-limit section holds a key that is not a setting (" + exception.Message + ").",
                });
            }
        }

        /// <summary>A store over a connection it opened (<see cref="Store"/> does the work); the container disposes the connection with it.</summary>
        private sealed class OwnedRedisStore : IMfaSendLimitStore, IDisposable
        {
            private readonly MfaRedisConnection _connection;

            internal OwnedRedisStore(MfaRedisConnection connection, MfaRedisSendLimitOptions options)
            {
                _connection = connection;
                Store = new MfaRedisSendLimitStore(connection, options);
            }

            internal MfaRedisSendLimitStore Store { get; }

            public System.Threading.Tasks.Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, System.Threading.CancellationToken cancellationToken) => Store.TryAcquireAsync(request, cancellationToken);

            public System.Threading.Tasks.Task ReleaseAsync(MfaSendLimitRequest request, System.Threading.CancellationToken cancellationToken) => Store.ReleaseAsync(request, cancellationToken);

            public void Dispose() => _connection.Dispose();
        }
    }
}
