"""The browser's session on each request: read from the signed cookie, written back when it changed.

``load_session`` (request middleware) sets ``request.ctx.session`` (``SessionData`` or None)
and ``request.ctx.user`` (the user of a live server-side session, ``bot.users.sessions``, or
None); ``save_session`` (response middleware) writes the cookie when a handler called
``ensure_session`` or ``replace_session``. A cookie whose session was revoked (logout, a new
password), has expired or whose user was deactivated counts as no cookie at all: no user and
no CSRF token, so its old token opens nothing either.
"""

from __future__ import annotations

from sanic import response
from sanic.request import Request

from bot.users.sessions import session_user
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
    if session is not None and session.token:
        request.ctx.user = await db(request, session_user, session.token)
        if request.ctx.user is None:  # revoked, expired or deactivated: logged out, and the cookie is cleared
            replace_session(request, None)


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


def replace_session(request: Request, session: SessionData | None) -> None:
    request.ctx.session = session
    request.ctx.session_changed = True
