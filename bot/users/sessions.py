"""Web login sessions kept server-side: started at login, checked on every request, ended at logout.

The signed cookie (``bot.web.auth``) carries a random session token; the ``web_session`` row
holds only its SHA-256, so a copy of the database cannot be replayed as cookies. A session is
good while its row exists, is not revoked, has not expired and its user is active. Logging
out revokes the one session; a new password revokes all of the user's sessions
(``bot.users.accounts.set_password``), so every older cookie stops working at once.

``last_seen_at`` is written at most once a minute per session, so an ordinary request only
reads. Sessions past their end are deleted whenever someone logs in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from bot.store.tables.base import utc_now
from bot.store.tables.users import WebSession
from bot.store.uow import SqlAlchemyUnitOfWork
from bot.users.accounts import User

SESSION_LIFETIME = timedelta(hours=12)  # a working day; the cookie lives as long (bot.web.auth)
LAST_SEEN_EVERY = timedelta(minutes=1)
TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 64  # token_urlsafe(32) is 43 characters; anything much longer is not ours


def session_id(token: str) -> str:
    """The row's key: the SHA-256 (hex) of the cookie's token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _well_formed(token: object) -> bool:
    return isinstance(token, str) and 32 <= len(token) <= MAX_TOKEN_CHARS


def start_session(user: User, url: str | None = None, now: datetime | None = None) -> str:
    """A new session for ``user``; returns the token for the cookie (never stored as such)."""
    now = now or utc_now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with SqlAlchemyUnitOfWork(url=url) as uow:
        uow.web_sessions.delete_expired(now)
        uow.web_sessions.add(
            WebSession(
                id=session_id(token),
                user_id=user.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
        uow.commit()
    return token


def session_user(token: str | None, url: str | None = None, now: datetime | None = None) -> User | None:
    """The active user of a live session, or None (unknown, revoked, expired, user deactivated)."""
    if not _well_formed(token):
        return None
    now = now or utc_now()
    with SqlAlchemyUnitOfWork(url=url) as uow:
        found = uow.web_sessions.with_user(session_id(token))
        if found is None:
            return None
        row, user = found
        if row.revoked_at is not None or row.expires_at <= now or not user.active:
            return None
        if now - row.last_seen_at >= LAST_SEEN_EVERY:
            row.last_seen_at = now
            uow.commit()
        return User.of(user)


def end_session(token: str | None, url: str | None = None, now: datetime | None = None) -> bool:
    """Revoke one session (logout); True when a live row was revoked."""
    if not _well_formed(token):
        return False
    with SqlAlchemyUnitOfWork(url=url) as uow:
        revoked = uow.web_sessions.revoke(session_id(token), now or utc_now())
        uow.commit()
        return bool(revoked)


def live_sessions(user: User, url: str | None = None, now: datetime | None = None) -> int:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        return uow.web_sessions.live_count(user.id, now or utc_now())
