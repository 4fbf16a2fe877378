"""Review fixtures: the store's SQLite/PostgreSQL databases and the recorded conversations."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.review.replay import load_recording, shift, store
from bot.store.uow import SqlAlchemyUnitOfWork
from tests.store.conftest import backend, database_url, postgres_server, sqlite_template  # noqa: F401

RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "review"
T0 = 1_763_800_000.0  # 2025-11-22 08:26 UTC: a fixed clock for the replays


@pytest.fixture(scope="session")
def guide_recording() -> dict:
    return load_recording(RECORDINGS / "guide_conversation.json")


@pytest.fixture(scope="session")
def practice_recording() -> dict:
    return load_recording(RECORDINGS / "practice_conversation.json")


def replay(url: str, recording: dict, sender_id: str, start_ts: float = T0, turn_gap_s: float = 110.0) -> None:
    """Store a recording under ``sender_id``, one user message every ``turn_gap_s`` seconds."""
    with SqlAlchemyUnitOfWork(url=url) as uow:
        store(uow.session, sender_id, shift(recording["events"], start_ts, turn_gap_s))
        uow.commit()
