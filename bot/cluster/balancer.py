"""HAProxy in front of the Rasa replicas and the action servers: the configuration, built here.

The topology (``bot.cluster.topology``) runs one ``haproxy`` (Debian's package; ``make haproxy``
installs it when missing) with two pools:

* ``rest`` – the only address clients get: the REST channel of the Rasa replicas;
* ``actions`` – internal: the address in every replica's ``action_endpoint``.

Why HAProxy rather than nginx: Debian's HAProxy checks its servers' health actively
(``option httpchk``), so a dead or still-loading replica is taken out of rotation within about
three seconds, and back in once it answers; open-source nginx has only passive checks. Both
retry a refused connection on another server.

How a request is routed (``config``):

* **leastconn**, ties round robin: a Rasa turn can take seconds, so the replica with fewer
  turns in progress gets the next one.
* **Health checks** (``GET /`` on Rasa, ``GET /health`` on the action servers, ``HEALTH_CHECK``):
  a server that refuses connections (dead, or restarting) is out within about three seconds,
  and two answers in a row bring it back. A server that is alive but does not answer for a
  while is left in for about 20 s (three checks, each waiting 6 s): while PostgreSQL is
  unreachable the servers block for up to 15 s retrying it (``RECONNECT_WINDOW_S`` in
  ``bot.rasa.tracker_store``, the plan store's retries), and taking every one of them out would
  turn a wait the consultant hardly notices into a 503. A replica that is loading its model
  answers no check, so it gets no traffic until it is ready.
* **Retries on a refused connection only** (HAProxy's default ``retry-on conn-failure``), each
  to another server (``option redispatch 1``): such a request never reached a server, so it is
  safe to send again. A request that reached a server that then died is *not* sent again (the
  turn may have been handled); the client gets 502, and for the REST pool the body is the
  guide channel's error format with a Danish text (``ERRORS``), so the consultant knows to send
  it again — an agreement has an idempotency key and is never saved twice.
* **A fresh server connection per request** (``option http-server-close``): Sanic closes idle
  keep-alive connections after 5 s, and a request sent on one just as it closes would fail.
* Bodies and headers (``Authorization`` included) pass unchanged; every answer that came from a
  server names it in ``X-Upstream``.
* The access log has no paths or query strings (a path can hold anything a client typed, a CPR
  number included): client, pools, server, timings, status, bytes, termination state, retries.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

UPSTREAM_HEADER = "X-Upstream"
UPSTREAM_TIMEOUT_S = 330  # above Rasa's own five-minute wait for a custom action
HAPROXY_BIN_DIRS = ("/usr/sbin", "/usr/local/sbin")

# The guide channel's error replies (bot.rasa.channel.error_reply; tests/cluster/test_balancer.py
# checks the format is the same), for what HAProxy itself answers on the REST pool.
ERRORS: dict[int, tuple[str, str]] = {
    502: (
        "reply_lost",
        "Forbindelsen til guiden blev afbrudt, før den svarede. Send beskeden igen "
        "– en aftale bliver ikke gemt to gange.",
    ),
    503: (
        "guide_unavailable",
        "Guiden kan ikke svare lige nu, fordi ingen af dens servere svarer. Send beskeden igen om lidt "
        "– en aftale bliver ikke gemt to gange.",
    ),
    504: (
        "guide_timeout",
        "Guiden svarede ikke i tide. Send beskeden igen om lidt – en aftale bliver ikke gemt to gange.",
    ),
}

# Every 2 s while up; every 1 s once a check failed or while down; 3 failures mark it down, 2
# successes up; a check waits 6 s for the answer (see the module docstring for why so long).
HEALTH_CHECK = "check inter 2s fastinter 1s downinter 1s fall 3 rise 2"
HEALTH_CHECK_TIMEOUT_S = 6

LOG_FORMAT = "%ci [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc"


@dataclass(frozen=True)
class Pool:
    """One address clients connect to and the servers behind it.

    ``bind``: ``host:port`` (a TLS certificate makes it HTTPS, with HSTS); ``servers``: (name,
    ``host:port``); ``danish_errors``: answer 502/503/504 with the guide channel's Danish error
    replies; ``forwarded_for``: tell the servers the client's address (``X-Forwarded-For``).
    """

    name: str
    bind: str
    health_path: str
    servers: tuple[tuple[str, str], ...]
    danish_errors: bool = False
    tls_certificate: Path | None = None
    forwarded_for: bool = False


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next(
        (str(Path(d) / "haproxy") for d in HAPROXY_BIN_DIRS if (Path(d) / "haproxy").is_file()), None
    )


def error_body(status: int) -> str:
    code, text = ERRORS[status]
    return json.dumps([{"recipient_id": None, "text": text, "custom": {"error": {"code": code}}}], ensure_ascii=False)


def write_error_files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for status in ERRORS:
        (folder / f"{status}.json").write_text(error_body(status), encoding="utf-8")
    return folder


def config(pools: list[Pool], health_bind: str, errors_dir: Path, stats_socket: Path | None = None) -> str:
    """The whole ``haproxy.cfg``: global settings, defaults, a health address for the supervisor, the pools."""
    lines = [
        "# Written by bot.cluster.balancer (the template is that module); one file per cluster run.",
        "global",
        "    log stdout format raw local0 info",
        "    maxconn 2000",
    ]
    if stats_socket is not None:
        lines.append(f"    stats socket {stats_socket} mode 600 level admin")
    lines += [
        "",
        "defaults",
        "    mode http",
        "    log global",
        f'    log-format "{LOG_FORMAT}"',
        "    option http-server-close",
        "    option redispatch 1",
        "    retries 3",
        "    timeout connect 2s",
        f"    timeout client {UPSTREAM_TIMEOUT_S}s",
        f"    timeout server {UPSTREAM_TIMEOUT_S}s",
        "    timeout http-request 10s",
        "    timeout queue 10s",
        f"    timeout check {HEALTH_CHECK_TIMEOUT_S}s",
        f"    default-server {HEALTH_CHECK}",
        "",
        "frontend balancer-health",
        f"    bind {health_bind}",
        "    monitor-uri /healthz",
    ]
    for pool in pools:
        lines += ["", *_pool(pool, errors_dir)]
    return "\n".join(lines) + "\n"


def _pool(pool: Pool, errors_dir: Path) -> list[str]:
    tls = f" ssl crt {pool.tls_certificate}" if pool.tls_certificate else ""
    lines = [
        f"frontend {pool.name}",
        f"    bind {pool.bind}{tls}",
        f"    default_backend {pool.name}-servers",
        "",
        f"backend {pool.name}-servers",
        "    balance leastconn",
        "    option httpchk",
        f"    http-check send meth GET uri {pool.health_path}",
        "    http-check expect status 200",
        f"    http-response set-header {UPSTREAM_HEADER} %[srv_name]",
    ]
    if pool.tls_certificate:
        lines.append('    http-response set-header Strict-Transport-Security "max-age=31536000"')
    if pool.forwarded_for:
        lines.append("    option forwardfor")
    if pool.danish_errors:
        lines += [
            f'    http-error status {status} content-type "application/json; charset=utf-8" '
            f"file {errors_dir / f'{status}.json'}"
            for status in ERRORS
        ]
    lines += [f"    server {name} {address}" for name, address in pool.servers]
    return lines


def write_config(folder: Path, pools: list[Pool], health_bind: str, stats_socket: Path | None = None) -> Path:
    """``folder/haproxy.cfg`` and the error bodies it names, readable by us only."""
    errors_dir = write_error_files(folder / "errors")
    path = folder / "haproxy.cfg"
    path.write_text(config(pools, health_bind, errors_dir, stats_socket), encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def deployment_pools(
    rest_bind: str,
    rasa: list[str],
    actions_bind: str,
    actions: list[str],
    web_bind: str | None = None,
    web: list[str] | None = None,
    tls_certificate: Path | None = None,
) -> list[Pool]:
    """The pools of a real deployment (``python -m bot cluster balancer-config``): the same as the
    topology's, on the machines' addresses, the public ones (REST, web) with TLS."""

    def named(prefix: str, addresses: list[str]) -> tuple[tuple[str, str], ...]:
        return tuple((f"{prefix}-{n}", address) for n, address in enumerate(addresses, 1))

    pools = [
        Pool("rest", rest_bind, "/", named("rasa", rasa), danish_errors=True, tls_certificate=tls_certificate),
        Pool("actions", actions_bind, "/health", named("action", actions)),
    ]
    if web_bind and web:
        pools.append(
            Pool("web", web_bind, "/healthz", named("web", web), tls_certificate=tls_certificate, forwarded_for=True)
        )
    return pools


def check_config(path: Path) -> str | None:
    """``haproxy -c``: None when the file is valid, else HAProxy's complaint."""
    import subprocess

    binary = haproxy_binary()
    if binary is None:
        return "haproxy not found"
    checked = subprocess.run([binary, "-c", "-f", str(path)], capture_output=True, text=True, timeout=30)
    if checked.returncode == 0:
        return None
    alerts = [line for line in (checked.stderr + checked.stdout).splitlines() if "[ALERT]" in line]
    return "\n".join(alerts) or f"haproxy -c exited with {checked.returncode}"


def command(path: Path) -> list[str]:
    """HAProxy in the foreground (``-db``), as the supervisor's child."""
    binary = haproxy_binary()
    if binary is None:
        raise FileNotFoundError("haproxy not found; install it with `make haproxy` (apt-get install haproxy)")
    return [binary, "-db", "-f", str(path)]


def server_states(stats_socket: Path) -> dict[str, str]:
    """Each server's state as HAProxy sees it (``UP``, ``DOWN``, ``UP 1/2`` …), by server name."""
    import csv
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(5)
        connection.connect(str(stats_socket))
        connection.sendall(b"show stat\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    rows = csv.DictReader(b"".join(chunks).decode("utf-8").lstrip("# ").splitlines())
    return {row["svname"]: row["status"] for row in rows if row["svname"] not in ("FRONTEND", "BACKEND")}
