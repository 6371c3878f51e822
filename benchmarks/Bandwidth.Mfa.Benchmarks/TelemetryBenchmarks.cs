using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// The cost of the client's telemetry per call (issue 14): the same in-memory call as <see cref="InMemoryCallBenchmarks"/>
/// with nobody listening (the activity source creates no span, the instruments are disabled) and with an
/// <see cref="ActivityListener"/> that records every span of <c>Bandwidth.Mfa</c> plus a <see cref="MeterListener"/> on
/// every instrument of its meter (both with empty callbacks: the client's own cost, not an exporter's).
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private CannedMfaHandler _handler = null!;
    private MfaCallSet _calls = null!;
    private ActivityListener? _activities;
    private MeterListener? _meters;

    [Params(MfaOperation.Messaging, MfaOperation.Verify)]
    public MfaOperation Operation { get; set; }

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Listening)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Bandwidth.Mfa",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => { },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "Bandwidth.Mfa")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
            _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
            _meters.Start();
        }

        _handler = new CannedMfaHandler();
        _calls = new MfaCallSet(_handler, MfaSamples.InMemoryBaseAddress);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _calls.Dispose();
        _handler.Dispose();
        _meters?.Dispose();
        _activities?.Dispose();
    }

    [Benchmark(Description = "client (IMfaClient)")]
    public Task<object> Client() => _calls.ClientAsync(Operation);
}
