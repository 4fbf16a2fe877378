"""Shared pieces of the browser tests: Chromium, the web app as a process, page helpers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.processes import server_env, wait_until_up

from .fake_rasa import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"
# The marks of a module that runs the real servers (start_real_site): slow, and only with a model.
REAL_SERVER_MARKS = [pytest.mark.slow, pytest.mark.skipif(not MODEL.exists(), reason="no trained model (make train)")]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "rigtig-hemmelig-42"
TIMEOUT_MS = 20_000  # generous: the build machine has two cores and runs other suites too
EXPECTED_CONSOLE = re.compile(r"status of 503")  # the outage tests provoke these on purpose


def start_web(tmp: Path, rasa_url: str, action_url: str, db_url: str) -> tuple[subprocess.Popen, str, Path]:
    """``python -m bot web`` on a free port, as ``make run`` starts it."""
    port = free_port()
    log = tmp / f"web-{port}.log"
    env = server_env(  # the same REST token as the Rasa server the tests started
        {
            **os.environ,
            "DATABASE_URL": db_url,
            "WEB_SECRET": "browser-test-secret-" + "z" * 30,
            "RASA_URL": rasa_url,
            "ACTION_URL": action_url,
            "SAMTALEGUIDE_DATA_DIR": str(tmp / "data"),
            "SAMTALEGUIDE_ENV": "development",
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/healthz", process, "the web app")
    except RuntimeError as error:
        raise RuntimeError(f"{error}: {log.read_text()}") from error
    return process, url, log


def start_real_site(tmp: Path, model: Path, users: dict[str, dict]) -> tuple[list[subprocess.Popen], str]:
    """The action server, Rasa with ``model`` and the web app on a fresh database with ``users``
    (username -> keyword arguments of ``create_user``); stop the processes with ``stop_all``."""
    from bot.processes import start_guide_servers, stop_all, write_endpoints
    from bot.store.engine import dispose_engines
    from bot.store.migrate import upgrade
    from bot.users.accounts import create_user

    db_url = f"sqlite:///{tmp / 'web.db'}"
    upgrade(db_url)
    for username, details in users.items():
        create_user(username, "konsulent", PASSWORD, url=db_url, **details)
    dispose_engines()
    action_port, rasa_port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": db_url}
    processes = start_guide_servers(
        model, action_port, rasa_port, write_endpoints(action_port, tmp / "endpoints.yml"), env
    )
    try:
        web, url, _log = start_web(tmp, f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", db_url)
    except BaseException:
        stop_all(processes)
        raise
    return [*processes, web], url


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def login(page: Page, base: str, username: str = "mette") -> None:
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    expect(page.locator("#messages")).to_be_visible()


def start_conversation(page: Page, ref: str = "B-12", topic: str = "brancheskift", minutes: int = 30) -> None:
    if not page.locator("#start-panel").evaluate("d => d.open"):
        page.click("#start-panel summary")
    page.fill("#citizen-ref", ref)
    page.select_option("#topic", topic)
    page.fill("#booked", str(minutes))
    # Step 2 may already be current (saving does not move the step): wait for the answer itself.
    with page.expect_response(lambda r: r.url.endswith("/api/conversations") and r.request.method == "POST"):
        page.click("#start-guide button[type=submit]")
    expect(page.locator("#thinking")).to_have_count(0)
    expect(page.locator('#steps li[data-step="2"]')).to_have_class(re.compile(r"\bcurrent\b"))


def send(page: Page, text: str) -> None:
    # The page ignores Enter while a request is in flight (the text stays in the box), so wait
    # until the previous one, e.g. starting a practice, has been answered.
    expect(page.locator("#send")).to_be_enabled()
    page.fill("#input", text)
    page.press("#input", "Enter")
    expect(page.locator("#thinking")).to_have_count(0)


def step(page: Page, number: int):
    return page.locator(f'#steps li[data-step="{number}"]')
