"""Rasa's SQL tracker store on the plan store's database, with personal data redacted.

Configured in ``endpoints.yml``::

    tracker_store:
      type: bot.rasa.tracker_store.RedactingSQLTrackerStore

The database is ``DATABASE_URL`` from ``bot.settings`` (an SQLite file by default), the same
one the plan store uses; a ``url`` in endpoints.yml overrides it. The engine is the project's
(WAL and a busy timeout on SQLite, ``pool_pre_ping`` on PostgreSQL), and the ``events`` table
comes from the Alembic migrations. Every event is redacted (``bot.core.personal_data``) before it is
written, and the review index rows of the sender are rebuilt in the same transaction, so a
supervisor's list is never ahead of or behind the log.

Failures are never silent. A database that cannot be reached (PostgreSQL restarting) is
retried for up to ``RECONNECT_WINDOW_S`` (a retried save is idempotent: Rasa writes only the
events the database does not have yet); any other failure, or one that outlasts the window,
is logged with its reason and raised as ``ConversationLogError``. Rasa wraps every tracker
store in a ``FailSafeTrackerStore`` that would swallow it and carry on with an in-memory
tracker of this replica alone — acknowledged turns that are then lost, and a conversation
that forks between replicas; the guide's REST channel (``bot.rasa.channel``) turns that fallback
off and answers the consultant in Danish instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.personal_data import redact_value
from bot.core.sender import sender_problem
from bot.store.failures import LOG_REASONS, failure_kind, is_transient

log = logging.getLogger(__name__)

CONNECT_ATTEMPTS = 30  # a PostgreSQL that is still starting gets about a minute
CACHED_SENDERS = 500  # trackers kept between turns (a few hundred KB each at most)
RECONNECT_WINDOW_S = 15.0  # how long a read or save keeps retrying an unreachable database


class SchemaMissing(RuntimeError):
    pass


class ConversationLogError(RuntimeError):
    """The conversation log could not be read or saved; ``kind`` is a ``bot.store.failures`` kind."""

    def __init__(self, operation: str, sender_id: str, error: BaseException) -> None:
        self.kind = failure_kind(error)
        self.operation = operation
        super().__init__(
            f"conversation log {operation} failed for {sender_id!r}: {LOG_REASONS[self.kind]} "
            f"({getattr(error, 'orig', None) or error})"
        )


def _refuse_unusable(sender_id: str) -> None:
    """A second line behind the REST channel: a sender id with a CPR number is never stored."""
    problem = sender_problem(sender_id)
    if problem:
        raise ValueError(f"unusable sender id refused by the conversation log: {problem}")


@dataclass
class _Known:
    """What this process knows of a sender's log after handing out or saving its tracker."""

    tracker: DialogueStateTracker
    stored: int  # how many of tracker.events are in the database
    last_id: int  # the sender's newest event id in the database
    events: list[dict] | None  # all of the sender's stored events, parsed (None: not read yet)


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self, domain=None, host: str | None = None, event_broker=None, url: str | None = None, **kwargs: Any
    ) -> None:
        # SQLTrackerStore.__init__ would build a second engine and create tables behind Alembic's back.
        TrackerStore.__init__(self, domain, event_broker, **kwargs)
        from bot.settings import get_settings
        from bot.store.engine import get_engine

        self.url = url or (host if host and "://" in host else None) or get_settings().database_url
        self.engine = get_engine(self.url)
        self._check_schema()
        self.sessionmaker = sessionmaker(bind=self.engine, future=True)
        self._known: OrderedDict[str, _Known] = OrderedDict()  # per sender, see _retrieve_current

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """Rasa's scope minus its PostgreSQL-schema check: that check treats ANY ValueError raised
        inside (a lone surrogate in a sender id is a UnicodeEncodeError) as a missing schema and
        calls sys.exit, so one request could stop the server. Here the error reaches the caller."""
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.close()

    def _check_schema(self) -> None:
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                tables = set(inspect(self.engine).get_table_names())
                break
            except OperationalError as error:
                if attempt == CONNECT_ATTEMPTS - 1:
                    raise
                log.warning("database not reachable yet (%s); retrying", error)
                time.sleep(2)
        if not {"events", "review_conversation"} <= tables:
            from bot.settings import get_settings

            if get_settings().production:
                raise SchemaMissing("The conversation log tables are missing: run `python -m bot db upgrade` first.")
            from bot.store.migrate import upgrade

            upgrade(self.url)

    async def _reconnecting(self, operation: str, sender_id: str, call):
        """Await ``call()``, retrying an unreachable database; anything else raises a clear error."""
        deadline = time.monotonic() + RECONNECT_WINDOW_S
        delay = 0.2
        while True:
            try:
                return await call()
            except SQLAlchemyError as error:
                kind = failure_kind(error)
                if is_transient(kind) and time.monotonic() + delay < deadline:
                    log.warning("conversation log %s for %r: %s; retrying", operation, sender_id, LOG_REASONS[kind])
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 2.0)
                    continue
                failure = ConversationLogError(operation, sender_id, error)
                log.error("%s", failure)
                raise failure from error

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        _refuse_unusable(sender_id)
        return await self._reconnecting("read", sender_id, lambda: self._retrieve_current(sender_id))

    async def _retrieve_current(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker this process saved last, if nothing has been stored for the sender since; else a fresh read.

        Rebuilding a tracker replays every event of the session (tens of milliseconds in a long
        conversation), and Rasa's way of finding the unsaved events counts the session's rows
        with their data; both on every message, twice. Rasa's lock store lets one request per
        sender in at a time, so the tracker saved at the end of one turn is the one the next
        turn needs — unless another replica handled a turn in between (the sender's newest event
        id has moved) or a turn failed before its save (the tracker holds unsaved events): then
        it is read again.
        """
        with self.session_scope() as session:
            last_id = self._last_event_id(session, sender_id)
        known = self._known.get(sender_id)
        if known is not None and known.last_id == last_id and known.stored == len(known.tracker.events):
            self._known.move_to_end(sender_id)
            return known.tracker
        self._known.pop(sender_id, None)
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._remember(_Known(tracker, len(tracker.events), last_id, None))
        return tracker

    def _last_event_id(self, session, sender_id: str) -> int:
        # Answered from the sender_id index alone: cheap however long the conversation is.
        query = select(func.max(self.SQLEvent.id)).where(self.SQLEvent.sender_id == sender_id)
        return session.execute(query).scalar() or 0

    def _remember(self, known: _Known) -> None:
        sender_id = known.tracker.sender_id
        self._known[sender_id] = known
        self._known.move_to_end(sender_id)
        while len(self._known) > CACHED_SENDERS:
            self._known.popitem(last=False)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self._reconnecting(
            "read",
            conversation_id,
            lambda: super(RedactingSQLTrackerStore, self).retrieve_full_tracker(conversation_id),
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        _refuse_unusable(tracker.sender_id)
        await self.stream_events(tracker)

        async def write() -> None:
            self._write(tracker)

        await self._reconnecting("save", tracker.sender_id, write)

    def _write(self, tracker: DialogueStateTracker) -> None:
        """One transaction: the events the database does not have yet, and the sender's review row."""
        sender_id = tracker.sender_id
        try:
            with self.session_scope() as session:
                last_id = self._last_event_id(session, sender_id)
                known = self._known.get(sender_id)
                current = known is not None and known.tracker is tracker and known.last_id == last_id
                events = tracker.events if current else None
                unsaved = list(events)[known.stored :] if current else self._additional_events(session, tracker)
                new = [redact_value(event.as_dict()) for event in unsaved]
                rows = [self._row(sender_id, data) for data in new]
                session.add_all(rows)
                session.flush()
                newest = max([last_id] + [row.id for row in rows])
                stored = known.events + new if current and known.events is not None else None
                if stored is None:
                    from bot.store.repositories.review import ReviewRepository

                    stored = ReviewRepository(session).events_for(sender_id)
                if any(data.get("event") != "user" for data in new):  # a turn's user message alone changes little
                    self._refresh_review(session, sender_id, stored)
                session.commit()
        except BaseException:
            self._known.pop(sender_id, None)
            raise
        self._remember(_Known(tracker, len(tracker.events), newest, stored))

    def _row(self, sender_id: str, data: dict):
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=data.get("event"),
            timestamp=data.get("timestamp"),
            intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    @staticmethod
    def _refresh_review(session, sender_id: str, stored: list[dict]) -> None:
        from bot.review.service import refresh_sender

        try:
            with session.begin_nested():
                refresh_sender(session, sender_id, stored)
        except Exception as error:  # noqa: BLE001 - the log must be saved even if its review cannot be; reindex repairs it
            if is_transient(failure_kind(error)):
                raise  # the connection is gone, not the index: the whole save is retried
            log.exception("could not update the review index for %s", sender_id)
