"""Conversations sent to the cluster from threads, and the database checked against what was sent.

``run_conversations`` plays one script per sender, all senders at once (one thread each),
each message to the address ``route(sender, index)`` picks — so the messages of one
conversation can alternate between the Rasa replicas. ``check_database`` then reads
PostgreSQL directly and lists every way the stored log, the plan store or the review index
disagrees with what the consultants were told; an empty list means all is well.
"""

from __future__ import annotations

import functools
import json
import re
import secrets
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from bot.core.sender import format_sender
from bot.keys import rest_headers

SAVED = re.compile(r"Gemt som aftale (\d+)|Den aftale har jeg allerede som nr\. (\d+)")  # new, or already saved


@dataclass
class Turn:
    sender: str
    index: int
    message: str
    url: str
    status: int | None = None  # HTTP status; None when no answer came at all
    replies: list[dict] = field(default_factory=list)
    error_code: str | None = None  # the guide channel's {"error": {"code"}}, or "no_answer"
    upstream: str | None = None  # the server that answered (the balancer's X-Upstream header)
    started: float = 0.0
    seconds: float = 0.0

    @property
    def texts(self) -> list[str]:
        return [r["text"] for r in self.replies if isinstance(r.get("text"), str)]

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def saved_agreement(self) -> bool:
        return self.ok and any(SAVED.search(text) for text in self.texts)

    def stored(self) -> bool | None:
        """Whether the turn must be in the log (True), must not be (False), or either (None)."""
        if self.ok or self.error_code == "actions_unavailable":
            return True  # Rasa saved the turn; only the custom action failed
        if self.error_code == "conversation_log_unavailable":
            return False  # read or save failed: one transaction, nothing written
        return None


def send(url: str, sender: str, message: str, index: int = 0, timeout_s: float = 120) -> Turn:
    turn = Turn(sender, index, message, url, started=time.time())
    began = time.monotonic()
    try:
        answer = requests.post(
            url, json={"sender": sender, "message": message}, headers=rest_headers(), timeout=timeout_s
        )
        turn.status = answer.status_code
        turn.upstream = answer.headers.get("X-Upstream")
        try:
            body = answer.json()
        except ValueError:
            body = []
        turn.replies = [r for r in body if isinstance(r, dict)] if isinstance(body, list) else []
        errors = [
            r["custom"]["error"] for r in turn.replies if isinstance(r.get("custom"), dict) and "error" in r["custom"]
        ]
        if errors:
            turn.error_code = errors[0].get("code")
        elif not turn.ok:
            turn.error_code = f"http_{turn.status}"
    except requests.RequestException as error:
        turn.error_code = f"no_answer:{type(error).__name__}"
    turn.seconds = round(time.monotonic() - began, 3)
    return turn


CONSULTANT, TEAM = "klynge", "Nord"  # the konsulent every scripted conversation acts for


def ensure_consultant(database_url: str) -> str:
    """The konsulent ``CONSULTANT`` in ``database_url`` (plans are used by users only, bot.users.access).

    Created once, with a random password nobody knows: the scripts act for them through the
    REST token, as the web cockpit does for its users.
    """
    from bot.users.accounts import create_user, find_user

    if find_user(CONSULTANT, url=database_url) is None:
        create_user(CONSULTANT, "konsulent", secrets.token_urlsafe(24), team=TEAM, url=database_url)
    return CONSULTANT


def new_sender(prefix: str = "klynge") -> str:
    """A new cockpit conversation of ``CONSULTANT``: ``klynge:<prefix>-<8 hex digits>``."""
    return format_sender(CONSULTANT, f"{prefix}-{uuid.uuid4().hex[:8]}")


def agreement_script(citizen: str) -> list[str]:
    """A guide conversation with a contract, two agreements (each confirmed twice) and a reading."""
    return [
        f"ny samtale med {citizen} om brancheskift 30 min",
        "kontrakt: vi taler om brancheskift, målet er en plan for ugen, vi gør det ved at gennemgå jobloggen",
        f"aftale: {citizen} sender tre ansøgninger inden fredag",
        "ja",
        "ja",
        "vigtighed 4 fordi hun savner kollegaer",
        "næste trin",
        f"aftale: {citizen} ringer til to vikarbureauer om 14 dage",
        "ja",
        "ja",
        "hvor er vi?",
        "afslut samtalen",
    ]


Route = Callable[[str, int], str]


def alternate(urls: list[str], offset: int = 0) -> Route:
    """Message i of a conversation goes to ``urls[(i + offset) % len(urls)]``."""
    return lambda _sender, index: urls[(index + offset) % len(urls)]


