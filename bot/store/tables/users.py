"""The web cockpit's tables, in the plan store's database and declarative base.

``web_user``: who may log in, with which role (and organisation: jobcenter or a-kasse). ``web_conversation``: a chat the web app
forwards to Rasa under the sender id ``<username>:<id>``; a user can only post into
conversations that belong to them. The schema comes from the Alembic revision
``0002_web_users`` (``migrations/versions``).
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String

from bot.store.tables.base import Base, UtcDateTime, one_of, utc_now

ROLES = ("konsulent", "elev", "supervisor")
ORGANISATIONS = ("jobcenter", "a-kasse")
CONVERSATION_KINDS = ("guide", "practice")


class WebUser(Base):
    __tablename__ = "web_user"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="role_known"),
        CheckConstraint(f"organisation IS NULL OR {one_of('organisation', ORGANISATIONS)}", name="organisation_known"),
    )

    id = Column(Integer, primary_key=True)
    username = Column(String(40), nullable=False, unique=True)
    role = Column(String(16), nullable=False)
    team = Column(String(60), nullable=True)
    organisation = Column(String(12), nullable=True)  # jobcenter | a-kasse: which conversations the guide proposes
    password_hash = Column(String(255), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)


class WebConversation(Base):
    __tablename__ = "web_conversation"
    __table_args__ = (
        CheckConstraint(one_of("kind", CONVERSATION_KINDS), name="kind_known"),
        Index("ix_web_conversation_user_last", "user_id", "last_message_at"),
    )

    id = Column(String(32), primary_key=True)  # uuid4 hex
    user_id = Column(Integer, ForeignKey("web_user.id", ondelete="CASCADE"), nullable=False)
    kind = Column(String(12), nullable=False)
    citizen_ref = Column(String(40), nullable=True)
    topic = Column(String(80), nullable=True)
    booked_min = Column(Integer, nullable=True)
    case_id = Column(String(40), nullable=True)  # practice: which simulated citizen
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
    last_message_at = Column(UtcDateTime, nullable=False, default=utc_now)


class WebSession(Base):
    """One login. The cookie carries a random token; the row holds its SHA-256, so a stolen
    database cannot be replayed as cookies. Logout and a password change set ``revoked_at``."""

    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_user", "user_id"),)

    id = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("web_user.id", ondelete="CASCADE"), nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utc_now)
    last_seen_at = Column(UtcDateTime, nullable=False, default=utc_now)
    expires_at = Column(UtcDateTime, nullable=False)
    revoked_at = Column(UtcDateTime, nullable=True)
