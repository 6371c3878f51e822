using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// A fake clock that counts the timers created on it and the timer callbacks it has run, so a test can wait for a delay
/// to be armed (a signal, not polling) before moving time, and can tell for certain whether moving time fired it:
/// FakeTimeProvider runs every due callback synchronously inside <see cref="FakeTimeProvider.Advance"/>.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly object _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = new();
    private int _timers;
    private int _fired;

    public int TimersCreated => Volatile.Read(ref _timers);

    /// <summary>How many timer callbacks have run (each run happens inside an <see cref="FakeTimeProvider.Advance"/> call).</summary>
    public int TimersFired => Volatile.Read(ref _fired);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Counted once the timer exists with its due time, so a test that waits for the count can move time safely.
        var timer = base.CreateTimer(s => { Interlocked.Increment(ref _fired); callback(s); }, state, dueTime, period);
        List<TaskCompletionSource>? ready = null;
        lock (_gate)
        {
            var count = ++_timers;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= count)
                {
                    (ready ??= new()).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(signal => signal.TrySetResult());
        return timer;
    }

    /// <summary>
    /// Completes once <paramref name="count"/> timers exist. Bounded by <paramref name="limit"/> only so that a broken
    /// build fails instead of hanging; the wait itself is a signal.
    /// </summary>
    public Task WhenTimersCreated(int count, TimeSpan? limit = null)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_timers >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, signal));
        }

        return signal.Task.WaitAsync(limit ?? TimeSpan.FromSeconds(30));
    }
}
