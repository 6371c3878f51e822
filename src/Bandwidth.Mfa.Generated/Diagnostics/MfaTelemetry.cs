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
        internal MfaClientTelemetry(string clientName, MfaInstruments? instruments, IMfaHealthRecorder? health = null)
        {
            ClientName = clientName ?? throw new ArgumentNullException(nameof(clientName));
            Instruments = instruments;
            Health = health;
        }

        /// <summary>The client's registered name.</summary>
        internal string ClientName { get; }

        /// <summary>The instruments, or null for none.</summary>
        internal MfaInstruments? Instruments { get; }

        /// <summary>What the health check reports from.</summary>
        internal IMfaHealthRecorder? Health { get; }

        /// <summary>Records one finished call: the health tracker, the duration, and the send or verification counter.</summary>
        internal void RecordCall(MfaCall call, in MfaOutcome outcome)
        {
            Health?.RecordCall(outcome.Health);
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
            Health?.RecordTokenRequest(success);
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
}
