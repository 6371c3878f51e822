using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bandwidth.Mfa.Benchmarks.Targets;

/// <summary>
/// What an application with OpenTelemetry attaches: an <see cref="ActivityListener"/> that records every span of every
/// source (the client's and HttpClient's own), and a <see cref="MeterListener"/> that takes every measurement of every
/// instrument. The callbacks do nothing, so what is measured is the cost of producing the data.
/// </summary>
public sealed class Listeners : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    private Listeners()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener { InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument) };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<int>((_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _meters.Start();
    }

    public static Listeners Attach() => new();

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }
}
