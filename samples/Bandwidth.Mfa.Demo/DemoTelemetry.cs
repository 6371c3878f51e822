using System;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>
    /// The demo's <c>--telemetry</c>: the OpenTelemetry SDK listening to the client's activity source and meter
    /// (<c>Bandwidth.Mfa</c>), printing each span when it ends and the measurements when the run is done.
    /// </summary>
    internal sealed class DemoTelemetry : IDisposable
    {
        private readonly TracerProvider _tracing;
        private readonly MeterProvider _metrics;

        internal DemoTelemetry()
        {
            _tracing = Sdk.CreateTracerProviderBuilder().AddSource("Bandwidth.Mfa").AddConsoleExporter().Build()!;
            _metrics = Sdk.CreateMeterProviderBuilder().AddMeter("Bandwidth.Mfa").AddConsoleExporter().Build()!;
        }

        /// <summary>Exports the measurements when disposed (before the service that owns the meter is disposed).</summary>
        internal IDisposable FlushWhenDone() => new Flush(_metrics);

        public void Dispose()
        {
            _tracing.Dispose();
            _metrics.Dispose();
        }

        private sealed class Flush : IDisposable
        {
            private readonly MeterProvider _metrics;

            internal Flush(MeterProvider metrics)
            {
                _metrics = metrics;
            }

            public void Dispose() => _metrics.ForceFlush();
        }
    }
}
