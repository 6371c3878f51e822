using System;
using Bandwidth.Mfa.Testing;
using Bandwidth.Mfa.Testing.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Wires the MFA client registered by <c>AddBandwidthMfa</c> to an <see cref="MfaSandbox"/>.</summary>
    public static class MfaSandboxHttpClientBuilderExtensions
    {
        /// <summary>
        /// Sends every request of the MFA client, and of its OAuth2 token client
        /// (<see cref="MfaServiceCollectionExtensions.TokenHttpClientName"/>), to <paramref name="sandbox"/> instead of the
        /// network. Each handler the factory asks for is a new, non-owning one, so handler rotation never loses the
        /// sandbox's state. The sandbox is also registered as the container's <see cref="MfaSandbox"/> (and, for a named
        /// client, as a keyed service under its name), replacing one registered before: the last call wins, so a test
        /// that calls it after the application's own <c>UseSandbox()</c> gets the traffic and the container returns the
        /// test's sandbox. When the host starts, one Information line (category <c>Bandwidth.Mfa.Testing</c>, event 1120)
        /// says that the client runs on a sandbox.
        /// </summary>
        /// <example>
        /// <code>
        /// var sandbox = new MfaSandbox();
        /// services.AddBandwidthMfa(configuration.GetSection("Bandwidth:Mfa")).UseSandbox(sandbox);
        /// </code>
        /// </example>
        /// <param name="builder">The builder that <c>AddBandwidthMfa</c> returned.</param>
        /// <param name="sandbox">The sandbox.</param>
        /// <returns>The same builder.</returns>
        public static IHttpClientBuilder UseSandbox(this IHttpClientBuilder builder, MfaSandbox sandbox)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (sandbox == null)
            {
                throw new ArgumentNullException(nameof(sandbox));
            }

            // The last call wins: the sandbox that gets the traffic is the one the container returns.
            builder.Services.Replace(ServiceDescriptor.Singleton(sandbox));
            var name = ClientNameOf(builder);
            if (name != null)
            {
                builder.Services.RemoveAllKeyed<MfaSandbox>(name);
                builder.Services.AddKeyedSingleton(name, sandbox);
            }

            return Wire(builder, _ => sandbox);
        }

        /// <summary>
        /// Like <see cref="UseSandbox(IHttpClientBuilder, MfaSandbox)"/> with the <see cref="MfaSandbox"/> resolved from the
        /// container; when none is registered, one is created on the container's <see cref="TimeProvider"/>
        /// (so a fake clock registered there also drives code expiry). Resolve <see cref="MfaSandbox"/> to read its outbox.
        /// </summary>
        /// <param name="builder">The builder that <c>AddBandwidthMfa</c> returned.</param>
        /// <returns>The same builder.</returns>
        public static IHttpClientBuilder UseSandbox(this IHttpClientBuilder builder)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            builder.Services.TryAddSingleton(provider => new MfaSandbox(new MfaSandboxOptions { TimeProvider = provider.GetService<TimeProvider>() }));
            return Wire(builder, provider => provider.GetRequiredService<MfaSandbox>());
        }

        private static IHttpClientBuilder Wire(IHttpClientBuilder builder, Func<IServiceProvider, MfaSandbox> sandbox)
        {
            builder.ConfigurePrimaryHttpMessageHandler(provider => sandbox(provider).CreateHandler());
            if (!builder.Name.StartsWith(MfaServiceCollectionExtensions.TokenHttpClientName, StringComparison.Ordinal))
            {
                builder.Services.AddSingleton(new SandboxWiring(ClientNameOf(builder)));
                builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SandboxNotice>());
            }

            // The token client of the same registration: a named client's own (AddBandwidthMfa(name, ...)), else the unnamed one's.
            var namedPrefix = MfaServiceCollectionExtensions.HttpClientName + ":";
            var tokenClientName = builder.Name.StartsWith(namedPrefix, StringComparison.Ordinal)
                ? MfaServiceCollectionExtensions.TokenHttpClientNameFor(builder.Name.Substring(namedPrefix.Length))
                : MfaServiceCollectionExtensions.TokenHttpClientName;
            if (!builder.Name.StartsWith(MfaServiceCollectionExtensions.TokenHttpClientName, StringComparison.Ordinal))
            {
                builder.Services.AddHttpClient(tokenClientName)
                    .ConfigurePrimaryHttpMessageHandler(provider => sandbox(provider).CreateHandler());
            }

            return builder;
        }

        /// <summary>The registered name of the MFA client a builder belongs to; null for the unnamed one.</summary>
        private static string? ClientNameOf(IHttpClientBuilder builder)
        {
            var namedPrefix = MfaServiceCollectionExtensions.HttpClientName + ":";
            return builder.Name.StartsWith(namedPrefix, StringComparison.Ordinal) ? builder.Name.Substring(namedPrefix.Length) : null;
        }
    }
}
