"""Starts the action server, the Rasa server and the web cockpit together (``make run``).

All three run as child processes of this one; Ctrl+C stops them. The Rasa server listens on
127.0.0.1 only and exposes just the REST channel (no ``--enable-api``); browsers talk to the
web cockpit (``WEB_PORT``, default 8000), which forwards to Rasa server-side.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.settings import PROJECT_ROOT, get_settings

STARTUP_TIMEOUT_S = 300
TRACKER_STORE = "bot.review.tracker_store.RedactingSQLTrackerStore"  # as in endpoints.yml


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _wait_until_up(url: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"{what} did not answer on {url} within {STARTUP_TIMEOUT_S} s")


def start_action_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [_bin("rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=PROJECT_ROOT, env=env,
    )


def start_rasa_server(model: Path, port: int, endpoints: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [
            _bin("rasa"), "run", "--model", str(model), "--interface", "127.0.0.1",
            "--port", str(port), "--endpoints", str(endpoints),
            "--credentials", str(PROJECT_ROOT / "credentials.yml"),
        ],
        cwd=PROJECT_ROOT, env=env,
    )


def start_guide_servers(
    model: Path, action_port: int, rasa_port: int, endpoints: Path, env: dict[str, str] | None = None
) -> list[subprocess.Popen]:
    """The action server, then the Rasa server, each waited for; both stopped again if either fails."""
    processes: list[subprocess.Popen] = []
    try:
        processes.append(start_action_server(action_port, env))
        _wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[-1], "Action-serveren")
        processes.append(start_rasa_server(model, rasa_port, endpoints, env))
        _wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[-1], "Rasa-serveren")
    except BaseException:
        _stop(processes)
        raise
    return processes


def start_web_server(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--port", str(port), "--quiet"], cwd=PROJECT_ROOT,
    )


def write_endpoints(action_port: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
        f"tracker_store:\n  type: {TRACKER_STORE}\n",
        encoding="utf-8",
    )
    return path


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def serve(model: Path) -> int:
    settings = get_settings()
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    endpoints = PROJECT_ROOT / "endpoints.yml"
    if settings.action_port != 5055:
        endpoints = write_endpoints(settings.action_port, PROJECT_ROOT / "build" / "endpoints.local.yml")
    processes: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if not settings.production:
            # The embedded default: the plan store's schema is brought up to date before anything uses it.
            from bot.store.migrate import upgrade

            upgrade(settings.database_url)
        processes += start_guide_servers(model, settings.action_port, settings.rasa_port, endpoints)
        web = start_web_server(settings.web_port)
        processes.append(web)
        _wait_until_up(f"http://{settings.web_host}:{settings.web_port}/healthz", web, "Webcockpittet")
        print(_how_to_use_the_web(settings), flush=True)
        print(_how_to_talk(settings.rasa_port), flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        print("En af serverne stoppede; stopper resten.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        print(f"Kunne ikke starte: {error}", file=sys.stderr)
        return 1
    finally:
        _stop(processes)


def _how_to_use_the_web(settings) -> str:
    lines = ["", f"Webcockpit: http://{settings.web_host}:{settings.web_port}/  (åbn i browseren)"]
    try:
        from bot.web.users import count_users

        users = count_users(url=settings.database_url)
    except Exception:  # noqa: BLE001 - only the hint depends on it
        users = 0
    if users == 0:
        python = Path(sys.executable)
        python = python.relative_to(PROJECT_ROOT) if python.is_relative_to(PROJECT_ROOT) else python
        lines += [
            "  Der er ingen brugere endnu. Opret den første i en anden terminal (du bliver spurgt om en adgangskode):",
            f"    {python} -m bot users create --username NAVN --role konsulent",
            "  Roller: konsulent, elev, supervisor. Log derefter ind i browseren.",
        ]
    return "\n".join(lines)


def _how_to_talk(port: int) -> str:
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    return "\n".join([
        "",
        "Samtaleguide kører.",
        f"  REST: POST {url}",
        f"""  Prøv: curl -s {url} -H 'Content-Type: application/json' \\""",
        """          -d '{"sender": "konsulent-1", "message": "hvordan laver jeg kontrakten?"}'""",
        "  Stop med Ctrl+C.",
        "",
    ])
