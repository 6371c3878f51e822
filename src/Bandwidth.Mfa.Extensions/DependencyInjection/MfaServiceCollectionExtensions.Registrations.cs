using System;
using Bandwidth.Mfa.Configuration;
using Bandwidth.Mfa;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection
{
    // What the registrations leave in the container, and how other packages read it: the client behind a builder, the
    // registered names, the sections claimed by other option types.
    public static partial class MfaServiceCollectionExtensions
    {
        /// <summary>
        /// The registered name of the MFA client whose builder <paramref name="builder"/> is (what <c>AddBandwidthMfa</c>
        /// returned), for packages that configure one client (<c>UseRedisSendLimits</c>): null for the unnamed client.
        /// </summary>
        /// <param name="builder">A builder <c>AddBandwidthMfa</c> returned.</param>
        /// <returns>The client's name, or null for the unnamed client.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="builder"/> is not the builder of an MFA client registered with <c>AddBandwidthMfa</c>.</exception>
        public static string? ClientNameOf(IHttpClientBuilder builder)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            foreach (var descriptor in builder.Services)
            {
                if (descriptor.ServiceType == typeof(MfaRegistration) && descriptor.ImplementationInstance is MfaRegistration registration
                    && string.Equals(registration.Name == null ? HttpClientName : HttpClientNameFor(registration.Name), builder.Name, StringComparison.Ordinal))
                {
                    return registration.Name;
                }
            }

            throw new ArgumentException("The HTTP client '" + builder.Name + "' is not an MFA client: call this on the builder that AddBandwidthMfa returns.", nameof(builder));
        }

        /// <summary>The names registered with <c>AddBandwidthMfa(name, ...)</c>, for <see cref="IMfaClientFactory"/>.</summary>
        internal static bool IsRegistered(IServiceProvider provider, string name)
        {
            foreach (var registration in provider.GetServices<MfaRegistration>())
            {
                if (string.Equals(registration.Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Tells the start-up check of unknown MFA settings that <paramref name="configuration"/> (a section inside an MFA
        /// client's section, such as <c>Bandwidth:Mfa:Redis</c>) is bound to <paramref name="optionsType"/>: its keys are
        /// checked against that type instead.
        /// </summary>
        internal static void ClaimSection(IServiceCollection services, IConfiguration configuration, Type optionsType)
        {
            services.AddSingleton(new MfaClaimedSection(configuration, optionsType));
        }

        /// <summary>Marks that a client is registered under a name, so a second <c>AddBandwidthMfa</c> for it adds options only.</summary>
        internal sealed class MfaRegistration
        {
            internal MfaRegistration(string? name)
            {
                Name = name;
            }

            /// <summary>The registered name; null for the unnamed registration.</summary>
            internal string? Name { get; }
        }
    }
}
