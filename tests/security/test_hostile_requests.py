"""Hostile requests against the real servers: each finding of the trust-boundary issue, replayed.

One module-wide set of servers as ``make run`` starts them (action server, Rasa, web cockpit)
on a scratch data folder. Every test sends what a hostile user on the same network would and
asserts the refusal, that every server still answers, and — at the end — that no CPR number in
any of the everyday formats reached a file (the SQLite database, its WAL and shared memory).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from bot.keys import action_headers, rest_headers
from bot.processes import free_port, server_env, start_guide_servers, stop_all, write_endpoints
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.users.accounts import create_user
from tests.web.browser_helpers import start_web
from tests.web.conftest import PASSWORD, Client

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODEL.exists(), reason="no trained model (make train)"),
]

# The formats the issue found stored, and one each of the usual ones.
CPR_FORMATS = (
    "21-03-85-1114",
    "21/03/85-1115",
    "21.03.1985-1119",
    "210385\u200b1116",
    "210385\u00ad1118",
    "２１０３８５-１１１７",
    "2103851113",
    "210385-1112",
)
# What must not be found in any file afterwards (raw, UTF-8 and JSON-escaped spellings).
FORBIDDEN = (
    "210385",
    "21-03-85",
    "21/03/85",
    "21.03.1985",
    "21.03.85",
    "２１０３８５",
    "\\uff12\\uff11\\uff10\\uff13\\uff18\\uff15",
    "220385",
)


@dataclass
class Site:
    rest: str
    action: str
    web: str
    data_dir: Path
    db_path: Path
    rasa_port: int
    action_port: int

    def send(self, sender: str, message: str, timeout: float = 60) -> requests.Response:
        return requests.post(
            self.rest, json={"sender": sender, "message": message}, headers=rest_headers(), timeout=timeout
        )

    def raw(self, body: bytes, headers: dict | None = None, timeout: float = 60) -> requests.Response:
        return requests.post(self.rest, data=body, headers=headers or rest_headers(), timeout=timeout)

    def all_up(self) -> bool:
        checks = (f"http://127.0.0.1:{self.rasa_port}/", f"{self.action}/health", f"{self.web}/healthz")
        return all(requests.get(url, timeout=10).status_code == 200 for url in checks)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    data_dir = tmp / "var"
    db_path = data_dir / "samtaleguide.db"
    db_url = f"sqlite:///{db_path}"
    upgrade(db_url)
    for username, role, team in (
        ("mette", "konsulent", "Nord"),
        ("sune", "konsulent", "Syd"),
        ("emil", "elev", "Nord"),
    ):
        create_user(username, role, PASSWORD, team=team, url=db_url)
    dispose_engines()
    action_port, rasa_port = free_port(), free_port()
    env = server_env({**os.environ, "DATABASE_URL": db_url, "SAMTALEGUIDE_DATA_DIR": str(data_dir)})
    processes = start_guide_servers(MODEL, action_port, rasa_port, write_endpoints(action_port, tmp / "e.yml"), env)
    try:
        web, web_url, _log = start_web(tmp, f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", db_url)
        processes.append(web)
        yield Site(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            f"http://127.0.0.1:{action_port}",
            web_url,
            data_dir,
            db_path,
            rasa_port,
            action_port,
        )
    finally:
        stop_all(processes)


def _code(response: requests.Response) -> str:
    return response.json()[0]["custom"]["error"]["code"]


# --- 1. nothing a client sends stops a server ----------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"sender": "x\\udc00", "message": "hej"}', 400, "bad_text"),  # the lone surrogate that stopped it all
        (b'{"sender": "x", "message": "\\ud800"}', 400, "bad_text"),
        (b'{"sender": "x", "message": "h\\u0000j"}', 400, "bad_text"),
        (b'{"sender": "x", "message": "h\xe6j"}', 400, "bad_request"),  # not UTF-8
        (b"[]", 400, "bad_request"),
        (b'"hi"', 400, "bad_request"),
        (b"null", 400, "bad_request"),
        (b"{", 400, "bad_request"),
        (b'{"sender": "210385-1114", "message": "hej"}', 400, "bad_sender"),
    ],
)
def test_malformed_bodies_get_a_danish_400_and_every_server_stays_up(site, body, status, code):
    response = site.raw(body)
    assert response.status_code == status and _code(response) == code
    assert site.all_up()
    assert site.send("mette:ok", "hvordan laver jeg kontrakten?").status_code == 200


def test_the_rest_channel_wants_its_token_and_json(site):
    body = json.dumps({"sender": "mette:x", "message": "vis plan for B-1"}).encode()
    assert site.raw(body, {"Content-Type": "application/json"}).status_code == 401
    wrong = {"Authorization": "Bearer guess", "Content-Type": "application/json"}
    assert site.raw(body, wrong).status_code == 401
    plain = {**rest_headers(), "Content-Type": "text/plain"}  # what a web page may send cross-site
    assert site.raw(body, plain).status_code == 415
    assert requests.post(site.rest + "?stream=true", data=body, headers=rest_headers(), timeout=30).status_code == 400


def test_a_huge_body_is_refused_before_it_is_read(site):
    started = time.monotonic()
    response = site.raw(b'{"sender": "x", "message": "' + b"1" * 5_000_000 + b'"}')
    assert response.status_code == 413 and "for stor" in response.json()[0]["text"]
    assert time.monotonic() - started < 5 and site.all_up()


def test_long_runs_of_digits_do_not_hold_up_another_user(site):
    """Redaction was quadratic: 24 KB of digits held every other message for seconds."""
    digits = "1" * 990  # the longest message the guide reads; larger bodies are refused at the door

    def other_user() -> float:
        started = time.monotonic()
        assert site.send("sune:other", "næste trin").status_code == 200
        return time.monotonic() - started

    with ThreadPoolExecutor(4) as pool:
        floods = [pool.submit(site.send, f"mette:flood{n}", digits) for n in range(3)]
        waited = pool.submit(other_user).result()
        assert all(f.result().status_code == 200 for f in floods)
    assert waited < 5


# --- 2./3. team walls and the closed ports ----------------------------------------------------------
def test_a_token_holder_acting_for_another_team_sees_nothing(site):
    site.send("mette:w1", "ny samtale med B-12 om jobsøgningsstrategi 45 min")
    site.send("mette:w1", "note: hun vil helst arbejde om formiddagen")
    replies = site.send("sune:w2", "vis plan for B-12").json()
    assert replies[0]["text"] == "Jeg kender ingen borger med referencen »B-12« i dit team."
    assert not any("plan" in r.get("custom", {}) for r in replies)
    replies = site.send("emil:w3", "vis plan for B-12").json()
    assert "Som elev" in replies[0]["text"]
    replies = site.send("nogen-andre", "vis plan for B-12").json()  # not a user at all
    assert "med en bruger i Samtaleguide" in replies[0]["text"]


def test_the_action_server_runs_nothing_without_the_secret(site):
    call = {
        "next_action": "action_show_plan",
        "sender_id": "mette:x",
        "tracker": {"sender_id": "mette:x", "slots": {}, "latest_message": {"text": "vis plan for B-12"}, "events": []},
        "domain": {},
        "version": "3.6.21",
    }
    assert requests.post(f"{site.action}/webhook", json=call, timeout=30).status_code == 401
    wrong = {"Authorization": "Bearer guess"}
    assert requests.post(f"{site.action}/webhook", json=call, headers=wrong, timeout=30).status_code == 401
    assert requests.get(f"{site.action}/actions", timeout=30).status_code == 401
    assert requests.get(f"{site.action}/actions", headers=action_headers(), timeout=30).status_code == 200


def _outside_address() -> str | None:
    """An address of this machine that is not loopback (None in a sandbox without one)."""
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return next((a for a in out if not a.startswith("127.") and ":" not in a), None)


def test_rasa_and_the_action_server_listen_on_loopback_only(site):
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to try")
    for port in (site.rasa_port, site.action_port):
        with socket.socket() as probe:
            probe.settimeout(2)
            assert probe.connect_ex((address, port)) != 0, f"port {port} answers on {address}"


# --- 4. CPR numbers in everyday formats reach no file -----------------------------------------------
@pytest.mark.parametrize("cpr", CPR_FORMATS)
def test_cpr_numbers_are_refused_in_every_plan_command(site, cpr):
    sender = f"mette:cpr{CPR_FORMATS.index(cpr)}"
    site.send(sender, "ny samtale med B-77 om jobsøgningsstrategi 45 min")
    for message in (
        f"note: cpr {cpr}",
        f"aftale: hun sender tre ansøgninger inden fredag, cpr {cpr}",
        f"kontrakt: vi taler om {cpr}",
        f"A-job: lager {cpr}",
        f"vigtighed 4 fordi {cpr}",
        f"hendes cpr er {cpr}",
        f"ny samtale med B-{cpr} om cv",
    ):
        replies = site.send(sender, message).json()
        assert "CPR-nummer" in replies[0]["text"], (message, replies)


async def test_a_cpr_shaped_reference_is_refused_by_the_cockpit(site):
    client = Client(site.web)
    try:
        await client.login("mette")
        response = await client.api(
            "/api/conversations", {"kind": "guide", "citizen_ref": "B-220385-2222", "topic": "cv", "booked_min": 30}
        )
        assert response.status == 422
    finally:
        await client.close()


def test_no_cpr_number_reached_a_file_and_the_files_are_private(site):
    """Runs last in the module (pytest keeps file order): everything above has been sent."""
    dispose_engines()
    files = [p for p in site.data_dir.iterdir() if p.name.startswith("samtaleguide.db")]
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", "ignore")
        found = [form for form in FORBIDDEN if form in text]
        assert not found, f"{path.name} holds {found}"
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path.name} is readable by others"
    assert stat.S_IMODE(site.data_dir.stat().st_mode) & 0o077 == 0
    assert site.all_up()
