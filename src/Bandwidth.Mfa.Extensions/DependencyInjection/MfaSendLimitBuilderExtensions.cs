using System;
using Bandwidth.Mfa;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Gives one MFA client its own send-limit store.</summary>
    public static class MfaSendLimitBuilderExtensions
    {
        /// <summary>
        /// Keeps the send limits (<c>MfaOptions.SendLimits</c>) of this client, and of this client only, in the store that
        /// <paramref name="createStore"/> creates (once per container, on first use; disposed with the container when it
        /// is <see cref="IDisposable"/>). Clients without a store of their own use the container's
        /// <see cref="IMfaSendLimitStore"/> (in memory by default). <c>MfaSendLimitOptions.Store</c>, set in code, wins
        /// over both. Calling it again for the same client replaces its store.
        /// </summary>
        /// <param name="builder">The builder <c>AddBandwidthMfa</c> returned (unnamed or named).</param>
        /// <param name="createStore">Creates the store.</param>
        /// <returns>The builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="createStore"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="builder"/> is not the builder of an MFA client.</exception>
        public static IHttpClientBuilder UseSendLimitStore(this IHttpClientBuilder builder, Func<IServiceProvider, IMfaSendLimitStore> createStore)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (createStore == null)
            {
                throw new ArgumentNullException(nameof(createStore));
            }

            var name = MfaServiceCollectionExtensions.ClientNameOf(builder);
            builder.Services.AddKeyedSingleton<IMfaSendLimitStore>(new StoreKey(name), (provider, _) => createStore(provider));
            return builder;
        }

        /// <summary>The store of the client registered as <paramref name="name"/>: its own, else the container's.</summary>
        internal static IMfaSendLimitStore StoreOf(IServiceProvider provider, string? name)
        {
            return provider.GetKeyedService<IMfaSendLimitStore>(new StoreKey(name)) ?? provider.GetRequiredService<IMfaSendLimitStore>();
        }

        /// <summary>The service key of one client's store (null: the unnamed client, never equal to a name).</summary>
        private sealed class StoreKey : IEquatable<StoreKey>
        {
            private readonly string? _name;

            internal StoreKey(string? name)
            {
                _name = name;
            }

            public bool Equals(StoreKey? other) => other != null && string.Equals(_name, other._name, StringComparison.Ordinal);

            public override bool Equals(object? obj) => Equals(obj as StoreKey);

            public override int GetHashCode() => _name == null ? 17 : StringComparer.Ordinal.GetHashCode(_name) * 31;

            public override string ToString() => "Bandwidth.Mfa send-limit store of " + (_name == null ? "the unnamed client" : "'" + _name + "'");
        }
    }
}
