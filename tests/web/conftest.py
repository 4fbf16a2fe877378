"""Fixtures for the web cockpit: a migrated database with users, a fake Rasa, the app in-process."""

from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import aiohttp
import pytest

from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.users.accounts import create_user
from tests.web.fake_rasa import FakeRasa, free_port

PASSWORD = "rigtig-hemmelig-42"
SECRET = "test-secret-" + "x" * 40
USERS = (  # username, role, team
    ("mette", "konsulent", "Nord"),
    ("lone", "konsulent", "Nord"),
    ("emil", "elev", "Nord"),
    ("sara", "supervisor", "Nord"),
    ("sven", "supervisor", "Syd"),
    ("kim", "konsulent", "Syd"),
)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """A migrated database with the users, made once; each test gets a copy."""
    path = tmp_path_factory.mktemp("web-template") / "web.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    for username, role, team in USERS:
        create_user(username, role, PASSWORD, team=team, url=url)
    dispose_engines()  # closes the connections; SQLite folds the WAL back into the file
    return path


@pytest.fixture
def db_url(tmp_path, template_db):
    path = tmp_path / "web.db"
    shutil.copyfile(template_db, path)
    yield f"sqlite:///{path}"
    dispose_engines()


@pytest.fixture
def fake_rasa():
    fake = FakeRasa().start()
    yield fake
    fake.close()


@dataclass
class Web:
    url: str
    app: object
    fake: FakeRasa
    db_url: str


def web_config(db_url: str, fake: FakeRasa, **changes):
    from bot.web.app import WebConfig

    config = WebConfig(secret=SECRET, rasa_url=fake.url, action_url=fake.url, database_url=db_url, rasa_timeout_s=5)
    return replace(config, **changes)


@contextlib.asynccontextmanager
async def serving(config, fake: FakeRasa):
    """The app made from ``config``, served in this process on a free port."""
    from sanic import Sanic

    from bot.web.app import create_app

    Sanic.test_mode = True  # several apps in one process: Sanic re-applies its touch-ups to the originals
    app = create_app(config)
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield Web(f"http://127.0.0.1:{port}", app, fake, config.database_url)
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()


@pytest.fixture
async def web(db_url, fake_rasa):
    async with serving(web_config(db_url, fake_rasa), fake_rasa) as served:
        yield served


class Client:
    """A browser-like HTTP client: keeps cookies, reads the CSRF token from pages."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf: str | None = None

    async def close(self) -> None:
        await self.session.close()

    async def get(self, path: str, **kwargs) -> aiohttp.ClientResponse:
        response = await self.session.get(
            self.base + path, allow_redirects=kwargs.pop("allow_redirects", False), **kwargs
        )
        await response.read()
        if "text/html" in response.headers.get("content-type", ""):
            match = re.search(r'name="csrf-token" content="([^"]*)"', await response.text())
            if match and match.group(1):
                self.csrf = match.group(1)
        return response

    async def login(
        self, username: str, password: str = PASSWORD, headers: dict[str, str] | None = None
    ) -> aiohttp.ClientResponse:
        await self.get("/login")
        response = await self.session.post(
            self.base + "/login",
            data={"username": username, "password": password, "csrf_token": self.csrf},
            headers=headers,
            allow_redirects=False,
        )
        await response.read()
        if response.status == 303:
            await self.get("/")  # the token changes at login
        return response

    async def api(self, path: str, body: dict, csrf: str | None | bool = True) -> aiohttp.ClientResponse:
        headers = {"Content-Type": "application/json"}
        token = self.csrf if csrf is True else csrf
        if token:
            headers["X-CSRF-Token"] = token
        response = await self.session.post(self.base + path, json=body, headers=headers)
        await response.read()
        return response

    async def start(self, citizen_ref: str = "B-12", topic: str = "brancheskift", booked_min: int = 30) -> dict:
        response = await self.api(
            "/api/conversations",
            {"kind": "guide", "citizen_ref": citizen_ref, "topic": topic, "booked_min": booked_min},
        )
        assert response.status == 200, await response.text()
        return await response.json()


@pytest.fixture
async def client(web):
    c = Client(web.url)
    yield c
    await c.close()


@pytest.fixture
async def other_client(web):
    c = Client(web.url)
    yield c
    await c.close()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (never `playwright install`), one per test module:
    Playwright's sync API must be closed again before the asyncio tests of the next module."""
    from playwright.sync_api import sync_playwright

    from tests.web.browser_helpers import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():  # `make test` installs it (target `browser`): fail loudly, never skip
        pytest.fail(f"{CHROMIUM} mangler: kør `make browser` (apt-get install chromium)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
