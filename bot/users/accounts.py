"""Users and their cockpit conversations: the use cases, each in one unit of work.

Everything here is synchronous SQLAlchemy; the web app calls it through
``run_in_executor`` so a busy SQLite lock never blocks the event loop.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.core.sender import format_sender
from bot.store.tables.base import utc_now
from bot.store.tables.users import ORGANISATIONS, WebConversation, WebUser
from bot.store.uow import SqlAlchemyUnitOfWork
from bot.users.passwords import ROLES, check_password, check_username, hash_password, normalise_username

ORGANISATION_LABELS = {"jobcenter": "Jobcenter", "a-kasse": "A-kasse"}
NO_ORGANISATION = "ingen"  # the CLI's word for clearing the organisation


def check_organisation(organisation: str | None) -> str | None:
    """The organisation as stored (None for none); UserError for anything else."""
    value = (organisation or "").strip().lower()
    if value in ("", NO_ORGANISATION):
        return None
    if value not in ORGANISATIONS:
        raise UserError(f"Ukendt organisation »{organisation}«. Vælg {' eller '.join(ORGANISATIONS)}.")
    return value


class UserError(ValueError):
    """A user cannot be created as asked; the message is Danish and says why."""


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    team: str | None
    password_hash: str
    active: bool
    organisation: str | None = None  # jobcenter | a-kasse: the conversations the guide proposes

    @classmethod
    def of(cls, row: WebUser) -> User:
        return cls(row.id, row.username, row.role, row.team, row.password_hash, bool(row.active), row.organisation)

    @property
    def organisation_label(self) -> str:
        return ORGANISATION_LABELS.get(self.organisation or "", "")

    @property
    def role_label(self) -> str:
        return {"konsulent": "Konsulent", "elev": "Elev", "supervisor": "Supervisor"}.get(self.role, self.role)


@dataclass(frozen=True)
class Conversation:
    id: str
    user_id: int
    kind: str
    citizen_ref: str | None
    topic: str | None
    booked_min: int | None
    case_id: str | None
    created_at: datetime
    last_message_at: datetime

    @classmethod
    def of(cls, row: WebConversation) -> Conversation:
        return cls(
            row.id,
            row.user_id,
            row.kind,
            row.citizen_ref,
            row.topic,
            row.booked_min,
            row.case_id,
            row.created_at,
            row.last_message_at,
        )

    def sender(self, username: str) -> str:
        """The Rasa sender id: the user and this conversation, nothing the browser chose."""
        return format_sender(username, self.id)


# --- use cases ----------------------------------------------------------------------
def create_user(
    username: str,
    role: str,
    password: str,
    team: str | None = None,
    url: str | None = None,
    organisation: str | None = None,
) -> User:
    username = normalise_username(username)
    organisation = check_organisation(organisation)
    problem = check_username(username) or check_password(password)
    if role not in ROLES:
        problem = f"Ukendt rolle »{role}«. Vælg en af: {', '.join(ROLES)}."
    if problem:
        raise UserError(problem)
    team = (team or "").strip() or None
    if team and len(team) > 60:
        raise UserError("Teamnavnet må højst være 60 tegn.")
    with SqlAlchemyUnitOfWork(url=url) as uow:
        if uow.users.by_username(username) is not None:
            raise UserError(f"Brugeren »{username}« findes allerede.")
        row = WebUser(
            username=username,
            role=role,
            team=team,
            organisation=organisation,
            password_hash=hash_password(password),
            active=True,
        )
        try:
            uow.users.add(row)
            uow.commit()
        except IntegrityError as error:
            raise UserError(f"Brugeren »{username}« findes allerede.") from error
        return User.of(row)


def set_password(username: str, password: str, url: str | None = None) -> User:
    """A new password; all of the user's web sessions end in the same transaction."""
    problem = check_password(password)
    if problem:
        raise UserError(problem)
    with SqlAlchemyUnitOfWork(url=url) as uow:
        row = uow.users.by_username(username)
        if row is None:
            raise UserError(f"Brugeren »{normalise_username(username)}« findes ikke.")
        row.password_hash = hash_password(password)
        uow.web_sessions.revoke_all_of(row.id, utc_now())  # every older cookie stops working (bot.users.sessions)
        uow.commit()
        return User.of(row)


def set_organisation(username: str, organisation: str | None, url: str | None = None) -> User:
    """Jobcenter or a-kasse (or none): which side's conversations the guide proposes for this user."""
    value = check_organisation(organisation)
    with SqlAlchemyUnitOfWork(url=url) as uow:
        row = uow.users.by_username(username)
        if row is None:
            raise UserError(f"Brugeren »{normalise_username(username)}« findes ikke.")
        row.organisation = value
        uow.commit()
        return User.of(row)


def find_user(username: str, url: str | None = None) -> User | None:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        row = uow.users.by_username(username)
        return User.of(row) if row is not None and row.active else None


def count_users(url: str | None = None) -> int:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        return uow.users.count_active()


def list_users(url: str | None = None) -> list[User]:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        rows = uow.session.execute(select(WebUser).order_by(WebUser.username)).scalars().all()
        return [User.of(r) for r in rows]


def team_usernames(team: str, url: str | None = None) -> set[str]:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        rows = uow.session.execute(select(WebUser.username).where(WebUser.team == team)).scalars().all()
        return set(rows)


def new_conversation_id() -> str:
    return uuid.uuid4().hex


def save_conversation(
    user: User,
    conversation_id: str,
    kind: str,
    *,
    citizen_ref: str | None = None,
    topic: str | None = None,
    booked_min: int | None = None,
    case_id: str | None = None,
    url: str | None = None,
) -> Conversation:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        row = WebConversation(
            id=conversation_id,
            user_id=user.id,
            kind=kind,
            citizen_ref=citizen_ref,
            topic=topic,
            booked_min=booked_min,
            case_id=case_id,
        )
        uow.web_conversations.add(row)
        uow.commit()
        return Conversation.of(row)


def owned_conversation(user: User, conversation_id: str, url: str | None = None) -> Conversation | None:
    if not conversation_id or len(conversation_id) != 32 or not conversation_id.isalnum():
        return None
    with SqlAlchemyUnitOfWork(url=url) as uow:
        row = uow.web_conversations.get_owned(conversation_id, user.id)
        return Conversation.of(row) if row is not None else None


def touch_conversation(user: User, conversation_id: str, url: str | None = None) -> None:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        row = uow.web_conversations.get_owned(conversation_id, user.id)
        if row is not None:
            row.last_message_at = utc_now()
            uow.commit()


def recent_conversations(user: User, limit: int = 10, url: str | None = None) -> list[Conversation]:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        return [Conversation.of(r) for r in uow.web_conversations.recent(user.id, limit)]
