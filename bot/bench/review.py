"""How fast the review pages answer with many stored conversations (a measurement, not a test).

``python -m bot bench review [--conversations 1000] [--turns 40]`` builds a scratch SQLite
database (or uses ``--database-url``), stores that many conversations made from the recorded
guide and practice logs (tests/data/review; 70 % guide, 30 % practice; 20 consultants in one
team over 12 weeks; each stretched to ``--turns`` user messages), starts the web cockpit as
``make run`` does, logs in as the team's supervisor and times the list page, a filtered list
page, conversation pages and the team page over HTTP. Writes build/reports/review-bench.{json,md}.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.bench.nlu import REPORTS, _machine
from bot.settings import PROJECT_ROOT

RECORDINGS = PROJECT_ROOT / "tests" / "data" / "review"
CONSULTANTS = 20
WEEKS = 12
PASSWORD = "benchmark-adgangskode-1"
REPEATS = 30


def _turns(events: list[dict]) -> list[list[dict]]:
    """The events grouped per user message (the first group holds what came before it, too)."""
    groups: list[list[dict]] = [[]]
    for event in events:
        if event.get("event") == "user" and any(e.get("event") == "user" for e in groups[-1]):
            groups.append([])
        groups[-1].append(event)
    return groups


def lengthen(events: list[dict], turns: int) -> list[dict]:
    """The recording with its middle turns repeated until it has ``turns`` user messages."""
    groups = _turns(events)
    head, middle, tail = groups[:2], groups[2:-1], groups[-1:]
    body = list(head)
    while len(body) + len(tail) < turns and middle:
        body.append(middle[(len(body) - 2) % len(middle)])
    out, clock = [], 0.0
    for group in body + tail:  # fresh, increasing timestamps so the copies do not collide
        origin = next((e["timestamp"] for e in group if isinstance(e.get("timestamp"), (int, float))), 0.0)
        for event in group:
            event = dict(event)
            if isinstance(event.get("timestamp"), (int, float)):
                event["timestamp"] = clock + (event["timestamp"] - origin)
            out.append(event)
        clock += 60.0
    start = out[0]["timestamp"]
    for event in out:  # the conversation's clock slot points at its first event
        if event.get("event") == "slot" and event.get("name") == "guide_started_at" and event.get("value"):
            event["value"] = start
    return out


def seed(url: str, conversations: int, turns: int) -> dict:
    from bot.review.replay import load_recording, shift, store
    from bot.store.uow import SqlAlchemyUnitOfWork
    from bot.users.accounts import create_user

    create_user("supervisor", "supervisor", PASSWORD, team="Team Bench", url=url)
    for number in range(CONSULTANTS):
        create_user(f"konsulent{number + 1:02d}", "konsulent", PASSWORD, team="Team Bench", url=url)
    guide = lengthen(load_recording(RECORDINGS / "guide_conversation.json")["events"], turns)
    practice = lengthen(load_recording(RECORDINGS / "practice_conversation.json")["events"], turns)
    now = time.time()
    started, events = time.monotonic(), 0
    with SqlAlchemyUnitOfWork(url=url) as uow:
        for number in range(conversations):
            consultant = f"konsulent{number % CONSULTANTS + 1:02d}"
            template = practice if number % 10 < 3 else guide
            start = now - WEEKS * 7 * 86400 * (1 - number / conversations)
            events += store(uow.session, f"{consultant}:{number:032x}", shift(template, start, 75.0))
            if number % 100 == 99:
                uow.commit()
        uow.commit()
    return {
        "conversations": conversations,
        "turns": turns,
        "events": events,
        "seconds": round(time.monotonic() - started, 1),
    }


def _login(base: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{base}/login",
        data={"csrf_token": token, "username": "supervisor", "password": PASSWORD, "next": "/"},
        timeout=30,
    )
    response.raise_for_status()
    return session


def _time(session, url: str, repeats: int = REPEATS) -> dict:
    session.get(url, timeout=60).raise_for_status()  # warm-up: templates, caches
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
        "max_ms": round(samples[-1], 1),
        "n": len(samples),
        "bytes": len(response.content),
    }


def _start_web(url: str, tmp: Path) -> tuple[subprocess.Popen, str]:
    from bot.processes import free_port, wait_until_up

    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "WEB_SECRET": "benchmark-" + "x" * 40, "SAMTALEGUIDE_ENV": "development"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--port", str(port), "--quiet"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=(tmp / "web.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/healthz", process, "Webcockpittet")
    return process, base


def measure(url: str, tmp: Path) -> dict:
    from sqlalchemy import select

    from bot.store.tables.review import ReviewedConversation
    from bot.store.uow import SqlAlchemyUnitOfWork

    with SqlAlchemyUnitOfWork(url=url) as uow:
        ids = list(uow.session.execute(select(ReviewedConversation.id).order_by(ReviewedConversation.id)).scalars())
        practice_id = (
            uow.session.execute(select(ReviewedConversation.id).where(ReviewedConversation.mode == "practice"))
            .scalars()
            .first()
        )
    process, base = _start_web(url, tmp)
    try:
        session = _login(base)
        return {
            "list": _time(session, f"{base}/gennemgang"),
            "list_filtered_page_3": _time(session, f"{base}/gennemgang?konsulent=konsulent07&type=guide&side=3"),
            "conversation_guide": _time(session, f"{base}/gennemgang/{ids[len(ids) // 2]}"),
            "conversation_practice": _time(session, f"{base}/gennemgang/{practice_id}"),
            "team": _time(session, f"{base}/gennemgang/team", repeats=10),
            "team_csv": _time(session, f"{base}/gennemgang/team.csv", repeats=10),
        }
    finally:
        process.terminate()
        process.wait(timeout=20)


def to_markdown(report: dict) -> str:
    seeded = report["seeded"]
    lines = [
        f"# Review pages with {seeded['conversations']} stored conversations ({report['date']}, {report['machine']})",
        "",
        f"- {seeded['conversations']} conversations × {seeded['turns']} user messages = {seeded['events']} stored events "
        f"({report['database']}; seeded in {seeded['seconds']} s, database {report['database_mb']} MB)",
        "- times over HTTP against `python -m bot web`, logged in as a supervisor who sees all 20 consultants",
        "",
        "| page | p50 ms | p95 ms | max ms | n |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, t in report["pages"].items():
        lines.append(f"| {name} | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} | {t['n']} |")
    return "\n".join(lines) + "\n"


def run_review_benchmark(conversations: int = 1000, turns: int = 40, database_url: str | None = None) -> int:
    from bot.store.engine import dispose_engines
    from bot.store.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        url = database_url or f"sqlite:///{tmp / 'review-bench.db'}"
        upgrade(url)
        seeded = seed(url, conversations, turns)
        print(f"Seeded {seeded['events']} events in {seeded['seconds']} s", flush=True)
        dispose_engines()
        db_file = tmp / "review-bench.db"
        report = {
            "date": datetime.now(UTC).date().isoformat(),
            "machine": _machine(),
            "database": "SQLite" if url.startswith("sqlite") else "PostgreSQL",
            "database_mb": round(db_file.stat().st_size / 1e6, 1) if db_file.exists() else None,
            "seeded": seeded,
            "pages": measure(url, tmp),
        }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "review-bench.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    markdown = to_markdown(report)
    (REPORTS / "review-bench.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0
