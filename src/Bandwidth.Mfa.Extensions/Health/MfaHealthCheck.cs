using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bandwidth.Mfa.Health
{
    /// <summary>Reports a client's health from its tracker, without sending anything.</summary>
    internal sealed class MfaHealthCheck : IHealthCheck
    {
        private readonly MfaHealthTracker _health;
        private readonly int _unhealthyAfter;

        internal MfaHealthCheck(MfaHealthTracker health, int unhealthyAfter)
        {
            _health = health;
            _unhealthyAfter = unhealthyAfter;
        }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var failures = _health.ConsecutiveFailures;
            var last = _health.LastFailure;
            var data = new Dictionary<string, object>
            {
                ["consecutive_failures"] = failures,
                ["last_token_request_failed"] = _health.LastTokenRequestFailed,
            };
            if (failures > 0 && last != null)
            {
                data["last_failure"] = last;
            }

            var store = _health.SendLimitStoreFailure;
            if (store != null)
            {
                data["send_limit_store_failures"] = _health.SendLimitStoreFailures;
            }

            // With FailOpen, sends go out without limits: Degraded, unless the calls say worse.
            var storeOpen = store != null && !_health.SendLimitStoreFailsClosed
                ? "The send-limit store failed on the last send (" + store + "); sends go out without limits until it answers (StoreFailure is FailOpen)."
                : null;
            HealthCheckResult result;
            if (store != null && _health.SendLimitStoreFailsClosed)
            {
                // Every send is refused until the store answers: the client cannot send codes.
                result = new HealthCheckResult(context.Registration.FailureStatus, "The send-limit store failed on the last send (" + store + "); sends are refused until it answers (StoreFailure is FailClosed).", data: data);
            }
            else if (failures + (_health.LastTokenRequestFailed ? 1 : 0) > 0 && _health.FailuresForgotten)
            {
                // Time decay: nothing failed for a while; an instance out of traffic gets calls again.
                data["forgotten_after_seconds"] = _health.ForgetAfter.TotalSeconds;
                result = storeOpen != null
                    ? HealthCheckResult.Degraded(storeOpen, data: data)
                    : HealthCheckResult.Healthy("No call failed in the last " + _health.ForgetAfter + "; earlier failures are forgotten.", data);
            }
            else if (_health.LastTokenRequestFailed)
            {
                result = new HealthCheckResult(context.Registration.FailureStatus, "The last OAuth2 token request failed.", data: data);
            }
            else if (failures >= _unhealthyAfter)
            {
                result = new HealthCheckResult(context.Registration.FailureStatus, failures + " calls in a row failed (last: " + last + ").", data: data);
            }
            else if (failures > 0)
            {
                result = HealthCheckResult.Degraded(failures + " call(s) in a row failed (last: " + last + ").", data: data);
            }
            else if (storeOpen != null)
            {
                result = HealthCheckResult.Degraded(storeOpen, data: data);
            }
            else
            {
                result = HealthCheckResult.Healthy("No recent call failed.", data);
            }

            return Task.FromResult(result);
        }
    }
}
