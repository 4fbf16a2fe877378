"""Puts logged conversations into the tracker store, the way the Rasa server does.

The recorded files in ``tests/data/review/`` hold the events of real conversations with the
whole stack (``{"sender_id", "events"}``, or just the list of event dicts). ``replay`` gives
them a new sender id (``<username>:<conversation id>``, as the web cockpit sends), moves
their clock to a chosen start and spreads the turns out (``bot.review.replay.shift``: the
recording took a few seconds), replays what the plan actions saved into the plan store, and
saves the events through Rasa's tracker store (``RedactingSQLTrackerStore``), which redacts
them and keeps the review index current.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RECORDED = PROJECT_ROOT / "tests" / "data" / "review"
GUIDE_RECORDING = "guide_conversation"
PRACTICE_RECORDING = "practice_conversation"


@lru_cache(maxsize=1)
def domain():
    from rasa.shared.core.domain import Domain

    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


def recorded_events(name: str) -> list[dict]:
    from bot.review.replay import load_recording

    recording = load_recording(RECORDED / f"{name}.json")
    return list(recording["events"] if isinstance(recording, dict) else recording)


def new_sender(username: str) -> str:
    return f"{username}:{uuid.uuid4().hex}"


# --- the plan store, as the plan actions filled it ------------------------------------------------
class _EventClock:
    def __init__(self) -> None:
        self.ts = 0.0

    def __call__(self) -> datetime:
        return datetime.fromtimestamp(self.ts, UTC)


def _answers(slot_value: Any):
    from bot.plan.agreements import AgreementAnswers

    fields = ("action", "measure", "deadline", "accepted", "realistic")
    return AgreementAnswers(**{k: v for k, v in (slot_value or {}).items() if k in fields})


def replay_plan(db_url: str, sender_id: str, events: list[dict]) -> None:
    """Repeat the plan actions of a recorded guide conversation against ``db_url``'s plan store."""
    from bot.plan.service import PlanService
    from bot.store.uow import SqlAlchemyUnitOfWork

    clock = _EventClock()
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=db_url), clock=clock)
    slots: dict[str, Any] = {}
    user_text, key = "", None
    for event in events:
        clock.ts = event.get("timestamp") or clock.ts
        kind, name = event.get("event"), event.get("name")
        if kind == "user":
            user_text = event.get("text") or ""
        elif kind == "slot" and event.get("value") is not None:
            slots[name] = event["value"]
        elif kind == "action":
            if key is None and slots.get("guide_started_at"):  # the start action has set its slots
                key = _start_plan_conversation(service, sender_id, slots)
            if key is not None:
                _replay_action(service, key, name, user_text, slots, clock)


def _start_plan_conversation(service, sender_id: str, slots: dict) -> str | None:
    """The plan conversation, as the start action records it; None where the policy allows no plan
    (an elev's guide conversation runs without one, as in the product)."""
    from bot.plan.errors import PlanError

    key = f"{sender_id}:{int(slots['guide_started_at'])}"  # actions.base.conversation_key
    started = datetime.fromtimestamp(slots["guide_started_at"], UTC)
    try:
        _start(service, key, sender_id, slots, started)
    except PlanError:
        return None
    return key


def _start(service, key: str, sender_id: str, slots: dict, started: datetime) -> None:
    service.start_conversation(
        key,
        sender_id.split(":")[0],
        slots["citizen_ref"],
        slots.get("topic"),
        int(slots.get("booked_min") or 45),
        started,
    )


def _replay_action(service, key: str, action: str, text: str, slots: dict, clock: _EventClock) -> None:
    if action == "action_record_contract":
        service.record_contract(key, text)
    elif action == "action_record_scaling":
        service.record_scaling(key, text)
    elif action == "action_record_job":
        service.record_job(key, text)
    elif action in ("action_agreement_done", "action_save_agreement_anyway"):
        service.record_agreement(
            key,
            slots["agreement_text"],
            answers=_answers(slots.get("agreement_answers")),
            save_anyway=action == "action_save_agreement_anyway",
        )
    elif action == "action_end_conversation":
        service.end_conversation(key, clock())


# --- saving through Rasa's tracker store -----------------------------------------------------------
def _run(coroutine: Coroutine) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as pool:  # called from an async test: its loop is busy
        return pool.submit(asyncio.run, coroutine).result()


def store_events(db_url: str, sender_id: str, events: list[dict]) -> None:
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa.tracker_store import RedactingSQLTrackerStore

    tracker = DialogueStateTracker.from_dict(sender_id, events, domain().slots)
    _run(RedactingSQLTrackerStore(domain=domain(), url=db_url).save(tracker))


def replay(
    db_url: str, name: str, username: str, start: datetime, seconds_per_turn: float = 90, with_plan: bool = True
) -> str:
    """Store a recorded conversation as ``username``'s, started at ``start``; returns the sender id."""
    from bot.review.replay import shift

    sender_id = new_sender(username)
    events = shift(recorded_events(name), start.timestamp(), seconds_per_turn)
    if with_plan and any(e.get("name") == "guide_started_at" for e in events):
        replay_plan(db_url, sender_id, events)
    store_events(db_url, sender_id, events)
    return sender_id


def review_id(db_url: str, sender_id: str) -> int:
    """The review index id of the (first) conversation of ``sender_id``."""
    from sqlalchemy import select

    from bot.store.tables.review import ReviewedConversation
    from bot.store.uow import SqlAlchemyUnitOfWork

    with SqlAlchemyUnitOfWork(url=db_url) as uow:
        query = select(ReviewedConversation.id).where(ReviewedConversation.sender_id == sender_id)
        return uow.session.execute(query.order_by(ReviewedConversation.start_ts)).scalars().first()
