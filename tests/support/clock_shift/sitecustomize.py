"""Test support: moves a server process's wall clock forward by the seconds in a file.

A 30-minute conversation through the real servers cannot wait 30 minutes. The guide's clock is
the conversation's own event timestamps, which Rasa takes from ``time.time()``; with this
directory on ``PYTHONPATH`` and ``SAMTALEGUIDE_TEST_CLOCK_FILE`` naming a file, a test writes how
many seconds to add (e.g. 960 for "16 minutes later") and the servers' clocks move on. Only
tests use it (tests/support/servers.py); nothing in the product reads the variable.
"""

import os
import time as _time

_PATH = os.environ.get("SAMTALEGUIDE_TEST_CLOCK_FILE")

if _PATH:
    _real_time, _monotonic = _time.time, _time.monotonic
    _state = {"read_at": float("-inf"), "offset": 0.0}

    def _offset() -> float:
        now = _monotonic()
        if now - _state["read_at"] > 0.1:  # re-read at most ten times a second
            try:
                with open(_PATH, encoding="utf-8") as handle:
                    _state["offset"] = float(handle.read().strip() or 0)
            except (OSError, ValueError):
                pass
            _state["read_at"] = now
        return _state["offset"]

    def _shifted_time() -> float:
        return _real_time() + _offset()

    _time.time = _shifted_time
