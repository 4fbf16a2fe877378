"""The web app's routes, one module per resource; each has ``register(app)``.

    health    GET /healthz
    auth      GET/POST /login, POST /logout
    cockpit   GET /, GET /samtale/<id>, POST /api/conversations, POST /api/message, GET /api/health
    plans     GET /plan/<ref>, GET /plan/<ref>/pdf
    reviews   everything under /gennemgang

Handlers are module-level functions; what they share (settings, the Rasa client, the plan
source, templates…) is ``request.app.ctx`` (``bot.web.context``), and the guards, pages and
error responses are in ``bot.web.requests``.
"""

from __future__ import annotations

from sanic import Sanic

from bot.web.routes import auth, cockpit, health, plans, reviews

MODULES = (health, auth, cockpit, plans, reviews)


def register_routes(app: Sanic) -> None:
    for module in MODULES:
        module.register(app)
