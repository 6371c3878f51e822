using System;
using System.Diagnostics.Metrics;

namespace Bandwidth.Mfa.Diagnostics
{
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
}
