using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Reflection;
using System.Threading;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// The names of the client's telemetry, the one <see cref="ActivitySource"/> (immutable, shared: the pattern
    /// OpenTelemetry recommends) and the values every tag may take. Tag values are bounded: an operation id, a channel,
    /// an outcome, a status code, an error type or the client's registered name; never a phone number, code, credential
    /// or account id.
    /// </summary>
    internal static class MfaTelemetry
    {
        /// <summary>The name of the activity source and of the meter.</summary>
        internal const string Name = "Bandwidth.Mfa";

        /// <summary>The client name of the unnamed registration and of <c>MfaService.Create</c>.</summary>
        internal const string DefaultClientName = "(unnamed)";

        /// <summary>The package version (the informational version without its source revision).</summary>
        internal static readonly string Version = ReadVersion();

        /// <summary>The client's activity source: one <see cref="ActivityKind.Client"/> span per operation call.</summary>
        internal static readonly ActivitySource Source = new ActivitySource(Name, Version);

        /// <summary>
        /// The bucket boundaries of <c>mfa.client.operation.duration</c>, in seconds: the set the OpenTelemetry HTTP
        /// semantic conventions advise for <c>http.client.request.duration</c> (5 ms to 10 s).
        /// </summary>
        internal static readonly IReadOnlyList<double> DurationBuckets = new[] { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10 };

        internal const string CodesSent = "mfa.client.codes.sent";
        internal const string Verifications = "mfa.client.verifications";
        internal const string OperationDuration = "mfa.client.operation.duration";
        internal const string TokenRequests = "mfa.client.token.requests";

        internal const string ClientNameTag = "mfa.client.name";
        internal const string OperationTag = "mfa.operation";
        internal const string ChannelTag = "mfa.channel";
        internal const string VerifyResultTag = "mfa.verify.result";
        internal const string OutcomeTag = "outcome";
        internal const string AttemptEvent = "mfa.attempt";
        internal const string AttemptTag = "mfa.attempt";
        internal const string StatusCodeTag = "http.response.status_code";
        internal const string ErrorTypeTag = "error.type";
        internal const string SendLimitRuleTag = "mfa.send_limit.rule";

        /// <summary>The bounded <c>mfa.send_limit.rule</c> value of a refusal: the rule in snake case.</summary>
        internal static string RuleText(MfaSendLimitRule rule)
        {
            switch (rule)
            {
                case MfaSendLimitRule.DestinationNotAllowed:
                    return "destination_not_allowed";
                case MfaSendLimitRule.ResendCooldown:
                    return "resend_cooldown";
                case MfaSendLimitRule.MaxSendsPerNumber:
                    return "max_sends_per_number";
                case MfaSendLimitRule.MaxSendsPerAccount:
                    return "max_sends_per_account";
                case MfaSendLimitRule.StoreUnavailable:
                    return "store_unavailable";
                default:
                    return "other";
            }
        }

        /// <summary>The bounded <c>mfa.channel</c> value of a send's channel (<c>sms</c> or <c>voice</c>), or null.</summary>
        internal static string? ChannelText(MfaChannel channel)
        {
            switch (channel)
            {
                case MfaChannel.Messaging:
                    return "sms";
                case MfaChannel.Voice:
                    return "voice";
                default:
                    return null;
            }
        }

        private static string ReadVersion()
        {
            var informational = typeof(MfaTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(informational))
            {
                return typeof(MfaTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            }

            var plus = informational!.IndexOf('+');
            return plus < 0 ? informational : informational.Substring(0, plus);
        }
    }

    /// <summary>
    /// The client's instruments on one <see cref="Meter"/> named <c>Bandwidth.Mfa</c>: in DI the meter comes from
    /// <c>IMeterFactory</c> (which owns it), otherwise this object owns it and disposes it.
    /// </summary>
    internal sealed class MfaInstruments : IDisposable
    {
        private readonly bool _ownsMeter;

        /// <summary>Creates the instruments on a meter of <paramref name="meterFactory"/>, or on a meter of its own when null.</summary>
        internal MfaInstruments(IMeterFactory? meterFactory)
        {
            if (meterFactory != null)
            {
                Meter = meterFactory.Create(new MeterOptions(MfaTelemetry.Name) { Version = MfaTelemetry.Version });
            }
            else
            {
                Meter = new Meter(MfaTelemetry.Name, MfaTelemetry.Version);
                _ownsMeter = true;
            }

            CodesSent = Meter.CreateCounter<long>(MfaTelemetry.CodesSent, "{code}", "Codes the client asked the MFA API to send, by channel and outcome (accepted, rejected, refused by the send limits, failed).");
            Verifications = Meter.CreateCounter<long>(MfaTelemetry.Verifications, "{verification}", "Verifications, by outcome (valid, invalid, rate_limited, failed).");
            // Explicit buckets: without advice an SDK uses its default boundaries (0, 5, 10, 25, ... seconds), which put
            // every MFA call into the first bucket.
            Duration = Meter.CreateHistogram<double>(MfaTelemetry.OperationDuration, "s", "Duration of MFA operation calls, retries included.", tags: null,
                advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MfaTelemetry.DurationBuckets });
            TokenRequests = Meter.CreateCounter<long>(MfaTelemetry.TokenRequests, "{request}", "OAuth2 token requests, by outcome (success, failure).");
        }

        internal Meter Meter { get; }

        internal Counter<long> CodesSent { get; }

        internal Counter<long> Verifications { get; }

        internal Histogram<double> Duration { get; }

        internal Counter<long> TokenRequests { get; }

        /// <summary>Disposes the meter when this object created it (a factory's meter belongs to the factory).</summary>
        public void Dispose()
        {
            if (_ownsMeter)
            {
                Meter.Dispose();
            }
        }
    }

    /// <summary>
    /// One client's telemetry: its name (the <c>mfa.client.name</c> tag), the shared instruments and its health tracker.
    /// The pipeline records into it once per call, where the call ends; the OAuth2 token provider records its requests.
    /// </summary>
    internal sealed class MfaClientTelemetry
    {
        internal MfaClientTelemetry(string clientName, MfaInstruments? instruments, TimeProvider? time = null)
        {
            ClientName = clientName ?? throw new ArgumentNullException(nameof(clientName));
            Instruments = instruments;
            Health = new MfaHealthTracker(time);
        }

        /// <summary>The client's registered name.</summary>
        internal string ClientName { get; }

        /// <summary>The instruments, or null for none.</summary>
        internal MfaInstruments? Instruments { get; }

        /// <summary>What the health check reports from.</summary>
        internal MfaHealthTracker Health { get; }

        /// <summary>Records one finished call: the health tracker, the duration, and the send or verification counter.</summary>
        internal void RecordCall(MfaCall call, in MfaOutcome outcome)
        {
            Health.RecordCall(outcome.Health);
            var instruments = Instruments;
            if (instruments == null)
            {
                return;
            }

            if (instruments.Duration.Enabled)
            {
                var tags = new TagList
                {
                    { MfaTelemetry.OperationTag, call.OperationId },
                    { MfaTelemetry.ClientNameTag, ClientName },
                };
                if (outcome.Status != 0)
                {
                    tags.Add(MfaTelemetry.StatusCodeTag, outcome.Status);
                }

                if (outcome.ErrorType != null)
                {
                    tags.Add(MfaTelemetry.ErrorTypeTag, outcome.ErrorType);
                }

                instruments.Duration.Record(call.Elapsed.TotalSeconds, tags);
            }

            var operation = call.Operation;
            var channel = MfaTelemetry.ChannelText(operation.Channel);
            if (channel != null && outcome.CounterOutcome != null && instruments.CodesSent.Enabled)
            {
                var tags = new TagList
                {
                    { MfaTelemetry.ChannelTag, channel },
                    { MfaTelemetry.OutcomeTag, outcome.CounterOutcome },
                    { MfaTelemetry.ClientNameTag, ClientName },
                };
                if (outcome.RefusedRule.HasValue)
                {
                    tags.Add(MfaTelemetry.SendLimitRuleTag, MfaTelemetry.RuleText(outcome.RefusedRule.Value));
                }

                instruments.CodesSent.Add(1, tags);
            }
            else if (operation.IsVerify && outcome.CounterOutcome != null && instruments.Verifications.Enabled)
            {
                instruments.Verifications.Add(1, new TagList
                {
                    { MfaTelemetry.OutcomeTag, outcome.CounterOutcome },
                    { MfaTelemetry.ClientNameTag, ClientName },
                });
            }
        }

        /// <summary>Records one OAuth2 token request (not one the caller cancelled).</summary>
        internal void RecordTokenRequest(bool success)
        {
            Health.RecordTokenRequest(success);
            var counter = Instruments?.TokenRequests;
            if (counter != null && counter.Enabled)
            {
                counter.Add(1, new TagList
                {
                    { MfaTelemetry.OutcomeTag, success ? "success" : "failure" },
                    { MfaTelemetry.ClientNameTag, ClientName },
                });
            }
        }
    }

    /// <summary>
    /// Recent outcomes of one client, for its health check (which never sends a request): the number of consecutive
    /// calls that failed in a way that says the service or the network is in trouble (a transport failure, a timeout,
    /// a 5xx answer), reset by any call that got an answer the server meant (a success or a 4xx), and whether the last
    /// OAuth2 token request failed. Thread-safe without locks.
    /// </summary>
    internal sealed class MfaHealthTracker
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
        internal void RecordCall(MfaHealthSignal signal)
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

        internal void RecordTokenRequest(bool success)
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
        internal void RecordSendLimitStore(string? cause, bool failClosed)
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
