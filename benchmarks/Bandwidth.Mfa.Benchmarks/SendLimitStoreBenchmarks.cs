using System;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Baselines;
using BenchmarkDotNet.Attributes;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// One decision of the in-memory send-limit store (issue 20, item 7) with 0, 10,000 and 100,000 sends in the account's
/// window: the cost must not depend on how many sends the window holds. The window is kept full in a steady state:
/// each decision is made one step (the window divided by the number of sends) after the previous one, so exactly one
/// send leaves the window as one comes in; with 0 sends, each decision comes after the previous send left. Number rules
/// are off and the budget is large, so every decision is allowed and recorded: what a busy account's send costs.
/// <see cref="Before"/> is the store as it was before issue 20 (a queue per key, the window copied and scanned under one
/// process-wide lock), for comparison.
/// </summary>
[MemoryDiagnoser]
public class SendLimitStoreBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private MfaInMemorySendLimitStore _store = null!;
    private QueueSendLimitStoreBefore _before = null!;
    private DateTimeOffset _now;
    private TimeSpan _step;

    [Params(0, 10000, 100000)]
    public int SendsInWindow { get; set; }

    [GlobalSetup(Target = nameof(Decision))]
    public void Setup()
    {
        _store = new MfaInMemorySendLimitStore();
        Fill(() => Allowed(_store.TryAcquireAsync(Request(), CancellationToken.None)));
    }

    [GlobalSetup(Target = nameof(Before))]
    public void SetupBefore()
    {
        _before = new QueueSendLimitStoreBefore();
        Fill(() => _before.Prefill("9900000", _now));
    }

    /// <summary>Records <see cref="SendsInWindow"/> sends one step apart, ending one step before the first decision.</summary>
    private void Fill(Action record)
    {
        _step = SendsInWindow == 0 ? Window + TimeSpan.FromMilliseconds(1) : TimeSpan.FromTicks(Window.Ticks / SendsInWindow);
        _now = Start;
        for (var i = 0; i < SendsInWindow; i++)
        {
            record();
            _now += _step;
        }
    }

    [Benchmark(Baseline = true)]
    public bool Decision()
    {
        var allowed = Allowed(_store.TryAcquireAsync(Request(), CancellationToken.None));
        Next();
        return allowed;
    }

    [Benchmark]
    public bool Before()
    {
        var allowed = Allowed(_before.TryAcquireAsync(Request(), CancellationToken.None));
        Next();
        return allowed;
    }

    /// <summary>One step on; with an empty window (a step of more than an hour) the clock starts again after 1,000 years, with fresh stores.</summary>
    private void Next()
    {
        _now += _step;
        if (SendsInWindow == 0 && _now.Year > Start.Year + 1000)
        {
            _now = Start;
            _store = new MfaInMemorySendLimitStore();
            _before = new QueueSendLimitStoreBefore();
        }
    }

    private MfaSendLimitRequest Request() =>
        new("bench", "send", "+19195551234", "9900000", _now, TimeSpan.Zero, 0, Window, 10_000_000, Window);

    private static bool Allowed(Task<MfaSendLimitDecision> decision) =>
        decision.Result.IsAllowed ? true : throw new InvalidOperationException("The benchmark's decisions must all be allowed.");
}
