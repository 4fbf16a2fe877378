"""The web cockpit: a Sanic app with Jinja templates and a little plain JavaScript.

``create_app`` builds the app: its context (``bot.web.context``), the session and
security-header middleware, the error responses (``bot.web.requests``) and the routes,
one module per resource (``bot.web.routes``). Every POST needs the session's CSRF token
(form field ``csrf_token`` or header ``X-CSRF-Token``). The browser never talks to Rasa;
this app forwards server-side.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from sanic import Sanic, response
from sanic.request import Request

from bot.guide.content import load_guide
from bot.practice.case import case_names
from bot.users.passwords import dummy_hash
from bot.web.addresses import parse_proxies
from bot.web.auth import SessionSigner
from bot.web.context import WebConfig, WebContext, context
from bot.web.formatting import TIME_FILTERS
from bot.web.plans import PlanSource, StorePlanSource
from bot.web.rasa import RasaClient
from bot.web.requests import register_error_handlers
from bot.web.routes import register_routes
from bot.web.sessions import load_session, save_session
from bot.web.throttle import make_throttle

__all__ = ["WebConfig", "create_app"]

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES = WEB_DIR / "templates"
STATIC = WEB_DIR / "static"

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

_app_numbers = itertools.count(1)


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(TIME_FILTERS)  # moments in Danish time, never the server's zone
    return env


def create_app(config: WebConfig, plan_source: PlanSource | None = None, name: str | None = None) -> Sanic:
    dummy_hash()  # computed now, so the first failed login is not faster than the others
    app = Sanic(
        name or f"samtaleguide_web_{next(_app_numbers)}",
        ctx=WebContext(
            config=config,
            signer=SessionSigner(config.secret),
            rasa=RasaClient(config.rasa_url, config.action_url, config.rest_token, timeout_s=config.rasa_timeout_s),
            plans=plan_source or StorePlanSource(config.database_url),
            throttle=make_throttle(config.secret, config.redis_url),
            proxies=parse_proxies(config.trusted_proxies),
            guide=load_guide(),
            case_names=case_names(),
            templates=_templates(),
        ),
    )
    app.config.REQUEST_MAX_SIZE = 256 * 1024
    app.config.KEEP_ALIVE_TIMEOUT = 15
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.register_listener(start_rasa, "before_server_start")
    app.register_listener(stop_rasa, "after_server_stop")
    app.register_listener(close_throttle, "after_server_stop")
    app.register_middleware(load_session, "request")
    app.register_middleware(security_headers, "response")
    app.register_middleware(save_session, "response")
    register_error_handlers(app)
    register_routes(app)
    app.static("/static", str(STATIC), name="static")
    return app


async def start_rasa(app: Sanic, _loop) -> None:
    await app.ctx.rasa.start()


async def stop_rasa(app: Sanic, _loop) -> None:
    await app.ctx.rasa.close()


async def close_throttle(app: Sanic, _loop) -> None:
    await app.ctx.throttle.close()


async def security_headers(request: Request, resp: response.HTTPResponse) -> None:
    for header, value in SECURITY_HEADERS.items():
        resp.headers[header] = value
    if context(request).config.production:
        resp.headers["Strict-Transport-Security"] = "max-age=31536000"
    if not request.path.startswith("/static/"):
        resp.headers["Cache-Control"] = "no-store"
