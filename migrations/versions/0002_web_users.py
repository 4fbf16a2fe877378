"""Web cockpit: web_user (login, role, team) and web_conversation (chats forwarded to Rasa)

Revision ID: 0002_web_users
Revises: 0001_plan_store
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_web_users"
down_revision = "0001_plan_store"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=60), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('konsulent', 'elev', 'supervisor')", name=op.f("ck_web_user_role_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_user")),
        sa.UniqueConstraint("username", name=op.f("uq_web_user_username")),
    )
    op.create_table(
        "web_conversation",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("citizen_ref", sa.String(length=40), nullable=True),
        sa.Column("topic", sa.String(length=80), nullable=True),
        sa.Column("booked_min", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_message_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('guide', 'practice')", name=op.f("ck_web_conversation_kind_known")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_user.id"], name=op.f("fk_web_conversation_user_id_web_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_conversation")),
    )
    op.create_index("ix_web_conversation_user_last", "web_conversation", ["user_id", "last_message_at"])


def downgrade() -> None:
    op.drop_index("ix_web_conversation_user_last", table_name="web_conversation")
    op.drop_table("web_conversation")
    op.drop_table("web_user")
