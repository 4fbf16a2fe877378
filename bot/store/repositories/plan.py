"""Repositories: the only code that writes queries. Each works inside the caller's session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core.citizen_ref import citizen_key
from bot.store.tables.plan import (
    Agreement,
    Citizen,
    Contract,
    Conversation,
    JobPlanEntry,
    Note,
    ScalingReading,
    utc_now,
)


class _Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row) -> None:
        self.session.add(row)


class CitizenRepository(_Repository):
    def get(self, ref: str, team: str = "") -> Citizen | None:
        """The citizen ``ref`` of ``team`` (a reference is unique within a team only)."""
        query = select(Citizen).where(Citizen.team == team, Citizen.ref_key == citizen_key(ref))
        return self.session.execute(query).scalar_one_or_none()

    def in_every_team(self, ref: str) -> Sequence[Citizen]:
        """Every team's citizen with this reference (for the operator's deletion and export)."""
        query = select(Citizen).where(Citizen.ref_key == citizen_key(ref)).order_by(Citizen.team)
        return self.session.execute(query).scalars().all()

    def create(self, ref: str, created_at: datetime | None = None, team: str = "") -> Citizen:
        citizen = Citizen(
            ref=" ".join(ref.split()), ref_key=citizen_key(ref), created_at=created_at or utc_now(), team=team
        )
        self.session.add(citizen)
        self.session.flush()
        return citizen

    def lock(self, citizen: Citizen) -> Citizen:
        """Serialise writers that number things per citizen (a no-op on SQLite, which
        already holds the write lock from BEGIN IMMEDIATE)."""
        return self.session.execute(select(Citizen).where(Citizen.id == citizen.id).with_for_update()).scalar_one()


class ConversationRepository(_Repository):
    def by_external_id(self, external_id: str) -> Conversation | None:
        query = select(Conversation).where(Conversation.external_id == external_id)
        return self.session.execute(query).scalar_one_or_none()

    def last_number(self, citizen_id: int) -> int:
        query = select(func.max(Conversation.number_in_course)).where(Conversation.citizen_id == citizen_id)
        return self.session.execute(query).scalar() or 0

    def previous(self, conversation: Conversation) -> Conversation | None:
        query = (
            select(Conversation)
            .where(Conversation.citizen_id == conversation.citizen_id, Conversation.id != conversation.id)
            .where(Conversation.started_at <= conversation.started_at)
            .order_by(Conversation.started_at.desc(), Conversation.id.desc())
            .limit(1)
        )
        return self.session.execute(query).scalar_one_or_none()

    def for_citizen(self, citizen_id: int) -> Sequence[Conversation]:
        query = (
            select(Conversation)
            .where(Conversation.citizen_id == citizen_id)
            .order_by(Conversation.started_at, Conversation.id)
        )
        return self.session.execute(query).scalars().all()


class ContractRepository(_Repository):
    def for_conversation(self, conversation_id: int) -> Contract | None:
        query = select(Contract).where(Contract.conversation_id == conversation_id)
        return self.session.execute(query).scalar_one_or_none()

    def for_citizen(self, citizen_id: int) -> Sequence[Contract]:
        query = (
            select(Contract)
            .join(Conversation, Contract.conversation_id == Conversation.id)
            .where(Conversation.citizen_id == citizen_id)
            .order_by(Conversation.started_at, Contract.id)
        )
        return self.session.execute(query).scalars().all()

    def latest_before(self, conversation: Conversation) -> Contract | None:
        query = (
            select(Contract)
            .join(Conversation, Contract.conversation_id == Conversation.id)
            .where(Conversation.citizen_id == conversation.citizen_id, Conversation.id != conversation.id)
            .order_by(Conversation.started_at.desc(), Contract.id.desc())
            .limit(1)
        )
        return self.session.execute(query).scalar_one_or_none()


class AgreementRepository(_Repository):
    def by_idempotency_key(self, key: str) -> Agreement | None:
        return self.session.execute(select(Agreement).where(Agreement.idempotency_key == key)).scalar_one_or_none()

    def next_number(self, citizen_id: int) -> int:
        query = select(func.max(Agreement.number)).where(Agreement.citizen_id == citizen_id)
        return (self.session.execute(query).scalar() or 0) + 1

    def by_number(self, citizen_id: int, number: int) -> Agreement | None:
        query = select(Agreement).where(Agreement.citizen_id == citizen_id, Agreement.number == number)
        return self.session.execute(query).scalar_one_or_none()

    def for_citizen(self, citizen_id: int, status: str | None = None) -> Sequence[Agreement]:
        query = select(Agreement).where(Agreement.citizen_id == citizen_id)
        if status is not None:
            query = query.where(Agreement.status == status)
        return self.session.execute(query.order_by(Agreement.number)).scalars().all()

    def for_conversation(self, conversation_id: int) -> Sequence[Agreement]:
        query = select(Agreement).where(Agreement.conversation_id == conversation_id).order_by(Agreement.number)
        return self.session.execute(query).scalars().all()

    def count(self) -> int:
        return self.session.execute(select(func.count()).select_from(Agreement)).scalar_one()


class ScalingRepository(_Repository):
    def for_citizen(self, citizen_id: int) -> Sequence[ScalingReading]:
        query = (
            select(ScalingReading)
            .where(ScalingReading.citizen_id == citizen_id)
            .order_by(ScalingReading.created_at, ScalingReading.id)
        )
        return self.session.execute(query).scalars().all()

    def latest_per_kind(self, citizen_id: int) -> dict[str, ScalingReading]:
        latest: dict[str, ScalingReading] = {}
        for reading in self.for_citizen(citizen_id):
            latest[reading.kind] = reading
        return latest

    def for_conversation(self, conversation_id: int) -> Sequence[ScalingReading]:
        query = (
            select(ScalingReading)
            .where(ScalingReading.conversation_id == conversation_id)
            .order_by(ScalingReading.created_at, ScalingReading.id)
        )
        return self.session.execute(query).scalars().all()


class JobPlanRepository(_Repository):
    def add(self, entry: JobPlanEntry) -> None:
        """Add ``entry`` as the active job of its level; the previous one stays as history."""
        self.session.execute(
            update(JobPlanEntry)
            .where(
                JobPlanEntry.citizen_id == entry.citizen_id,
                JobPlanEntry.level == entry.level,
                JobPlanEntry.active.is_(True),
            )
            .values(active=False)
            .execution_options(synchronize_session="fetch")
        )
        entry.active = True
        self.session.add(entry)
        self.session.flush()

    def active_for_citizen(self, citizen_id: int) -> dict[str, JobPlanEntry]:
        query = select(JobPlanEntry).where(JobPlanEntry.citizen_id == citizen_id, JobPlanEntry.active.is_(True))
        return {entry.level: entry for entry in self.session.execute(query).scalars()}

    def history(self, citizen_id: int) -> Sequence[JobPlanEntry]:
        query = (
            select(JobPlanEntry)
            .where(JobPlanEntry.citizen_id == citizen_id)
            .order_by(JobPlanEntry.created_at, JobPlanEntry.id)
        )
        return self.session.execute(query).scalars().all()

    def for_conversation(self, conversation_id: int) -> Sequence[JobPlanEntry]:
        query = select(JobPlanEntry).where(JobPlanEntry.conversation_id == conversation_id).order_by(JobPlanEntry.id)
        return self.session.execute(query).scalars().all()


class NoteRepository(_Repository):
    def for_citizen(self, citizen_id: int) -> Sequence[Note]:
        query = select(Note).where(Note.citizen_id == citizen_id).order_by(Note.created_at, Note.id)
        return self.session.execute(query).scalars().all()
