"""What the route modules share: pages, store calls off the event loop, guards and error responses.

Guards: ``login_required`` (a page: no user, a redirect to ``/login?next=...``),
``require_user`` (JSON: 401), ``check_csrf`` (every POST: the session's token and, when
the browser sends one, a same-host ``Origin``) and ``json_body`` (all three for the JSON API).
An ``HttpError`` anywhere becomes a Danish error page, or JSON under ``/api/``.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

from bot.users.accounts import User
from bot.web.auth import SessionData, csrf_matches
from bot.web.context import context
from bot.web.errors import HttpError
from bot.web.reviews import UPLOAD_PATH, UPLOAD_TOO_LARGE

log = logging.getLogger(__name__)

MSG_LOGGED_OUT = "Du er ikke logget ind (længere). Genindlæs siden og log ind igen."
MSG_CSRF = "Siden er for gammel eller blev ikke sendt fra Samtaleguide. Genindlæs siden og prøv igen."
STATUS_MESSAGES = {
    404: "Siden findes ikke.",
    405: "Den handling findes ikke her.",
    413: "Forespørgslen er for stor.",
}
MSG_FAILED = "Der gik noget galt. Prøv igen."

Handler = Callable[..., Awaitable[response.HTTPResponse]]


# --- pages and work off the event loop ----------------------------------------------
def render(request: Request, template: str, status: int = 200, **values: Any) -> response.HTTPResponse:
    session: SessionData | None = getattr(request.ctx, "session", None)
    page = context(request).templates.get_template(template)
    html = page.render(user=getattr(request.ctx, "user", None), csrf_token=session.csrf if session else "", **values)
    return response.html(html, status=status)


async def in_thread(fn: Callable, *args: Any) -> Any:
    """A blocking call (password hashing, a plan, a PDF) in a worker thread."""
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


async def db(request: Request, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """A (blocking) store call in a worker thread, with the app's database URL."""
    return await in_thread(functools.partial(fn, *args, url=context(request).config.database_url, **kwargs))


# --- guards -------------------------------------------------------------------------
def require_user(request: Request) -> User:
    if request.ctx.user is None:
        raise HttpError(401, MSG_LOGGED_OUT, "logged_out")
    return request.ctx.user


def login_redirect(request: Request) -> response.HTTPResponse:
    target = request.path + (f"?{request.query_string}" if request.query_string else "")
    return response.redirect(f"/login?next={quote(target, safe='/')}", status=303)


def login_required(handler: Handler) -> Handler:
    """A page for logged-in users; anyone else is sent to the login page and back."""

    @functools.wraps(handler)
    async def page(request: Request, *args: Any, **kwargs: Any) -> response.HTTPResponse:
        if request.ctx.user is None:
            return login_redirect(request)
        return await handler(request, *args, **kwargs)

    return page


def safe_next(target: str | None) -> str:
    """Where to go after the login: a path on this site, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def check_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            raise HttpError(403, MSG_CSRF, "csrf")


def check_csrf(request: Request, token: str | None) -> None:
    check_origin(request)
    if not csrf_matches(request.ctx.session, token):
        raise HttpError(403, MSG_CSRF, "csrf")


def json_body(request: Request) -> dict[str, Any]:
    """The JSON object a logged-in user posted with the session's CSRF token."""
    require_user(request)
    check_csrf(request, request.headers.get("x-csrf-token"))
    if "application/json" not in (request.headers.get("content-type") or ""):
        raise HttpError(415, "Forespørgslen skal være JSON.", "bad_request")
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - Sanic raises InvalidUsage for broken JSON
        body = None
    if not isinstance(body, dict):
        raise HttpError(400, "Forespørgslen kunne ikke læses.", "bad_request")
    return body


# --- error responses ----------------------------------------------------------------
def wants_json(request: Request) -> bool:
    return request.path.startswith("/api/")


async def http_error(request: Request, error: HttpError) -> response.HTTPResponse:
    if wants_json(request):
        return response.json({"error": error.message, "code": error.code, **error.extra}, status=error.status_code)
    return render(request, "error.html", status=error.status_code, message=error.message, status_code=error.status_code)


async def sanic_error(request: Request, error: SanicException) -> response.HTTPResponse:
    status = getattr(error, "status_code", 500) or 500
    message = STATUS_MESSAGES.get(status, MSG_FAILED)
    if status == 413 and request.path == UPLOAD_PATH:
        message = UPLOAD_TOO_LARGE
    return await http_error(request, HttpError(status, message))


async def crash(request: Request, error: Exception) -> response.HTTPResponse:
    log.exception("web request failed: %s %s", request.method, request.path)
    return await sanic_error(request, SanicException("Der gik noget galt.", status_code=500))


def register_error_handlers(app: Sanic) -> None:
    app.exception(HttpError)(http_error)
    app.exception(SanicException)(sanic_error)
    app.exception(Exception)(crash)
