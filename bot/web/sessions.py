"""The browser's session on each request: read from the signed cookie, written back when it changed.

``load_session`` (request middleware) sets ``request.ctx.session`` (``SessionData`` or None)
and ``request.ctx.user`` (the logged-in user whose password has not changed since the login,
or None); ``save_session`` (response middleware) writes the cookie when a handler called
``ensure_session`` or ``replace_session``.
"""

from __future__ import annotations

from sanic import response
from sanic.request import Request

from bot.users.accounts import find_user
from bot.users.passwords import password_fingerprint
from bot.web.auth import SESSION_COOKIE, SessionData
from bot.web.context import context
from bot.web.requests import db


async def load_session(request: Request) -> None:
    request.ctx.session = context(request).signer.loads(request.cookies.get(SESSION_COOKIE))
    request.ctx.session_changed = False
    request.ctx.user = None
    if request.path.startswith("/static/"):
        return
    session = request.ctx.session
    if session is not None and session.username:
        user = await db(request, find_user, session.username)
        if user is not None and session.fingerprint == password_fingerprint(user.password_hash):
            request.ctx.user = user
        else:  # deleted, deactivated or a changed password: log out
            request.ctx.session = None


async def save_session(request: Request, resp: response.HTTPResponse) -> None:
    if not getattr(request.ctx, "session_changed", False):
        return
    ctx = context(request)
    session = request.ctx.session
    if session is None:
        resp.cookies[SESSION_COOKIE] = ""
        resp.cookies[SESSION_COOKIE]["max-age"] = 0
    else:
        resp.cookies[SESSION_COOKIE] = ctx.signer.dumps(session)
        resp.cookies[SESSION_COOKIE]["max-age"] = ctx.signer.max_age_s
    cookie = resp.cookies[SESSION_COOKIE]
    cookie["path"] = "/"
    cookie["httponly"] = True
    cookie["samesite"] = "Lax"
    if ctx.config.production:
        cookie["secure"] = True


def ensure_session(request: Request) -> SessionData:
    """The session, or a new anonymous one (with a CSRF token for the login form)."""
    if request.ctx.session is None:
        replace_session(request, SessionData.anonymous())
    return request.ctx.session


def replace_session(request: Request, session: SessionData) -> None:
    request.ctx.session = session
    request.ctx.session_changed = True
