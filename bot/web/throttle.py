"""Login throttling that slows an attacker down without locking the real user out for long.

Three rules, checked together before a password is verified. The numbers are our own choices
(no standard prescribes them); the README's *Security* paragraph gives the reasons:

* **per username** (known or not, so a refusal never tells whether it exists): the first
  ``free_failures`` (3) failures cost nothing; after them the next attempt must wait 1 s, then
  2, 4, 8 … at most ``max_delay_s`` (60 s) after the latest failure. Failures older than
  ``user_window_s`` (15 min) are forgotten; a successful login forgets them all.
* **per client address** (``bot.web.addresses``; an IPv6 client by its /64): ``address_limit``
  (20) failures within ``address_window_s`` (5 min); then that address waits until the oldest
  of them has left the window.
* **per password**: once one password has failed for ``password_accounts`` (5) different
  usernames within ``password_window_s`` (1 h), it is refused for every username until the
  oldest of those failures has left the window (password spraying).

An attempt is recorded as a failure the moment it is let through, and taken back when the
password was right: so a burst of parallel requests cannot all slip past the check before
the first failure is written. A refused attempt is not recorded, so the real user's retries
while waiting do not lengthen the wait.

The counters live behind one interface, ``LoginCounters``: ``MemoryCounters`` in this process
(the default), or ``bot.web.throttle_redis.RedisCounters`` when ``REDIS_URL`` is set, so that
every web replica sees the same counts. Both implement the rules as one atomic step. Keys are
keyed hashes (HMAC-SHA256, key derived from ``WEB_SECRET``), so neither store holds a
username, address or password in clear; the password's hash only ever counts usernames.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

MAX_KEYS = 10_000  # past this many keys, the in-process store forgets the stale ones
AUDIT_PERIOD_S = 60  # at most one failed-login audit entry per username and address per clock minute
AUDIT_MAX_PER_PERIOD = 60  # and at most this many in all per minute (a distributed burst)


@dataclass(frozen=True)
class LoginRules:
    free_failures: int = 3
    first_delay_s: float = 1
    max_delay_s: float = 60
    user_window_s: float = 15 * 60
    address_limit: int = 20
    address_window_s: float = 5 * 60
    password_accounts: int = 5
    password_window_s: float = 60 * 60

    def delay_after(self, failures: int) -> float:
        """How long after the latest failure the next attempt must wait, with ``failures`` recorded."""
        if failures < self.free_failures:
            return 0.0
        return min(self.first_delay_s * 2 ** min(failures - self.free_failures, 32), self.max_delay_s)

    def delays(self) -> list[float]:
        """``delay_after(n)`` for n = 0 … the first n at the cap (the Redis script's table)."""
        table = [self.delay_after(0)]
        while table[-1] < self.max_delay_s:
            table.append(self.delay_after(len(table)))
        return table


@dataclass(frozen=True)
class AttemptKeys:
    user: str
    address: str
    password: str
    attempt_id: str  # this attempt's entry in the address's set
    user_member: str  # this username's entry in the password's set


@dataclass(frozen=True)
class Attempt:
    keys: AttemptKeys
    wait_s: float  # 0: go ahead and verify; otherwise refused, try again after this many seconds

    @property
    def refused(self) -> bool:
        return self.wait_s > 0


class LoginCounters(Protocol):
    """Where the counts live. Both implementations pass the same tests (tests/web/test_throttle_unit.py)."""

    async def attempt(self, keys: AttemptKeys, now: float, rules: LoginRules) -> float:
        """Atomically: the wait the rules demand, or 0 after recording the attempt as a failure."""

    async def succeeded(self, keys: AttemptKeys) -> None:
        """The password was right: forget the username's failures and take the attempt back."""

    async def count_up(self, key: str, now: float, period_s: float) -> int:
        """How many times ``key`` was counted in the current clock period (``floor(now / period)``), this one included."""

    async def close(self) -> None: ...


# --- in this process ---------------------------------------------------------------------------
@dataclass
class _TimedSet:
    """Members with the time each was last added; only those inside the window count."""

    members: dict[str, float] = field(default_factory=dict)

    def prune(self, now: float, window_s: float) -> None:
        cutoff = now - window_s
        for member in [m for m, at in self.members.items() if at <= cutoff]:
            del self.members[member]

    def oldest(self) -> float:
        return min(self.members.values())

    def newest(self) -> float:
        return max(self.members.values())


class MemoryCounters:
    """The counts in a dict; each call runs without awaiting, so it is atomic on the event loop."""

    def __init__(self) -> None:
        self._sets: dict[str, _TimedSet] = {}
        self._counts: dict[str, tuple[int, int]] = {}  # key -> (period number, count)

    def _set(self, key: str, now: float, window_s: float) -> _TimedSet:
        timed = self._sets.setdefault(key, _TimedSet())
        timed.prune(now, window_s)
        return timed

    async def attempt(self, keys: AttemptKeys, now: float, rules: LoginRules) -> float:
        self._forget_stale(now, rules)
        user = self._set(keys.user, now, rules.user_window_s)
        address = self._set(keys.address, now, rules.address_window_s)
        password = self._set(keys.password, now, rules.password_window_s)
        wait = 0.0
        if user.members:
            delay = rules.delay_after(len(user.members))
            if delay > 0 and now < user.newest() + delay:
                wait = user.newest() + delay - now
        if len(address.members) >= rules.address_limit:
            wait = max(wait, address.oldest() + rules.address_window_s - now)
        if len(password.members) >= rules.password_accounts:
            wait = max(wait, password.oldest() + rules.password_window_s - now)
        if wait > 0:
            return wait
        user.members[keys.attempt_id] = now
        address.members[keys.attempt_id] = now
        password.members[keys.user_member] = now
        return 0.0

    async def succeeded(self, keys: AttemptKeys) -> None:
        self._sets.pop(keys.user, None)
        for key, member in ((keys.address, keys.attempt_id), (keys.password, keys.user_member)):
            timed = self._sets.get(key)
            if timed is not None:
                timed.members.pop(member, None)

    async def count_up(self, key: str, now: float, period_s: float) -> int:
        period = math.floor(now / period_s)
        if len(self._counts) > MAX_KEYS:
            self._counts = {k: v for k, v in self._counts.items() if v[0] == period}
        known_period, count = self._counts.get(key, (period, 0))
        count = count + 1 if known_period == period else 1
        self._counts[key] = (period, count)
        return count

    async def close(self) -> None:
        self._sets.clear()
        self._counts.clear()

    def _forget_stale(self, now: float, rules: LoginRules) -> None:
        if len(self._sets) <= MAX_KEYS:
            return
        longest = max(rules.user_window_s, rules.address_window_s, rules.password_window_s)
        for key in [k for k, v in self._sets.items() if not v.members or v.newest() <= now - longest]:
            del self._sets[key]


# --- the policy the login route talks to -------------------------------------------------------
class LoginThrottle:
    def __init__(
        self,
        counters: LoginCounters,
        secret: str,
        rules: LoginRules | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.counters = counters
        self.rules = rules or LoginRules()
        self.clock = clock  # seconds; tests replace it
        self._key = hashlib.sha256(b"samtaleguide.web.throttle.v1:" + secret.encode("utf-8")).digest()

    def _hash(self, kind: str, value: str) -> str:
        digest = hmac.new(self._key, f"{kind}\0{value}".encode("utf-8", "replace"), hashlib.sha256)
        return f"{kind}:{digest.hexdigest()[:40]}"

    async def attempt(self, username: str, address: str, password: str) -> Attempt:
        """Ask before verifying a password; an attempt let through already counts as a failure."""
        keys = AttemptKeys(
            user=self._hash("user", username),
            address=self._hash("address", address),
            password=self._hash("password", password),
            attempt_id=uuid.uuid4().hex,
            user_member=self._hash("member", username),
        )
        wait = await self.counters.attempt(keys, self.clock(), self.rules)
        return Attempt(keys, wait)

    async def succeeded(self, attempt: Attempt) -> None:
        await self.counters.succeeded(attempt.keys)

    async def audit_slot(self, username: str, address: str) -> str | None:
        """Whether a failed login goes into the audit: "entry", "overflow" (the first one past the
        minute's cap: write that more were left out) or None (already audited this minute)."""
        now = self.clock()
        if await self.counters.count_up(self._hash("audit", f"{username}\0{address}"), now, AUDIT_PERIOD_S) > 1:
            return None
        in_all = await self.counters.count_up("audit:all", now, AUDIT_PERIOD_S)
        if in_all <= AUDIT_MAX_PER_PERIOD:
            return "entry"
        return "overflow" if in_all == AUDIT_MAX_PER_PERIOD + 1 else None

    async def close(self) -> None:
        await self.counters.close()


def make_throttle(secret: str, redis_url: str = "") -> LoginThrottle:
    """In this process by default; shared through Redis when ``REDIS_URL`` is set."""
    if redis_url:
        from bot.web.throttle_redis import RedisCounters

        return LoginThrottle(RedisCounters(redis_url), secret)
    return LoginThrottle(MemoryCounters(), secret)


# --- what the user reads -------------------------------------------------------------------------
def wait_text(seconds: float) -> str:
    """»1 sekund«, »37 sekunder«, »1 minut«, »4 minutter« (rounded up: never shorter than the wait)."""
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return "1 sekund" if whole == 1 else f"{whole} sekunder"
    minutes = math.ceil(whole / 60)
    return "1 minut" if minutes == 1 else f"{minutes} minutter"


def too_many_message(seconds: float) -> str:
    return f"For mange mislykkede forsøg på at logge ind. Vent {wait_text(seconds)}, og prøv igen."
