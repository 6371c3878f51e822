using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.SendLimits;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The default <see cref="IMfaSendLimitStore"/>: the counts of one process, kept in memory, thread-safe. Several
    /// instances of a service each keep their own counts, so together they allow up to N times each limit; use the Redis
    /// store of <c>Bandwidth.Mfa.Redis</c> to share them. Each client (<see cref="MfaSendLimitRequest.ClientName"/>) has
    /// its own counts; the sends to a number count for every account of the client, the budget per account.
    /// </summary>
    /// <remarks>
    /// A decision costs the same however many sends a window holds: each number and each account keeps its sends in time
    /// order, counted by a binary search, and nothing is copied. Only the number and account of a send are locked (no
    /// process-wide lock). Sends are kept for the longest window any request of the client asked for, and dropped after
    /// it: a key whose sends all left it is removed by an incremental sweep that each decision advances a few steps, so
    /// memory follows the sends still in a window.
    /// </remarks>
    public sealed partial class MfaInMemorySendLimitStore : IMfaSendLimitStore
    {
        private const int SweepStepsPerDecision = 2;
        private const int MinDecisionsBetweenSweeps = 256;
        private static readonly Task<MfaSendLimitDecision> AllowedTask = Task.FromResult(MfaSendLimitDecision.Allowed);
        private static readonly MfaSendLimitDecision Abandoned = MfaSendLimitDecision.Refused(MfaSendLimitRule.StoreUnavailable, null);
        private static readonly Func<ClientKey, MfaSendKeeps> NewPartition = _ => new MfaSendKeeps();

        private readonly ConcurrentDictionary<ClientKey, MfaSendKeeps> _partitions = new ConcurrentDictionary<ClientKey, MfaSendKeeps>();
        private readonly ConcurrentDictionary<SeriesKey, MfaSendSeries> _series = new ConcurrentDictionary<SeriesKey, MfaSendSeries>();
        private readonly ConcurrentDictionary<SendKey, long> _released = new ConcurrentDictionary<SendKey, long>();
        private IEnumerator<KeyValuePair<SeriesKey, MfaSendSeries>>? _seriesSweep;
        private IEnumerator<KeyValuePair<SendKey, long>>? _releasedSweep;
        private int _sweeping;
        private int _decisionsSinceSweep;
        private int _lastSweepLength;

        /// <summary>How many numbers and accounts hold sends (for the tests of the memory bound).</summary>
        internal int KeyCount => _series.Count;

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        public Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var decision = Decide(request);
            return ReferenceEquals(decision, MfaSendLimitDecision.Allowed) ? AllowedTask : Task.FromResult(decision);
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        public Task ReleaseAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var client = new ClientKey(request.ClientName);
            var now = request.Now.UtcTicks;
            var (keeps, numberKeep, accountKeep) = Keeps(client, request);
            while (true)
            {
                var number = numberKeep > 0 ? SeriesOf(client, false, request.Destination, keeps) : null;
                var account = accountKeep > 0 ? SeriesOf(client, true, request.AccountId, keeps) : null;
                if (number == null && account == null)
                {
                    // No rule keeps sends of this client: a late acquire records nothing either.
                    return Task.CompletedTask;
                }

                lock (number ?? account!)
                {
                    lock (account ?? number!)
                    {
                        if ((number != null && number.Removed) || (account != null && account.Removed))
                        {
                            continue;
                        }

                        var removed = number?.Remove(now, request.SendId) ?? false;
                        removed |= account?.Remove(now, request.SendId) ?? false;
                        if (!removed)
                        {
                            // Released before its acquire arrived (or it was refused): the acquire of this id records nothing.
                            _released[new SendKey(client, request.SendId)] = now + Math.Max(numberKeep, accountKeep);
                        }

                        return Task.CompletedTask;
                    }
                }
            }
        }

        private MfaSendLimitDecision Decide(MfaSendLimitRequest request)
        {
            var client = new ClientKey(request.ClientName);
            var now = request.Now.UtcTicks;
            var (keeps, numberKeep, accountKeep) = Keeps(client, request);
            Sweep(now);
            if (numberKeep == 0 && accountKeep == 0)
            {
                // No rule of this client counts anything.
                _released.TryRemove(new SendKey(client, request.SendId), out _);
                return MfaSendLimitDecision.Allowed;
            }

            while (true)
            {
                var number = numberKeep > 0 ? SeriesOf(client, false, request.Destination, keeps) : null;
                var account = accountKeep > 0 ? SeriesOf(client, true, request.AccountId, keeps) : null;
                // Always the number first, then the account: two decisions never wait for each other in a circle.
                lock (number ?? account!)
                {
                    lock (account ?? number!)
                    {
                        if ((number != null && number.Removed) || (account != null && account.Removed))
                        {
                            continue; // swept away between the lookup and the lock: look it up again
                        }

                        number?.DropUpTo(now - numberKeep);
                        account?.DropUpTo(now - accountKeep);
                        if (!_released.IsEmpty && _released.TryRemove(new SendKey(client, request.SendId), out _))
                        {
                            return Abandoned;
                        }

                        return DecideLocked(request, now, number, account);
                    }
                }
            }
        }

        private static MfaSendLimitDecision DecideLocked(MfaSendLimitRequest request, long now, MfaSendSeries? number, MfaSendSeries? account)
        {
            MfaSendLimitRule? rule = null;
            long retryAt = 0;
            var cooldown = request.ResendCooldown.Ticks;
            if (cooldown > 0 && number != null && number.Count > 0)
            {
                var last = number.Newest;
                if (now - last < cooldown)
                {
                    Refuse(ref rule, ref retryAt, MfaSendLimitRule.ResendCooldown, last + cooldown);
                }
            }

            if (request.MaxSendsPerNumber > 0 && number != null)
            {
                var window = request.NumberWindow.Ticks;
                var leaving = number.Leaving(now - window, request.MaxSendsPerNumber);
                if (leaving != null)
                {
                    Refuse(ref rule, ref retryAt, MfaSendLimitRule.MaxSendsPerNumber, leaving.Value + window);
                }
            }

            if (request.MaxSendsPerAccount > 0 && account != null)
            {
                var window = request.AccountWindow.Ticks;
                var leaving = account.Leaving(now - window, request.MaxSendsPerAccount);
                if (leaving != null)
                {
                    Refuse(ref rule, ref retryAt, MfaSendLimitRule.MaxSendsPerAccount, leaving.Value + window);
                }
            }

            if (rule != null)
            {
                return MfaSendLimitDecision.Refused(rule.Value, new DateTimeOffset(retryAt, TimeSpan.Zero));
            }

            number?.Add(now, request.SendId);
            account?.Add(now, request.SendId);
            return MfaSendLimitDecision.Allowed;
        }

        private static void Refuse(ref MfaSendLimitRule? rule, ref long retryAt, MfaSendLimitRule refusing, long at)
        {
            rule = rule ?? refusing;
            retryAt = Math.Max(retryAt, at);
        }

        /// <summary>The client's keeps after this request: the longest any request of the client asked for (they never shrink).</summary>
        private (MfaSendKeeps Keeps, long Number, long Account) Keeps(ClientKey client, MfaSendLimitRequest request)
        {
            var keeps = _partitions.GetOrAdd(client, NewPartition);
            return (keeps, keeps.RaiseNumber(request.NumberRetention.Ticks), keeps.RaiseAccount(request.AccountRetention.Ticks));
        }

        private MfaSendSeries SeriesOf(ClientKey client, bool isAccount, string id, MfaSendKeeps keeps)
        {
            var key = new SeriesKey(client, isAccount, id);
            return _series.TryGetValue(key, out var series) ? series : _series.GetOrAdd(key, new MfaSendSeries(keeps, isAccount));
        }
    }
}
