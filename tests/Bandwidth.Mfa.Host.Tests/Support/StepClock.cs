using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Bandwidth.Mfa.Host.Tests.Support;

/// <summary>
/// A fake clock that tells the test each time a timer is armed, so the test moves time exactly when a waiting handler
/// (a retry delay, an attempt timeout) needs it, never by sleeping.
/// </summary>
public sealed class StepClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero))
{
    private readonly ConcurrentQueue<TimeSpan> _armed = new();
    private readonly SemaphoreSlim _signal = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            _armed.Enqueue(dueTime);
            _signal.Release();
        }

        return timer;
    }

    /// <summary>
    /// Runs <paramref name="call"/> to its end: each timer armed with a due time shorter than <paramref name="below"/> (the
    /// retry delays, not the attempt or total timeouts, which must never fire while an answer is on its way) is fired by
    /// moving the clock by its due time.
    /// </summary>
    public async Task DriveAsync(Task call, TimeSpan below)
    {
        while (!call.IsCompleted)
        {
            var armed = _signal.WaitAsync();
            if (await Task.WhenAny(call, armed) != armed)
            {
                break;
            }

            if (_armed.TryDequeue(out var due) && due < below)
            {
                Advance(due);
            }
        }

        await call;
    }
}
