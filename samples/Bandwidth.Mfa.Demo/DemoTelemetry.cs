using System;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>
    /// The demo's <c>--telemetry</c>: the OpenTelemetry SDK listening to the client's activity source and meter
    /// (<c>Bandwidth.Mfa</c>), printing each span when it ends and, when disposed at the end of the run, the measurements
    /// (the SDK still exports those of the service's meter, which the service disposed before).
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

        public void Dispose()
        {
            _tracing.Dispose();
            _metrics.Dispose();
        }
    }
}
