"""Use cases of the review: keep the index current, list, open, trend, delete and purge.

Who may see what: a consultant or trainee sees their own conversations; a supervisor sees
their own and those of every user in the same team (``web_user.team``). Opening a
conversation is written to the audit log; so are uploads, exports and deletions.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.citizen_ref import citizen_key
from bot.review.conversation_review import (
    ConversationReview,
    LoggedConversation,
    practice_state,
    review,
    sent_feedback,
    split_conversations,
)
from bot.store.repositories.review import EVENT_ID, ReviewFilter, ReviewRepository
from bot.store.tables.plan import Agreement, Citizen, Contract, Conversation, JobPlanEntry, Note, ScalingReading
from bot.store.tables.review import ReviewedConversation
from bot.store.tables.users import WebConversation
from bot.store.uow import SqlAlchemyUnitOfWork

DELETED_CITIZEN = "[slettet borger]"


def _bulk_delete(model):
    # Rows are deleted in the database only; nothing loaded in the session needs updating.
    return sql_delete(model).execution_options(synchronize_session=False)


PAGE_SIZE = 25


@dataclass(frozen=True)
class Viewer:
    username: str
    role: str
    team: str | None = None

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


class ReviewAccessError(LookupError):
    """The conversation does not exist, or this viewer may not see it (the same answer for both)."""


# --- keeping the index current ---------------------------------------------------------------------
def reviews_from_events(repo: ReviewRepository, sender_id: str, events: list[dict]) -> list[ConversationReview]:
    return [review(log, repo.plan_facts(log.plan_key)) for log in split_conversations(sender_id, events)]


def refresh_sender(session: Session, sender_id: str, events: list[dict] | None = None) -> None:
    """Rebuild the index rows of one sender from its stored events (inside the caller's transaction).

    ``events``: the sender's stored events when the caller already has them (the tracker store
    keeps them between saves); otherwise they are read.
    """
    repo = ReviewRepository(session)
    events = repo.events_for(sender_id) if events is None else events
    repo.save_summaries(sender_id, reviews_from_events(repo, sender_id, events))


def reindex(url: str | None = None) -> int:
    """Rebuild the whole index from the events (after a restore, or an index lost to an error)."""
    with SqlAlchemyUnitOfWork(url=url) as uow:
        from bot.store.tables.review import TrackerEvent

        senders = list(uow.session.execute(select(TrackerEvent.sender_id).distinct()).scalars())
        for sender_id in senders:
            refresh_sender(uow.session, sender_id)
        uow.commit()
        return len(senders)


# --- who sees what -----------------------------------------------------------------------------
def visible_consultants(repo: ReviewRepository, viewer: Viewer) -> set[str]:
    if viewer.is_supervisor and viewer.team:
        return repo.team_members(viewer.team) | {viewer.username}
    return {viewer.username}


@dataclass(frozen=True)
class ConversationSummary:
    """One row of the review index, detached from the session."""

    id: int
    sender_id: str
    mode: str
    consultant: str
    citizen_ref: str | None
    case_id: str | None
    topic: str | None
    booked_min: int | None
    started_at: datetime
    duration_s: int
    user_turns: int
    steps_visited: tuple[int, ...]
    timeouts: int
    ended: bool
    closure_completed: bool
    agreements: int
    smart_agreements: int
    score: int | None
    metrics: dict

    @classmethod
    def of(cls, row: ReviewedConversation) -> ConversationSummary:
        return cls(
            row.id,
            row.sender_id,
            row.mode,
            row.consultant,
            row.citizen_ref,
            row.case_id,
            row.topic,
            row.booked_min,
            row.started_at,
            row.duration_s,
            row.user_turns,
            tuple(row.steps_visited or ()),
            row.timeouts,
            bool(row.ended),
            bool(row.closure_completed),
            row.agreements,
            row.smart_agreements,
            row.score,
            dict(row.metrics or {}),
        )


@dataclass(frozen=True)
class ReviewPage:
    rows: Sequence[ConversationSummary]
    total: int
    page: int
    pages: int
    consultants: list[str]


def list_conversations(
    viewer: Viewer, where: ReviewFilter, page: int = 1, page_size: int = PAGE_SIZE, url: str | None = None
) -> ReviewPage:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        visible = visible_consultants(uow.reviews, viewer)
        page = max(1, page)
        rows, total = uow.reviews.page(visible, where, (page - 1) * page_size, page_size)
        pages = max(1, -(-total // page_size))
        summaries = [ConversationSummary.of(row) for row in rows]
        return ReviewPage(summaries, total, page, pages, uow.reviews.consultants(visible))


@dataclass(frozen=True)
class OpenedConversation:
    summary: ConversationSummary
    review: ConversationReview


def open_conversation(viewer: Viewer, review_id: int, url: str | None = None) -> OpenedConversation:
    """The full review of one conversation the viewer may see; the opening is audited.

    Three steps, so no transaction is open while the review is computed: read the row, the
    log and the plan; compute (for a practice left without feedback this runs the coder,
    which loads spaCy and trains on first use); then audit in a short write of its own. On
    SQLite every unit of work takes the write lock, and Rasa's saves would wait for it.
    """
    with SqlAlchemyUnitOfWork(url=url) as uow:
        row = uow.reviews.get(review_id)
        if row is None or row.consultant not in visible_consultants(uow.reviews, viewer):
            raise ReviewAccessError(review_id)
        summary, log = ConversationSummary.of(row), _segment_of(uow.reviews, row)
        if log is None:
            raise ReviewAccessError(review_id)
        plan = uow.reviews.plan_facts(log.plan_key)
    computed = review(log, plan, _late_feedback(log))
    with SqlAlchemyUnitOfWork(url=url) as uow:
        uow.reviews.audit(viewer.username, "open", review_id)
        uow.commit()
    return OpenedConversation(summary, computed)


def _segment_of(repo: ReviewRepository, row: ReviewedConversation) -> LoggedConversation | None:
    for log in split_conversations(row.sender_id, repo.events_for(row.sender_id)):
        if log.mode == row.mode and log.start_ts == row.start_ts:
            return log
    return None


def _late_feedback(log: LoggedConversation) -> dict | None:
    """Feedback for a practice the trainee left without ending it (the coder runs here, not in Rasa)."""
    state = practice_state(log) if log.mode == "practice" else None
    if state is None or sent_feedback(log) is not None or not state.get("history"):
        return None
    from bot.practice.feedback import practice_feedback

    try:
        feedback = practice_feedback(state)["feedback"]
    except (KeyError, TypeError, ValueError):  # a state from an older simulator version
        return None
    return {**feedback, "computed_afterwards": True}


def record_audit(viewer: Viewer, action: str, detail: str | None = None, url: str | None = None) -> None:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        uow.reviews.audit(viewer.username, action, None, detail)
        uow.commit()


# --- team trends -------------------------------------------------------------------------------
TREND_COLUMNS = (  # id, Danish label, how a week's value is formed
    ("conversations", "Samtaler"),
    ("closure_rate", "Afslutningsrate"),
    ("timeouts_per_conversation", "Timeouts pr. samtale"),
    ("smart_share", "Andel SMART-aftaler"),
    ("practice_score", "Øvelsesscore"),
    ("reflection_question_ratio", "Refleksioner pr. spørgsmål"),
    ("open_question_share", "Andel åbne spørgsmål"),
)


@dataclass
class TrendPoint:
    week: date  # Monday
    conversations: int = 0
    closed: int = 0
    timeouts: int = 0
    agreements: int = 0
    smart: int = 0
    scores: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    open_shares: list[float] = field(default_factory=list)

    def values(self) -> dict[str, float | None]:
        def mean(values: list[float]) -> float | None:
            return round(sum(values) / len(values), 3) if values else None

        return {
            "conversations": self.conversations,
            "closure_rate": round(self.closed / self.conversations, 3) if self.conversations else None,
            "timeouts_per_conversation": round(self.timeouts / self.conversations, 3) if self.conversations else None,
            "smart_share": round(self.smart / self.agreements, 3) if self.agreements else None,
            "practice_score": mean(self.scores),
            "reflection_question_ratio": mean(self.ratios),
            "open_question_share": mean(self.open_shares),
        }


@dataclass(frozen=True)
class TeamTrends:
    weeks: list[date]
    by_consultant: dict[str, dict[date, dict[str, float | None]]]

    def series(self, consultant: str, column: str) -> list[float | None]:
        points = self.by_consultant.get(consultant, {})
        return [points.get(week, {}).get(column) for week in self.weeks]


def _monday(moment: datetime) -> date:
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def _metric_value(metrics: dict, metric_id: str) -> float | None:
    value = (metrics or {}).get(metric_id, {}).get("value")
    return float(value) if isinstance(value, (int, float)) else None


def team_trends(viewer: Viewer, where: ReviewFilter, url: str | None = None) -> TeamTrends:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        rows = uow.reviews.for_trends(visible_consultants(uow.reviews, viewer), where)
    points: dict[str, dict[date, TrendPoint]] = {}
    for consultant, mode, started_at, closed, timeouts, agreements, smart, score, metrics, _duration in rows:
        week = _monday(started_at)
        point = points.setdefault(consultant, {}).setdefault(week, TrendPoint(week))
        point.conversations += 1
        point.closed += int(bool(closed))
        point.timeouts += timeouts or 0
        point.agreements += agreements or 0
        point.smart += smart or 0
        if mode == "practice":
            if score is not None:
                point.scores.append(score)
            for metric_id, target in (
                ("reflection_question_ratio", point.ratios),
                ("open_question_share", point.open_shares),
            ):
                value = _metric_value(metrics, metric_id)
                if value is not None:
                    target.append(value)
    weeks = sorted({week for by_week in points.values() for week in by_week})
    return TeamTrends(weeks, {c: {w: p.values() for w, p in by_week.items()} for c, by_week in sorted(points.items())})


def trends_csv_rows(trends: TeamTrends) -> list[list[str]]:
    header = ["konsulent", "uge (mandag)"] + [label for _, label in TREND_COLUMNS]
    rows = [header]
    for consultant, by_week in trends.by_consultant.items():
        for week in sorted(by_week):
            values = by_week[week]
            rows.append(
                [consultant, week.isoformat()]
                + [
                    "" if values[column] is None else str(values[column]).replace(".", ",")
                    for column, _ in TREND_COLUMNS
                ]
            )
    return rows


# --- retention and deletion -----------------------------------------------------------------------
@dataclass
class DeletionReport:
    conversation_logs: int = 0
    events: int = 0
    mentions_scrubbed: int = 0
    web_conversations: int = 0
    plan_rows: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        lines = [
            f"Samtalelogs slettet: {self.conversation_logs} ({self.events} hændelser)",
            f"Omtaler i andre logs erstattet med {DELETED_CITIZEN}: {self.mentions_scrubbed}",
            f"Samtaler i webcockpittet slettet: {self.web_conversations}",
        ]
        for table, label in PLAN_TABLE_LABELS:
            lines.append(f"{label}: {self.plan_rows.get(table, 0)}")
        return lines


PLAN_TABLE_LABELS = (
    ("citizen", "Borgere i planlageret slettet"),
    ("conversation", "Samtaler i planlageret slettet"),
    ("contract", "Kontrakter slettet"),
    ("agreement", "Aftaler slettet"),
    ("scaling_reading", "Skalasvar slettet"),
    ("job_plan_entry", "ABC-jobs slettet"),
    ("note", "Noter slettet"),
)


def _delete_logs(repo: ReviewRepository, rows: Sequence[ReviewedConversation], report: DeletionReport) -> None:
    by_sender: dict[str, list[ReviewedConversation]] = {}
    for row in rows:
        by_sender.setdefault(row.sender_id, []).append(row)
    for sender_id, sender_rows in by_sender.items():
        wanted = {(row.mode, row.start_ts) for row in sender_rows}
        logs = split_conversations(sender_id, repo.events_for(sender_id))
        ids = [e[EVENT_ID] for log in logs if (log.mode, log.start_ts) in wanted for e in log.events]
        report.events += repo.delete_events(ids)
        for row in sender_rows:
            repo.session.delete(row)
        report.conversation_logs += len(sender_rows)
        repo.session.flush()
        refresh_sender(repo.session, sender_id)


def _delete_plan_citizen(session: Session, citizen: Citizen, report: DeletionReport) -> None:
    for table, model in (
        ("contract", Contract),
        ("agreement", Agreement),
        ("scaling_reading", ScalingReading),
        ("job_plan_entry", JobPlanEntry),
        ("note", Note),
    ):
        if model is Contract:
            condition = Contract.conversation_id.in_(
                select(Conversation.id).where(Conversation.citizen_id == citizen.id)
            )
        else:
            condition = model.citizen_id == citizen.id
        count = session.execute(_bulk_delete(model).where(condition)).rowcount or 0
        report.plan_rows[table] = report.plan_rows.get(table, 0) + count
    count = session.execute(_bulk_delete(Conversation).where(Conversation.citizen_id == citizen.id)).rowcount or 0
    report.plan_rows["conversation"] = report.plan_rows.get("conversation", 0) + count
    session.execute(_bulk_delete(Citizen).where(Citizen.id == citizen.id))
    report.plan_rows["citizen"] = report.plan_rows.get("citizen", 0) + 1


def _replace_everywhere(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(DELETED_CITIZEN, value)
    if isinstance(value, dict):
        return {key: _replace_everywhere(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_everywhere(item, pattern) for item in value]
    return value


def _scrub_mentions(repo: ReviewRepository, citizen_ref: str) -> int:
    """Replace the reference wherever else it was typed (another conversation's "vis plan for B-12")."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(citizen_ref)}(?![\w-])", re.IGNORECASE)
    escaped = json.dumps(citizen_ref)[1:-1]  # Rasa writes JSON with \uXXXX escapes for æ, ø, å
    scrubbed, senders = 0, set()
    for event in {e.id: e for needle in {citizen_ref, escaped} for e in repo.events_mentioning(needle)}.values():
        data = json.loads(event.data or "{}")
        cleaned = _replace_everywhere(data, pattern)
        if cleaned != data:
            event.data = json.dumps(cleaned, ensure_ascii=False)
            scrubbed += 1
            senders.add(event.sender_id)
    repo.session.flush()
    for sender_id in senders:
        refresh_sender(repo.session, sender_id)
    return scrubbed


def delete_citizen(citizen_ref: str, by: str, url: str | None = None) -> DeletionReport:
    """Everything about one citizen reference: plan, conversation logs, mentions, cockpit conversations."""
    citizen_ref = " ".join((citizen_ref or "").split())
    if not citizen_ref:
        raise ValueError("Skriv den borgerreference, der skal slettes.")
    report = DeletionReport()
    with SqlAlchemyUnitOfWork(url=url) as uow:
        _delete_logs(uow.reviews, uow.reviews.with_citizen(citizen_ref), report)
        report.mentions_scrubbed = _scrub_mentions(uow.reviews, citizen_ref)
        report.web_conversations = (
            uow.session.execute(
                _bulk_delete(WebConversation).where(func.lower(WebConversation.citizen_ref) == citizen_ref.lower())
            ).rowcount
            or 0
        )
        citizen = uow.session.execute(
            select(Citizen).where(Citizen.ref_key == citizen_key(citizen_ref))
        ).scalar_one_or_none()
        if citizen is not None:
            _delete_plan_citizen(uow.session, citizen, report)
        uow.reviews.audit(
            by,
            "delete_citizen",
            None,
            f"{report.conversation_logs} samtalelogs, {sum(report.plan_rows.values())} planrækker",
        )
        uow.commit()
    return report


@dataclass
class PurgeReport(DeletionReport):
    cutoff: datetime | None = None


def purge_older_than(days: int, by: str, url: str | None = None, now: Callable[[], float] = time.time) -> PurgeReport:
    """Conversation logs that ended more than ``days`` ago, and plans of citizens not seen since."""
    if days < 1:
        raise ValueError("Antal dage skal være mindst 1.")
    cutoff_ts = now() - days * 86400
    report = PurgeReport(cutoff=datetime.fromtimestamp(cutoff_ts, UTC))
    with SqlAlchemyUnitOfWork(url=url) as uow:
        _delete_logs(uow.reviews, uow.reviews.ended_before(cutoff_ts), report)
        latest = (
            select(Conversation.citizen_id, func.max(Conversation.started_at).label("last"))
            .group_by(Conversation.citizen_id)
            .subquery()
        )
        stale = (
            uow.session.execute(
                select(Citizen)
                .outerjoin(latest, latest.c.citizen_id == Citizen.id)
                .where(func.coalesce(latest.c.last, Citizen.created_at) < report.cutoff)
            )
            .scalars()
            .all()
        )
        for citizen in stale:
            report.web_conversations += (
                uow.session.execute(
                    _bulk_delete(WebConversation).where(func.lower(WebConversation.citizen_ref) == citizen.ref.lower())
                ).rowcount
                or 0
            )
            _delete_plan_citizen(uow.session, citizen, report)
        uow.reviews.audit(by, "purge", None, f"ældre end {days} dage: {report.conversation_logs} samtalelogs")
        uow.commit()
    return report
