"""Plan store: citizen, conversation, contract, agreement, scaling_reading, job_plan_entry, note

Revision ID: 0001_plan_store
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_plan_store"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _citizen_fk() -> sa.Column:
    return sa.Column("citizen_id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "citizen",
        _id(),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("ref_key", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen")),
        sa.UniqueConstraint("ref_key", name=op.f("uq_citizen_ref_key")),
    )
    op.create_table(
        "conversation",
        _id(),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("consultant_id", sa.String(length=64), nullable=False),
        _citizen_fk(),
        sa.Column("topic", sa.String(length=80), nullable=True),
        sa.Column("booked_min", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("number_in_course", sa.Integer(), nullable=False),
        sa.Column("next_conversation_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "booked_min IS NULL OR (booked_min BETWEEN 1 AND 480)", name=op.f("ck_conversation_booked_min_range")
        ),
        sa.CheckConstraint("number_in_course >= 1", name=op.f("ck_conversation_number_in_course_positive")),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_conversation_citizen_id_citizen"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation")),
        sa.UniqueConstraint("external_id", name=op.f("uq_conversation_external_id")),
    )
    op.create_index("ix_conversation_citizen_started", "conversation", ["citizen_id", "started_at"])
    op.create_table(
        "contract",
        _id(),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("about", sa.Text(), nullable=True),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("how", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_contract_conversation_id_conversation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_contract_conversation_id")),
    )
    op.create_table(
        "agreement",
        _id(),
        _citizen_fk(),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=12), nullable=False),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=True),
        sa.Column("status_changed_at", sa.DateTime(), nullable=True),
        sa.Column("specific", sa.Boolean(), nullable=True),
        sa.Column("measurable", sa.Boolean(), nullable=True),
        sa.Column("time_bound", sa.Boolean(), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("realistic", sa.Boolean(), nullable=True),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.CheckConstraint("owner IN ('borger', 'konsulent', 'a-kasse')", name=op.f("ck_agreement_owner_known")),
        sa.CheckConstraint("status IN ('open', 'done', 'not_done')", name=op.f("ck_agreement_status_known")),
        sa.CheckConstraint("quantity IS NULL OR quantity > 0", name=op.f("ck_agreement_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_agreement_citizen_id_citizen"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_agreement_conversation_id_conversation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
        sa.UniqueConstraint("citizen_id", "number", name="uq_agreement_citizen_number"),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_agreement_idempotency_key")),
    )
    op.create_index("ix_agreement_citizen_status", "agreement", ["citizen_id", "status"])
    op.create_index(op.f("ix_agreement_conversation_id"), "agreement", ["conversation_id"])
    op.create_table(
        "scaling_reading",
        _id(),
        _citizen_fk(),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('importance', 'confidence')", name=op.f("ck_scaling_reading_kind_known")),
        sa.CheckConstraint("value BETWEEN 1 AND 10", name=op.f("ck_scaling_reading_value_range")),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_scaling_reading_citizen_id_citizen"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_scaling_reading_conversation_id_conversation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scaling_reading")),
    )
    op.create_index("ix_scaling_reading_citizen_kind", "scaling_reading", ["citizen_id", "kind", "created_at"])
    op.create_index(op.f("ix_scaling_reading_conversation_id"), "scaling_reading", ["conversation_id"])
    op.create_table(
        "job_plan_entry",
        _id(),
        _citizen_fk(),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=1), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("level IN ('A', 'B', 'C')", name=op.f("ck_job_plan_entry_level_known")),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_job_plan_entry_citizen_id_citizen"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_job_plan_entry_conversation_id_conversation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_plan_entry")),
    )
    op.create_index(
        "uq_job_plan_entry_one_active",
        "job_plan_entry",
        ["citizen_id", "level"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "note",
        _id(),
        _citizen_fk(),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_note_citizen_id_citizen"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_note_conversation_id_conversation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    op.create_index(op.f("ix_note_citizen_id"), "note", ["citizen_id"])


def downgrade() -> None:
    for table in ("note", "job_plan_entry", "scaling_reading", "agreement", "contract", "conversation", "citizen"):
        op.drop_table(table)
