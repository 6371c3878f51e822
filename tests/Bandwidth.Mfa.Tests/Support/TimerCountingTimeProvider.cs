using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>A fake clock that counts the timers created on it, so a test can wait until a delay is armed before moving time.</summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Counted once the timer exists with its due time, so a test that waits for the count can move time safely.
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
