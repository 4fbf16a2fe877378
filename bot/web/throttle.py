"""The login throttle: a few failed logins per address and username, then a pause.

In memory, per process: five failures within ten minutes for one ``<address>|<username>``
key block that key until the oldest failure is ten minutes old; a successful login clears
it. The login route only asks ``blocked``, and reports ``failed`` or ``succeeded``.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable

LOGIN_FAILURES_ALLOWED, LOGIN_WINDOW_S = 5, 600
MAX_KEYS = 10_000  # past this many keys, the stale ones are forgotten rather than grow without bound


class LoginThrottle:
    def __init__(
        self,
        allowed: int = LOGIN_FAILURES_ALLOWED,
        window_s: float = LOGIN_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.allowed = allowed
        self.window_s = window_s
        self._clock = clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)

    def blocked(self, key: str) -> bool:
        """Whether ``key`` has used up its failures within the window."""
        now = self._clock()
        if len(self._failures) > MAX_KEYS:
            for stale in [k for k, v in self._failures.items() if not v or now - v[-1] > self.window_s]:
                del self._failures[stale]
        failures = self._failures[key]
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return len(failures) >= self.allowed

    def failed(self, key: str) -> None:
        self._failures[key].append(self._clock())

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
