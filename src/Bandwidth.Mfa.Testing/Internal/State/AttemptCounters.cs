using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// The wrong codes counted per (account, number). A count lives until a right code clears it or the cool-down has
    /// passed since its last wrong code, which also ends its lockout; then it is dropped. Dropping happens on access
    /// (<see cref="Sweep"/>), oldest wrong code first, in O(1) amortised per wrong code, with no timer, so a fake clock
    /// decides alone. Not thread-safe: the sandbox's lock guards it.
    /// </summary>
    internal sealed class AttemptCounters
    {
        private readonly TimeSpan _coolDown;
        private readonly Dictionary<NumberKey, AttemptCount> _counts = new Dictionary<NumberKey, AttemptCount>();

        // One entry per wrong code, oldest first. An entry is stale when its number failed again later or was cleared.
        private readonly Queue<KeyValuePair<NumberKey, DateTimeOffset>> _failures = new Queue<KeyValuePair<NumberKey, DateTimeOffset>>();

        internal AttemptCounters(TimeSpan coolDown)
        {
            _coolDown = coolDown;
        }

        /// <summary>How many numbers have wrong codes counted.</summary>
        internal int Count => _counts.Count;

        /// <summary>How many wrong codes wait in the expiry queue (stale ones included).</summary>
        internal int QueuedCount => _failures.Count;

        /// <summary>The count of <paramref name="number"/> now, or null when it has none (or its cool-down has passed).</summary>
        internal AttemptCount? Find(NumberKey number, DateTimeOffset now)
        {
            if (!_counts.TryGetValue(number, out var count))
            {
                return null;
            }

            if (IsOver(count, now))
            {
                _counts.Remove(number);
                return null;
            }

            return count;
        }

        /// <summary>Counts a wrong code; returns the number's count after it.</summary>
        internal int Fail(NumberKey number, DateTimeOffset now)
        {
            var count = Find(number, now);
            if (count == null)
            {
                count = new AttemptCount();
                _counts.Add(number, count);
            }

            count.Failures++;
            count.LastFailure = now;
            _failures.Enqueue(new KeyValuePair<NumberKey, DateTimeOffset>(number, now));
            return count.Failures;
        }

        /// <summary>Clears the count of one number (a right code).</summary>
        internal void Forget(NumberKey number) => _counts.Remove(number);

        /// <summary>Clears the counts of <paramref name="to"/>, for one account or all; returns how many there were.</summary>
        internal int Forget(string to, string? account)
        {
            if (account != null)
            {
                return _counts.Remove(new NumberKey(account, to)) ? 1 : 0;
            }

            var matching = new List<NumberKey>();
            foreach (var key in _counts.Keys)
            {
                if (string.Equals(key.To, to, StringComparison.Ordinal))
                {
                    matching.Add(key);
                }
            }

            foreach (var key in matching)
            {
                _counts.Remove(key);
            }

            return matching.Count;
        }

        /// <summary>The numbers with at least <paramref name="maxFailures"/> wrong codes whose cool-down has not passed.</summary>
        internal List<MfaSandboxLockout> Lockouts(int maxFailures, DateTimeOffset now)
        {
            var lockouts = new List<MfaSandboxLockout>();
            foreach (var pair in _counts)
            {
                var count = pair.Value;
                if (count.Failures >= maxFailures && !IsOver(count, now))
                {
                    lockouts.Add(new MfaSandboxLockout(pair.Key.Account, pair.Key.To, count.Failures, count.LastFailure + _coolDown));
                }
            }

            return lockouts;
        }

        /// <summary>Drops the counts whose cool-down has passed since their last wrong code.</summary>
        internal void Sweep(DateTimeOffset now)
        {
            while (_failures.Count > 0 && now - _failures.Peek().Value >= _coolDown)
            {
                var failure = _failures.Dequeue();
                if (_counts.TryGetValue(failure.Key, out var count) && count.LastFailure == failure.Value)
                {
                    _counts.Remove(failure.Key);
                }
            }
        }

        internal void Clear()
        {
            _counts.Clear();
            _failures.Clear();
        }

        private bool IsOver(AttemptCount count, DateTimeOffset now) => now - count.LastFailure >= _coolDown;
    }
}
