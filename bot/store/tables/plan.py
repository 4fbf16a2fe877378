"""Tables of the plan store (declarative, SQLAlchemy 1.4 in the 2.0 style).

Times are stored as UTC (naive in the database, aware in Python); deadlines are plain
dates. Enumerations are strings guarded by CHECK constraints, which migrate the same way
on SQLite and PostgreSQL. Nothing is created here: the schema comes from Alembic.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import relationship

from bot.core.citizen_ref import MAX_REF
from bot.store.tables.base import Base, UtcDateTime, one_of, utc_now
from bot.store.tables.users import ORGANISATIONS

OWNERS = ("borger", "konsulent", "a-kasse", "jobcenter")
STATUSES = ("open", "done", "not_done")
SCALING_KINDS = ("importance", "confidence")
JOB_LEVELS = ("A", "B", "C")


class Citizen(Base):
    __tablename__ = "citizen"
    # A reference is a team's own case key: another team's "B-12" is another citizen.
    __table_args__ = (UniqueConstraint("team", "ref_key", name="uq_citizen_team_ref_key"),)

    id = Column(Integer, primary_key=True)
    ref = Column(String(MAX_REF), nullable=False)
    ref_key = Column(String(MAX_REF), nullable=False)  # case-folded ref
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
    # The team whose konsulenter and supervisors may use this citizen's plan (bot.users.access):
    # the team of the consultant who first recorded the citizen ("" for users without a team).
    team = Column(String(60), nullable=False, default="", server_default="")
    unemployed_since = Column(Date, nullable=True)  # the first day of unemployment, from "12. ledighedsuge"

    conversations = relationship("Conversation", back_populates="citizen")


class Conversation(Base):
    __tablename__ = "conversation"
    __table_args__ = (
        CheckConstraint("booked_min IS NULL OR (booked_min BETWEEN 1 AND 480)", name="booked_min_range"),
        CheckConstraint("number_in_course >= 1", name="number_in_course_positive"),
        CheckConstraint(f"organisation IS NULL OR {one_of('organisation', ORGANISATIONS)}", name="organisation_known"),
        Index("ix_conversation_citizen_started", "citizen_id", "started_at"),
    )

    id = Column(Integer, primary_key=True)
    external_id = Column(String(128), nullable=False, unique=True)  # the Rasa sender id
    consultant_id = Column(String(64), nullable=False)
    citizen_id = Column(Integer, ForeignKey("citizen.id", ondelete="CASCADE"), nullable=False)
    topic = Column(String(80), nullable=True)
    booked_min = Column(Integer, nullable=True)
    started_at = Column(UtcDateTime, nullable=False)
    ended_at = Column(UtcDateTime, nullable=True)
    number_in_course = Column(Integer, nullable=False)  # the n-th conversation with this citizen in the store
    next_conversation_on = Column(Date, nullable=True)
    course_type = Column(String(24), nullable=True)  # the progression model's id: "jobcenter_3", "cv_samtale"
    joint = Column(Boolean, nullable=False, default=False, server_default=false())  # a fællessamtale
    organisation = Column(String(12), nullable=True)  # the consultant's side when it started

    citizen = relationship("Citizen", back_populates="conversations")


class Contract(Base):
    __tablename__ = "contract"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(Integer, ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False, unique=True)
    about = Column(Text, nullable=True)
    goal = Column(Text, nullable=True)
    how = Column(Text, nullable=True)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
    updated_at = Column(UtcDateTime, nullable=False, default=utc_now)

    conversation = relationship("Conversation")


class Agreement(Base):
    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint(one_of("owner", OWNERS), name="owner_known"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity_positive"),
        UniqueConstraint("citizen_id", "number", name="uq_agreement_citizen_number"),
        Index("ix_agreement_citizen_status", "citizen_id", "status"),
    )

    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizen.id", ondelete="CASCADE"), nullable=False)
    conversation_id = Column(Integer, ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False, index=True)
    number = Column(Integer, nullable=False)  # 1, 2, 3 ... per citizen: "aftale 2 er gjort"
    text = Column(Text, nullable=False)  # as said
    owner = Column(String(12), nullable=False)
    action = Column(Text, nullable=True)
    quantity = Column(Integer, nullable=True)
    deadline = Column(Date, nullable=True)
    status = Column(String(12), nullable=False, default="open")
    status_note = Column(Text, nullable=True)
    status_changed_at = Column(UtcDateTime, nullable=True)
    specific = Column(Boolean, nullable=True)
    measurable = Column(Boolean, nullable=True)
    time_bound = Column(Boolean, nullable=True)
    accepted = Column(Boolean, nullable=True)
    realistic = Column(Boolean, nullable=True)
    missing = Column(JSON, nullable=False, default=list)  # SMART parts that were missing when saved
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
    idempotency_key = Column(String(64), nullable=False, unique=True)

    conversation = relationship("Conversation")


class ScalingReading(Base):
    __tablename__ = "scaling_reading"
    __table_args__ = (
        CheckConstraint(one_of("kind", SCALING_KINDS), name="kind_known"),
        CheckConstraint("value BETWEEN 1 AND 10", name="value_range"),
        Index("ix_scaling_reading_citizen_kind", "citizen_id", "kind", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizen.id", ondelete="CASCADE"), nullable=False)
    conversation_id = Column(Integer, ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(12), nullable=False)
    value = Column(Integer, nullable=False)
    reason = Column(Text, nullable=True)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)


class JobPlanEntry(Base):
    """One A, B or C job title; a new one of the same level replaces the active one."""

    __tablename__ = "job_plan_entry"
    __table_args__ = (
        CheckConstraint(one_of("level", JOB_LEVELS), name="level_known"),
        Index(
            "uq_job_plan_entry_one_active",
            "citizen_id",
            "level",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizen.id", ondelete="CASCADE"), nullable=False)
    conversation_id = Column(Integer, ForeignKey("conversation.id", ondelete="SET NULL"), nullable=True)
    level = Column(String(1), nullable=False)
    title = Column(String(120), nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
    active = Column(Boolean, nullable=False, default=True)


class Note(Base):
    __tablename__ = "note"

    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizen.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id = Column(Integer, ForeignKey("conversation.id", ondelete="CASCADE"), nullable=True)
    text = Column(Text, nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
