"""Logging in and out.

    GET  /login     the form (a logged-in user goes on to ``next``)
    POST /login     username and password: a new session and CSRF token, or a Danish error
    POST /logout    back to an anonymous session

Every attempt asks ``app.ctx.throttle`` (``bot.web.throttle``) first: a refused one gets 429
with the wait in Danish, whether or not the username exists. A wrong username costs as much
time as a wrong password. Logging in starts a server-side session (``bot.users.sessions``),
logging out revokes it; failed logins are audited (``bot.users.login_audit``).
"""

from __future__ import annotations

import math

from sanic import Sanic, response
from sanic.request import Request

from bot.users.accounts import User, find_user
from bot.users.login_audit import UNKNOWN_USER, record_failed_login
from bot.users.passwords import check_username, dummy_hash, normalise_username, verify_password
from bot.users.sessions import end_session, start_session
from bot.web.addresses import client_address, throttle_key
from bot.web.auth import SessionData, csrf_matches
from bot.web.context import context
from bot.web.requests import check_csrf, db, in_thread, render, safe_next
from bot.web.sessions import ensure_session, replace_session
from bot.web.throttle import too_many_message

MSG_FORM_TOO_OLD = "Login-formularen var for gammel. Prøv igen."
MSG_WRONG = "Forkert brugernavn eller adgangskode."
MAX_USERNAME_CHARS, MAX_PASSWORD_CHARS = 40, 1024  # longer is never an account (bot.users.passwords)


async def login_page(request: Request) -> response.HTTPResponse:
    if request.ctx.user is not None:
        return response.redirect(safe_next(request.args.get("next")), status=303)
    ensure_session(request)
    return render(request, "login.html", next=safe_next(request.args.get("next")), error=None, username="")


def login_form(request: Request, status: int, next_url: str, username: str, error: str) -> response.HTTPResponse:
    return render(request, "login.html", status=status, next=next_url, username=username, error=error)


def request_address(request: Request) -> str:
    """The client's address: the peer, or X-Forwarded-For when the peer is a trusted proxy."""
    return client_address(request.ip, request.headers.get("x-forwarded-for"), context(request).proxies)


async def login(request: Request) -> response.HTTPResponse:
    session = ensure_session(request)
    form = request.form
    next_url = safe_next(form.get("next"))
    if not csrf_matches(request.ctx.session, form.get("csrf_token")) or request.ctx.session_changed:
        return login_form(request, 403, next_url, "", MSG_FORM_TOO_OLD)
    username = normalise_username(form.get("username") or "")[:MAX_USERNAME_CHARS]
    password = (form.get("password") or "")[: MAX_PASSWORD_CHARS + 1]  # one more: still wrong, never huge
    address = request_address(request)
    throttle = context(request).throttle
    attempt = await throttle.attempt(username, throttle_key(address), password)
    if attempt.refused:
        user = await account(request, username)
        await audit_failure(request, user, address, refused=True)
        resp = login_form(request, 429, next_url, username, too_many_message(attempt.wait_s))
        resp.headers["Retry-After"] = str(math.ceil(attempt.wait_s))
        return resp
    user = await account(request, username)
    ok = await in_thread(verify_password, password, user.password_hash if user else dummy_hash())
    if user is None or not ok:
        await audit_failure(request, user, address, refused=False)
        return login_form(request, 401, next_url, username, MSG_WRONG)
    await throttle.succeeded(attempt)
    if session.token:  # logged in already (another tab): that session ends
        await db(request, end_session, session.token)
    token = await db(request, start_session, user)
    replace_session(request, session.logged_in(token))
    return response.redirect(next_url, status=303)


async def account(request: Request, username: str) -> User | None:
    """The active user of that name; a name no account can have (NUL, another script) is not looked up."""
    return await db(request, find_user, username) if check_username(username) is None else None


async def audit_failure(request: Request, user: User | None, address: str, refused: bool) -> None:
    """Into the audit log, as often as the throttle allows (``LoginThrottle.audit_slot``)."""
    account = user.username if user is not None else UNKNOWN_USER
    slot = await context(request).throttle.audit_slot(account, address)
    if slot is not None:
        await db(request, record_failed_login, account, address, refused, slot == "overflow")


async def logout(request: Request) -> response.HTTPResponse:
    check_csrf(request, request.form.get("csrf_token"))
    if request.ctx.session is not None and request.ctx.session.token:
        await db(request, end_session, request.ctx.session.token)
    replace_session(request, SessionData.anonymous())
    return response.redirect("/login", status=303)


def register(app: Sanic) -> None:
    app.get("/login")(login_page)
    app.post("/login")(login)
    app.post("/logout")(logout)
