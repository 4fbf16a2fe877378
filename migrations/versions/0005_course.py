"""The course: conversation types, joint conversations, the week of unemployment, organisations

conversation.course_type (the progression model's id, "jobcenter_3", "cv_samtale", ...),
conversation.joint (the a-kasse takes part: a fællessamtale), conversation.organisation (the
consultant's side when the conversation started), citizen.unemployed_since (from "12.
ledighedsuge"), web_user.organisation (jobcenter | a-kasse), and the agreement owner
"jobcenter" beside borger, konsulent and a-kasse.

Existing conversations 1-6 get the type the guide showed for them until now: the n-th
conversation in the store was shown as the n-th jobcentre conversation.

Revision ID: 0005_course
Revises: 0004_trust
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_course"
down_revision = "0004_trust"
branch_labels = None
depends_on = None

ORGANISATION_CHECK = "organisation IS NULL OR organisation IN ('jobcenter', 'a-kasse')"
OWNERS_BEFORE = "owner IN ('borger', 'konsulent', 'a-kasse')"
OWNERS_AFTER = "owner IN ('borger', 'konsulent', 'a-kasse', 'jobcenter')"


def upgrade() -> None:
    with op.batch_alter_table("citizen") as batch:
        batch.add_column(sa.Column("unemployed_since", sa.Date(), nullable=True))
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(sa.Column("course_type", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("joint", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("organisation", sa.String(length=12), nullable=True))
        batch.create_check_constraint("organisation_known", ORGANISATION_CHECK)
    with op.batch_alter_table("agreement") as batch:
        batch.drop_constraint(op.f("ck_agreement_owner_known"), type_="check")
        batch.create_check_constraint("owner_known", OWNERS_AFTER)
    with op.batch_alter_table("web_user") as batch:
        batch.add_column(sa.Column("organisation", sa.String(length=12), nullable=True))
        batch.create_check_constraint("organisation_known", ORGANISATION_CHECK)
    op.execute(
        "UPDATE conversation SET course_type = 'jobcenter_' || CAST(number_in_course AS VARCHAR(2)) "
        "WHERE number_in_course BETWEEN 1 AND 6"
    )


def downgrade() -> None:
    with op.batch_alter_table("web_user") as batch:
        batch.drop_constraint(op.f("ck_web_user_organisation_known"), type_="check")
        batch.drop_column("organisation")
    op.execute("UPDATE agreement SET owner = 'konsulent' WHERE owner = 'jobcenter'")
    with op.batch_alter_table("agreement") as batch:
        batch.drop_constraint(op.f("ck_agreement_owner_known"), type_="check")
        batch.create_check_constraint("owner_known", OWNERS_BEFORE)
    with op.batch_alter_table("conversation") as batch:
        batch.drop_constraint(op.f("ck_conversation_organisation_known"), type_="check")
        batch.drop_column("organisation")
        batch.drop_column("joint")
        batch.drop_column("course_type")
    with op.batch_alter_table("citizen") as batch:
        batch.drop_column("unemployed_since")
