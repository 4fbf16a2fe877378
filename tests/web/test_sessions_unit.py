"""Server-side sessions without a server: start, check, touch, end, expire, and a new password."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.store.tables.base import utc_now
from bot.store.tables.users import WebSession
from bot.store.uow import SqlAlchemyUnitOfWork
from bot.users.accounts import find_user, set_password
from bot.users.sessions import (
    LAST_SEEN_EVERY,
    SESSION_LIFETIME,
    end_session,
    live_sessions,
    session_id,
    session_user,
    start_session,
)
from bot.web.auth import SESSION_MAX_AGE_S

T0 = utc_now().replace(microsecond=0)


def rows(url: str) -> list[WebSession]:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        found = uow.session.execute(select(WebSession).order_by(WebSession.created_at)).scalars().all()
        uow.session.expunge_all()
        return list(found)


def row_of(url: str, token: str) -> WebSession:
    return next(r for r in rows(url) if r.id == session_id(token))


def test_a_session_lives_a_working_day_like_its_cookie():
    assert SESSION_LIFETIME == timedelta(hours=12)
    assert SESSION_MAX_AGE_S == 12 * 3600
    assert LAST_SEEN_EVERY == timedelta(minutes=1)


def test_the_row_holds_the_tokens_hash_never_the_token(db_url):
    mette = find_user("mette", url=db_url)
    token = start_session(mette, url=db_url, now=T0)
    (row,) = rows(db_url)
    assert row.id == hashlib.sha256(token.encode()).hexdigest() != token
    assert len(token) == 43  # 32 random bytes
    assert (row.user_id, row.created_at, row.last_seen_at, row.revoked_at) == (mette.id, T0, T0, None)
    assert row.expires_at == T0 + timedelta(hours=12)
    assert session_user(token, url=db_url, now=T0) == mette
    assert session_user(row.id, url=db_url, now=T0) is None  # the stored hash is no token


def test_a_session_ends_at_its_expiry_to_the_second(db_url):
    token = start_session(find_user("mette", url=db_url), url=db_url, now=T0)
    assert session_user(token, url=db_url, now=T0 + SESSION_LIFETIME - timedelta(seconds=1)) is not None
    assert session_user(token, url=db_url, now=T0 + SESSION_LIFETIME) is None


def test_last_seen_is_written_at_most_once_a_minute(db_url):
    token = start_session(find_user("mette", url=db_url), url=db_url, now=T0)
    session_user(token, url=db_url, now=T0 + timedelta(seconds=59))
    assert row_of(db_url, token).last_seen_at == T0
    session_user(token, url=db_url, now=T0 + timedelta(seconds=60))
    assert row_of(db_url, token).last_seen_at == T0 + timedelta(seconds=60)
    session_user(token, url=db_url, now=T0 + timedelta(seconds=119))
    assert row_of(db_url, token).last_seen_at == T0 + timedelta(seconds=60)
    session_user(token, url=db_url, now=T0 + timedelta(seconds=120))
    assert row_of(db_url, token).last_seen_at == T0 + timedelta(seconds=120)


def test_logout_revokes_that_session_only(db_url):
    mette = find_user("mette", url=db_url)
    first, second = start_session(mette, url=db_url, now=T0), start_session(mette, url=db_url, now=T0)
    assert end_session(first, url=db_url, now=T0 + timedelta(minutes=5)) is True
    assert end_session(first, url=db_url) is False  # once is enough
    assert session_user(first, url=db_url, now=T0 + timedelta(minutes=5)) is None
    assert session_user(second, url=db_url, now=T0 + timedelta(minutes=5)) == mette
    assert row_of(db_url, first).revoked_at == T0 + timedelta(minutes=5)


def test_a_new_password_revokes_every_session_of_that_user_and_no_one_elses(db_url):
    mette, kim = find_user("mette", url=db_url), find_user("kim", url=db_url)
    tokens = [start_session(mette, url=db_url) for _ in range(3)]
    kims = start_session(kim, url=db_url)
    assert live_sessions(mette, url=db_url) == 3
    set_password("mette", "en-helt-ny-kode-99", url=db_url)
    assert [session_user(t, url=db_url) for t in tokens] == [None, None, None]
    assert live_sessions(mette, url=db_url) == 0
    assert session_user(kims, url=db_url) == kim
    assert session_user(start_session(mette, url=db_url), url=db_url) is not None  # a new login works


def test_a_deactivated_user_has_no_session(db_url):
    token = start_session(find_user("mette", url=db_url), url=db_url)
    with SqlAlchemyUnitOfWork(url=db_url) as uow:
        uow.users.by_username("mette").active = False
        uow.commit()
    assert session_user(token, url=db_url) is None


def test_expired_sessions_are_deleted_at_the_next_login(db_url):
    mette, kim = find_user("mette", url=db_url), find_user("kim", url=db_url)
    old = start_session(mette, url=db_url, now=T0 - SESSION_LIFETIME - timedelta(seconds=1))
    just_alive = start_session(kim, url=db_url, now=T0 - SESSION_LIFETIME + timedelta(seconds=1))
    revoked = start_session(kim, url=db_url, now=T0 - timedelta(hours=1))
    end_session(revoked, url=db_url, now=T0)
    start_session(mette, url=db_url, now=T0)
    left = {r.id for r in rows(db_url)}
    assert session_id(old) not in left
    assert {session_id(just_alive), session_id(revoked)} <= left  # revoked rows stay until their expiry
    assert len(left) == 3


@pytest.mark.parametrize("token", [None, "", "x", "a" * 31, "a" * 65, "a" * 100_000, 42, ["a" * 43], "\udc00" * 43])
def test_garbage_tokens_find_no_user_and_break_nothing(db_url, token):
    start_session(find_user("mette", url=db_url), url=db_url)
    assert session_user(token, url=db_url) is None
    assert end_session(token, url=db_url) is False


def test_an_unknown_token_of_the_right_shape_finds_no_user(db_url):
    start_session(find_user("mette", url=db_url), url=db_url)
    assert session_user("A" * 43, url=db_url) is None
