using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis
{
    /// <summary>
    /// An <see cref="IMfaSendLimitStore"/> on Redis, shared by every instance of a service: one Lua script, evaluated on
    /// the server, checks the resend cooldown, the per-number window and the account budget of a client and records the
    /// send only when all of them allow it. A script runs atomically, so N instances together never allow more than each
    /// limit. The time is the client's (passed in, whole milliseconds), so the instances' clocks must agree to well
    /// within the cooldown.
    /// </summary>
    /// <remarks>
    /// Keys, with the client as the hash tag so that all keys of a send live on one cluster slot (the unnamed client is
    /// <c>{unnamed}</c>, a named one <c>{named:&lt;name&gt;}</c>, escaped):
    /// <c>{prefix}{client}:n:{HMAC-SHA256(number)}</c> (the number, for every account of the client),
    /// <c>{prefix}{client}:a:{account}</c>, <c>{prefix}{client}:keep</c> (the longest windows the client asked for) and
    /// <c>{prefix}{client}:r:{send id}</c> (a send taken back before it was recorded). Sends are pruned with the
    /// client's longest window, never a shorter one of a single request; every key expires (PEXPIRE) with it. No key or
    /// value holds a phone number in clear. A send the guard takes back (<see cref="ReleaseAsync"/>) is removed by its
    /// unique id; a release that cannot reach Redis is kept in memory (at most 100,000) and applied when Redis answers
    /// again.
    /// </remarks>
    public sealed class MfaRedisSendLimitStore : IMfaSendLimitStore
    {
        private const int MaxPendingReleases = 100000;
        private readonly MfaRedisConnection _connection;
        private readonly byte[] _hashKey;
        private readonly string _prefix;
        private readonly int _database;
        private readonly ConcurrentQueue<MfaSendLimitRequest> _pendingReleases = new ConcurrentQueue<MfaSendLimitRequest>();
        private int _flushing;
        private int _flushRequested;

        /// <summary>Creates the store over a connection the application owns (it is not disposed by the store).</summary>
        /// <param name="redis">The connection.</param>
        /// <param name="options">The settings; <see cref="MfaRedisSendLimitOptions.HashKey"/> is required.</param>
        /// <exception cref="ArgumentNullException"><paramref name="redis"/> or <paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The settings break a rule (the message names the setting).</exception>
        public MfaRedisSendLimitStore(IConnectionMultiplexer redis, MfaRedisSendLimitOptions options)
            : this(MfaRedisConnection.Given(redis ?? throw new ArgumentNullException(nameof(redis))), options)
        {
        }

        internal MfaRedisSendLimitStore(MfaRedisConnection connection, MfaRedisSendLimitOptions options)
        {
            _connection = connection;
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var failures = MfaRedisSendLimitOptionsValidator.Check(options, needsConfiguration: false).ToList();
            if (failures.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", failures), nameof(options));
            }

            _hashKey = Encoding.UTF8.GetBytes(options.HashKey!);
            _prefix = options.KeyPrefix;
            _database = options.Database;
            _connection.Restored += () => _ = FlushReleasesAsync();
        }

        /// <summary>The store's connection (for the tests).</summary>
        internal MfaRedisConnection Connection => _connection;

        /// <summary>How many releases wait for Redis to answer again (for the tests).</summary>
        internal int PendingReleases => _pendingReleases.Count;

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="MfaSendLimitStoreException">Redis could not run the script, with a cause that is safe to log (the send guard applies its store-failure policy).</exception>
        public async Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var database = await DatabaseAsync(cancellationToken).ConfigureAwait(false);
            var keys = KeysOf(request);
            var now = request.Now.ToUnixTimeMilliseconds();
            var values = new RedisValue[]
            {
                now,
                Milliseconds(request.ResendCooldown),
                request.MaxSendsPerNumber,
                Milliseconds(request.NumberWindow),
                request.MaxSendsPerAccount,
                Milliseconds(request.AccountWindow),
                request.SendId,
                Milliseconds(request.NumberRetention),
                Milliseconds(request.AccountRetention),
            };

            RedisResult result;
            try
            {
                result = await database.ScriptEvaluateAsync(MfaRedisScripts.Acquire, keys, values).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                throw MfaRedisErrors.Describe(exception);
            }

            if (!_pendingReleases.IsEmpty)
            {
                _ = FlushReleasesAsync();
            }

            var answer = (RedisResult[]?)result ?? throw new MfaSendLimitStoreException("the send-limit script returned no result", null);
            switch ((long)answer[0])
            {
                case 1:
                    return MfaSendLimitDecision.Allowed;
                case 2:
                    // Taken back before it arrived: nothing was recorded, and the guard no longer waits for this answer.
                    return MfaSendLimitDecision.Refused(MfaSendLimitRule.StoreUnavailable, null);
            }

            var rule = (long)answer[1] switch
            {
                1 => MfaSendLimitRule.ResendCooldown,
                2 => MfaSendLimitRule.MaxSendsPerNumber,
                _ => MfaSendLimitRule.MaxSendsPerAccount,
            };
            var retryAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)answer[2]!, NumberStyles.Integer, CultureInfo.InvariantCulture));
            return MfaSendLimitDecision.Refused(rule, retryAt);
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        public async Task ReleaseAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (!await TryReleaseAsync(request).ConfigureAwait(false))
            {
                Keep(request);
            }
        }

        /// <summary>The keys of a send: the number's (by HMAC-SHA256, never in clear), the account's, the client's keeps and the send's release marker.</summary>
        internal RedisKey[] KeysOf(MfaSendLimitRequest request)
        {
            var tag = _prefix + "{" + (request.ClientName == null ? "unnamed" : "named:" + Uri.EscapeDataString(request.ClientName)) + "}";
            return new RedisKey[]
            {
                tag + ":n:" + Hash(request.Destination),
                tag + ":a:" + Uri.EscapeDataString(request.AccountId),
                tag + ":keep",
                tag + ":r:" + request.SendId,
            };
        }

        private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var created = _connection.WhenCreated;
            if (!created.IsCompleted && _connection.KnownDown)
            {
                // The last attempt failed: say why now rather than wait for the next one.
                throw new MfaSendLimitStoreException(_connection.LastFailure ?? "Redis is not connected", null);
            }

            if (!created.IsCompleted)
            {
                // Still connecting: wait at most as long as the caller does.
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                {
                    await Task.WhenAny(created, cancelled.Task).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (!created.IsCompleted)
                {
                    throw new MfaSendLimitStoreException(_connection.LastFailure ?? "Redis is not connected yet (connecting)", null);
                }
            }

            if (created.IsCanceled || created.IsFaulted)
            {
                throw new MfaSendLimitStoreException("the Redis connection was closed", created.Exception);
            }

            var redis = created.Result;
            if (!redis.IsConnected)
            {
                // Never hand a command to a connection that is down: it could run after the guard gave up on it.
                throw new MfaSendLimitStoreException(_connection.LastFailure ?? "Redis is not connected", null);
            }

            return redis.GetDatabase(_database);
        }

        private async Task<bool> TryReleaseAsync(MfaSendLimitRequest request)
        {
            try
            {
                var database = await DatabaseAsync(CancellationToken.None).ConfigureAwait(false);
                await database.ScriptEvaluateAsync(MfaRedisScripts.Release, KeysOf(request), new RedisValue[]
                {
                    request.SendId,
                    Milliseconds(request.NumberRetention),
                    Milliseconds(request.AccountRetention),
                }).ConfigureAwait(false);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private void Keep(MfaSendLimitRequest request)
        {
            _pendingReleases.Enqueue(request);
            while (_pendingReleases.Count > MaxPendingReleases && _pendingReleases.TryDequeue(out _))
            {
            }
        }

        /// <summary>Applies the releases kept while Redis did not answer, in order; stops at the first that fails again.</summary>
        private async Task FlushReleasesAsync()
        {
            // A request that arrives while a flush runs (Redis restores its connections one by one, and the first
            // restore can come while the other is still down) must not be lost: it is remembered and the flush runs
            // again, also when the running one stopped on a failure.
            Volatile.Write(ref _flushRequested, 1);
            while (Volatile.Read(ref _flushRequested) == 1 && Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
            {
                try
                {
                    Volatile.Write(ref _flushRequested, 0);
                    while (_pendingReleases.TryPeek(out var request))
                    {
                        if (!await TryReleaseAsync(request).ConfigureAwait(false))
                        {
                            break;
                        }

                        _pendingReleases.TryDequeue(out _);
                    }
                }
                finally
                {
                    Volatile.Write(ref _flushing, 0);
                }
            }
        }

        private string Hash(string destination)
        {
            var data = Encoding.UTF8.GetBytes(destination);
#if NET6_0_OR_GREATER
            var digest = HMACSHA256.HashData(_hashKey, data);
#else
            byte[] digest;
            using (var hmac = new HMACSHA256(_hashKey))
            {
                digest = hmac.ComputeHash(data);
            }
#endif
            var text = new StringBuilder(digest.Length * 2);
            foreach (var b in digest)
            {
                text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        private static long Milliseconds(TimeSpan value) => (long)value.TotalMilliseconds;
    }
}
