"""The redacting SQL tracker store: personal data never reaches the database, on either backend."""

from __future__ import annotations

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from bot.rasa.tracker_store import RedactingSQLTrackerStore
from bot.settings import PROJECT_ROOT
from bot.store.engine import get_engine
from bot.store.uow import SqlAlchemyUnitOfWork
from tests.review.conftest import T0

PERSONAL = ("010190-1234", "0101901234", "22 33 44 55", "22334455", "stine.b@example.dk")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def _tracker(domain: Domain, sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(
        UserUttered(
            "ny samtale med B-7 om brancheskift 30 min", {"name": "start_conversation", "confidence": 1.0}, timestamp=T0
        )
    )
    tracker.update(ActionExecuted("action_start_conversation", timestamp=T0 + 0.1))
    tracker.update(
        BotUttered(
            "Ny samtale med B-7", data={"custom": {"guide": {"step": 2, "tool": "forberedelse"}}}, timestamp=T0 + 0.2
        )
    )
    tracker.update(SlotSet("guide_started_at", T0, timestamp=T0 + 0.2))
    tracker.update(SlotSet("citizen_ref", "B-7", timestamp=T0 + 0.2))
    tracker.update(
        UserUttered(
            "cpr 010190-1234 og 0101901234, tlf 22 33 44 55 / 22334455, stine.b@example.dk",
            {"name": "bad_input", "confidence": 1.0},
            timestamp=T0 + 60,
        )
    )
    tracker.update(BotUttered("Det ligner et CPR-nummer.", timestamp=T0 + 61))
    return tracker


def _database_text(url: str) -> str:
    """Every row of every table, as text, read straight from the database."""
    engine = get_engine(url)
    with engine.connect() as connection:
        if url.startswith("sqlite"):
            tables = [r[0] for r in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        else:
            tables = [
                r[0] for r in connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))
            ]
        return "\n".join(str(row) for table in tables for row in connection.execute(text(f'SELECT * FROM "{table}"')))


async def test_saved_events_are_redacted_and_indexed(database_url, domain):
    store = RedactingSQLTrackerStore(domain=domain, url=database_url)
    tracker = _tracker(domain, "mette:1")
    await store.save(tracker)

    stored = _database_text(database_url)
    assert not [p for p in PERSONAL if p in stored]
    assert "[CPR-nummer]" in stored and "[telefonnummer]" in stored and "[e-mail]" in stored
    retrieved = await store.retrieve("mette:1")
    assert retrieved.get_slot("citizen_ref") == "B-7" and len(retrieved.events) == len(tracker.events)
    with SqlAlchemyUnitOfWork(url=database_url) as uow:
        [row] = uow.reviews.summaries_for("mette:1")
        assert (row.mode, row.consultant, row.citizen_ref, row.user_turns) == ("guide", "mette", "B-7", 2)


async def test_a_second_save_adds_only_the_new_events(database_url, domain):
    store = RedactingSQLTrackerStore(domain=domain, url=database_url)
    tracker = _tracker(domain, "mette:2")
    await store.save(tracker)
    tracker.update(UserUttered("timeout", {"name": "tool_timeout", "confidence": 1.0}, timestamp=T0 + 900))
    tracker.update(
        BotUttered("Timeout", data={"custom": {"guide": {"step": 6, "tool": "timeout"}}}, timestamp=T0 + 901)
    )
    await store.save(tracker)
    with SqlAlchemyUnitOfWork(url=database_url) as uow:
        events = uow.reviews.events_for("mette:2")
        [row] = uow.reviews.summaries_for("mette:2")
        assert row.timeouts == 1 and row.steps_visited == [2, 6]
    assert len(events) == len(tracker.events)
    assert [e["event"] for e in events][-2:] == ["user", "bot"]


def test_sqlite_database_file_holds_no_personal_data(tmp_path, domain):
    """The issue's check, literally: read the SQLite file's bytes (and its WAL) after a save."""
    import asyncio

    from bot.store.engine import dispose_engines
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'logs.db'}"
    upgrade(url)
    asyncio.run(RedactingSQLTrackerStore(domain=domain, url=url).save(_tracker(domain, "mette:3")))
    dispose_engines()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("logs.db*"))
    assert b"[e-mail]" in raw
    assert not [p for p in PERSONAL if p.encode() in raw]


def test_missing_tables_are_migrated_outside_production(tmp_path, domain):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    RedactingSQLTrackerStore(domain=domain, url=url)
    with get_engine(url).connect() as connection:
        names = {r[0] for r in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    assert {"events", "review_conversation", "agreement", "web_user"} <= names


async def test_a_replica_never_serves_a_tracker_another_replica_has_moved_on(database_url, domain):
    """Two stores on one database (two Rasa replicas): each keeps its last tracker between turns,
    but reads again as soon as the other one has written."""
    first, second = (RedactingSQLTrackerStore(domain=domain, url=database_url) for _ in range(2))
    tracker = _tracker(domain, "mette:4")
    await first.save(tracker)
    assert await first.retrieve("mette:4") is tracker  # nothing else wrote: the saved tracker is reused

    elsewhere = await second.retrieve("mette:4")
    assert elsewhere is not tracker and len(elsewhere.events) == len(tracker.events)
    elsewhere.update(UserUttered("timeout", {"name": "tool_timeout", "confidence": 1.0}, timestamp=T0 + 900))
    elsewhere.update(BotUttered("Timeout", data={"custom": {"guide": {"step": 6}}}, timestamp=T0 + 901))
    await second.save(elsewhere)

    again = await first.retrieve("mette:4")
    assert again is not tracker and len(again.events) == len(tracker.events) + 2
    again.update(UserUttered("afslutning", {"name": "ask_step", "confidence": 1.0}, timestamp=T0 + 1800))
    again.update(BotUttered("Afslutning", data={"custom": {"guide": {"step": 9}}}, timestamp=T0 + 1801))
    await first.save(again)
    with SqlAlchemyUnitOfWork(url=database_url) as uow:
        texts = [e.get("text") for e in uow.reviews.events_for("mette:4") if e["event"] == "user"]
        [row] = uow.reviews.summaries_for("mette:4")
        assert row.user_turns == 4
    assert texts[-2:] == ["timeout", "afslutning"]


async def test_a_turn_that_failed_before_its_save_is_not_served_again(database_url, domain):
    store = RedactingSQLTrackerStore(domain=domain, url=database_url)
    tracker = _tracker(domain, "mette:5")
    await store.save(tracker)
    tracker.update(UserUttered("halvt", {"name": "greet", "confidence": 1.0}, timestamp=T0 + 100))  # never saved
    fresh = await store.retrieve("mette:5")
    assert fresh is not tracker and [e.text for e in fresh.events if hasattr(e, "text")][-1] != "halvt"
