"""Trust boundary: each citizen's team, server-side web sessions, more audited actions

Revision ID: 0004_trust
Revises: 0003_review
Create Date: 2026-12-07

- ``citizen.team``: the team of the consultant who first recorded the citizen; the access
  policy (``bot.users.access``) lets that team's konsulenter and supervisors in, and a
  reference is unique within a team (another team's »B-12« is another citizen, and nobody
  can find out that it exists). Existing citizens get the team of the consultant of their
  first conversation when that consultant is a web user with a team; the rest get "" (the
  users without a team share it).
- ``web_session``: one row per login; logout and a password change revoke it server-side.
- ``review_audit.action``: reads of a citizen's plan, exports, failed logins, moves.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_trust"
down_revision = "0003_review"
branch_labels = None
depends_on = None

OLD_ACTIONS = ("open", "upload", "export", "delete_citizen", "purge")
NEW_ACTIONS = OLD_ACTIONS + ("plan_read", "plan_pdf", "plan_export", "login_failed", "citizen_moved")


def _actions_check(actions: tuple[str, ...]) -> str:
    return "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"


def upgrade() -> None:
    with op.batch_alter_table("citizen") as batch:
        batch.add_column(sa.Column("team", sa.String(length=60), nullable=False, server_default=""))
    # The team of the consultant of each citizen's first conversation (user names are lower case).
    op.execute(
        """
        UPDATE citizen SET team = COALESCE((
            SELECT web_user.team FROM conversation
            JOIN web_user ON web_user.username = lower(conversation.consultant_id)
            WHERE conversation.citizen_id = citizen.id
            ORDER BY conversation.started_at, conversation.id
            LIMIT 1
        ), '')
        """
    )
    with op.batch_alter_table("citizen") as batch:
        batch.drop_constraint(op.f("uq_citizen_ref_key"), type_="unique")
        batch.create_unique_constraint(op.f("uq_citizen_team_ref_key"), ["team", "ref_key"])
    op.create_table(
        "web_session",
        sa.Column("id", sa.String(length=64), nullable=False),  # SHA-256 of the cookie's session token
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_user.id"], name=op.f("fk_web_session_user_id_web_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
    )
    op.create_index("ix_web_session_user", "web_session", ["user_id"])
    with op.batch_alter_table("review_audit") as batch:
        batch.drop_constraint(op.f("ck_review_audit_action_known"), type_="check")
        batch.create_check_constraint(op.f("ck_review_audit_action_known"), _actions_check(NEW_ACTIONS))


def downgrade() -> None:
    op.execute(
        "DELETE FROM review_audit WHERE action IN ("
        + ", ".join(f"'{a}'" for a in NEW_ACTIONS if a not in OLD_ACTIONS)
        + ")"
    )
    with op.batch_alter_table("review_audit") as batch:
        batch.drop_constraint(op.f("ck_review_audit_action_known"), type_="check")
        batch.create_check_constraint(op.f("ck_review_audit_action_known"), _actions_check(OLD_ACTIONS))
    op.drop_index("ix_web_session_user", table_name="web_session")
    op.drop_table("web_session")
    with op.batch_alter_table("citizen") as batch:
        batch.drop_constraint(op.f("uq_citizen_team_ref_key"), type_="unique")
        batch.create_unique_constraint(op.f("uq_citizen_ref_key"), ["ref_key"])  # fails if two teams share a ref
        batch.drop_column("team")
