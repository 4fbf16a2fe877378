"""Tables of the conversation logs and their review index (schema: Alembic ``0003_review``).

``events`` is Rasa's own SQL tracker store table (same columns as ``rasa.core.tracker_store.
SQLTrackerStore.SQLEvent``); Alembic creates it so the whole database has one schema history,
and ``bot.rasa.tracker_store`` writes it. ``review_conversation`` holds one row per logged
conversation, rebuilt from the events whenever they change, so the list and team pages never
have to read the events. ``review_audit`` records who opened, exported or deleted what.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, CheckConstraint, Column, Float, Index, Integer, String, Text, UniqueConstraint

from bot.store.tables.base import Base, UtcDateTime, one_of, utc_now

REVIEW_MODES = ("guide", "practice")
AUDIT_ACTIONS = (
    "open",
    "upload",
    "export",
    "delete_citizen",
    "purge",
    "plan_read",  # a citizen's plan shown: page, chat or payload
    "plan_pdf",
    "plan_export",  # python -m bot plan export
    "login_failed",
    "citizen_moved",  # a supervisor moved a citizen to another team
)


class TrackerEvent(Base):
    __tablename__ = "events"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    type_name = Column(String(255), nullable=False)
    timestamp = Column(Float)
    intent_name = Column(String(255))
    action_name = Column(String(255))
    data = Column(Text)


class ReviewedConversation(Base):
    __tablename__ = "review_conversation"
    __table_args__ = (
        CheckConstraint(one_of("mode", REVIEW_MODES), name="mode_known"),
        UniqueConstraint("sender_id", "mode", "start_ts", name="uq_review_conversation_segment"),
        Index("ix_review_conversation_consultant_started", "consultant", "started_at"),
        Index("ix_review_conversation_started", "started_at"),
        Index("ix_review_conversation_citizen", "citizen_ref"),
    )

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False)
    mode = Column(String(12), nullable=False)
    start_ts = Column(Float, nullable=False)  # the first event of the conversation (Rasa's clock)
    end_ts = Column(Float, nullable=False)  # the last event
    plan_key = Column(String(160), nullable=True)  # the plan store's conversation.external_id
    consultant = Column(String(64), nullable=False)
    citizen_ref = Column(String(40), nullable=True)
    case_id = Column(String(40), nullable=True)
    topic = Column(String(80), nullable=True)
    booked_min = Column(Integer, nullable=True)
    started_at = Column(UtcDateTime, nullable=False)
    duration_s = Column(Integer, nullable=False)
    user_turns = Column(Integer, nullable=False)
    steps_visited = Column(JSON, nullable=False, default=list)
    timeouts = Column(Integer, nullable=False, default=0)
    ended = Column(Boolean, nullable=False, default=False)
    closure_completed = Column(Boolean, nullable=False, default=False)
    agreements = Column(Integer, nullable=False, default=0)
    smart_agreements = Column(Integer, nullable=False, default=0)
    score = Column(Integer, nullable=True)  # practice feedback score 0-100
    metrics = Column(JSON, nullable=False, default=dict)  # metric id -> {"value", "status"}
    updated_at = Column(UtcDateTime, nullable=False, default=utc_now)


class AuditEntry(Base):
    __tablename__ = "review_audit"
    __table_args__ = (
        CheckConstraint(one_of("action", AUDIT_ACTIONS), name="action_known"),
        Index("ix_review_audit_at", "at"),
    )

    id = Column(Integer, primary_key=True)
    at = Column(UtcDateTime, nullable=False, default=utc_now)
    username = Column(String(64), nullable=False)
    action = Column(String(20), nullable=False)
    conversation_id = Column(Integer, nullable=True)  # review_conversation.id (no FK: the entry outlives it)
    detail = Column(String(200), nullable=True)  # never a citizen reference or any other personal data
