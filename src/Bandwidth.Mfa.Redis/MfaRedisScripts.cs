namespace Bandwidth.Mfa.Redis
{
    /// <summary>
    /// The two Lua scripts of the Redis store. Keys of one send, all with the client as the hash tag (one cluster slot):
    /// <c>KEYS[1]</c> the number's sorted set, <c>KEYS[2]</c> the account's, <c>KEYS[3]</c> the client's keeps (a hash:
    /// the longest time, in ms, any request of the client asked numbers (<c>n</c>) and accounts (<c>a</c>) to be kept),
    /// <c>KEYS[4]</c> the send's release marker. Scores are send times in ms; members are send ids.
    /// </summary>
    internal static class MfaRedisScripts
    {
        /// <summary>
        /// Checks and records one send. ARGV: now, cooldown, max per number, number window, max per account, account window,
        /// the send id, the number's keep and the account's keep for this request (ms). Returns
        /// <c>{ 1 allowed | 0 refused | 2 released before it arrived, rule (1 cooldown, 2 per number, 3 per account), retry-at (ms) }</c>.
        /// Sends are pruned with the client's longest keep, never with this request's windows, so that no rule of the
        /// client loses sends it still needs; keys expire with that keep too.
        /// </summary>
        internal const string Acquire = @"
local now = tonumber(ARGV[1])
local cooldown = tonumber(ARGV[2])
local numberMax = tonumber(ARGV[3])
local numberWindow = tonumber(ARGV[4])
local accountMax = tonumber(ARGV[5])
local accountWindow = tonumber(ARGV[6])
local member = ARGV[7]
local numberKeep = tonumber(ARGV[8])
local accountKeep = tonumber(ARGV[9])
local function ms(x) return string.format('%d', x) end
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('DEL', KEYS[4])
  return { 2, 0, '0' }
end
local keptNumber = tonumber(redis.call('HGET', KEYS[3], 'n') or '0')
local keptAccount = tonumber(redis.call('HGET', KEYS[3], 'a') or '0')
if numberKeep > keptNumber then redis.call('HSET', KEYS[3], 'n', ms(numberKeep)) else numberKeep = keptNumber end
if accountKeep > keptAccount then redis.call('HSET', KEYS[3], 'a', ms(accountKeep)) else accountKeep = keptAccount end
local longest = numberKeep
if accountKeep > longest then longest = accountKeep end
if longest == 0 then return { 1, 0, '0' } end
redis.call('PEXPIRE', KEYS[3], ms(longest))
local rule = 0
local retry = 0
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
if accountKeep > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now - accountKeep))
  if accountMax > 0 then
    local at = leaving(KEYS[2], accountWindow, accountMax)
    if at then refuse(3, at + accountWindow) end
  end
end
if rule ~= 0 then return { 0, rule, ms(retry) } end
if numberKeep > 0 then
  redis.call('ZADD', KEYS[1], ms(now), member)
  redis.call('PEXPIRE', KEYS[1], ms(numberKeep))
end
if accountKeep > 0 then
  redis.call('ZADD', KEYS[2], ms(now), member)
  redis.call('PEXPIRE', KEYS[2], ms(accountKeep))
end
return { 1, 0, '0' }
";

        /// <summary>
        /// Takes one send back. ARGV: the send id, the number's keep and the account's keep of its request (ms). Removes the
        /// send from both sets; when it is in neither (not recorded yet, or refused), leaves a marker for the client's
        /// longest keep so that its acquire, if it still arrives, records nothing. Returns how many entries it removed.
        /// </summary>
        internal const string Release = @"
local removed = redis.call('ZREM', KEYS[1], ARGV[1]) + redis.call('ZREM', KEYS[2], ARGV[1])
if removed > 0 then return removed end
local keep = tonumber(ARGV[2])
for _, value in ipairs({ tonumber(ARGV[3]), tonumber(redis.call('HGET', KEYS[3], 'n') or '0'), tonumber(redis.call('HGET', KEYS[3], 'a') or '0') }) do
  if value > keep then keep = value end
end
if keep > 0 then redis.call('SET', KEYS[4], '1', 'PX', string.format('%d', keep)) end
return 0
";
    }
}
