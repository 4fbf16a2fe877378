"""End-to-end latency under load, agreement-save latency, memory, model size, training time.

``python -m bot bench load`` starts the action server, the Rasa server and the web cockpit as
``make run`` does (on a scratch SQLite database, so the SQL tracker store and the plan store
write for real), then for each level of simulated consultants (default 1, 10, 50) runs them
for ``--seconds`` (default 120) through the REST channel and then through the web app. Each
simulated consultant holds the scripted guide conversation of ``bot.review.scripts`` over and
over, waiting a random think time between messages (default 3-10 s: far busier than a real
consultant, who glances at the guide a few times a minute at most). A round trip is one
message in and all replies (text and guide payload) out; an error is a non-200 answer, a
timeout or an answer without replies.

Writes build/reports/load-bench.{json,md}. Not part of the test suite: it takes ~15 minutes
and its figures depend on the machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.bench.nlu import REPORTS, _machine
from bot.keys import action_headers, rest_headers
from bot.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"
PASSWORD = "belastning-adgangskode-1"
REQUEST_TIMEOUT_S = 30


def percentile(samples: list[float], q: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def summary(self, seconds: float) -> dict:
        samples = self.latencies_ms
        return {
            "requests": len(samples) + self.errors,
            "errors": self.errors,
            "error_kinds": self.error_kinds,
            "throughput_per_s": round((len(samples) + self.errors) / seconds, 2),
            **{
                f"p{int(q * 100)}_ms": (round(v, 1) if (v := percentile(samples, q)) is not None else None)
                for q in (0.5, 0.95, 0.99)
            },
            "max_ms": round(max(samples), 1) if samples else None,
        }


# --- the simulated consultants -----------------------------------------------------------------
async def _rest_consultant(
    session, webhook: str, until: float, think: tuple[float, float], tally: Tally, rng: random.Random
) -> None:
    from bot.review.scripts import GUIDE_CONVERSATION

    while time.monotonic() < until:
        sender = f"{REST_USER}:{uuid.uuid4().hex[:12]}"  # plan commands act for a konsulent
        for line in GUIDE_CONVERSATION:
            if time.monotonic() >= until:
                return
            started = time.perf_counter()
            try:
                async with session.post(
                    webhook, json={"sender": sender, "message": line}, headers=rest_headers()
                ) as response:
                    body = await response.json(content_type=None) if response.status == 200 else None
                if response.status != 200:
                    tally.error(f"http_{response.status}")
                elif not body:
                    tally.error("no_reply")
                else:
                    tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            except TimeoutError:
                tally.error("timeout")
            except Exception as error:  # noqa: BLE001 - counted, the run goes on
                tally.error(type(error).__name__)
            await asyncio.sleep(rng.uniform(*think))


async def _web_login(session, base: str, username: str) -> str:
    page = await (await session.get(f"{base}/login")).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    await (
        await session.post(
            f"{base}/login", data={"csrf_token": token, "username": username, "password": PASSWORD, "next": "/"}
        )
    ).read()
    page = await (await session.get(f"{base}/")).text()
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


async def _web_consultant(
    base: str, username: str, until: float, think: tuple[float, float], tally: Tally, rng: random.Random
) -> None:
    import aiohttp

    from bot.review.scripts import GUIDE_CONVERSATION

    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=timeout) as session:
        csrf = await _web_login(session, base, username)
        headers = {"X-CSRF-Token": csrf, "Content-Type": "application/json"}
        while time.monotonic() < until:
            started = time.perf_counter()
            async with session.post(
                f"{base}/api/conversations",
                headers=headers,
                json={
                    "kind": "guide",
                    "citizen_ref": f"B-{rng.randint(1, 999)}",
                    "topic": "jobsoegningsstrategi",
                    "booked_min": 45,
                },
            ) as response:
                body = await response.json(content_type=None)
            if response.status != 200:
                tally.error(f"http_{response.status}")
                await asyncio.sleep(rng.uniform(*think))
                continue
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
            conversation = body["conversation"]["id"]
            for line in GUIDE_CONVERSATION[1:]:
                if time.monotonic() >= until:
                    return
                await asyncio.sleep(rng.uniform(*think))
                started = time.perf_counter()
                try:
                    async with session.post(
                        f"{base}/api/message", headers=headers, json={"conversation": conversation, "message": line}
                    ) as response:
                        body = await response.json(content_type=None)
                    if response.status != 200:
                        tally.error(f"http_{response.status}")
                    elif not body.get("items"):
                        tally.error("no_reply")
                    else:
                        tally.latencies_ms.append((time.perf_counter() - started) * 1000)
                except TimeoutError:
                    tally.error("timeout")
                except Exception as error:  # noqa: BLE001
                    tally.error(type(error).__name__)


async def run_rest_level(webhook: str, consultants: int, seconds: float, think: tuple[float, float]) -> dict:
    import aiohttp

    tally, until = Tally(), time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=consultants + 5)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(
            *(
                _start_later(i, think, _rest_consultant(session, webhook, until, think, tally, random.Random(i)))
                for i in range(consultants)
            )
        )
    return tally.summary(seconds)


async def run_web_level(base: str, usernames: list[str], seconds: float, think: tuple[float, float]) -> dict:
    tally, until = Tally(), time.monotonic() + seconds
    await asyncio.gather(
        *(
            _start_later(i, think, _web_consultant(base, name, until, think, tally, random.Random(1000 + i)))
            for i, name in enumerate(usernames)
        )
    )
    return tally.summary(seconds)


async def _start_later(index: int, think: tuple[float, float], coroutine) -> None:
    await asyncio.sleep(random.Random(index).uniform(0, think[1]))  # consultants do not all start at once
    await coroutine


# --- agreement saves in the action server ------------------------------------------------------------
def agreement_save_latency(action_port: int, database_url: str, saves: int = 100) -> dict:
    """Time action_record_agreement at the action server's webhook: parse, SMART check, one transaction."""
    import requests

    from bot.plan.service import PlanService
    from bot.store.uow import SqlAlchemyUnitOfWork

    started_at = time.time()
    sender = f"{REST_USER}:aftale{uuid.uuid4().hex[:8]}"
    PlanService(lambda: SqlAlchemyUnitOfWork(url=database_url)).start_conversation(
        f"{sender}:{int(started_at)}", REST_USER, "B-77", booked_min=45, started_at=started_at
    )
    samples = []
    for number in range(saves):
        text = f"aftale: B-77 sender {number + 2} ansøgninger inden fredag"
        body = {
            "next_action": "action_record_agreement",
            "sender_id": sender,
            "version": "3.6.21",
            "domain": {},
            "tracker": {
                "sender_id": sender,
                "latest_message": {"text": text, "intent": {"name": "record_agreement"}},
                "slots": {"guide_started_at": started_at, "citizen_ref": "B-77", "booked_min": 45, "current_step": 9},
                "events": [{"event": "user", "timestamp": started_at + number, "text": text}],
                "latest_input_channel": "rest",
                "active_loop": {},
                "latest_action_name": "action_listen",
            },
        }
        started = time.perf_counter()
        response = requests.post(
            f"http://127.0.0.1:{action_port}/webhook", json=body, headers=action_headers(), timeout=30
        )
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return {
        "saves": saves,
        "p50_ms": round(percentile(samples, 0.5), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
    }


# --- resources ---------------------------------------------------------------------------------
def resident_mb(pid: int) -> float | None:
    """VmRSS of a process and its children (Rasa's server runs in one process; sanic may fork)."""
    total = 0
    pids = [pid] + [
        int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    ]
    for one in pids:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return round(total / 1024, 1) if total else None


def training_seconds() -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        subprocess.run(
            [str(Path(sys.executable).with_name("rasa")), "train", "--force", "--out", out, "--quiet"],
            cwd=PROJECT_ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return round(time.monotonic() - started, 1)


# --- the run -----------------------------------------------------------------------------------
REST_USER = "belastning00"


def _create_users(url: str, count: int) -> list[str]:
    from bot.users.accounts import create_user

    names = [f"belastning{i:02d}" for i in range(max(count, 1))]  # belastning00 is also REST_USER
    for name in names:
        create_user(name, "konsulent", PASSWORD, url=url)
    return names


def run_load_benchmark(
    levels: tuple[int, ...] = (1, 10, 50),
    seconds: float = 120,
    think: tuple[float, float] = (3.0, 10.0),
    with_training: bool = False,
) -> int:
    from bot.processes import free_port, start_guide_servers, stop_all, wait_until_up, write_endpoints
    from bot.store.migrate import upgrade

    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "machine": _machine(),
        "seconds_per_level": seconds,
        "think_time_s": list(think),
        "levels": {},
    }
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        url = f"sqlite:///{tmp / 'load.db'}"
        upgrade(url)
        usernames = _create_users(url, max(levels))
        action_port, rasa_port, web_port = free_port(), free_port(), free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "WEB_SECRET": "belastning-" + "x" * 40,
            "RASA_URL": f"http://127.0.0.1:{rasa_port}",
            "ACTION_URL": f"http://127.0.0.1:{action_port}",
        }
        processes = start_guide_servers(
            MODEL, action_port, rasa_port, write_endpoints(action_port, tmp / "endpoints.yml"), env
        )
        try:
            web = subprocess.Popen(
                [sys.executable, "-m", "bot", "web", "--port", str(web_port), "--quiet"], cwd=PROJECT_ROOT, env=env
            )
            processes.append(web)
            wait_until_up(f"http://127.0.0.1:{web_port}/healthz", web, "Webcockpittet")
            webhook = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
            report["memory_idle_mb"] = _memory(processes)
            for level in levels:
                print(f"{level} consultant(s): REST ...", flush=True)
                rest = asyncio.run(run_rest_level(webhook, level, seconds, think))
                print(f"  {rest}\n{level} consultant(s): web app ...", flush=True)
                web_result = asyncio.run(
                    run_web_level(f"http://127.0.0.1:{web_port}", usernames[:level], seconds, think)
                )
                print(f"  {web_result}", flush=True)
                report["levels"][str(level)] = {"rest": rest, "web": web_result}
            report["memory_after_load_mb"] = _memory(processes)
            report["agreement_save"] = agreement_save_latency(action_port, url)
        finally:
            stop_all(processes)
    report["model_mb"] = round(MODEL.stat().st_size / 1e6, 1)
    if with_training:
        report["training_s"] = training_seconds()
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "load-bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    markdown = to_markdown(report)
    (REPORTS / "load-bench.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


def _memory(processes: list[subprocess.Popen]) -> dict:
    names = ("action_server", "rasa_server", "web_app")
    return {name: resident_mb(process.pid) for name, process in zip(names, processes)}


def to_markdown(report: dict) -> str:
    lines = [
        f"# Load benchmark ({report['date']}, {report['machine']})",
        "",
        f"Each level runs {report['seconds_per_level']:.0f} s; think time {report['think_time_s'][0]:g}-"
        f"{report['think_time_s'][1]:g} s between messages; SQLite (embedded default).",
        "",
        "| consultants | path | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for level, paths in report["levels"].items():
        for path, r in paths.items():
            lines.append(
                f"| {level} | {path} | {r['requests']} | {r['errors']} | {r['p50_ms']} | {r['p95_ms']} | "
                f"{r['p99_ms']} | {r['max_ms']} | {r['throughput_per_s']} |"
            )
    save = report.get("agreement_save", {})
    lines += [
        "",
        f"- agreement save at the action server's webhook ({save.get('saves')} saves): "
        f"p50 {save.get('p50_ms')} ms, p95 {save.get('p95_ms')} ms",
    ]
    lines.append(
        f"- resident memory idle: {report.get('memory_idle_mb')}; after load: {report.get('memory_after_load_mb')}"
    )
    lines.append(f"- model size: {report['model_mb']} MB")
    if "training_s" in report:
        lines.append(f"- training time (`rasa train --force`): {report['training_s']} s")
    return "\n".join(lines) + "\n"
