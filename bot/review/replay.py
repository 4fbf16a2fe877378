"""Replaying recorded conversation logs: test fixtures and the review benchmark's data.

A recording (``python -m bot review record``) is ``{"sender_id", "events"}`` with Rasa event
dicts. ``shift`` moves it to another sender and start time, optionally stretching its clock
(a scripted conversation takes seconds; a real one most of an hour); ``store`` writes the
events as the tracker store would and brings the review index up to date.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bot.core.personal_data import redact_value
from bot.store.tables.review import TrackerEvent

CLOCK_SLOTS = ("guide_started_at", "last_timeout_at")  # slots whose values are timestamps too


def load_recording(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def shift(events: Iterable[dict], start_ts: float, turn_gap_s: float | None = None) -> list[dict]:
    """A copy that starts at ``start_ts``; with ``turn_gap_s``, each user message comes that long
    after the one before, and what follows it (actions, replies) keeps its small offset."""
    events = [copy.deepcopy(e) for e in events]
    stamps = [e["timestamp"] for e in events if isinstance(e.get("timestamp"), (int, float))]
    if not stamps:
        return events
    origin, turn, turn_origin = min(stamps), -1, min(stamps)
    moves: dict[float, float] = {}
    for event in events:
        ts = event.get("timestamp")
        if not isinstance(ts, (int, float)):
            continue
        if turn_gap_s is None:
            moved = start_ts + ts - origin
        else:
            if event.get("event") == "user":
                turn, turn_origin = turn + 1, ts
            moved = start_ts + max(turn, 0) * turn_gap_s + (ts - turn_origin)
        moves[ts] = moved
        event["timestamp"] = moved
    for event in events:  # clock slots hold the timestamp of an event in the log
        if (
            event.get("event") == "slot"
            and event.get("name") in CLOCK_SLOTS
            and isinstance(event.get("value"), (int, float))
        ):
            event["value"] = moves.get(event["value"], start_ts + event["value"] - origin)
    return events


def store(session: Session, sender_id: str, events: Iterable[dict], refresh: bool = True) -> int:
    """Insert ``events`` for ``sender_id`` (redacted, as the tracker store does); returns how many."""
    rows = []
    for event in events:
        data = redact_value(event)
        rows.append(
            {
                "sender_id": sender_id,
                "type_name": data.get("event") or "",
                "timestamp": data.get("timestamp"),
                "intent_name": ((data.get("parse_data") or {}).get("intent") or {}).get("name"),
                "action_name": data.get("name"),
                "data": json.dumps(data, ensure_ascii=False),
            }
        )
    if rows:
        session.execute(insert(TrackerEvent), rows)
    if refresh:
        from bot.review.service import refresh_sender

        refresh_sender(session, sender_id)
    return len(rows)
