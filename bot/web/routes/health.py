"""``GET /healthz``: the web app answers (no login, nothing behind it is asked)."""

from __future__ import annotations

from sanic import Sanic, response
from sanic.request import Request


async def healthz(_request: Request) -> response.HTTPResponse:
    return response.text("ok")


def register(app: Sanic) -> None:
    app.get("/healthz")(healthz)