def run_conversations(
    scripts: dict[str, list[str]], route: Route, stop: threading.Event | None = None, pause_s: float = 0.0
) -> dict[str, list[Turn]]:
    """Every script in its own thread, its messages in order; returns the turns per sender."""

    def play(sender: str) -> list[Turn]:
        turns = []
        for index, message in enumerate(scripts[sender]):
            if stop is not None and stop.is_set():
                break
            turns.append(send(route(sender, index), sender, message, index))
            if pause_s:
                time.sleep(pause_s)
        return turns

    with ThreadPoolExecutor(max_workers=max(1, len(scripts))) as pool:
        futures = {sender: pool.submit(play, sender) for sender in scripts}
        return {sender: future.result() for sender, future in futures.items()}


# --- the database, read directly ------------------------------------------------------------------
def _rows(database_url: str, sql: str, **params) -> list[dict]:
    from sqlalchemy import bindparam, text

    from bot.store.engine import get_engine

    statement = text(sql)
    expanding = [bindparam(name, expanding=True) for name, value in params.items() if isinstance(value, (list, tuple))]
    if expanding:
        statement = statement.bindparams(*expanding)
    with get_engine(database_url).connect() as connection:
        return [dict(row._mapping) for row in connection.execute(statement, params)]


def stored_events(database_url: str, senders: list[str]) -> dict[str, list[dict]]:
    rows = (
        _rows(
            database_url,
            "SELECT id, sender_id, type_name, timestamp, action_name, data FROM events "
            "WHERE sender_id IN :senders ORDER BY id",
            senders=list(senders),
        )
        if senders
        else []
    )
    events: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        row["data"] = json.loads(row["data"])
        events[row["sender_id"]].append(row)
    return events


def stored_agreements(database_url: str) -> dict[str, list[dict]]:
    rows = _rows(
        database_url,
        "SELECT c.external_id AS sender, a.id, a.number, a.text, a.owner, a.action, a.idempotency_key, "
        "a.created_at, a.citizen_id, ci.ref AS citizen FROM agreement a "
        "JOIN conversation c ON c.id = a.conversation_id JOIN citizen ci ON ci.id = a.citizen_id ORDER BY a.id",
    )
    agreements: dict[str, list[dict]] = defaultdict(list)
    for row in rows:  # the plan store's conversation id is "<sender>:<start>" (actions.base.conversation_key)
        agreements[row["sender"].rsplit(":", 1)[0]].append(row)
    return agreements


def review_rows(database_url: str) -> dict[str, list[dict]]:
    rows = _rows(database_url, "SELECT sender_id, citizen_ref, user_turns, agreements, ended FROM review_conversation")
    by_sender: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_sender[row["sender_id"]].append(row)
    return by_sender


def _match_user_messages(sender: str, turns: list[Turn], stored: list[str]) -> tuple[list[str], dict[int, int]]:
    """Every turn that must be stored is, once and in order; nothing is stored that was not sent.

    Turns whose fate is unknown (``Turn.stored() is None``) may or may not be in the log; the
    alignment tries both. Returns the problems and, for each matched turn (by its position in
    ``turns``), the position of its user message among the stored ones.
    """

    @functools.cache
    def align(i: int, j: int) -> tuple[tuple[int, int], ...] | None:
        if i == len(turns):
            return () if j == len(stored) else None
        must = turns[i].stored()
        if must is not False and j < len(stored) and stored[j] == turns[i].message:
            rest = align(i + 1, j + 1)
            if rest is not None:
                return ((i, j), *rest)
        if must is not True:
            return align(i + 1, j)
        return None

    alignment = align(0, 0)
    if alignment is not None:
        return [], dict(alignment)
    sent = [t.message for t in turns]
    return [
        f"{sender}: the log's user messages do not match what was sent and answered: log {stored}, sent {sent}, "
        f"answered {[t.status for t in turns]}"
    ], {}


def acknowledged_numbers(turns: list[Turn]) -> set[int]:
    """The agreement numbers the consultant was told were saved."""
    return {int(a or b) for t in turns if t.ok for text in t.texts for a, b in SAVED.findall(text)}


def unconfirmed_agreements(database_url: str, conversations: dict[str, list[Turn]]) -> dict[str, list[dict]]:
    """Agreements saved whose confirmation never reached the consultant (a reply cut off by a fault)."""
    stored = stored_agreements(database_url)
    return {
        sender: missed
        for sender, turns in conversations.items()
        if (missed := [a for a in stored.get(sender, []) if a["number"] not in acknowledged_numbers(turns)])
    }


def check_database(database_url: str, conversations: dict[str, list[Turn]]) -> list[str]:
    """Everything that disagrees between the database and ``conversations``; [] when all is well.

    ``conversations`` holds every request sent, failed ones included, in order per sender.
    """
    problems: list[str] = []
    events = stored_events(database_url, list(conversations))
    agreements = stored_agreements(database_url)
    reviews = review_rows(database_url)
    for sender, turns in conversations.items():
        log, saved = events.get(sender, []), agreements.get(sender, [])
        problems += _log_problems(sender, turns, log)
        problems += _agreement_problems(sender, turns, saved)
        problems += _index_problems(sender, log, saved, reviews.get(sender, []))
    return problems + _numbering_problems([a for sender in conversations for a in agreements.get(sender, [])])


