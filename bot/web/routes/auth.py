"""Logging in and out.

    GET  /login     the form (a logged-in user goes on to ``next``)
    POST /login     username and password: a new session and CSRF token, or a Danish error
    POST /logout    back to an anonymous session

Failed logins are counted per address and username by ``app.ctx.throttle``
(``bot.web.throttle``); a wrong username costs as much time as a wrong password.
"""

from __future__ import annotations

from sanic import Sanic, response
from sanic.request import Request

from bot.users.accounts import find_user
from bot.users.passwords import dummy_hash, normalise_username, password_fingerprint, verify_password
from bot.web.auth import SessionData, csrf_matches
from bot.web.context import context
from bot.web.requests import check_csrf, db, in_thread, render, safe_next
from bot.web.sessions import ensure_session, replace_session

MSG_FORM_TOO_OLD = "Login-formularen var for gammel. Prøv igen."
MSG_TOO_MANY = "For mange forkerte forsøg. Vent et par minutter, og prøv igen."
MSG_WRONG = "Forkert brugernavn eller adgangskode."


async def login_page(request: Request) -> response.HTTPResponse:
    if request.ctx.user is not None:
        return response.redirect(safe_next(request.args.get("next")), status=303)
    ensure_session(request)
    return render(request, "login.html", next=safe_next(request.args.get("next")), error=None, username="")


def login_form(request: Request, status: int, next_url: str, username: str, error: str) -> response.HTTPResponse:
    return render(request, "login.html", status=status, next=next_url, username=username, error=error)


def throttle_key(request: Request, username: str) -> str:
    return f"{request.remote_addr or request.ip}|{username}"


async def login(request: Request) -> response.HTTPResponse:
    session = ensure_session(request)
    form = request.form
    next_url = safe_next(form.get("next"))
    if not csrf_matches(request.ctx.session, form.get("csrf_token")) or request.ctx.session_changed:
        return login_form(request, 403, next_url, "", MSG_FORM_TOO_OLD)
    username = normalise_username(form.get("username") or "")[:40]
    password = form.get("password") or ""
    throttle, key = context(request).throttle, throttle_key(request, username)
    if throttle.blocked(key):
        return login_form(request, 429, next_url, username, MSG_TOO_MANY)
    user = await db(request, find_user, username) if username else None
    ok = await in_thread(verify_password, password, user.password_hash if user else dummy_hash())
    if user is None or not ok:
        throttle.failed(key)
        return login_form(request, 401, next_url, username, MSG_WRONG)
    throttle.succeeded(key)
    replace_session(request, session.logged_in(user.username, password_fingerprint(user.password_hash)))
    return response.redirect(next_url, status=303)


async def logout(request: Request) -> response.HTTPResponse:
    check_csrf(request, request.form.get("csrf_token"))
    replace_session(request, SessionData.anonymous())
    return response.redirect("/login", status=303)


def register(app: Sanic) -> None:
    app.get("/login")(login_page)
    app.post("/login")(login)
    app.post("/logout")(logout)
