"""The login throttle's counters in Redis, shared by every web replica (``REDIS_URL``).

The same rules as ``bot.web.throttle.MemoryCounters``, as one Lua script so the check and the
record are one atomic step even when replicas ask at the same moment. Each key is a sorted
set (member -> time of the attempt); times come from the asking replica's clock (the rules'
edges are tested with a clock the test moves; replicas' clocks agree through NTP, as the
session expiry already assumes); Redis's own expiry only removes keys nobody asked about.

When Redis does not answer, the counters fall back to this process's ``MemoryCounters`` (a
warning in the log, at most once a minute): logging in keeps working, throttled per replica.
"""

from __future__ import annotations

import logging
import time

import redis
import redis.asyncio

from bot.web.throttle import AttemptKeys, LoginRules, MemoryCounters

log = logging.getLogger(__name__)

KEY_PREFIX = "samtaleguide:login:"
TIMEOUT_S = 0.5
WARN_EVERY_S = 60

# KEYS: user, address, password. ARGV: now, attempt id, username member, user window,
# address window, address limit, password window, password accounts, delays (n = 0, 1, ...).
# Returns the wait as a string (Redis would cut a Lua number to an integer); "0" = recorded.
ATTEMPT_SCRIPT = """
local now = tonumber(ARGV[1])
local windows = {tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[7])}
for i = 1, 3 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - windows[i])
end
local wait = 0
local failures = redis.call('ZCARD', KEYS[1])
if failures > 0 then
  local delay = tonumber(ARGV[9 + math.min(failures, #ARGV - 9)])
  local newest = tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
  if delay > 0 and now < newest + delay then wait = newest + delay - now end
end
local function over(key, limit, window)
  if redis.call('ZCARD', key) < limit then return 0 end
  return tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]) + window - now
end
wait = math.max(wait, over(KEYS[2], tonumber(ARGV[6]), windows[2]), over(KEYS[3], tonumber(ARGV[8]), windows[3]))
if wait > 0 then return tostring(wait) end
local members = {ARGV[2], ARGV[2], ARGV[3]}
for i = 1, 3 do
  redis.call('ZADD', KEYS[i], now, members[i])
  redis.call('PEXPIRE', KEYS[i], math.ceil(windows[i] * 1000) + 60000)
end
return '0'
"""


class RedisCounters:
    def __init__(self, url: str, prefix: str = KEY_PREFIX) -> None:
        self._redis = redis.asyncio.from_url(url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S)
        self._script = self._redis.register_script(ATTEMPT_SCRIPT)
        self._prefix = prefix
        self._fallback = MemoryCounters()
        self._warned_at = float("-inf")

    def _keys(self, keys: AttemptKeys) -> list[str]:
        return [self._prefix + keys.user, self._prefix + keys.address, self._prefix + keys.password]

    def _unavailable(self, error: Exception) -> None:
        if time.monotonic() - self._warned_at >= WARN_EVERY_S:
            self._warned_at = time.monotonic()
            log.warning("Redis answers no login-throttle calls (%s); counting in this process meanwhile", error)

    async def attempt(self, keys: AttemptKeys, now: float, rules: LoginRules) -> float:
        args = [
            repr(now),
            keys.attempt_id,
            keys.user_member,
            rules.user_window_s,
            rules.address_window_s,
            rules.address_limit,
            rules.password_window_s,
            rules.password_accounts,
            *rules.delays(),
        ]
        try:
            return float(await self._script(keys=self._keys(keys), args=args))
        except (OSError, redis.RedisError) as error:
            self._unavailable(error)
            return await self._fallback.attempt(keys, now, rules)

    async def succeeded(self, keys: AttemptKeys) -> None:
        user, address, password = self._keys(keys)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                await pipe.delete(user).zrem(address, keys.attempt_id).zrem(password, keys.user_member).execute()
        except (OSError, redis.RedisError) as error:
            self._unavailable(error)
        await self._fallback.succeeded(keys)

    async def count_up(self, key: str, now: float, period_s: float) -> int:
        slot = f"{self._prefix}{key}:{int(now // period_s)}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                count, _ = await pipe.incr(slot).pexpire(slot, int(period_s * 2000)).execute()
            return int(count)
        except (OSError, redis.RedisError) as error:
            self._unavailable(error)
            return await self._fallback.count_up(key, now, period_s)

    async def close(self) -> None:
        await self._redis.close(close_connection_pool=True)
