using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.Baselines
{
    /// <summary>
    /// The in-memory store as it was before issue 20 (its decision logic, unchanged), for the comparison in
    /// <see cref="SendLimitStoreBenchmarks"/>: a queue per number and per account under one process-wide lock, the window
    /// copied into a new list and scanned on every decision.
    /// </summary>
    public sealed class QueueSendLimitStoreBefore
    {
        private const int SweepEvery = 1024;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Queue<DateTimeOffset>> _numbers = new Dictionary<string, Queue<DateTimeOffset>>(StringComparer.Ordinal);
        private readonly Dictionary<string, Queue<DateTimeOffset>> _accounts = new Dictionary<string, Queue<DateTimeOffset>>(StringComparer.Ordinal);
        private int _sinceSweep;

        /// <summary>Records a send of <paramref name="accountId"/> without a decision (the benchmark fills a window this way: deciding each would take minutes).</summary>
        internal void Prefill(string accountId, DateTimeOffset at)
        {
            if (!_accounts.TryGetValue(accountId, out var sends))
            {
                _accounts[accountId] = sends = new Queue<DateTimeOffset>();
            }

            sends.Enqueue(at);
        }

        public Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);

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
