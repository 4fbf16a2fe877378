"""The action server: rasa-sdk's app for ``actions/``, behind the shared secret, on a chosen address.

``rasa run actions`` listens on 0.0.0.0, allows every CORS origin and runs any action for
anyone who can reach the port. ``python -m bot actions`` starts the same rasa-sdk app with
three differences: it listens on ``ACTION_HOST`` (127.0.0.1 by default; the cluster sets its
internal address), no CORS headers (only the Rasa server calls it), and every request except
``GET /health`` must carry ``Authorization: Bearer <ACTION_SERVER_TOKEN>`` — the header the
Rasa server sends from ``endpoints.yml``. Anything else gets 401 and runs nothing.
"""

from __future__ import annotations

import hmac
import logging
import threading

from sanic import Sanic, response
from sanic.request import Request

from bot import keys
from bot.settings import get_settings

log = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})  # the balancers' and the web app's health checks
MSG_UNAUTHORIZED = "Adgang nægtet: handlingsserveren svarer kun Rasa-serveren."


def guarded_app(token: str, package: str = "actions") -> Sanic:
    """rasa-sdk's app for ``package``, refusing every call without ``token`` (a middleware runs first)."""
    from rasa_sdk.endpoint import create_app

    app = create_app(package, cors_origins=None)
    expected = f"Bearer {token}".encode()

    @app.on_request
    async def require_token(request: Request):
        if request.path in OPEN_PATHS and request.method == "GET":
            return None
        given = (request.headers.get("authorization") or "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, expected):
            log.warning("refused an action server call without the shared secret (%s %s)", request.method, request.path)
            return response.json({"error": MSG_UNAUTHORIZED}, status=401)
        return None

    return app


def _warm_up_practice() -> None:
    """Trains the technique coder and builds the practice indexes once, off the request path."""
    try:
        from bot.practice.simulator import warm_up

        warm_up()
    except Exception:  # a cold start is slower, never broken
        log.exception("warming up the practice simulator failed")


def serve(port: int) -> int:
    settings = get_settings()
    app = guarded_app(keys.secret(keys.ACTIONS, settings))

    @app.after_server_start
    async def warm_up_in_the_background(app, loop):
        threading.Thread(target=_warm_up_practice, name="practice-warm-up", daemon=True).start()

    app.run(host=settings.action_host, port=port, workers=1, access_log=False, motd=False)
    return 0
