using System;
using System.Collections.Generic;
using Bandwidth.Mfa.DependencyInjection;
using Bandwidth.Mfa.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the health check of an MFA client on <c>services.AddHealthChecks()</c>.</summary>
    public static class MfaHealthChecksBuilderExtensions
    {
        /// <summary>The name of the unnamed client's health check; a named client's is this, ':' and its name.</summary>
        public const string HealthCheckName = "bandwidth-mfa";

        /// <summary>How long after the last failure the check forgets the failures when no window is given: one minute.</summary>
        public static readonly TimeSpan DefaultFailureWindow = TimeSpan.FromMinutes(1);

        /// <summary>
        /// Adds the health check of the unnamed client (<c>AddBandwidthMfa(configuration)</c>). It never sends a request
        /// (every send is billed): it reports from the client's recent calls. Healthy; Degraded after one call that failed
        /// with a transport failure, a timeout or a 5xx; Unhealthy after <paramref name="unhealthyAfter"/> of them in a row,
        /// or when the last OAuth2 token request failed. A call that got any other answer resets it, and so does time:
        /// failures older than <paramref name="failureWindow"/> (measured on the client's <see cref="TimeProvider"/>) are
        /// forgotten, so an instance that a readiness check took out of traffic comes back without needing a call. With
        /// send limits, a store that failed on the last send makes it Unhealthy (<c>FailClosed</c>: sends are refused) or
        /// Degraded (<c>FailOpen</c>: sends go out without limits) until the store answers a send again, or the failure
        /// is older than <paramref name="failureWindow"/>.
        /// </summary>
        /// <param name="builder">The health checks builder.</param>
        /// <param name="unhealthyAfter">Consecutive failed calls that make the client unhealthy (at least 1).</param>
        /// <param name="tags">Tags of the check, to filter health endpoints.</param>
        /// <param name="failureWindow">How long after the last failure the check reports Healthy again; <see cref="DefaultFailureWindow"/> when null.</param>
        /// <returns>The same builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="unhealthyAfter"/> is less than 1, or <paramref name="failureWindow"/> is not positive.</exception>
        public static IHealthChecksBuilder AddBandwidthMfa(this IHealthChecksBuilder builder, int unhealthyAfter = 3, IEnumerable<string>? tags = null, TimeSpan? failureWindow = null)
        {
            return Add(builder, null, unhealthyAfter, tags, failureWindow);
        }

        /// <summary>
        /// Adds the health check of the client registered as <paramref name="clientName"/>, named
        /// <c>bandwidth-mfa:&lt;name&gt;</c>; see <see cref="AddBandwidthMfa(IHealthChecksBuilder, int, IEnumerable{string}, Nullable{TimeSpan})"/>.
        /// </summary>
        /// <param name="builder">The health checks builder.</param>
        /// <param name="clientName">The name given to <c>AddBandwidthMfa(name, ...)</c>.</param>
        /// <param name="unhealthyAfter">Consecutive failed calls that make the client unhealthy (at least 1).</param>
        /// <param name="tags">Tags of the check, to filter health endpoints.</param>
        /// <param name="failureWindow">How long after the last failure the check reports Healthy again; <see cref="DefaultFailureWindow"/> when null.</param>
        /// <returns>The same builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="clientName"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="clientName"/> is empty or blank.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="unhealthyAfter"/> is less than 1, or <paramref name="failureWindow"/> is not positive.</exception>
        public static IHealthChecksBuilder AddBandwidthMfa(this IHealthChecksBuilder builder, string clientName, int unhealthyAfter = 3, IEnumerable<string>? tags = null, TimeSpan? failureWindow = null)
        {
            if (clientName == null)
            {
                throw new ArgumentNullException(nameof(clientName));
            }

            if (clientName.Trim().Length == 0)
            {
                throw new ArgumentException("The MFA client name must not be empty or blank.", nameof(clientName));
            }

            return Add(builder, clientName, unhealthyAfter, tags, failureWindow);
        }

        private static IHealthChecksBuilder Add(IHealthChecksBuilder builder, string? clientName, int unhealthyAfter, IEnumerable<string>? tags, TimeSpan? failureWindow)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            if (unhealthyAfter < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(unhealthyAfter), unhealthyAfter, "'unhealthyAfter' must be at least 1.");
            }

            var window = failureWindow ?? DefaultFailureWindow;
            if (window <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(failureWindow), failureWindow, "'failureWindow' must be positive.");
            }

            var name = clientName == null ? HealthCheckName : HealthCheckName + ":" + clientName;
            return builder.Add(new HealthCheckRegistration(
                name,
                provider =>
                {
                    if (clientName != null && !MfaServiceCollectionExtensions.IsRegistered(provider, clientName))
                    {
                        throw new InvalidOperationException("The health check '" + name + "' needs an MFA client registered as '" + clientName + "': call services.AddBandwidthMfa(\"" + clientName + "\", ...).");
                    }

                    var health = provider.GetRequiredService<MfaClientStates>().Get(clientName).Health;
                    health.ForgetAfter = window;
                    return new MfaHealthCheck(health, unhealthyAfter);
                },
                failureStatus: null,
                tags: tags));
        }
    }
}
