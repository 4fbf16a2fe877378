"""The login throttle on its own, with a clock the test moves."""

from __future__ import annotations

from bot.web.throttle import LOGIN_FAILURES_ALLOWED, LOGIN_WINDOW_S, LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_block_the_key_until_the_oldest_is_ten_minutes_old():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(LOGIN_FAILURES_ALLOWED):
        assert not throttle.blocked("127.0.0.1|mette")
        throttle.failed("127.0.0.1|mette")
        clock.now += 1
    assert throttle.blocked("127.0.0.1|mette")
    assert not throttle.blocked("127.0.0.1|kim")  # another key is not affected
    clock.now += LOGIN_WINDOW_S - LOGIN_FAILURES_ALLOWED + 1  # the first failure is now too old
    assert not throttle.blocked("127.0.0.1|mette")


def test_a_successful_login_forgets_the_failures():
    throttle = LoginThrottle(clock=Clock())
    for _ in range(LOGIN_FAILURES_ALLOWED - 1):
        throttle.failed("k")
    throttle.succeeded("k")
    throttle.failed("k")
    assert not throttle.blocked("k")
