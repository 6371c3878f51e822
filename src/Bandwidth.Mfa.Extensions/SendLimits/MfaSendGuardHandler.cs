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
    /// prefix, then asks the store to take one send of this client under the cooldown, the per-number window and the
    /// account budget, waiting at most <see cref="MfaSendLimitOptions.StoreTimeout"/>. A refusal is an
    /// <see cref="MfaSendRefusedException"/>, which the pipeline logs once as <c>CallFailed</c>.
    /// </summary>
    /// <remarks>
    /// Refused means not counted: whenever the guard took a send from the store and the send does not go out (it gave up
    /// waiting for the store, the caller cancelled, the store failed with <c>FailClosed</c>) or goes out but cannot have
    /// reached the service (no connection, a token failure, an error answer the service does not bill), it hands the send
    /// back with <see cref="IMfaSendLimitStore.ReleaseAsync"/>, in the background: nobody waits for it. The send's unique
    /// id makes that exact even when the store's answer comes after the release. A store failure is logged as event 1105
    /// with its cause and reported to the client's health tracker.
    /// </remarks>
    internal sealed class MfaSendGuardHandler : DelegatingHandler
    {
        private static readonly char[] LineBreaks = { '\r', '\n' };

        private static readonly Action<ILogger, string, string, string, Exception?> StoreFailedLine =
            LoggerMessage.Define<string, string, string>(LogLevel.Error, MfaLogEvents.SendLimitStoreUnavailable,
                "MFA {Operation}: the send-limit store failed ({Cause}); {Outcome}");

        private static readonly Action<ILogger, string, Exception?> ReleaseFailedLine =
            LoggerMessage.Define<string>(LogLevel.Error, MfaLogEvents.SendLimitStoreUnavailable,
                "MFA send limits: the store could not take back a send that was not made ({Cause}); it may count against the limits until its window ends");

        private readonly MfaSendLimitOptions _limits;
        private readonly MfaDestinationPrefixes _prefixes;
        private readonly IMfaSendLimitStore _store;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly string? _clientName;
        private readonly MfaClientTelemetry? _telemetry;
        private readonly CancellationTokenSource _disposed = new CancellationTokenSource();

        internal MfaSendGuardHandler(MfaSendLimitOptions limits, IMfaSendLimitStore store, TimeProvider time, ILogger? logger, string? clientName = null, MfaClientTelemetry? telemetry = null)
        {
            _limits = limits;
            _prefixes = MfaDestinationPrefixes.From(limits);
            _store = store;
            _time = time;
            _logger = logger ?? NullLogger.Instance;
            _clientName = clientName;
            _telemetry = telemetry;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = MfaCall.Of(request);
            // Only the sends are limited (the spec's x-mfa-kind: send).
            if (call == null || call.Operation.Kind != MfaOperationKind.Send)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var taken = await CheckAsync(call, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (taken != null && !call.MayHaveReachedServer(exception))
            {
                // Nothing reached the service (no connection, no token, cancelled before sending): not a send, not counted.
                Release(taken);
                throw;
            }

            if (taken != null && !call.MayHaveReachedServerAnswered((int)response.StatusCode))
            {
                // The service answered with an error it does not bill: nothing was sent to the phone.
                Release(taken);
            }

            return response;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Releases still running are told to stop (a store keeps what it could not apply).
                _disposed.Cancel();
                _disposed.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <summary>
        /// Checks the send; returns the store request when the store recorded it or may record it (so that it can be
        /// taken back if the send does not happen), null when no record can exist. Throws the refusal.
        /// </summary>
        private async Task<MfaSendLimitRequest?> CheckAsync(MfaCall call, CancellationToken cancellationToken)
        {
            var destination = (call.Body as CodeRequest)?.To ?? string.Empty;
            if (!_prefixes.IsAllowed(destination))
            {
                throw new MfaSendRefusedException(call, MfaSendLimitRule.DestinationNotAllowed, destination, null, null);
            }

            var now = _time.GetUtcNow();
            // Whole milliseconds: what the Redis store keeps, so both stores decide alike at the bounds.
            now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            var request = new MfaSendLimitRequest(_clientName, MfaSendLimitRequest.NewSendId(), destination, call.PathValue("accountId") ?? string.Empty, now,
                _limits.ResendCooldown, _limits.MaxSendsPerNumber, _limits.NumberWindow, _limits.MaxSendsPerAccount, _limits.AccountWindow);

            MfaSendLimitDecision? decision = null;
            Exception? failure = null;
            string? cause = null;
            using (var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task<MfaSendLimitDecision>? acquire = null;
                try
                {
                    // The deadline is armed before the store is asked, so it counts from the moment the store is called.
                    var timeout = Delay(_limits.StoreTimeout, giveUp.Token);
                    acquire = _store.TryAcquireAsync(request, giveUp.Token);
                    var first = await Task.WhenAny(acquire, timeout).ConfigureAwait(false);
                    // The caller gave up: whatever the store answers (now or later), the send is not made (released below).
                    cancellationToken.ThrowIfCancellationRequested();

                    if (first != acquire)
                    {
                        failure = new TimeoutException("no answer within " + _limits.StoreTimeout.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms");
                        cause = failure.Message;
                    }
                    else
                    {
                        decision = await acquire.ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    if (acquire != null)
                    {
                        Release(request);
                    }

                    throw;
                }
                catch (Exception exception)
                {
                    failure = exception;
                    cause = CauseOf(exception);
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

            var failClosed = _limits.StoreFailure != MfaSendLimitStoreFailure.FailOpen;
            _telemetry?.Health?.RecordSendLimitStore(failure == null ? null : cause, failClosed);
            if (failure != null)
            {
                if (_logger.IsEnabled(LogLevel.Error))
                {
                    StoreFailedLine(_logger, call.OperationId, cause!, failClosed
                        ? "StoreFailure is FailClosed, so the send was refused and is not counted"
                        : "StoreFailure is FailOpen, so the send goes ahead without limits", null);
                }

                if (!failClosed)
                {
                    // The send goes out: a record the store makes late is a true count of it.
                    return request;
                }

                // The store may still record the send it did not answer for in time: take it back.
                Release(request);
                throw new MfaSendRefusedException(call, MfaSendLimitRule.StoreUnavailable, destination, null, failure is TimeoutException ? null : failure);
            }

            if (!decision!.IsAllowed)
            {
                throw new MfaSendRefusedException(call, decision.Rule ?? MfaSendLimitRule.StoreUnavailable, destination, decision.RetryAt, null);
            }

            return request;
        }

        /// <summary>Hands a send back to the store, in the background; a failure is logged, never thrown.</summary>
        private void Release(MfaSendLimitRequest request)
        {
            CancellationToken token;
            try
            {
                token = _disposed.Token;
            }
            catch (ObjectDisposedException)
            {
                token = new CancellationToken(true);
            }

            _ = ReleaseAsync(request, token);
        }

        private async Task ReleaseAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            try
            {
                await _store.ReleaseAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                if (_logger.IsEnabled(LogLevel.Error))
                {
                    ReleaseFailedLine(_logger, CauseOf(exception), null);
                }
            }
        }

        /// <summary>
        /// The cause of a store failure as logged and reported: a store's own <see cref="MfaSendLimitStoreException"/>
        /// message, else the exception's type and the first line of its message with every digit masked; one line, at
        /// most 200 characters, never a phone number.
        /// </summary>
        internal static string CauseOf(Exception exception)
        {
            var text = exception is MfaSendLimitStoreException
                ? exception.Message
                : exception.GetType().Name + ": " + MaskDigits(exception.Message);
            var line = text.IndexOfAny(LineBreaks);
            if (line >= 0)
            {
                text = text.Substring(0, line);
            }

            return text.Length > 200 ? text.Substring(0, 200) : text;
        }

        private static string MaskDigits(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var chars = text!.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] >= '0' && chars[i] <= '9')
                {
                    chars[i] = '#';
                }
            }

            return new string(chars);
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