def _log_problems(sender: str, turns: list[Turn], log: list[dict]) -> list[str]:
    """The log is ordered, has one session, the messages sent, and each turn's actions and replies."""
    problems: list[str] = []
    ids, stamps = [e["id"] for e in log], [e["timestamp"] for e in log]
    if any(b < a for a, b in zip(stamps, stamps[1:])):
        problems.append(f"{sender}: event timestamps decrease somewhere in id order")
    if len(set(ids)) != len(ids):
        problems.append(f"{sender}: duplicate event ids")
    if [e["type_name"] for e in log].count("session_started") != 1:
        problems.append(f"{sender}: expected exactly one session_started")
    user_positions = [i for i, e in enumerate(log) if e["type_name"] == "user"]
    stored_texts = [log[i]["data"].get("text") for i in user_positions]
    mismatches, matched = _match_user_messages(sender, turns, stored_texts)
    problems += mismatches
    uttered_after: list[list[str]] = []
    for n, start in enumerate(user_positions):
        end = user_positions[n + 1] if n + 1 < len(user_positions) else len(log)
        between = log[start + 1 : end]
        problems += _turn_problems(sender, n, stored_texts[n], between)
        uttered_after.append(
            [e["data"].get("text") for e in between if e["type_name"] == "bot" and e["data"].get("text")]
        )
    for number, position in matched.items():
        if turns[number].ok and uttered_after[position] != turns[number].texts:
            problems.append(
                f"{sender}: stored bot texts for message {turns[number].index} differ from the reply: "
                f"{uttered_after[position]} != {turns[number].texts}"
            )
    return problems


def _turn_problems(sender: str, n: int, text: str | None, between: list[dict]) -> list[str]:
    """Each user message is followed by its actions, ending in action_listen, before the next one."""
    actions = [e["action_name"] for e in between if e["type_name"] == "action"]
    problems = []
    if not [a for a in actions if a != "action_listen"]:
        problems.append(f"{sender}: user message {n} {text!r} has no action after it")
    if not actions or actions[-1] != "action_listen":
        problems.append(f"{sender}: user message {n} {text!r} is not followed by action_listen")
    return problems


def _agreement_problems(sender: str, turns: list[Turn], saved: list[dict]) -> list[str]:
    """Each agreement once, complete, and exactly those the consultant was told were saved."""
    problems: list[str] = []
    if any(count > 1 for count in Counter(a["idempotency_key"] for a in saved).values()):
        problems.append(f"{sender}: an agreement is stored twice")
    texts = Counter(a["text"] for a in saved)
    if any(count > 1 for count in texts.values()):
        problems.append(f"{sender}: the same agreement text is stored twice: {texts}")
    told, stored_numbers = acknowledged_numbers(turns), {a["number"] for a in saved}
    if told - stored_numbers:
        problems.append(f"{sender}: agreements told saved {sorted(told)}, stored {sorted(stored_numbers)}")
    if stored_numbers - told and all(t.ok for t in turns):
        # Saved but never confirmed is possible only when a reply was cut off (see unconfirmed_agreements).
        problems.append(f"{sender}: agreements {sorted(stored_numbers - told)} stored but never confirmed")
    for agreement in saved:
        if not (agreement["text"] and agreement["owner"] and agreement["idempotency_key"] and agreement["created_at"]):
            problems.append(f"{sender}: agreement {agreement['id']} is incomplete: {agreement}")
    return problems


def _index_problems(sender: str, log: list[dict], saved: list[dict], rows: list[dict]) -> list[str]:
    """The review index has the conversation, with the stored turns and agreements."""
    if not rows:
        return [f"{sender}: not in the review index"]
    problems = []
    user_turns = sum(1 for e in log if e["type_name"] == "user")
    if sum(r["user_turns"] for r in rows) != user_turns:
        problems.append(
            f"{sender}: review index counts {[r['user_turns'] for r in rows]} user turns, log has {user_turns}"
        )
    if sum(r["agreements"] for r in rows) != len(saved):
        problems.append(
            f"{sender}: review index counts {[r['agreements'] for r in rows]} agreements, plan store has {len(saved)}"
        )
    return problems


def _numbering_problems(agreements: list[dict]) -> list[str]:
    """Agreement numbers per citizen: 1..n, each once, even with conversations on different replicas."""
    by_citizen: dict[int, list[int]] = defaultdict(list)
    for agreement in agreements:
        by_citizen[agreement["citizen_id"]].append(agreement["number"])
    return [
        f"citizen {citizen}: agreement numbers {sorted(numbers)} are not 1..{len(numbers)}"
        for citizen, numbers in by_citizen.items()
        if sorted(numbers) != list(range(1, len(numbers) + 1))
    ]
