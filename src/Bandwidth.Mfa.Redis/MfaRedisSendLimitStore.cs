using System;
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
    /// the server, prunes each sorted set to its rolling window, checks the resend cooldown, the per-number window and the
    /// account budget, and records the send only when all of them allow it. A script runs atomically, so N instances
    /// together never allow more than each limit. The time is the client's (passed in, whole milliseconds), so the
    /// instances' clocks must agree to well within the cooldown. Keys: <c>{prefix}{account}:n:{HMAC-SHA256(number)}</c> and
    /// <c>{prefix}{account}:a</c>, with the account as the hash tag so that both keys of a send live on one cluster slot;
    /// every key expires (PEXPIRE) with its longest window. No key or value holds a phone number in clear.
    /// </summary>
    public sealed class MfaRedisSendLimitStore : IMfaSendLimitStore
    {
        // KEYS[1]: the number's sorted set; KEYS[2]: the account's. Scores are send times in ms.
        // ARGV: now, cooldown, max per number, number window, max per account, account window (ms), a unique member.
        // Returns { allowed (1|0), rule (1 cooldown, 2 per number, 3 per account), retry-at (ms) }.
        internal const string Script = @"
local now = tonumber(ARGV[1])
local cooldown = tonumber(ARGV[2])
local numberMax = tonumber(ARGV[3])
local numberWindow = tonumber(ARGV[4])
local accountMax = tonumber(ARGV[5])
local accountWindow = tonumber(ARGV[6])
local member = ARGV[7]
local rule = 0
local retry = 0
local function ms(x) return string.format('%d', x) end
local function refuse(r, at)
  if rule == 0 then rule = r end
  if at > retry then retry = at end
end
local function leaving(key, window, max)
  local count = tonumber(redis.call('ZCOUNT', key, '(' .. ms(now - window), '+inf'))
  if count < max then return nil end
  local total = tonumber(redis.call('ZCARD', key))
  local entry = redis.call('ZRANGE', key, total - max, total - max, 'WITHSCORES')
  return tonumber(entry[2])
end
local numberKeep = cooldown
if numberMax > 0 and numberWindow > numberKeep then numberKeep = numberWindow end
if numberKeep > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms(now - numberKeep))
  if cooldown > 0 then
    local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
    if #last > 0 then
      local at = tonumber(last[2])
      if now - at < cooldown then refuse(1, at + cooldown) end
    end
  end
  if numberMax > 0 then
    local at = leaving(KEYS[1], numberWindow, numberMax)
    if at then refuse(2, at + numberWindow) end
  end
end
if accountMax > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now - accountWindow))
  local at = leaving(KEYS[2], accountWindow, accountMax)
  if at then refuse(3, at + accountWindow) end
end
if rule ~= 0 then return { 0, rule, ms(retry) } end
if numberKeep > 0 then
  redis.call('ZADD', KEYS[1], ms(now), member)
  redis.call('PEXPIRE', KEYS[1], ms(numberKeep))
end
if accountMax > 0 then
  redis.call('ZADD', KEYS[2], ms(now), member)
  redis.call('PEXPIRE', KEYS[2], ms(accountWindow))
end
return { 1, 0, '0' }
";

        private readonly IConnectionMultiplexer _redis;
        private readonly byte[] _hashKey;
        private readonly string _prefix;
        private readonly int _database;

        /// <summary>Creates the store over a connection the application owns (it is not disposed by the store).</summary>
        /// <param name="redis">The connection.</param>
        /// <param name="options">The settings; <see cref="MfaRedisSendLimitOptions.HashKey"/> is required.</param>
        /// <exception cref="ArgumentNullException"><paramref name="redis"/> or <paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The settings break a rule (the message names the setting).</exception>
        public MfaRedisSendLimitStore(IConnectionMultiplexer redis, MfaRedisSendLimitOptions options)
        {
            _redis = redis ?? throw new ArgumentNullException(nameof(redis));
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
        }

        /// <inheritdoc />
        /// <exception cref="RedisException">Redis could not run the script (the send guard applies its store-failure policy).</exception>
        public async Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var (numberKey, accountKey) = KeysOf(request.Destination, request.AccountId);
            var now = request.Now.ToUnixTimeMilliseconds();
            var values = new RedisValue[]
            {
                now,
                Milliseconds(request.ResendCooldown),
                request.MaxSendsPerNumber,
                Milliseconds(request.NumberWindow),
                request.MaxSendsPerAccount,
                Milliseconds(request.AccountWindow),
                now.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N"),
            };

            var result = await _redis.GetDatabase(_database).ScriptEvaluateAsync(Script, new RedisKey[] { numberKey, accountKey }, values).ConfigureAwait(false);
            var answer = (RedisResult[]?)result ?? throw new RedisException("The send-limit script returned no result.");
            if ((long)answer[0] == 1)
            {
                return MfaSendLimitDecision.Allowed;
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

        /// <summary>The keys of a send: the number's (by HMAC-SHA256, never in clear) and the account's.</summary>
        internal (string Number, string Account) KeysOf(string destination, string accountId)
        {
            var tag = _prefix + "{" + accountId + "}";
            return (tag + ":n:" + Hash(destination), tag + ":a");
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
