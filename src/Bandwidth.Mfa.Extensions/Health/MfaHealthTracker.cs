using System;
using System.Threading;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Health
{
    /// <summary>
    /// Recent outcomes of one client, for its health check (which never sends a request): the number of consecutive
    /// calls that failed in a way that says the service or the network is in trouble (a transport failure, a timeout,
    /// a 5xx answer), reset by any call that got an answer the server meant (a success or a 4xx), and whether the last
    /// OAuth2 token request failed. Thread-safe without locks.
    /// </summary>
    internal sealed class MfaHealthTracker : IMfaHealthRecorder
    {
        private readonly TimeProvider _time;
        private int _consecutiveFailures;
        private int _lastFailureKind;
        private int _lastTokenRequestFailed;
        private long _lastFailureAt;
        private long _forgetAfterTicks = DefaultForgetAfter.Ticks;

        /// <summary>How long after the last failure the failures are forgotten, unless the health check says otherwise.</summary>
        internal static readonly TimeSpan DefaultForgetAfter = TimeSpan.FromMinutes(1);

        /// <summary>Creates the tracker on the client's clock (the system clock when null).</summary>
        internal MfaHealthTracker(TimeProvider? time = null)
        {
            _time = time ?? TimeProvider.System;
        }

        /// <summary>
        /// How long after the last failed call (or failed token request) the failures stop counting: the health check reads
        /// them as gone, and the next failure starts a new streak. Without it a client taken out of traffic by a readiness
        /// check would never get the call that resets it. Set by the health check's registration.
        /// </summary>
        internal TimeSpan ForgetAfter
        {
            get => TimeSpan.FromTicks(Volatile.Read(ref _forgetAfterTicks));
            set => Volatile.Write(ref _forgetAfterTicks, value.Ticks);
        }

        /// <summary>How long ago the last failure was recorded, on the client's clock, or null when none was.</summary>
        internal TimeSpan? SinceLastFailure
        {
            get
            {
                var at = Volatile.Read(ref _lastFailureAt);
                return at == 0 ? (TimeSpan?)null : _time.GetElapsedTime(at);
            }
        }

        /// <summary>Whether the recorded failures are older than <see cref="ForgetAfter"/> (or there are none).</summary>
        internal bool FailuresForgotten
        {
            get
            {
                var since = SinceLastFailure;
                return since == null || since.Value >= ForgetAfter;
            }
        }

        /// <summary>Consecutive calls that failed with a transport failure, a timeout or a 5xx answer.</summary>
        internal int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

        /// <summary>The kind of the last such failure (<c>transport</c>, <c>timeout</c> or <c>5xx</c>), or null.</summary>
        internal string? LastFailure
        {
            get
            {
                switch (Volatile.Read(ref _lastFailureKind))
                {
                    case 1:
                        return "transport";
                    case 2:
                        return "timeout";
                    case 3:
                        return "5xx";
                    default:
                        return null;
                }
            }
        }

        /// <summary>Whether the last OAuth2 token request failed (false when none was made or the last one succeeded).</summary>
        internal bool LastTokenRequestFailed => Volatile.Read(ref _lastTokenRequestFailed) != 0;

        /// <summary>Records what one call said about reachability (classified once, by <see cref="MfaOutcome"/>).</summary>
        public void RecordCall(MfaHealthSignal signal)
        {
            if (signal == MfaHealthSignal.None)
            {
                return;
            }

            var kind = signal == MfaHealthSignal.Transport ? 1 : signal == MfaHealthSignal.Timeout ? 2 : signal == MfaHealthSignal.ServerError ? 3 : 0;
            if (kind == 0)
            {
                if (Volatile.Read(ref _consecutiveFailures) != 0)
                {
                    Volatile.Write(ref _consecutiveFailures, 0);
                }

                return;
            }

            if (FailuresForgotten && Volatile.Read(ref _lastFailureAt) != 0)
            {
                // The earlier streak is forgotten: this failure starts a new one.
                Volatile.Write(ref _consecutiveFailures, 0);
            }

            Volatile.Write(ref _lastFailureKind, kind);
            Interlocked.Increment(ref _consecutiveFailures);
            MarkFailure();
        }

        /// <summary>Records whether an OAuth2 token request succeeded.</summary>
        public void RecordTokenRequest(bool success)
        {
            Volatile.Write(ref _lastTokenRequestFailed, success ? 0 : 1);
            if (!success)
            {
                MarkFailure();
            }
        }

        private void MarkFailure()
        {
            var now = _time.GetTimestamp();
            Volatile.Write(ref _lastFailureAt, now == 0 ? 1 : now);
        }

        // The send-limit store (issue 20): its last answer, reported apart from the calls.
        private SendLimitStoreState? _sendLimitStore;

        /// <summary>
        /// The cause of the send-limit store's last failure (safe to show), or null when its last answer came in time or
        /// the failure is older than <see cref="ForgetAfter"/> (a client out of traffic sends nothing that would reset it).
        /// </summary>
        internal string? SendLimitStoreFailure
        {
            get
            {
                var state = Volatile.Read(ref _sendLimitStore);
                return state == null || _time.GetElapsedTime(state.At) >= ForgetAfter ? null : state.Cause;
            }
        }

        /// <summary>Whether sends are refused while the store fails (<c>FailClosed</c>), as opposed to sent without limits.</summary>
        internal bool SendLimitStoreFailsClosed => Volatile.Read(ref _sendLimitStore)?.FailClosed ?? true;

        /// <summary>How many sends in a row the store failed to decide.</summary>
        internal int SendLimitStoreFailures => Volatile.Read(ref _sendLimitStore)?.Failures ?? 0;

        /// <summary>Records the store's answer to one send: <paramref name="cause"/> null when it answered in time.</summary>
        public void RecordSendLimitStore(string? cause, bool failClosed)
        {
            while (true)
            {
                var current = Volatile.Read(ref _sendLimitStore);
                var next = cause == null ? null : new SendLimitStoreState(cause, failClosed, (current?.Failures ?? 0) + 1, _time.GetTimestamp());
                if (current == null && next == null)
                {
                    return;
                }

                if (Interlocked.CompareExchange(ref _sendLimitStore, next, current) == current)
                {
                    return;
                }
            }
        }

        private sealed class SendLimitStoreState
        {
            internal SendLimitStoreState(string cause, bool failClosed, int failures, long at)
            {
                Cause = cause;
                FailClosed = failClosed;
                Failures = failures;
                At = at;
            }

            /// <summary>When the last failure was recorded (<see cref="TimeProvider.GetTimestamp"/> of the client's clock).</summary>
            internal long At { get; }

            internal string Cause { get; }

            internal bool FailClosed { get; }

            internal int Failures { get; }
        }
    }
}
