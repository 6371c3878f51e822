using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The default <see cref="IMfaSendLimitStore"/>: the counts of one process, kept in memory, thread-safe. Several
    /// instances of a service each keep their own counts, so together they allow up to N times each limit; use the Redis
    /// store of <c>Bandwidth.Mfa.Redis</c> to share them. Entries older than every window are dropped as sends come in.
    /// </summary>
    public sealed class MfaInMemorySendLimitStore : IMfaSendLimitStore
    {
        private const int SweepEvery = 1024;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Queue<DateTimeOffset>> _numbers = new Dictionary<string, Queue<DateTimeOffset>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Queue<DateTimeOffset>> _accounts = new Dictionary<string, Queue<DateTimeOffset>>(StringComparer.Ordinal);
        private int _sinceSweep;

        /// <inheritdoc />
        public Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                var now = request.Now;
                var numberKeep = Max(request.ResendCooldown, request.MaxSendsPerNumber > 0 ? request.NumberWindow : TimeSpan.Zero);
                var accountKeep = request.MaxSendsPerAccount > 0 ? request.AccountWindow : TimeSpan.Zero;
                if (++_sinceSweep >= SweepEvery)
                {
                    _sinceSweep = 0;
                    Sweep(_numbers, now, numberKeep);
                    Sweep(_accounts, now, accountKeep);
                }

                var number = Entries(_numbers, request.Destination, now, numberKeep);
                var account = Entries(_accounts, request.AccountId, now, accountKeep);
                MfaSendLimitRule? rule = null;
                DateTimeOffset? retryAt = null;
                if (request.ResendCooldown > TimeSpan.Zero && number.Count > 0 && now - Last(number) < request.ResendCooldown)
                {
                    Refuse(ref rule, ref retryAt, MfaSendLimitRule.ResendCooldown, Last(number) + request.ResendCooldown);
                }

                if (request.MaxSendsPerNumber > 0)
                {
                    var leaving = Leaving(number, now, request.NumberWindow, request.MaxSendsPerNumber);
                    if (leaving != null)
                    {
                        Refuse(ref rule, ref retryAt, MfaSendLimitRule.MaxSendsPerNumber, leaving.Value + request.NumberWindow);
                    }
                }

                if (request.MaxSendsPerAccount > 0)
                {
                    var leaving = Leaving(account, now, request.AccountWindow, request.MaxSendsPerAccount);
                    if (leaving != null)
                    {
                        Refuse(ref rule, ref retryAt, MfaSendLimitRule.MaxSendsPerAccount, leaving.Value + request.AccountWindow);
                    }
                }

                if (rule != null)
                {
                    return Task.FromResult(MfaSendLimitDecision.Refused(rule.Value, retryAt));
                }

                if (numberKeep > TimeSpan.Zero)
                {
                    number.Enqueue(now);
                    _numbers[request.Destination] = number;
                }

                if (accountKeep > TimeSpan.Zero)
                {
                    account.Enqueue(now);
                    _accounts[request.AccountId] = account;
                }

                return Task.FromResult(MfaSendLimitDecision.Allowed);
            }
        }

        private static void Refuse(ref MfaSendLimitRule? rule, ref DateTimeOffset? retryAt, MfaSendLimitRule refusing, DateTimeOffset at)
        {
            rule = rule ?? refusing;
            retryAt = retryAt == null || at > retryAt.Value ? at : retryAt;
        }

        /// <summary>The send that must leave the window before another is allowed, or null when one is allowed now.</summary>
        private static DateTimeOffset? Leaving(Queue<DateTimeOffset> sends, DateTimeOffset now, TimeSpan window, int max)
        {
            var inWindow = new List<DateTimeOffset>();
            foreach (var sent in sends)
            {
                if (now - sent < window)
                {
                    inWindow.Add(sent);
                }
            }

            return inWindow.Count < max ? (DateTimeOffset?)null : inWindow[inWindow.Count - max];
        }

        private static DateTimeOffset Last(Queue<DateTimeOffset> sends)
        {
            var last = DateTimeOffset.MinValue;
            foreach (var sent in sends)
            {
                last = sent;
            }

            return last;
        }

        /// <summary>The sends of <paramref name="key"/> still within <paramref name="keep"/> of now (a new queue if none).</summary>
        private static Queue<DateTimeOffset> Entries(Dictionary<string, Queue<DateTimeOffset>> table, string key, DateTimeOffset now, TimeSpan keep)
        {
            if (!table.TryGetValue(key, out var sends))
            {
                return new Queue<DateTimeOffset>();
            }

            while (sends.Count > 0 && now - sends.Peek() >= keep)
            {
                sends.Dequeue();
            }

            return sends;
        }

        private static void Sweep(Dictionary<string, Queue<DateTimeOffset>> table, DateTimeOffset now, TimeSpan keep)
        {
            var stale = new List<string>();
            foreach (var entry in table)
            {
                if (entry.Value.Count == 0 || now - Last(entry.Value) >= keep)
                {
                    stale.Add(entry.Key);
                }
            }

            foreach (var key in stale)
            {
                table.Remove(key);
            }
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }
}
