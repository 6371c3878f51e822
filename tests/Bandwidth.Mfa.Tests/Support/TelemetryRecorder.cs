using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// Listens to the client's activity source and meter (and to HttpClient's own activities) for one test: keeps every
/// stopped span of the test's trace (the test starts a root activity, so spans of anything else never count) and every
/// measurement of the Bandwidth.Mfa meter (of <paramref name="meterScope"/> only when given: a container's IMeterFactory).
/// </summary>
public sealed class TelemetryRecorder : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ActivitySource _testSource = new("Bandwidth.Mfa.Tests");
    private readonly Activity _root;

    public TelemetryRecorder(object? meterScope = null, bool httpClientSpans = false)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Bandwidth.Mfa" || source.Name == "Bandwidth.Mfa.Tests" || (httpClientSpans && source.Name == "System.Net.Http"),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == _root!.TraceId && activity != _root)
                {
                    Spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _root = _testSource.StartActivity("test")!;

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Bandwidth.Mfa" && (meterScope == null || ReferenceEquals(instrument.Meter.Scope, meterScope)))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public Activity Root => _root;

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    public IEnumerable<Activity> MfaSpans => Spans.Where(s => s.Source.Name == "Bandwidth.Mfa");

    public Activity Single(string name) => MfaSpans.Single(s => s.DisplayName == name);

    public IReadOnlyList<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Every string a listener could export: tag values, event names and tags, status descriptions, measurement tags.</summary>
    public IEnumerable<string> AllExportedText()
    {
        foreach (var span in Spans)
        {
            yield return span.DisplayName;
            yield return span.StatusDescription ?? string.Empty;
            foreach (var tag in span.TagObjects)
            {
                yield return tag.Key + "=" + tag.Value;
            }

            foreach (var e in span.Events)
            {
                yield return e.Name;
                foreach (var tag in e.Tags)
                {
                    yield return tag.Key + "=" + tag.Value;
                }
            }
        }

        foreach (var m in Measurements)
        {
            foreach (var tag in m.Tags)
            {
                yield return tag.Key + "=" + tag.Value;
            }
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _root.Dispose();
        _activities.Dispose();
        _testSource.Dispose();
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public object? this[string tag] => Tags.TryGetValue(tag, out var value) ? value : null;

        public override string ToString() => Instrument + " " + Value + " {" + string.Join(", ", Tags.Select(t => t.Key + "=" + t.Value)) + "}";
    }
}
