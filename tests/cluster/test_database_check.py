"""The cluster's database check must catch each kind of damage it exists for.

``check_database`` is what the replica and fault tests rely on; here it is fed a consistent
log and then, one at a time, logs with exactly one thing broken.
"""

from __future__ import annotations

import copy

import pytest

import bot.cluster.traffic as traffic
from bot.cluster.traffic import Turn, check_database

SENDER = "mette:abc"
REPLY = "Gemt som aftale 1: Stine sender tre ansøgninger."


def _event(event_id: int, ts: float, type_name: str, **data) -> dict:
    event = {"id": event_id, "timestamp": ts, "type_name": type_name, "data": data}
    if type_name == "action":
        event["action_name"] = data["name"]
    return event


def _good_log() -> list[dict]:
    return [
        _event(1, 1.0, "action", name="action_session_start"),
        _event(2, 1.1, "session_started"),
        _event(3, 1.2, "action", name="action_listen"),
        _event(4, 2.0, "user", text="aftale: Stine sender tre ansøgninger inden fredag"),
        _event(5, 2.1, "action", name="action_record_agreement"),
        _event(6, 2.2, "bot", text=REPLY),
        _event(7, 2.3, "action", name="action_listen"),
    ]


def _agreement(number: int = 1, key: str = "k1", text: str = "Stine sender tre ansøgninger") -> dict:
    return {"id": number, "citizen_id": 7, "number": number, "text": text, "owner": "borger",
            "idempotency_key": key, "created_at": "2026-12-07"}  # fmt: skip


@pytest.fixture
def stored(monkeypatch):
    """What the 'database' holds; tests break one part of it."""
    data = {
        "events": {SENDER: _good_log()},
        "agreements": {SENDER: [_agreement()]},
        "reviews": {SENDER: [{"user_turns": 1, "agreements": 1}]},
    }
    monkeypatch.setattr(traffic, "stored_events", lambda url, senders: data["events"])
    monkeypatch.setattr(traffic, "stored_agreements", lambda url: data["agreements"])
    monkeypatch.setattr(traffic, "review_rows", lambda url: data["reviews"])
    return data


def _sent(ok: bool = True) -> dict[str, list[Turn]]:
    turn = Turn(SENDER, 0, "aftale: Stine sender tre ansøgninger inden fredag", "http://x")
    turn.status, turn.replies = (200, [{"text": REPLY}]) if ok else (None, [])
    return {SENDER: [turn]}


def test_a_consistent_database_has_no_problems(stored):
    assert check_database("db", _sent()) == []


def _break(stored, how) -> list[str]:
    how(stored)
    return check_database("db", _sent())


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: d["events"][SENDER][5].update(timestamp=0.5), "timestamps decrease"),
        (lambda d: d["events"][SENDER][6].update(id=6), "duplicate event ids"),
        (lambda d: d["events"][SENDER].insert(4, _event(9, 1.9, "session_started")), "exactly one session_started"),
        (lambda d: d["events"][SENDER].pop(6), "not followed by action_listen"),
        (lambda d: d["events"][SENDER].pop(4), "has no action after it"),
        (lambda d: d["events"][SENDER][5]["data"].update(text="noget andet"), "differ from the reply"),
        (lambda d: d["events"][SENDER][3]["data"].update(text="en anden besked"), SENDER),
        (lambda d: d["agreements"][SENDER].append(_agreement(2, "k1", "x")), "stored twice"),
        (lambda d: d["agreements"][SENDER].append(_agreement(2, "k2")), "same agreement text is stored twice"),
        (lambda d: d["agreements"].update({SENDER: []}), "told saved [1], stored []"),
        (lambda d: d["agreements"][SENDER].append(_agreement(2, "k2", "y")), "stored but never confirmed"),
        (lambda d: d["agreements"][SENDER][0].update(owner=None), "is incomplete"),
        (lambda d: d["reviews"].update({SENDER: []}), "not in the review index"),
        (lambda d: d["reviews"][SENDER][0].update(user_turns=2), "user turns"),
        (lambda d: d["reviews"][SENDER][0].update(agreements=0), "agreements, plan store has 1"),
        (lambda d: d["agreements"][SENDER][0].update(number=2), "are not 1..1"),
    ],
)
def test_each_kind_of_damage_is_reported(stored, damage, expected):
    problems = _break(stored, damage)
    assert any(expected in problem for problem in problems), problems


def test_agreement_numbers_are_checked_across_senders(stored):
    other = "emil:def"
    stored["events"][other] = copy.deepcopy(stored["events"][SENDER])
    stored["agreements"][other] = [_agreement(1, "k9", "Stine ringer til to firmaer")]
    stored["reviews"][other] = [{"user_turns": 1, "agreements": 1}]
    sent = {**_sent(), other: [copy.deepcopy(_sent()[SENDER][0])]}
    sent[other][0].sender = other
    problems = check_database("db", sent)
    assert any("agreement numbers [1, 1] are not 1..2" in p for p in problems), problems
