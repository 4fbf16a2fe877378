"""Users in a test database, straight through the repository (no password hashing: fast)."""

from __future__ import annotations

from bot.store.tables.users import WebUser
from bot.store.uow import SqlAlchemyUnitOfWork

# Who the plan tests act as: konsulenter of team Nord unless a test says otherwise.
DEFAULT_USERS = {
    "k": ("konsulent", "Nord"),
    "kons-0": ("konsulent", "Nord"),
    "kons-1": ("konsulent", "Nord"),
    "kons-2": ("konsulent", "Nord"),
    "kons-7": ("konsulent", "Nord"),
    "mette": ("konsulent", "Nord"),
    "sara": ("supervisor", "Nord"),
    "sune": ("konsulent", "Syd"),
    "emil": ("elev", "Nord"),
    "test-konsulent": ("konsulent", "Nord"),
    "konsulent-1": ("konsulent", "Nord"),
}


def add_users(url: str, users: dict[str, tuple[str, str | None]] | None = None) -> None:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        for username, (role, team) in (users or DEFAULT_USERS).items():
            if uow.users.by_username(username) is None:
                uow.users.add(WebUser(username=username, role=role, team=team, password_hash="x", active=True))
        uow.commit()
