"""Queries over the conversation logs, the review index and the audit log.

``SqlAlchemyUnitOfWork`` is the plan store's unit of work plus ``reviews`` (this repository);
everything runs inside its one session.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.review.conversation_review import (
    SMART_PARTS,
    AgreementFacts,
    ConversationReview,
    PlanFacts,
    ScalingFacts,
)
from bot.store.tables.base import utc_now
from bot.store.tables.plan import Agreement, Contract, Conversation, ScalingReading
from bot.store.tables.review import AuditEntry, ReviewedConversation, TrackerEvent
from bot.store.tables.users import WebUser

EVENT_ID = "_event_id"  # the row id, added to each loaded event dict (never stored)


@dataclass(frozen=True)
class ReviewFilter:
    consultant: str | None = None
    mode: str | None = None
    case_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive


class ReviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- events ------------------------------------------------------------------------------
    def events_for(self, sender_id: str) -> list[dict]:
        rows = self.session.execute(
            select(TrackerEvent.id, TrackerEvent.data)
            .where(TrackerEvent.sender_id == sender_id)
            .order_by(TrackerEvent.id)
        ).all()
        events = []
        for row_id, data in rows:
            try:
                event = json.loads(data or "{}")
            except ValueError:
                continue
            if isinstance(event, dict):
                event[EVENT_ID] = row_id
                events.append(event)
        return events

    def delete_events(self, ids: Iterable[int]) -> int:
        ids = list(ids)
        deleted = 0
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            deleted += self.session.execute(delete(TrackerEvent).where(TrackerEvent.id.in_(chunk))).rowcount or 0
        return deleted

    def slot_values(self, slot: str) -> list[tuple[str, dict]]:
        """(sender, value) of every logged setting of ``slot`` to an object, oldest first."""
        query = (
            select(TrackerEvent.sender_id, TrackerEvent.data)
            .where(TrackerEvent.type_name == "slot", TrackerEvent.data.like(f'%"{slot}"%'))
            .order_by(TrackerEvent.id)
        )
        found = []
        for sender_id, data in self.session.execute(query).all():
            try:
                event = json.loads(data or "{}")
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("name") == slot and isinstance(event.get("value"), dict):
                found.append((sender_id, event["value"]))
        return found

    def events_mentioning(self, needle: str) -> Sequence[TrackerEvent]:
        pattern = f"%{needle}%"
        query = select(TrackerEvent).where(func.lower(TrackerEvent.data).like(pattern.lower()))
        return self.session.execute(query).scalars().all()

    # --- plan facts of one guide conversation ------------------------------------------------
    def plan_facts(self, plan_key: str | None) -> PlanFacts:
        if not plan_key:
            return PlanFacts()
        conversation_id = self.session.execute(
            select(Conversation.id).where(Conversation.external_id == plan_key)
        ).scalar_one_or_none()
        if conversation_id is None:
            return PlanFacts()
        agreements = (
            self.session.execute(
                select(Agreement).where(Agreement.conversation_id == conversation_id).order_by(Agreement.number)
            )
            .scalars()
            .all()
        )
        readings = (
            self.session.execute(
                select(ScalingReading)
                .where(ScalingReading.conversation_id == conversation_id)
                .order_by(ScalingReading.created_at, ScalingReading.id)
            )
            .scalars()
            .all()
        )
        contract = self.session.execute(
            select(func.count(Contract.id)).where(Contract.conversation_id == conversation_id)
        ).scalar()
        return PlanFacts(
            agreements=tuple(
                AgreementFacts(
                    text=a.text,
                    smart=all(getattr(a, part) for part in SMART_PARTS),
                    missing=tuple(a.missing or ()),
                    number=a.number,
                    owner=a.owner,
                    deadline=a.deadline.isoformat() if a.deadline else None,
                    status=a.status,
                )
                for a in agreements
            ),
            scaling=tuple(ScalingFacts(r.kind, r.value, r.created_at) for r in readings),
            contract=bool(contract),
        )

    # --- the review index --------------------------------------------------------------------
    def summaries_for(self, sender_id: str) -> Sequence[ReviewedConversation]:
        query = select(ReviewedConversation).where(ReviewedConversation.sender_id == sender_id)
        return self.session.execute(query).scalars().all()

    def save_summaries(self, sender_id: str, reviews: Sequence[ConversationReview]) -> None:
        """Make the index rows of ``sender_id`` match ``reviews`` (insert, update, delete)."""
        existing = {(row.mode, row.start_ts): row for row in self.summaries_for(sender_id)}
        for item in reviews:
            row = existing.pop((item.mode, item.start_ts), None)
            if row is None:
                row = ReviewedConversation(sender_id=sender_id, mode=item.mode, start_ts=item.start_ts)
                self.session.add(row)
            _fill(row, item)
        for stale in existing.values():
            self.session.delete(stale)

    def get(self, review_id: int) -> ReviewedConversation | None:
        return self.session.get(ReviewedConversation, review_id)

    def page(
        self, consultants: set[str] | None, where: ReviewFilter, offset: int, limit: int
    ) -> tuple[Sequence[ReviewedConversation], int]:
        """Newest first; ``consultants`` None means everyone (command line only)."""
        conditions = _conditions(consultants, where)
        total = self.session.execute(select(func.count(ReviewedConversation.id)).where(*conditions)).scalar() or 0
        query = (
            select(ReviewedConversation)
            .where(*conditions)
            .order_by(ReviewedConversation.started_at.desc(), ReviewedConversation.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return self.session.execute(query).scalars().all(), total

    def for_trends(self, consultants: set[str] | None, where: ReviewFilter) -> Sequence[tuple]:
        columns = (
            ReviewedConversation.consultant,
            ReviewedConversation.mode,
            ReviewedConversation.started_at,
            ReviewedConversation.closure_completed,
            ReviewedConversation.timeouts,
            ReviewedConversation.agreements,
            ReviewedConversation.smart_agreements,
            ReviewedConversation.score,
            ReviewedConversation.metrics,
            ReviewedConversation.duration_s,
        )
        query = select(*columns).where(*_conditions(consultants, where)).order_by(ReviewedConversation.started_at)
        return self.session.execute(query).all()

    def consultants(self, consultants: set[str] | None) -> list[str]:
        query = select(ReviewedConversation.consultant).distinct().order_by(ReviewedConversation.consultant)
        if consultants is not None:
            query = query.where(ReviewedConversation.consultant.in_(consultants))
        return list(self.session.execute(query).scalars())

    def with_citizen(self, citizen_ref: str) -> Sequence[ReviewedConversation]:
        query = select(ReviewedConversation).where(func.lower(ReviewedConversation.citizen_ref) == citizen_ref.lower())
        return self.session.execute(query).scalars().all()

    def ended_before(self, ts: float) -> Sequence[ReviewedConversation]:
        return (
            self.session.execute(select(ReviewedConversation).where(ReviewedConversation.end_ts < ts)).scalars().all()
        )

    # --- users and teams -----------------------------------------------------------------------
    def team_members(self, team: str) -> set[str]:
        return set(self.session.execute(select(WebUser.username).where(WebUser.team == team)).scalars())

    # --- audit ---------------------------------------------------------------------------------
    def audit(self, username: str, action: str, conversation_id: int | None = None, detail: str | None = None) -> None:
        self.session.add(
            AuditEntry(
                at=utc_now(),
                username=username[:64],
                action=action,
                conversation_id=conversation_id,
                detail=(detail or None) and detail[:200],
            )
        )

    def audit_entries(self, limit: int = 200, conversation_id: int | None = None) -> Sequence[AuditEntry]:
        query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
        if conversation_id is not None:
            query = query.where(AuditEntry.conversation_id == conversation_id)
        return self.session.execute(query).scalars().all()


def _conditions(consultants: set[str] | None, where: ReviewFilter) -> list:
    conditions = []
    if consultants is not None:
        conditions.append(ReviewedConversation.consultant.in_(sorted(consultants) or [""]))
    if where.consultant:
        conditions.append(ReviewedConversation.consultant == where.consultant)
    if where.mode:
        conditions.append(ReviewedConversation.mode == where.mode)
    if where.case_id:
        conditions.append(ReviewedConversation.case_id == where.case_id)
    if where.since:
        conditions.append(ReviewedConversation.started_at >= where.since)
    if where.until:
        conditions.append(ReviewedConversation.started_at < where.until)
    return conditions


def _fill(row: ReviewedConversation, item: ConversationReview) -> None:
    row.end_ts = item.end_ts
    row.plan_key = item.plan_key
    row.consultant = item.consultant
    row.citizen_ref = (item.citizen_ref or None) and str(item.citizen_ref)[:40]
    row.case_id = item.case_id
    row.topic = (item.topic or None) and str(item.topic)[:80]
    row.booked_min = item.booked_min
    row.started_at = item.started_at
    row.duration_s = item.duration_s
    row.user_turns = item.user_turns
    row.steps_visited = list(item.steps_visited)
    row.timeouts = len(item.timeouts)
    row.ended = item.ended
    row.closure_completed = item.closure_completed
    row.agreements = len(item.agreements)
    row.smart_agreements = sum(1 for a in item.agreements if a.smart)
    row.score = item.score
    row.metrics = item.metric_summary()
    row.updated_at = utc_now()
