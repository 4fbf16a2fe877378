"""Conversation logs (Rasa's events table), their review index and the audit log

Revision ID: 0003_review
Revises: 0002_web_users
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_review"
down_revision = "0002_web_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The same table Rasa's SQLTrackerStore would create (it skips creation when it exists).
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("type_name", sa.String(length=255), nullable=False),
        sa.Column("timestamp", sa.Float(), nullable=True),
        sa.Column("intent_name", sa.String(length=255), nullable=True),
        sa.Column("action_name", sa.String(length=255), nullable=True),
        sa.Column("data", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_sender_id", "events", ["sender_id"])
    op.create_table(
        "review_conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("start_ts", sa.Float(), nullable=False),
        sa.Column("end_ts", sa.Float(), nullable=False),
        sa.Column("plan_key", sa.String(length=160), nullable=True),
        sa.Column("consultant", sa.String(length=64), nullable=False),
        sa.Column("citizen_ref", sa.String(length=40), nullable=True),
        sa.Column("case_id", sa.String(length=40), nullable=True),
        sa.Column("topic", sa.String(length=80), nullable=True),
        sa.Column("booked_min", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("user_turns", sa.Integer(), nullable=False),
        sa.Column("steps_visited", sa.JSON(), nullable=False),
        sa.Column("timeouts", sa.Integer(), nullable=False),
        sa.Column("ended", sa.Boolean(), nullable=False),
        sa.Column("closure_completed", sa.Boolean(), nullable=False),
        sa.Column("agreements", sa.Integer(), nullable=False),
        sa.Column("smart_agreements", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("mode IN ('guide', 'practice')", name=op.f("ck_review_conversation_mode_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_conversation")),
        sa.UniqueConstraint("sender_id", "mode", "start_ts", name="uq_review_conversation_segment"),
    )
    op.create_index("ix_review_conversation_consultant_started", "review_conversation", ["consultant", "started_at"])
    op.create_index("ix_review_conversation_started", "review_conversation", ["started_at"])
    op.create_index("ix_review_conversation_citizen", "review_conversation", ["citizen_ref"])
    op.create_table(
        "review_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "action IN ('open', 'upload', 'export', 'delete_citizen', 'purge')",
            name=op.f("ck_review_audit_action_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_audit")),
    )
    op.create_index("ix_review_audit_at", "review_audit", ["at"])


def downgrade() -> None:
    op.drop_index("ix_review_audit_at", table_name="review_audit")
    op.drop_table("review_audit")
    for index in (
        "ix_review_conversation_citizen",
        "ix_review_conversation_started",
        "ix_review_conversation_consultant_started",
    ):
        op.drop_index(index, table_name="review_conversation")
    op.drop_table("review_conversation")
    op.drop_index("ix_events_sender_id", table_name="events")
    op.drop_table("events")
