"""The conversation log never fails silently: transient errors are retried, the rest raise with a reason.

Regression tests for what the fault scenarios found (issue 7): Rasa wraps every tracker store in
a ``FailSafeTrackerStore`` that logs an error and carries on with an in-memory tracker, so a
turn was acknowledged to the consultant and then lost (and a failed read started the
conversation afresh). ``bot.rasa.channel.fail_loudly`` turns that fallback off.
"""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

import bot.rasa.tracker_store as tracker_store_module
from bot.rasa.channel import fail_loudly
from bot.rasa.tracker_store import ConversationLogError, RedactingSQLTrackerStore
from bot.settings import PROJECT_ROOT
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from tests.review.conftest import T0


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.fixture
def sqlite_urls(tmp_path):
    path = tmp_path / "log.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    dispose_engines()
    yield url, f"sqlite:///file:{path}?mode=ro&uri=true"
    dispose_engines()


def _tracker(domain: Domain, sender: str = "mette:1") -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(UserUttered("næste trin", {"name": "next_step", "confidence": 1.0}, timestamp=T0))
    tracker.update(ActionExecuted("action_next_step", timestamp=T0 + 0.1))
    return tracker


def _operational(message: str) -> OperationalError:
    return OperationalError("SELECT ...", {}, Exception(message))


async def test_a_read_only_database_raises_a_clear_error(domain, sqlite_urls, caplog):
    _, read_only = sqlite_urls
    store = RedactingSQLTrackerStore(domain=domain, url=read_only)
    with caplog.at_level(logging.ERROR, logger="bot.rasa.tracker_store"), pytest.raises(ConversationLogError) as raised:
        await store.save(_tracker(domain))
    assert raised.value.kind == "read_only"
    assert "conversation log save failed for 'mette:1': database is read-only" in caplog.text


async def test_rasas_fail_safe_wrapper_would_swallow_it_and_fail_loudly_stops_that(domain, sqlite_urls):
    _, read_only = sqlite_urls
    wrapped = FailSafeTrackerStore(RedactingSQLTrackerStore(domain=domain, url=read_only))
    await wrapped.save(_tracker(domain))  # Rasa's default: logged, kept in memory, acknowledged
    assert await wrapped.fallback_tracker_store.retrieve("mette:1") is not None

    agent = SimpleNamespace(tracker_store=FailSafeTrackerStore(RedactingSQLTrackerStore(domain=domain, url=read_only)))
    fail_loudly(agent)
    with pytest.raises(ConversationLogError):
        await agent.tracker_store.save(_tracker(domain))


async def test_a_failed_read_no_longer_starts_the_conversation_afresh(domain, sqlite_urls, monkeypatch):
    url, _ = sqlite_urls
    agent = SimpleNamespace(tracker_store=FailSafeTrackerStore(RedactingSQLTrackerStore(domain=domain, url=url)))

    async def broken(self, sender_id):
        raise _operational("disk I/O error")

    monkeypatch.setattr(SQLTrackerStore, "retrieve", broken)
    assert await agent.tracker_store.retrieve("mette:1") is None  # Rasa's default: "no such conversation"
    fail_loudly(agent)
    with pytest.raises(ConversationLogError) as raised:
        await agent.tracker_store.get_or_create_tracker("mette:1")
    assert raised.value.kind == "disk"


async def test_an_unreachable_database_is_retried_and_the_save_lands_once(domain, sqlite_urls, monkeypatch, caplog):
    url, _ = sqlite_urls
    store = RedactingSQLTrackerStore(domain=domain, url=url)
    original, calls = RedactingSQLTrackerStore._write, []

    def flaky(self, tracker):
        calls.append(1)
        if len(calls) <= 2:
            raise _operational("server closed the connection unexpectedly")
        original(self, tracker)

    monkeypatch.setattr(RedactingSQLTrackerStore, "_write", flaky)
    with caplog.at_level(logging.WARNING, logger="bot.rasa.tracker_store"):
        await store.save(_tracker(domain))
        await store.save(_tracker(domain))  # saving the same tracker again adds nothing
    assert caplog.text.count("database unreachable; retrying") == 2
    stored = await RedactingSQLTrackerStore(domain=domain, url=url).retrieve("mette:1")
    assert [e.as_dict()["event"] for e in stored.events] == ["user", "action"]


async def test_an_unreachable_database_gives_up_after_the_window(domain, sqlite_urls, monkeypatch):
    url, _ = sqlite_urls
    monkeypatch.setattr(tracker_store_module, "RECONNECT_WINDOW_S", 0.0)
    store = RedactingSQLTrackerStore(domain=domain, url=url)

    def down(self, tracker):
        raise _operational("could not connect to server: Connection refused")

    monkeypatch.setattr(RedactingSQLTrackerStore, "_write", down)
    with pytest.raises(ConversationLogError) as raised:
        await store.save(_tracker(domain))
    assert raised.value.kind == "unreachable"


def test_the_store_keeps_retrieve_and_save_async():
    # Rasa awaits both; a sync override would silently return a coroutine-less value.
    assert asyncio.iscoroutinefunction(RedactingSQLTrackerStore.retrieve)
    assert asyncio.iscoroutinefunction(RedactingSQLTrackerStore.save)


async def test_a_connection_lost_while_indexing_retries_the_whole_save(domain, sqlite_urls, monkeypatch, caplog):
    """Found by ``postgres-crash``: the review refresh swallowed the dead connection and the commit then failed."""
    from sqlalchemy import text

    import bot.review.service as review_service
    from bot.store.engine import get_engine

    url, _ = sqlite_urls
    original, calls = review_service.refresh_sender, []

    def flaky(session, sender_id, *rest):
        calls.append(1)
        if len(calls) == 1:
            raise _operational("server closed the connection unexpectedly")
        return original(session, sender_id, *rest)

    monkeypatch.setattr(review_service, "refresh_sender", flaky)
    with caplog.at_level(logging.WARNING, logger="bot.rasa.tracker_store"):
        await RedactingSQLTrackerStore(domain=domain, url=url).save(_tracker(domain))
    assert "could not update the review index" not in caplog.text and "retrying" in caplog.text
    with get_engine(url).connect() as connection:
        events = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = 'mette:1'")).scalar()
        reviews = connection.execute(
            text("SELECT count(*) FROM review_conversation WHERE sender_id = 'mette:1'")
        ).scalar()
    assert (events, reviews, len(calls)) == (2, 1, 2)
