"""The issue's "done when", through the real servers: REST in, Danish text and payload out."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests

from bot.keys import rest_headers
from bot.processes import start_guide_servers, stop_all, write_endpoints
from bot.store.migrate import upgrade
from tests.support.users import add_users

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"

pytestmark = pytest.mark.slow
CONSULTANT = "rest-konsulent"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Servers:
    webhook: str
    env: dict


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Real servers on free ports, with a migrated plan store of their own."""
    tmp = tmp_path_factory.mktemp("servers")
    database_url = f"sqlite:///{tmp / 'plan.db'}"
    upgrade(database_url)
    add_users(database_url, {CONSULTANT: ("konsulent", "Nord")})  # plan commands act for a user
    env = {**os.environ, "DATABASE_URL": database_url}
    action_port, rasa_port = _free_port(), _free_port()
    processes = start_guide_servers(
        MODEL, action_port, rasa_port, write_endpoints(action_port, tmp / "endpoints.yml"), env
    )
    try:
        yield Servers(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", env)
    finally:
        stop_all(processes)


@pytest.fixture(scope="module")
def webhook(servers) -> str:
    return servers.webhook


def send(webhook: str, sender: str, message: str) -> tuple[str, list[dict]]:
    response = requests.post(webhook, json={"sender": sender, "message": message}, headers=rest_headers(), timeout=60)
    response.raise_for_status()
    replies = response.json()
    text = "\n".join(r["text"] for r in replies if "text" in r)
    return text, [r["custom"] for r in replies if "custom" in r]


def new_sender() -> str:
    """A conversation of the test's konsulent: ``<user>:<conversation>``, as the cockpit sends it."""
    return f"{CONSULTANT}:{uuid.uuid4().hex[:8]}"


def test_contract_question_in_a_new_conversation(webhook):
    text, payloads = send(webhook, new_sender(), "hvordan laver jeg kontrakten?")
    assert "trin 3" in text and "Kontrakt" in text
    assert payloads[0]["guide"]["step"] == 3 and payloads[0]["guide"]["tool"] == "kontrakt"


def test_anger_about_availability_gets_the_challenging_conversation_tool(webhook):
    _, payloads = send(webhook, new_sender(), "han bliver vred når jeg nævner rådighed")
    assert payloads[0]["guide"]["tool"] == "udfordrende_samtale"


def test_a_conversation_walks_the_steps(webhook):
    sender = new_sender()
    _, start = send(webhook, sender, "ny samtale med B-7 om brancheskift 30 min")
    guide = start[0]["guide"]
    assert (guide["step"], guide["current_step"], guide["tool"], guide["visited"]) == (2, 2, "forberedelse", [2])
    assert (guide["elapsed_min"], guide["booked_min"], guide["ended"]) == (0, 30, False)
    _, nxt = send(webhook, sender, "næste trin")
    assert nxt[0]["guide"]["step"] == 3
    _, jump = send(webhook, sender, "gå til trin 5")
    assert jump[0]["guide"]["step"] == 5 and jump[0]["guide"]["visited"] == [2, 3, 5]
    text, status = send(webhook, sender, "hvor er vi?")
    assert "Samtale med B-7 om Brancheskift." in text and status[0]["guide"]["step"] == 5
    text, _ = send(webhook, sender, "afslut samtalen")
    assert "Samtalen er afsluttet" in text


@pytest.mark.parametrize(
    "message, answer",
    [
        ("", "beskeden var tom"),
        ("a" * 10_000, "for lang"),
        ("😀🙈", "læse noget ud af"),
        ("<script>alert('x')</script>", "kode eller HTML"),
        ("what should I do now?", "kun dansk"),
        ("010190-1234", "CPR-nummer"),
    ],
)
def test_bad_input_gets_a_calm_danish_answer_and_the_conversation_goes_on(webhook, message, answer):
    sender = new_sender()
    send(webhook, sender, "trin 4")
    text, payloads = send(webhook, sender, message)
    assert answer in text and payloads == []
    _, after = send(webhook, sender, "næste trin")
    assert after[0]["guide"]["step"] == 5 and after[0]["guide"]["visited"] == [4, 5]


def _export(citizen: str, fmt: str, tmp_path, env: dict) -> bytes:
    out = tmp_path / f"plan.{fmt}"
    subprocess.run(
        [sys.executable, "-m", "bot", "plan", "export", "--citizen", citizen, "--format", fmt, "--out", str(out)],
        cwd=PROJECT_ROOT,
        check=True,
        env=env,
    )
    return out.read_bytes()


def test_a_conversation_records_the_plan_and_the_next_one_opens_with_it(servers, webhook, tmp_path):
    """Issue 3's "done when": contract, three agreements (one asked for its deadline), two scaling
    readings, an A and a B job; the next conversation opens with them; the export shows them."""
    citizen = f"S-{uuid.uuid4().int % 100_000}"  # a case key: a name is refused as a reference
    sender = new_sender()
    soon = date.today() + timedelta(days=10)  # "d. 3/12" would lie in the past in December
    send(webhook, sender, f"ny samtale med {citizen} om jobsøgningsstrategi 45 min")
    send(
        webhook,
        sender,
        "kontrakt: vi taler om jobsøgning, målet er en plan for ugen, vi gør det ved at gennemgå jobloggen",
    )
    for agreement in (
        "aftale: Stine sender tre uopfordrede ansøgninger inden fredag",
        f"aftale: Stine ringer til to vikarbureauer senest d. {soon.day}/{soon.month}",
    ):
        send(webhook, sender, agreement)
        send(webhook, sender, "ja")  # accepted
        send(webhook, sender, "ja")  # realistic
    text, _ = send(webhook, sender, "aftale: Stine opdaterer sit cv")
    assert "Hvornår skal det være gjort?" in text
    send(webhook, sender, "om 14 dage")
    send(webhook, sender, "ja")
    text, payloads = send(webhook, sender, "ja")
    assert "Gemt som aftale 3" in text
    send(webhook, sender, "vigtighed 4 fordi hun savner kollegaer")
    send(webhook, sender, "tro 6 hun har gjort det før")
    send(webhook, sender, "A-job: pædagogmedhjælper")
    _, payloads = send(webhook, sender, "B-job: butiksassistent")
    plan = next(p["plan"] for p in payloads if "plan" in p)
    assert len(plan["agreements"]) == 3 and all(a["deadline"] for a in plan["agreements"])
    assert [s["kind"] for s in plan["scaling"]] == ["importance", "confidence"]
    assert plan["jobs"]["A"] == "pædagogmedhjælper" and plan["jobs"]["B"] == "butiksassistent"
    assert plan["contract"]["goal"]
    send(webhook, sender, "afslut samtalen")

    text, payloads = send(webhook, new_sender(), f"ny samtale med {citizen}")
    assert "uopfordrede ansøgninger" in text and "pædagogmedhjælper" in text
    env = servers.env
    exported = json.loads(_export(citizen, "json", tmp_path, env))
    assert len(exported["agreements"]) == 3 and len(exported["scaling"]) == 2
    assert "vikarbureauer" in _export(citizen, "md", tmp_path, env).decode("utf-8")
    assert _export(citizen, "pdf", tmp_path, env).startswith(b"%PDF")


def test_logs_and_plan_hold_no_personal_data_and_the_review_sees_the_agreement(servers, webhook):
    """Issue 6: CPR, phone and e-mail typed into the guide are stored only as placeholders (the
    SQLite file is read byte by byte), and the review index has the conversation with its agreement."""
    from bot.store.engine import dispose_engines
    from bot.store.uow import SqlAlchemyUnitOfWork

    citizen, sender = f"P-{uuid.uuid4().int % 100_000}", new_sender()  # always a digit: a case key
    send(webhook, sender, f"ny samtale med {citizen} om jobsøgningsstrategi 30 min")
    for message in (
        "hendes cpr er 010190-1234",
        "note: ring på 22 33 44 55 eller skriv til p.hansen@example.dk",
        "aftale: borgeren sender to ansøgninger inden fredag, tlf 22334455",
    ):
        send(webhook, sender, message)
    send(webhook, sender, "ja")
    text, _ = send(webhook, sender, "ja")
    assert "Gemt som aftale 1" in text
    send(webhook, sender, "afslut samtalen")

    url = servers.env["DATABASE_URL"]
    database = Path(url.removeprefix("sqlite:///"))
    raw = b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))
    assert b"[telefonnummer]" in raw and b"[e-mail]" in raw
    assert [p for p in (b"010190", b"22 33 44 55", b"22334455", b"p.hansen@example.dk") if p in raw] == []
    with SqlAlchemyUnitOfWork(url=url) as uow:
        [row] = uow.reviews.summaries_for(sender)
        assert (row.citizen_ref, row.mode, row.agreements, row.ended) == (citizen, "guide", 1, True)
    dispose_engines()
