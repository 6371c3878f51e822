using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bandwidth.Mfa.SendLimits
{
    /// <summary>
    /// The send guard: the outermost handler of the chain (before authentication), so a refused send fetches no token and
    /// sends nothing. It acts on the two send operations only (read from <see cref="MfaCall"/>): checks the destination's
    /// calling code, then asks the store to take one send under the cooldown, the per-number window and the account
    /// budget, within <see cref="MfaSendLimitOptions.StoreTimeout"/>. A refusal is an <see cref="MfaSendRefusedException"/>,
    /// which the pipeline logs once as <c>CallFailed</c>.
    /// </summary>
    internal sealed class MfaSendGuardHandler : DelegatingHandler
    {
        private static readonly Action<ILogger, string, string, Exception?> StoreUnavailableLine =
            LoggerMessage.Define<string, string>(LogLevel.Warning, MfaLogEvents.SendLimitStoreUnavailable,
                "MFA {Operation}: the send-limit store did not answer ({Failure}); StoreFailure is FailOpen, so the send goes ahead without limits");

        private readonly MfaSendLimitOptions _limits;
        private readonly IMfaSendLimitStore _store;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;

        internal MfaSendGuardHandler(MfaSendLimitOptions limits, IMfaSendLimitStore store, TimeProvider time, ILogger? logger)
        {
            _limits = limits;
            _store = store;
            _time = time;
            _logger = logger ?? NullLogger.Instance;
        }

        /// <summary>Whether <paramref name="operationId"/> sends a code (and so is limited).</summary>
        internal static bool IsSend(string operationId) =>
            string.Equals(operationId, "generateMessagingCode", StringComparison.Ordinal) || string.Equals(operationId, "generateVoiceCode", StringComparison.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = MfaCall.Of(request);
            if (call != null && IsSend(call.OperationId))
            {
                await CheckAsync(call, cancellationToken).ConfigureAwait(false);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private async Task CheckAsync(MfaCall call, CancellationToken cancellationToken)
        {
            var destination = (call.Body as CodeRequest)?.To ?? string.Empty;
            if (!MfaCallingCodes.IsAllowed(destination, _limits.AllowedCallingCodes, _limits.DeniedCallingCodes))
            {
                throw new MfaSendRefusedException(call, MfaSendLimitRule.DestinationNotAllowed, destination, null, null);
            }

            var now = _time.GetUtcNow();
            // Whole milliseconds: what the Redis store keeps, so both stores decide alike at the bounds.
            now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            var request = new MfaSendLimitRequest(destination, call.PathValue("accountId") ?? string.Empty, now, _limits.ResendCooldown,
                _limits.MaxSendsPerNumber, _limits.NumberWindow, _limits.MaxSendsPerAccount, _limits.AccountWindow);

            MfaSendLimitDecision decision;
            Exception? failure = null;
            using (var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task<MfaSendLimitDecision>? acquire = null;
                try
                {
                    // The deadline is armed before the store is asked, so it counts from the moment the store is called.
                    var timeout = Delay(_limits.StoreTimeout, giveUp.Token);
                    acquire = _store.TryAcquireAsync(request, giveUp.Token);
                    var first = await Task.WhenAny(acquire, timeout).ConfigureAwait(false);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (first != acquire)
                    {
                        failure = new TimeoutException("no answer within " + _limits.StoreTimeout.TotalMilliseconds + " ms");
                        decision = MfaSendLimitDecision.Allowed;
                    }
                    else
                    {
                        decision = await acquire.ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception)
                {
                    failure = exception;
                    decision = MfaSendLimitDecision.Allowed;
                }
                finally
                {
                    giveUp.Cancel();
                }

                if (failure != null && acquire != null && !acquire.IsCompleted)
                {
                    // Observed later so that a late failure of the store is never an unobserved task exception.
                    _ = acquire.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }

            if (failure != null)
            {
                var what = failure is TimeoutException ? failure.Message : failure.GetType().Name;
                if (_limits.StoreFailure == MfaSendLimitStoreFailure.FailOpen)
                {
                    StoreUnavailableLine(_logger, call.OperationId, what, null);
                    return;
                }

                throw new MfaSendRefusedException(call, MfaSendLimitRule.StoreUnavailable, destination, null, failure is TimeoutException ? null : failure);
            }

            if (!decision.IsAllowed)
            {
                throw new MfaSendRefusedException(call, decision.Rule ?? MfaSendLimitRule.StoreUnavailable, destination, decision.RetryAt, null);
            }
        }

        private Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
#if NET8_0_OR_GREATER
            return Task.Delay(delay, _time, cancellationToken);
#else
            return _time.Delay(delay, cancellationToken);
#endif
        }
    }
}
