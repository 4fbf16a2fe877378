"""Repositories of the users area: web users, their login sessions and their cockpit conversations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update

from bot.store.tables.users import WebConversation, WebSession, WebUser
from bot.users.passwords import normalise_username


class UserRepository:
    def __init__(self, session) -> None:
        self.session = session

    def by_username(self, username: str) -> WebUser | None:
        query = select(WebUser).where(WebUser.username == normalise_username(username))
        return self.session.execute(query).scalar_one_or_none()

    def role_and_team(self, username: str) -> tuple[str, str | None] | None:
        """(role, team) of an active user, or None: what the access policy needs to know."""
        query = select(WebUser.role, WebUser.team).where(
            WebUser.username == normalise_username(username), WebUser.active.is_(True)
        )
        row = self.session.execute(query).one_or_none()
        return (row.role, row.team) if row is not None else None

    def by_id(self, user_id: int) -> WebUser | None:
        return self.session.get(WebUser, user_id)

    def count_active(self) -> int:
        return self.session.execute(select(func.count(WebUser.id)).where(WebUser.active.is_(True))).scalar() or 0

    def add(self, row: WebUser) -> None:
        self.session.add(row)
        self.session.flush()


class WebSessionRepository:
    """Login sessions, found by the SHA-256 of the token the cookie carries."""

    def __init__(self, session) -> None:
        self.session = session

    def add(self, row: WebSession) -> None:
        self.session.add(row)
        self.session.flush()

    def with_user(self, session_id: str) -> tuple[WebSession, WebUser] | None:
        """The session and its user in one query (every request asks)."""
        query = select(WebSession, WebUser).join(WebUser, WebUser.id == WebSession.user_id)
        row = self.session.execute(query.where(WebSession.id == session_id)).first()
        return (row[0], row[1]) if row is not None else None

    def revoke(self, session_id: str, at: datetime) -> int:
        query = update(WebSession).where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
        return self.session.execute(query.values(revoked_at=at).execution_options(synchronize_session=False)).rowcount

    def revoke_all_of(self, user_id: int, at: datetime) -> int:
        query = update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
        return self.session.execute(query.values(revoked_at=at).execution_options(synchronize_session=False)).rowcount

    def delete_expired(self, now: datetime) -> int:
        """Sessions past their end, revoked or not: a missing row is as dead as a revoked one."""
        query = delete(WebSession).where(WebSession.expires_at <= now)
        return self.session.execute(query.execution_options(synchronize_session=False)).rowcount or 0

    def live_count(self, user_id: int, now: datetime) -> int:
        query = select(func.count(WebSession.id)).where(
            WebSession.user_id == user_id, WebSession.revoked_at.is_(None), WebSession.expires_at > now
        )
        return self.session.execute(query).scalar() or 0


class WebConversationRepository:
    def __init__(self, session) -> None:
        self.session = session

    def get_owned(self, conversation_id: str, user_id: int) -> WebConversation | None:
        """The conversation if it belongs to ``user_id``; None for anyone else's (or none)."""
        query = select(WebConversation).where(WebConversation.id == conversation_id, WebConversation.user_id == user_id)
        return self.session.execute(query).scalar_one_or_none()

    def recent(self, user_id: int, limit: int = 10) -> Sequence[WebConversation]:
        query = (
            select(WebConversation)
            .where(WebConversation.user_id == user_id)
            .order_by(WebConversation.last_message_at.desc(), WebConversation.created_at.desc())
            .limit(limit)
        )
        return self.session.execute(query).scalars().all()

    def add(self, row: WebConversation) -> None:
        self.session.add(row)
        self.session.flush()
