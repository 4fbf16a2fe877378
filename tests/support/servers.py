"""The real guide servers for end-to-end tests, with a clock the test can move forward."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from bot.processes import free_port, start_guide_servers, stop_all, write_endpoints
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade

SUPPORT = Path(__file__).resolve().parent
CLOCK_SHIFT = SUPPORT / "clock_shift"


@dataclass
class ShiftedClock:
    """How far the servers' clocks are ahead of the real one (read by clock_shift/sitecustomize.py)."""

    path: Path
    seconds: float = 0.0

    def advance(self, minutes: float) -> None:
        self.seconds += minutes * 60
        self.path.write_text(str(self.seconds), encoding="utf-8")
        time.sleep(0.25)  # the servers re-read the file at most ten times a second


@dataclass
class GuideServers:
    rasa_url: str
    action_url: str
    db_url: str
    env: dict
    clock: ShiftedClock
    processes: list

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def stop(self) -> None:
        stop_all(self.processes)


def start_shifted_servers(model: Path, tmp: Path) -> GuideServers:
    db_url = f"sqlite:///{tmp / 'guide.db'}"
    upgrade(db_url)
    dispose_engines()
    clock = ShiftedClock(tmp / "clock-offset")
    clock.path.write_text("0", encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(CLOCK_SHIFT), os.environ.get("PYTHONPATH")])),
        "SAMTALEGUIDE_TEST_CLOCK_FILE": str(clock.path),
    }
    action_port, rasa_port = free_port(), free_port()
    processes = start_guide_servers(
        model, action_port, rasa_port, write_endpoints(action_port, tmp / "endpoints.yml"), env
    )
    return GuideServers(
        f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", db_url, env, clock, processes
    )
