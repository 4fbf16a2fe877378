"""The login throttle on its own, with a clock the test moves: each rule at its exact edge.

Every rule test runs twice, against the in-process counters and against a real redis-server
(the shared ``redis_server`` fixture): one interface, two implementations, the same answers.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest

from bot.web.throttle import (
    AUDIT_MAX_PER_PERIOD,
    MAX_KEYS,
    LoginRules,
    LoginThrottle,
    MemoryCounters,
    too_many_message,
    wait_text,
)

SECRET = "s" * 40
RULES = LoginRules()
T0 = 1_000_020.0  # a whole minute (16667 * 60), so the audit periods start at T0


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "redis"])
async def counters(request):
    if request.param == "memory":
        store = MemoryCounters()
    else:
        from bot.web.throttle_redis import RedisCounters

        server = request.getfixturevalue("redis_server")
        store = RedisCounters(f"redis://127.0.0.1:{server.port}/2", prefix=f"test-{uuid.uuid4().hex}:")
    yield store
    await store.close()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def throttle(counters, clock):
    return LoginThrottle(counters, SECRET, clock=clock)


async def fail(throttle: LoginThrottle, username: str = "mette", address: str = "10.0.0.1", password: str = "forkert"):
    """One attempt that is let through (and so counts as a failure); its wait must be 0."""
    attempt = await throttle.attempt(username, address, password)
    assert not attempt.refused, f"refused for {attempt.wait_s} s at {throttle.clock()}"
    return attempt


async def wait_for(throttle: LoginThrottle, username: str = "mette", address: str = "10.0.0.1", password: str = "x"):
    attempt = await throttle.attempt(username, address, password)
    return attempt.wait_s


# --- the rules' numbers ------------------------------------------------------------------------
def test_the_delay_table_is_free_three_times_then_doubles_from_one_second_to_a_minute():
    assert [RULES.delay_after(n) for n in range(12)] == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert RULES.delay_after(10_000) == 60  # no overflow far past the cap
    assert RULES.delays() == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60]
    assert (RULES.address_limit, RULES.address_window_s) == (20, 300)
    assert (RULES.password_accounts, RULES.password_window_s) == (5, 3600)
    assert RULES.user_window_s == 900


# --- per username --------------------------------------------------------------------------------
async def test_the_third_failure_is_free_and_after_it_the_next_attempt_waits_one_second(throttle, clock):
    await fail(throttle)
    await fail(throttle)
    assert await wait_for(throttle, password="forkert") == 0  # the third attempt is let through at once …
    assert await wait_for(throttle) == pytest.approx(1.0)  # … and the fourth must wait a second
    clock.now = T0 + 0.999
    assert await wait_for(throttle) == pytest.approx(0.001, abs=1e-6)
    clock.now = T0 + 1
    await fail(throttle)  # the fourth failure
    clock.now = T0 + 2.999
    assert await wait_for(throttle) == pytest.approx(0.001, abs=1e-6)
    clock.now = T0 + 3
    await fail(throttle)


async def test_the_delay_doubles_and_stops_at_a_minute(throttle, clock):
    waits = []  # each refusal's wait; the attempt made exactly when the wait is over is let through
    while len(waits) < 9:
        attempt = await throttle.attempt("mette", "10.0.0.1", "forkert")
        if attempt.refused:
            waits.append(attempt.wait_s)
            clock.now += attempt.wait_s
    assert waits == pytest.approx([1, 2, 4, 8, 16, 32, 60, 60, 60])


async def test_a_refused_attempt_does_not_lengthen_the_wait(throttle, clock):
    for _ in range(3):
        await fail(throttle)
    for step in (0.2, 0.5, 0.9):
        clock.now = T0 + step
        assert await wait_for(throttle) == pytest.approx(1 - step)
    clock.now = T0 + 1
    await fail(throttle)


async def test_failures_leave_the_username_window_after_fifteen_minutes(throttle, clock):
    await fail(throttle)  # at T0
    clock.now = T0 + 899.8
    await fail(throttle)
    await fail(throttle)
    clock.now = T0 + 899.9  # the first failure is 899.9 s old: still counted, three in all
    assert await wait_for(throttle) == pytest.approx(0.9)
    clock.now = T0 + 900  # now it is 900 s old and forgotten: two failures cost nothing
    await fail(throttle)


async def test_one_username_does_not_slow_another(throttle):
    for _ in range(3):
        await fail(throttle, "mette")
    assert await wait_for(throttle, "mette") > 0
    await fail(throttle, "kim")


async def test_a_successful_login_forgets_the_usernames_failures(throttle, clock):
    for _ in range(3):
        await fail(throttle)
    clock.now = T0 + 1
    right = await fail(throttle, password="rigtig")
    await throttle.succeeded(right)
    for _ in range(3):
        await fail(throttle)
    assert await wait_for(throttle) == pytest.approx(1.0)


async def test_parallel_attempts_cannot_slip_past_the_check_together(throttle):
    attempts = await asyncio.gather(*(throttle.attempt("mette", "10.0.0.1", f"gæt-{n}") for n in range(12)))
    assert sum(not a.refused for a in attempts) == RULES.free_failures


# --- per address ---------------------------------------------------------------------------------
async def test_twenty_failures_from_one_address_then_it_waits_until_the_oldest_is_five_minutes_old(throttle, clock):
    for n in range(RULES.address_limit):  # different usernames and passwords: only the address rule applies
        await fail(throttle, f"bruger{n}", "10.0.0.9", f"kode{n}")
        clock.now += 1
    clock.now = T0 + 299  # the window's last second for the oldest failure
    assert await wait_for(throttle, "ny", "10.0.0.9") == pytest.approx(1.0)
    assert await wait_for(throttle, "ny", "10.0.0.10") == 0  # another address is not affected
    clock.now = T0 + 300
    await fail(throttle, "ny2", "10.0.0.9", "kode-ny")
    assert await wait_for(throttle, "ny3", "10.0.0.9") == pytest.approx(1.0)  # the next oldest, at T0 + 1


async def test_a_successful_login_is_taken_back_from_the_address_count(throttle, clock):
    for n in range(RULES.address_limit - 1):
        await fail(throttle, f"bruger{n}", "10.0.0.9", f"kode{n}")
    right = await fail(throttle, "mette", "10.0.0.9", "rigtig")
    await throttle.succeeded(right)
    await fail(throttle, "bruger-sidste", "10.0.0.9", "kode-sidste")  # the 20th failure
    assert await wait_for(throttle, "endnu-en", "10.0.0.9") > 0  # the 21st attempt


# --- per password --------------------------------------------------------------------------------
async def test_one_password_on_five_usernames_is_refused_for_everyone_for_an_hour(throttle, clock):
    for n in range(RULES.password_accounts - 1):
        await fail(throttle, f"bruger{n}", f"10.0.1.{n}", "Sommer2026!")
        await fail(throttle, f"bruger{n}", f"10.0.1.{n}", "Sommer2026!")  # the same username counts once
    await fail(throttle, "bruger-fem", "10.0.2.1", "Sommer2026!")  # the fifth username is still let through
    assert await wait_for(throttle, "mette", "10.0.3.1", "Sommer2026!") == pytest.approx(3600)
    assert await wait_for(throttle, "bruger0", "10.0.3.1", "Sommer2026!") == pytest.approx(3600)
    assert await wait_for(throttle, "mette", "10.0.3.1", "en-anden-kode") == 0
    clock.now = T0 + 3599
    assert await wait_for(throttle, "kim", "10.0.3.2", "Sommer2026!") == pytest.approx(1.0)
    clock.now = T0 + 3600
    await fail(throttle, "kim", "10.0.3.2", "Sommer2026!")


# --- the audit's pace ----------------------------------------------------------------------------
async def test_one_audit_entry_per_account_and_address_per_clock_minute(throttle, clock):
    assert await throttle.audit_slot("mette", "10.0.0.1") == "entry"
    clock.now = T0 + 59.999
    assert await throttle.audit_slot("mette", "10.0.0.1") is None
    assert await throttle.audit_slot("mette", "10.0.0.2") == "entry"
    assert await throttle.audit_slot("kim", "10.0.0.1") == "entry"
    clock.now = T0 + 60
    assert await throttle.audit_slot("mette", "10.0.0.1") == "entry"


async def test_a_burst_writes_at_most_sixty_entries_a_minute_and_one_note_that_more_came(throttle, clock):
    slots = [await throttle.audit_slot(f"(ukendt brugernavn){n}", "10.9.9.9") for n in range(AUDIT_MAX_PER_PERIOD + 5)]
    assert slots[:AUDIT_MAX_PER_PERIOD] == ["entry"] * AUDIT_MAX_PER_PERIOD
    assert slots[AUDIT_MAX_PER_PERIOD:] == ["overflow", None, None, None, None]
    clock.now = T0 + 60
    assert await throttle.audit_slot("mette", "10.0.0.1") == "entry"


# --- the stores ----------------------------------------------------------------------------------
async def test_two_replicas_with_one_redis_share_the_counts(redis_server, clock):
    from bot.web.throttle_redis import RedisCounters

    url, prefix = f"redis://127.0.0.1:{redis_server.port}/2", f"test-{uuid.uuid4().hex}:"
    first = LoginThrottle(RedisCounters(url, prefix), SECRET, clock=clock)
    second = LoginThrottle(RedisCounters(url, prefix), SECRET, clock=clock)
    try:
        await fail(first)
        await fail(second)
        await fail(first)
        assert await wait_for(second) == pytest.approx(1.0)
    finally:
        await first.close()
        await second.close()


async def test_redis_holds_no_username_address_or_password_in_clear(redis_server, clock):
    import redis.asyncio

    from bot.web.throttle_redis import RedisCounters

    url, prefix = f"redis://127.0.0.1:{redis_server.port}/2", f"test-{uuid.uuid4().hex}:"
    throttle = LoginThrottle(RedisCounters(url, prefix), SECRET, clock=clock)
    client = redis.asyncio.from_url(url)
    try:
        await fail(throttle, "mette.hansen", "192.0.2.77", "Hemmelig-Sommer-2026")
        await throttle.audit_slot("mette.hansen", "192.0.2.77")
        keys = await client.keys(prefix + "*")
        stored = b" ".join(keys)
        for key in keys:
            if await client.type(key) == b"zset":
                stored += b" ".join(await client.zrange(key, 0, -1))
        assert len(keys) == 5  # user, address, password, the audit's two counters
        for clear in (b"mette", b"192.0.2", b"Hemmelig", b"Sommer"):
            assert clear not in stored
    finally:
        await client.close()
        await throttle.close()


async def test_without_redis_logging_in_goes_on_counted_in_this_process(caplog, clock):
    from bot.web.throttle_redis import RedisCounters
    from tests.web.fake_rasa import free_port

    throttle = LoginThrottle(RedisCounters(f"redis://127.0.0.1:{free_port()}/0"), SECRET, clock=clock)
    try:
        with caplog.at_level(logging.WARNING, logger="bot.web.throttle_redis"):
            for _ in range(3):
                await fail(throttle)
            assert await wait_for(throttle) == pytest.approx(1.0)
            assert await throttle.audit_slot("mette", "10.0.0.1") == "entry"
        warnings = [r for r in caplog.records if "Redis" in r.getMessage()]
        assert len(warnings) == 1  # once, not once per call
    finally:
        await throttle.close()


async def test_the_memory_store_forgets_stale_keys_instead_of_growing(clock):
    counters = MemoryCounters()
    throttle = LoginThrottle(counters, SECRET, clock=clock)
    for n in range(MAX_KEYS // 3 + 10):
        await throttle.attempt(f"bruger{n}", f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", f"kode{n}")
    assert len(counters._sets) > MAX_KEYS
    clock.now += RULES.password_window_s + 1
    await fail(throttle, "mette", "10.200.0.1", "ny")
    assert len(counters._sets) == 3


def test_different_secrets_give_different_keys():
    first, second = LoginThrottle(MemoryCounters(), SECRET), LoginThrottle(MemoryCounters(), "t" * 40)
    assert first._hash("user", "mette") != second._hash("user", "mette")
    assert first._hash("user", "mette") == LoginThrottle(MemoryCounters(), SECRET)._hash("user", "mette")


# --- what the user reads -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.001, "1 sekund"),
        (1, "1 sekund"),
        (1.01, "2 sekunder"),
        (59, "59 sekunder"),
        (59.2, "1 minut"),
        (60, "1 minut"),
        (60.5, "2 minutter"),
        (299, "5 minutter"),
        (3600, "60 minutter"),
    ],
)
def test_the_wait_is_said_in_danish_and_never_shorter_than_it_is(seconds, text):
    assert wait_text(seconds) == text


def test_the_refusal_says_how_long_to_wait():
    assert too_many_message(37) == "For mange mislykkede forsøg på at logge ind. Vent 37 sekunder, og prøv igen."
