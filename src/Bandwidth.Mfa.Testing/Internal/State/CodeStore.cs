using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// The codes sent, per (account, number, scope), for as long as a verification could still accept them: a verification
    /// asks for at most <see cref="Lifetime"/>, so an older code can never verify again and is dropped. Dropping happens on
    /// access (<see cref="Sweep"/>, which the sandbox calls with each send and verification), in the order the codes were
    /// sent, so each code costs O(1) to drop, no timer runs, and a fake clock decides alone. Not thread-safe: the sandbox's
    /// lock guards it.
    /// </summary>
    internal sealed class CodeStore
    {
        /// <summary>The longest window a verification may ask for (the spec's largest <c>expirationTimeInMinutes</c>).</summary>
        internal static readonly TimeSpan Lifetime = SpecLimits.LongestCodeLifetime;

        private readonly Dictionary<CodeKey, CodeList> _byKey = new Dictionary<CodeKey, CodeList>();

        // Every stored code once, oldest first: the front is the next to expire (when the clock only moves forward).
        private readonly Queue<KeyValuePair<CodeKey, StoredCode>> _sendOrder = new Queue<KeyValuePair<CodeKey, StoredCode>>();

        /// <summary>How many codes are stored.</summary>
        internal int Count => _sendOrder.Count;

        /// <summary>How many (account, number, scope) keys hold codes.</summary>
        internal int KeyCount => _byKey.Count;

        internal void Add(CodeKey key, string code, DateTimeOffset now)
        {
            if (!_byKey.TryGetValue(key, out var list))
            {
                list = new CodeList();
                _byKey.Add(key, list);
            }

            var stored = new StoredCode(code, now);
            list.Add(stored);
            _sendOrder.Enqueue(new KeyValuePair<CodeKey, StoredCode>(key, stored));
        }

        /// <summary>The newest code for <paramref name="key"/> equal to <paramref name="code"/>, not used up and sent within <paramref name="window"/> before <paramref name="now"/>.</summary>
        internal StoredCode? FindUsable(CodeKey key, string code, TimeSpan window, DateTimeOffset now)
        {
            return _byKey.TryGetValue(key, out var list) ? list.FindUsable(code, window, now) : null;
        }

        /// <summary>Drops every code older than <see cref="Lifetime"/>, and the keys left without codes.</summary>
        internal void Sweep(DateTimeOffset now)
        {
            while (_sendOrder.Count > 0 && now - _sendOrder.Peek().Value.SentAt > Lifetime)
            {
                var oldest = _sendOrder.Dequeue();
                var list = _byKey[oldest.Key];

                // The key's codes were added in the same order, so its oldest is this one.
                list.RemoveOldest();
                if (list.Count == 0)
                {
                    _byKey.Remove(oldest.Key);
                }
            }
        }

        internal void Clear()
        {
            _byKey.Clear();
            _sendOrder.Clear();
        }

        /// <summary>The codes of one key in the order they were sent; the oldest leave from the front in O(1) amortised.</summary>
        private sealed class CodeList
        {
            private readonly List<StoredCode?> _items = new List<StoredCode?>(1);
            private int _head;

            internal int Count => _items.Count - _head;

            internal void Add(StoredCode code) => _items.Add(code);

            internal void RemoveOldest()
            {
                _items[_head++] = null;
                if (_head == _items.Count)
                {
                    _items.Clear();
                    _head = 0;
                }
                else if (_head >= 16 && _head * 2 >= _items.Count)
                {
                    _items.RemoveRange(0, _head);
                    _head = 0;
                }
            }

            internal StoredCode? FindUsable(string code, TimeSpan window, DateTimeOffset now)
            {
                for (var i = _items.Count - 1; i >= _head; i--)
                {
                    var candidate = _items[i]!;
                    var age = now - candidate.SentAt;
                    if (!candidate.Used && age >= TimeSpan.Zero && age <= window && string.Equals(candidate.Code, code, StringComparison.Ordinal))
                    {
                        return candidate;
                    }
                }

                return null;
            }
        }
    }
}
