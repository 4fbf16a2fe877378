"""A small round-robin reverse proxy (aiohttp), standing in for a production load balancer.

``python -m bot cluster proxy --port P --upstream http://127.0.0.1:A --upstream http://127.0.0.1:B``

Every request (any method and path, e.g. ``/webhooks/rest/webhook`` on the Rasa replicas or
``/webhook`` on the action servers) goes to the next upstream in turn. When an upstream
cannot be connected to at all, the request has not reached it, so the proxy tries the next
one (a dead replica is skipped without the client noticing); any answer, error statuses
included, is passed back as it is. If no upstream can be reached the client gets 502. Each
answer names the upstream that gave it in ``X-Upstream`` (the tests read it).
"""

from __future__ import annotations

import argparse
import itertools
import logging

import aiohttp
from aiohttp import web

log = logging.getLogger(__name__)

UPSTREAM_TIMEOUT_S = 330  # above Rasa's own five-minute timeout for a custom action
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "content-encoding",
}
UPSTREAM_HEADER = "X-Upstream"


def _forwardable(headers) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.lower() not in HOP_BY_HOP}


def build_app(upstreams: list[str]) -> web.Application:
    if not upstreams:
        raise ValueError("the proxy needs at least one upstream")
    upstreams = [u.rstrip("/") for u in upstreams]
    turn = itertools.cycle(range(len(upstreams)))
    app = web.Application(client_max_size=16 * 1024 * 1024)

    async def on_startup(app_: web.Application) -> None:
        # A fresh connection per request: Sanic (Rasa, rasa-sdk) closes idle keep-alive connections
        # after 5 s, and a pooled connection it has just closed would fail a request that cannot
        # safely be sent again.
        app_["session"] = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=UPSTREAM_TIMEOUT_S),
            auto_decompress=False,
            trust_env=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            connector=aiohttp.TCPConnector(force_close=True),
        )

    async def on_cleanup(app_: web.Application) -> None:
        await app_["session"].close()

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        first = next(turn)
        failures = []
        for offset in range(len(upstreams)):
            upstream = upstreams[(first + offset) % len(upstreams)]
            try:
                async with request.app["session"].request(
                    request.method,
                    upstream + request.path_qs,
                    data=body or None,
                    headers=_forwardable(request.headers),
                    allow_redirects=False,
                ) as answer:
                    payload = await answer.read()
                    headers = _forwardable(answer.headers)
                    if "Content-Encoding" in answer.headers:
                        headers["Content-Encoding"] = answer.headers["Content-Encoding"]
                    headers[UPSTREAM_HEADER] = upstream
                    return web.Response(status=answer.status, body=payload, headers=headers)
            except aiohttp.ClientConnectorError as error:  # never reached the upstream: safe to try the next
                failures.append(f"{upstream}: {error.os_error or error}")
                log.warning("upstream %s unreachable, trying the next", upstream)
            except (TimeoutError, aiohttp.ClientError) as error:  # reached it: do not send twice
                log.warning("upstream %s failed mid-request: %r", upstream, error)
                return web.json_response(
                    {"error": "upstream failed", "upstream": upstream}, status=502, headers={UPSTREAM_HEADER: upstream}
                )
        return web.json_response({"error": "no upstream reachable", "tried": failures}, status=502)

    app.router.add_route("*", "/{tail:.*}", forward)
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


def serve(port: int, upstreams: list[str], host: str = "127.0.0.1") -> int:
    logging.basicConfig(level=logging.WARNING, format="proxy %(levelname)s %(message)s")
    # aiohttp turns SIGINT and SIGTERM into a graceful exit.
    web.run_app(build_app(upstreams), host=host, port=port, print=None, access_log=None, handle_signals=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cluster.proxy")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", action="append", required=True)
    args = parser.parse_args(argv)
    return serve(args.port, args.upstream)


if __name__ == "__main__":
    raise SystemExit(main())
