"""Shared fixtures: the real Rasa domain, a builder for rasa-sdk trackers, a real redis-server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
T0 = 1_700_000_000.0  # a fixed conversation start, in seconds since the epoch


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(PROJECT_ROOT / "domain.yml")).as_dict()


def user_event(text: str, intent: str, at: float, **extra: Any) -> dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [], **extra}
    return {"event": "user", "timestamp": at, "text": text, "parse_data": parse}


def make_tracker(
    turns: list[tuple[str, str, float]],
    slots: dict[str, Any] | None = None,
    extra_events: list[dict[str, Any]] | None = None,
    **latest_extra: Any,
):
    """A tracker whose history is ``turns`` (text, intent, minutes after T0), latest last."""
    from rasa_sdk import Tracker

    events = [{"event": "session_started", "timestamp": T0 - 1}]
    events += extra_events or []
    events += [user_event(text, intent, T0 + minutes * 60) for text, intent, minutes in turns]
    latest = dict(events[-1]["parse_data"]) if turns else {}
    latest.update(latest_extra)
    return Tracker(
        sender_id="test-konsulent",
        slots=dict(slots or {}),
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def tracker_factory():
    return make_tracker


@pytest.fixture(scope="module")
def redis_server():
    """A real ``redis-server`` on a free port (``make redis`` installs it); fails, never skips."""
    from bot.cluster.services import RedisServer, ServiceError

    server = RedisServer.create()
    try:
        server.start()
    except ServiceError as error:
        pytest.fail(f"redis-server could not start: {error}")
    try:
        yield server
    finally:
        server.remove()
