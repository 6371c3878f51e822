using System;
using System.Diagnostics;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Diagnostics
{
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
