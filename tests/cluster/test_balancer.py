"""HAProxy as the cluster's balancer (``bot.cluster.balancer``), in front of two small fake servers.

Fast (a few seconds, no Rasa): the generated configuration is valid; bodies and the
``Authorization`` header pass unchanged; ``X-Upstream`` names the server; a server that refuses
connections is skipped at once and marked down by the health checks, then taken back; a server
that dies mid-request is not sent the request again and the client gets the Danish 502; with
no server left, the Danish 503. If ``haproxy`` is missing the tests FAIL (``make haproxy``).
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from bot.cluster import balancer
from bot.cluster.balancer import ERRORS, UPSTREAM_HEADER, Pool, check_config, error_body, server_states, write_config
from bot.processes import Server, free_port


class Upstream:
    """A fake server on a fixed port: ``GET /`` is its health; ``POST`` echoes; ``POST /die`` hangs up."""

    def __init__(self, name: str) -> None:
        self.name, self.port, self.hits, self.server = name, free_port(), 0, None
        self.stall_until = 0.0  # its health check hangs until then (a server blocked on its database)

    def start(self) -> Upstream:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                time.sleep(max(0.0, upstream.stall_until - time.monotonic()))
                self._answer(200, b"ok", {})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                upstream.hits += 1
                if self.path == "/die":
                    self.close_connection = True  # no answer at all: as if the process died mid-turn
                    return
                seen = {"X-Seen-Authorization": self.headers.get("Authorization", ""), "X-Served-By": upstream.name}
                self._answer(200, body, {"Content-Type": self.headers.get("Content-Type", ""), **seen})

            def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def _wait_for(predicate, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def pool(tmp_path):
    """HAProxy with a REST pool over two fake upstreams; yields (url, upstreams, stats socket)."""
    if balancer.haproxy_binary() is None:
        pytest.fail("haproxy is not installed; `make haproxy` installs Debian's package")
    upstreams = [Upstream("rasa-1").start(), Upstream("rasa-2").start()]
    port, health_port = free_port(), free_port()
    stats = tmp_path / "haproxy.sock"
    rest = Pool("rest", f"127.0.0.1:{port}", "/", tuple((u.name, u.address) for u in upstreams), danish_errors=True)
    config = write_config(tmp_path, [rest], f"127.0.0.1:{health_port}", stats)
    server = Server(
        "balancer",
        health_port,
        partial(subprocess.Popen, balancer.command(config)),
        "/healthz",
        log_file=tmp_path / "haproxy.log",
    )
    server.start()
    try:
        server.wait_until_up()
        assert _wait_for(lambda: set(server_states(stats).values()) == {"UP"})
        yield f"http://127.0.0.1:{port}", upstreams, stats
    finally:
        server.stop()
        for upstream in upstreams:
            upstream.stop()  # its serve_forever thread too: a stale one would poll a reused descriptor


def _deployment_config(tmp_path: Path, *options: str) -> int:
    """``python -m bot cluster balancer-config --out tmp_path …``, in this process."""
    import argparse

    from bot.cluster.cli import add_commands

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers())
    args = parser.parse_args(["cluster", "balancer-config", "--out", str(tmp_path), *options])
    return args.func(args)


def test_the_deployment_configuration_is_valid_haproxy_with_tls_and_only_the_public_pools_public(tmp_path):
    if balancer.haproxy_binary() is None:
        pytest.fail("haproxy is not installed; `make haproxy` installs Debian's package")
    certificate = tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(certificate), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    options = ["--rest-bind", "0.0.0.0:8443", "--rasa", "10.0.1.11:5005", "--rasa", "10.0.1.12:5005"]
    options += ["--actions-bind", "10.0.1.10:5055", "--action", "10.0.1.21:5055", "--action", "10.0.1.22:5055"]
    options += ["--web-bind", "0.0.0.0:443", "--web", "10.0.1.31:8000", "--tls-certificate", str(certificate)]
    options += ["--stats-socket", str(tmp_path / "admin.sock")]

    assert _deployment_config(tmp_path, *options) == 0  # includes `haproxy -c`

    path = tmp_path / "haproxy.cfg"
    text = path.read_text()
    assert f"bind 0.0.0.0:8443 ssl crt {certificate}" in text and f"bind 0.0.0.0:443 ssl crt {certificate}" in text
    assert "bind 10.0.1.10:5055\n" in text  # the actions pool: private address, no TLS
    assert "server rasa-2 10.0.1.12:5005" in text and "server action-1 10.0.1.21:5055" in text
    assert text.count("http-error status") == len(ERRORS)  # Danish errors on the REST pool only
    assert text.count("Strict-Transport-Security") == 2 and text.count("option forwardfor") == 1
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "errors" / "503.json").read_text(encoding="utf-8") == error_body(503)


def test_a_configuration_haproxy_refuses_is_reported(tmp_path, capsys):
    if balancer.haproxy_binary() is None:
        pytest.fail("haproxy is not installed; `make haproxy` installs Debian's package")
    options = ["--rest-bind", "0.0.0.0:8443", "--rasa", "10.0.1.11:5005", "--actions-bind", "10.0.1.10:5055"]
    options += ["--action", "10.0.1.21:5055", "--tls-certificate", str(tmp_path / "missing.pem")]
    assert _deployment_config(tmp_path, *options) == 1
    assert "unable to stat SSL certificate" in capsys.readouterr().err


def test_a_broken_configuration_is_reported():
    assert check_config(Path("/nonexistent/haproxy.cfg")) is not None


def test_bodies_and_the_authorization_header_pass_unchanged_and_the_server_is_named(pool):
    url, upstreams, _stats = pool
    body = json.dumps({"sender": "konsulent-1", "message": "Søren æøå \u2028 " + "x" * 70000}).encode()
    served = set()
    for _ in range(4):
        answer = requests.post(
            url + "/webhooks/rest/webhook",
            data=body,
            headers={"Authorization": "Bearer s3cr3t-token", "Content-Type": "application/json"},
            timeout=10,
        )
        assert answer.status_code == 200
        assert answer.content == body
        assert answer.headers["X-Seen-Authorization"] == "Bearer s3cr3t-token"
        assert answer.headers[UPSTREAM_HEADER] == answer.headers["X-Served-By"]
        served.add(answer.headers[UPSTREAM_HEADER])
    assert served == {"rasa-1", "rasa-2"}  # both in rotation


def test_a_server_that_refuses_connections_is_skipped_at_once_marked_down_and_taken_back(pool):
    url, (first, second), stats = pool
    first.stop()  # connections to it are refused from now on
    answers = [requests.post(url + "/x", data=b"{}", timeout=10) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 6  # retried on the other before the checks noticed
    assert {a.headers[UPSTREAM_HEADER] for a in answers} == {"rasa-2"}
    assert _wait_for(lambda: server_states(stats)["rasa-1"].startswith("DOWN"))

    first.start()
    assert _wait_for(lambda: server_states(stats)["rasa-1"] == "UP")
    served = {requests.post(url + "/x", data=b"{}", timeout=10).headers[UPSTREAM_HEADER] for _ in range(6)}
    assert served == {"rasa-1", "rasa-2"}


def test_a_server_whose_checks_hang_for_seconds_stays_in_the_rotation(pool):
    """As a server blocked for a while on an unreachable database (its event loop waits), not dead."""
    _url, (first, _second), stats = pool
    first.stall_until = time.monotonic() + 8
    seen = set()
    while time.monotonic() < first.stall_until + 1:
        seen.add(server_states(stats)["rasa-1"])
        time.sleep(0.2)
    assert any(state.startswith("UP ") for state in seen), seen  # checks failed ("UP 1/3" …)
    assert not any(state.startswith("DOWN") for state in seen), seen
    assert _wait_for(lambda: server_states(stats)["rasa-1"] == "UP")


def test_a_request_cut_off_mid_turn_is_not_sent_again_and_gets_the_danish_502(pool):
    url, upstreams, _stats = pool
    answer = requests.post(url + "/die", data=b"{}", timeout=10)
    assert answer.status_code == 502
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.json()[0]["custom"]["error"]["code"] == "reply_lost"
    assert "Send beskeden igen" in answer.json()[0]["text"]
    assert sum(u.hits for u in upstreams) == 1  # it may have been handled: never sent twice


def test_with_no_server_left_the_client_gets_the_danish_503(pool):
    url, upstreams, stats = pool
    for upstream in upstreams:
        upstream.stop()
    assert _wait_for(lambda: all(s.startswith("DOWN") for s in server_states(stats).values()))
    answer = requests.post(url + "/webhooks/rest/webhook", data=b"{}", timeout=10)
    assert answer.status_code == 503
    assert answer.json() == json.loads(error_body(503))
    assert "ingen af dens servere svarer" in answer.json()[0]["text"]


def test_the_error_bodies_are_the_guide_channels_error_format():
    from bot.rasa.channel import error_reply

    for status, (code, text) in ERRORS.items():
        assert json.loads(error_body(status)) == error_reply(None, code, text)
