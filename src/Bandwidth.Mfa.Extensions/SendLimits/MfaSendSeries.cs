using System;
using System.Threading;

namespace Bandwidth.Mfa.SendLimits
{
    /// <summary>The longest time any request of one client asked its numbers' and its accounts' sends to be kept, in ticks; it never shrinks.</summary>
    internal sealed class MfaSendKeeps
    {
        private long _number;
        private long _account;

        internal long Number => Volatile.Read(ref _number);

        internal long Account => Volatile.Read(ref _account);

        internal long RaiseNumber(long wanted) => Raise(ref _number, wanted);

        internal long RaiseAccount(long wanted) => Raise(ref _account, wanted);

        private static long Raise(ref long keep, long wanted)
        {
            var current = Volatile.Read(ref keep);
            while (wanted > current)
            {
                var seen = Interlocked.CompareExchange(ref keep, wanted, current);
                if (seen == current)
                {
                    return wanted;
                }

                current = seen;
            }

            return current;
        }
    }

    /// <summary>
    /// The sends of one number or one account of a client, in time order, in a ring buffer whose capacity is a power of
    /// two: the oldest leave from the front in O(1), a count of the sends after a time and the send that must leave before
    /// another is allowed cost one binary search, an append O(1) (a send that arrives slightly out of order moves the few
    /// later ones). Not thread-safe: the store locks the instance itself.
    /// </summary>
    internal sealed class MfaSendSeries
    {
        private const int MinCapacity = 4;
        private readonly MfaSendKeeps _keeps;
        private readonly bool _isAccount;
        private long[] _times = new long[MinCapacity];
        private string[] _ids = new string[MinCapacity];
        private int _head;

        internal MfaSendSeries(MfaSendKeeps keeps, bool isAccount)
        {
            _keeps = keeps;
            _isAccount = isAccount;
        }

        /// <summary>Set under the lock when the sweep dropped the series from the store: a decision that finds it so looks its key up again.</summary>
        internal bool Removed { get; set; }

        internal int Count { get; private set; }

        /// <summary>How long the client keeps sends of this kind, in ticks.</summary>
        internal long Keep => _isAccount ? _keeps.Account : _keeps.Number;

        /// <summary>The latest send (the series must not be empty).</summary>
        internal long Newest => TimeAt(Count - 1);

        private int Mask => _times.Length - 1;

        /// <summary>Drops the sends at or before <paramref name="cutoff"/>.</summary>
        internal void DropUpTo(long cutoff)
        {
            var dropped = FirstAfter(cutoff);
            for (var i = 0; i < dropped; i++)
            {
                _ids[(_head + i) & Mask] = null!;
            }

            _head = (_head + dropped) & Mask;
            Count -= dropped;
            if (_times.Length > MinCapacity && Count < _times.Length / 4)
            {
                Resize(_times.Length / 2);
            }
        }

        /// <summary>
        /// With <paramref name="max"/> sends allowed after <paramref name="windowStart"/>: null when another is allowed,
        /// else the time of the send that must leave the window first.
        /// </summary>
        internal long? Leaving(long windowStart, int max)
        {
            var inWindow = Count - FirstAfter(windowStart);
            return inWindow < max ? (long?)null : TimeAt(Count - max);
        }

        /// <summary>Adds a send, keeping the time order.</summary>
        internal void Add(long time, string id)
        {
            if (Count == _times.Length)
            {
                Resize(_times.Length * 2);
            }

            var at = Count;
            while (at > 0 && TimeAt(at - 1) > time)
            {
                var from = (_head + at - 1) & Mask;
                var to = (_head + at) & Mask;
                _times[to] = _times[from];
                _ids[to] = _ids[from];
                at--;
            }

            _times[(_head + at) & Mask] = time;
            _ids[(_head + at) & Mask] = id;
            Count++;
        }

        /// <summary>Removes the send <paramref name="id"/> made at <paramref name="time"/>; false when it is not here.</summary>
        internal bool Remove(long time, string id)
        {
            for (var at = FirstAfter(time - 1); at < Count && TimeAt(at) == time; at++)
            {
                if (string.Equals(_ids[(_head + at) & Mask], id, StringComparison.Ordinal))
                {
                    for (var i = at; i < Count - 1; i++)
                    {
                        var to = (_head + i) & Mask;
                        var from = (_head + i + 1) & Mask;
                        _times[to] = _times[from];
                        _ids[to] = _ids[from];
                    }

                    Count--;
                    _ids[(_head + Count) & Mask] = null!;
                    return true;
                }
            }

            return false;
        }

        private long TimeAt(int index) => _times[(_head + index) & Mask];

        /// <summary>The index of the first send after <paramref name="time"/> (<see cref="Count"/> when none is).</summary>
        private int FirstAfter(long time)
        {
            int low = 0, high = Count;
            while (low < high)
            {
                var middle = (int)((uint)(low + high) >> 1);
                if (TimeAt(middle) <= time)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        private void Resize(int capacity)
        {
            var times = new long[capacity];
            var ids = new string[capacity];
            for (var i = 0; i < Count; i++)
            {
                times[i] = _times[(_head + i) & Mask];
                ids[i] = _ids[(_head + i) & Mask];
            }

            _times = times;
            _ids = ids;
            _head = 0;
        }
    }
}
