"""Starting, waiting for and stopping the product's servers, for every script that needs them.

``make run`` (``bot.launcher``), the scale-out topology (``bot.cluster``), the benchmarks
(``bot.bench``), the review recordings and the end-to-end tests all start the action server,
the Rasa server and the web cockpit the same way, from here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.settings import PROJECT_ROOT

STARTUP_TIMEOUT_S = 300
TRACKER_STORE = "bot.rasa.tracker_store.RedactingSQLTrackerStore"  # as in endpoints.yml


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def venv_bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def wait_until_up(url: str, process: subprocess.Popen, what: str) -> None:
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


def server_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a server: ``env`` (or this process's) plus the tokens the servers share."""
    from bot import keys

    return {**keys.server_environment(), **(env if env is not None else os.environ)}


def start_action_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "actions", "--port", str(port)], cwd=PROJECT_ROOT, env=server_env(env)
    )


def start_rasa_server(model: Path, port: int, endpoints: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [
            venv_bin("rasa"),
            "run",
            "--model",
            str(model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(PROJECT_ROOT / "credentials.yml"),
        ],
        cwd=PROJECT_ROOT,
        env=server_env(env),
    )


def start_guide_servers(
    model: Path, action_port: int, rasa_port: int, endpoints: Path, env: dict[str, str] | None = None
) -> list[subprocess.Popen]:
    """The action server, then the Rasa server, each waited for; both stopped again if either fails."""
    processes: list[subprocess.Popen] = []
    try:
        processes.append(start_action_server(action_port, env))
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[-1], "Action-serveren")
        processes.append(start_rasa_server(model, rasa_port, endpoints, env))
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[-1], "Rasa-serveren")
    except BaseException:
        stop_all(processes)
        raise
    return processes


def start_web_server(port: int, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--port", str(port), "--quiet"], cwd=PROJECT_ROOT, env=server_env(env)
    )


ACTION_AUTH_HEADER = "Authorization: Bearer ${ACTION_SERVER_TOKEN}"  # unquoted: Rasa fills in plain scalars only


def write_endpoints(action_port: int, path: Path, action_host: str = "127.0.0.1") -> Path:
    """An endpoints file like ``endpoints.yml`` for an action server on another address or port."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'action_endpoint:\n  url: "http://{action_host}:{action_port}/webhook"\n'
        f"  headers:\n    {ACTION_AUTH_HEADER}\n"
        f"tracker_store:\n  type: {TRACKER_STORE}\n",
        encoding="utf-8",
    )
    return path


def stop_all(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
