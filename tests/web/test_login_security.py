"""Sessions that end server-side and login throttling, over HTTP through the Sanic app.

The throttle's clock is the test's (``app.ctx.throttle.clock``); the rules' edges themselves are
pinned in test_throttle_unit.py, here each rule is shown to act on real requests.
"""

from __future__ import annotations

import html
import re

import pytest

from bot.store.uow import SqlAlchemyUnitOfWork
from bot.users.accounts import set_password
from bot.web.auth import SESSION_COOKIE

from .conftest import PASSWORD, Client, serving, web_config

T0 = 1_000_020.0  # a whole minute: the audit's periods start here
WRONG = "forkert-kode-123"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(web):
    web.app.ctx.throttle.clock = clock = Clock()
    return clock


@pytest.fixture
async def proxied(db_url, fake_rasa):
    """The app behind a reverse proxy on 127.0.0.1 (``TRUSTED_PROXIES=127.0.0.1``)."""
    async with serving(web_config(db_url, fake_rasa, trusted_proxies=("127.0.0.1",)), fake_rasa) as served:
        served.app.ctx.throttle.clock = Clock()
        yield served


def cookie_of(client: Client) -> str:
    return next(c for c in client.session.cookie_jar if c.key == SESSION_COOKIE).value


async def replay(base: str, cookie: str) -> Client:
    """Another browser that sends a copied cookie."""
    thief = Client(base)
    thief.session.cookie_jar.update_cookies({SESSION_COOKIE: cookie})
    return thief


async def login_error(response) -> str:
    match = re.search(r'id="login-error">([^<]*)<', await response.text())
    return html.unescape(match.group(1)) if match else ""


def audit(url: str) -> list[tuple[str, str]]:
    with SqlAlchemyUnitOfWork(url=url) as uow:
        entries = uow.reviews.audit_entries(limit=1000)
        return [(e.username, e.detail) for e in reversed(entries) if e.action == "login_failed"]


# --- sessions end server-side --------------------------------------------------------------------
async def test_after_logout_the_old_cookie_and_its_csrf_token_open_nothing(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    old_cookie, old_csrf = cookie_of(client), client.csrf
    out = await client.session.post(client.base + "/logout", data={"csrf_token": old_csrf}, allow_redirects=False)
    assert out.status == 303
    thief = await replay(web.url, old_cookie)
    try:
        page = await thief.get("/")
        assert page.status == 303 and page.headers["Location"] == "/login?next=/"
        assert page.cookies[SESSION_COOKIE]["max-age"] == "0"  # the dead cookie is cleared
        thief.session.cookie_jar.update_cookies({SESSION_COOKIE: old_cookie})
        assert (await thief.get(f"/samtale/{conversation}")).status == 303
        thief.session.cookie_jar.update_cookies({SESSION_COOKIE: old_cookie})
        post = await thief.session.post(web.url + "/logout", data={"csrf_token": old_csrf}, allow_redirects=False)
        assert post.status == 403
        before = len(web.fake.received)
        for path, body in (
            ("/api/message", {"conversation": conversation, "message": "vis plan"}),
            ("/api/conversations", {"kind": "practice", "case": "stine"}),
        ):
            thief.session.cookie_jar.update_cookies({SESSION_COOKIE: old_cookie})
            response = await thief.api(path, body, csrf=old_csrf)
            assert response.status == 401 and "ikke logget ind" in (await response.json())["error"]
        assert len(web.fake.received) == before  # nothing reached Rasa
    finally:
        await thief.close()


async def test_a_new_password_ends_every_session_of_that_user_at_once(web):
    browsers = [Client(web.url) for _ in range(3)]
    try:
        for browser, username in zip(browsers, ("mette", "mette", "kim"), strict=True):
            assert (await browser.login(username)).status == 303
        set_password("mette", "en-helt-ny-kode-99", url=web.db_url)
        for browser in browsers[:2]:
            assert (await browser.get("/")).status == 303
        assert (await browsers[2].get("/")).status == 200  # kim is still logged in
        assert (await browsers[0].login("mette", PASSWORD)).status == 401
        assert (await browsers[0].login("mette", "en-helt-ny-kode-99")).status == 303
        assert (await browsers[0].get("/")).status == 200
    finally:
        for browser in browsers:
            await browser.close()


async def test_logging_in_again_in_the_same_browser_ends_the_earlier_session(client, web):
    await client.login("mette")
    first = cookie_of(client)
    response = await client.session.post(
        client.base + "/login",
        data={"username": "mette", "password": PASSWORD, "csrf_token": client.csrf},
        allow_redirects=False,
    )
    assert response.status == 303 and cookie_of(client) != first
    assert (await client.get("/")).status == 200
    thief = await replay(web.url, first)
    try:
        assert (await thief.get("/")).status == 303
    finally:
        await thief.close()


# --- the per-username delay --------------------------------------------------------------------
async def test_after_three_wrong_passwords_even_the_right_one_waits_a_second(client, clock):
    for _ in range(3):
        assert (await client.login("mette", WRONG)).status == 401
    refused = await client.login("mette", PASSWORD)
    assert refused.status == 429 and refused.headers["Retry-After"] == "1"
    assert await login_error(refused) == "For mange mislykkede forsøg på at logge ind. Vent 1 sekund, og prøv igen."
    clock.now += 1
    assert (await client.login("mette", PASSWORD)).status == 303


async def test_a_refusal_does_not_tell_whether_the_username_exists(client, other_client, clock):
    answers = []
    for browser, username in ((client, "mette"), (other_client, "findes-ikke")):
        for _ in range(3):
            assert (await browser.login(username, WRONG)).status == 401
        refused = await browser.login(username, WRONG)
        answers.append((refused.status, refused.headers["Retry-After"], await login_error(refused)))
    assert (
        answers[0]
        == answers[1]
        == (429, "1", "For mange mislykkede forsøg på at logge ind. Vent 1 sekund, og prøv igen.")
    )


# --- the per-address limit -----------------------------------------------------------------------
async def test_twenty_failures_from_one_address_stop_it_for_five_minutes_and_write_two_audit_entries(
    client, web, clock
):
    for n in range(20):  # different usernames and passwords: only the address rule can act
        assert (await client.login(f"gaet{n}", f"kode-nummer-{n}")).status == 401
    refused = await client.login("mette", PASSWORD)
    assert refused.status == 429 and "Vent 5 minutter" in await login_error(refused)
    clock.now += 299
    assert (await client.login("kim", PASSWORD)).status == 429
    clock.now += 1
    assert (await client.login("mette", PASSWORD)).status == 303
    entries = audit(web.db_url)
    assert entries == [
        ("(ukendt brugernavn)", "fra 127.0.0.1"),
        ("mette", "fra 127.0.0.1; afvist uden kontrol af adgangskoden (for mange forsøg)"),
        ("kim", "fra 127.0.0.1; afvist uden kontrol af adgangskoden (for mange forsøg)"),
    ]


# --- one password across accounts --------------------------------------------------------------
async def test_one_password_tried_on_five_accounts_is_refused_for_everyone(proxied):
    client = Client(proxied.url)
    try:
        for n in range(5):  # five addresses, five unknown usernames, one password
            forwarded = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
            assert (await client.login(f"spray{n}", PASSWORD, headers=forwarded)).status == 401
        fresh = {"X-Forwarded-For": "198.51.100.99"}
        refused = await client.login("mette", PASSWORD, headers=fresh)  # the right password, even so
        assert refused.status == 429 and "Vent 60 minutter" in await login_error(refused)
        assert (await client.login("kim", WRONG, headers=fresh)).status == 401  # another password is let through
        proxied.app.ctx.throttle.clock.now += 3600
        assert (await client.login("mette", PASSWORD, headers=fresh)).status == 303
    finally:
        await client.close()


# --- which address counts ------------------------------------------------------------------------
async def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(client, web, clock):
    for n in range(20):
        forwarded = {"X-Forwarded-For": f"203.0.113.{n + 1}"}
        assert (await client.login(f"gaet{n}", f"kode-nummer-{n}", headers=forwarded)).status == 401
    refused = await client.login("mette", PASSWORD, headers={"X-Forwarded-For": "203.0.113.200"})
    assert refused.status == 429  # all twenty were counted under the peer, 127.0.0.1
    assert {detail.split(";")[0] for _, detail in audit(web.db_url)} == {"fra 127.0.0.1"}


async def test_x_forwarded_for_from_a_trusted_proxy_names_the_client(proxied):
    client = Client(proxied.url)
    try:
        attacker = {"X-Forwarded-For": "203.0.113.7"}
        for n in range(20):
            assert (await client.login(f"gaet{n}", f"kode-nummer-{n}", headers=attacker)).status == 401
        assert (await client.login("mette", PASSWORD, headers=attacker)).status == 429
        spoofed = {"X-Forwarded-For": "192.0.2.1, 203.0.113.7"}  # the left part is the client's own writing
        assert (await client.login("mette", PASSWORD, headers=spoofed)).status == 429
        colleague = {"X-Forwarded-For": "203.0.113.8"}
        assert (await client.login("mette", PASSWORD, headers=colleague)).status == 303
        assert ("(ukendt brugernavn)", "fra 203.0.113.7") in audit(proxied.db_url)
    finally:
        await client.close()


# --- the audit -----------------------------------------------------------------------------------
async def test_failed_logins_are_audited_once_a_minute_and_never_with_the_password(client, web, clock):
    await client.login("mette", WRONG)
    await client.login("mette", WRONG + "x")
    assert audit(web.db_url) == [("mette", "fra 127.0.0.1")]
    clock.now += 60
    await client.login("mette", WRONG)
    await client.login("min-egentlige-kode", WRONG)  # a password typed into the username field
    assert audit(web.db_url) == [
        ("mette", "fra 127.0.0.1"),
        ("mette", "fra 127.0.0.1"),
        ("(ukendt brugernavn)", "fra 127.0.0.1"),
    ]
    assert all(WRONG not in f"{u} {d}" and "egentlige" not in f"{u} {d}" for u, d in audit(web.db_url))
    clock.now += 1
    assert (await client.login("mette", PASSWORD)).status == 303
    assert len(audit(web.db_url)) == 3  # a successful login is not a failure


# --- shared by replicas --------------------------------------------------------------------------
async def test_two_web_replicas_with_one_redis_share_the_throttle(db_url, fake_rasa, redis_server):
    config = web_config(db_url, fake_rasa, redis_url=f"redis://127.0.0.1:{redis_server.port}/3")
    async with serving(config, fake_rasa) as first, serving(config, fake_rasa) as second:
        clock = Clock()
        first.app.ctx.throttle.clock = second.app.ctx.throttle.clock = clock
        one, two = Client(first.url), Client(second.url)
        try:
            for _ in range(3):
                assert (await one.login("sven", WRONG)).status == 401
            assert (await two.login("sven", PASSWORD)).status == 429
            clock.now += 1
            assert (await two.login("sven", PASSWORD)).status == 303
        finally:
            await one.close()
            await two.close()


# --- hostile input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "username",
    ["%00", "mette%00", "%ED%B2%80", "%FF%FE", "a" * 5000, "%F0%9F%98%80" * 50, "2103851114", "' OR 1=1 --"],
)
async def test_a_broken_username_is_just_a_wrong_login(client, web, clock, username):
    await client.get("/login")
    body = f"username={username}&password={WRONG}&csrf_token={client.csrf}"
    response = await client.session.post(
        web.url + "/login",
        data=body.encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
    )
    assert response.status == 401 and await login_error(response) == "Forkert brugernavn eller adgangskode."
    assert audit(web.db_url)[-1] == ("(ukendt brugernavn)", "fra 127.0.0.1")


# --- settings ------------------------------------------------------------------------------------
def test_redis_url_and_trusted_proxies_come_from_the_environment(monkeypatch):
    from bot.settings import get_settings
    from bot.web.app import WebConfig, create_app
    from bot.web.throttle_redis import RedisCounters

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/0")
    monkeypatch.setenv("TRUSTED_PROXIES", " 127.0.0.1 , 10.0.0.0/8,")
    get_settings.cache_clear()
    try:
        config = WebConfig.from_settings(get_settings(), "s" * 40)
    finally:
        get_settings.cache_clear()
    assert (config.redis_url, config.trusted_proxies) == ("redis://127.0.0.1:6399/0", ("127.0.0.1", "10.0.0.0/8"))
    app = create_app(config)
    assert isinstance(app.ctx.throttle.counters, RedisCounters)
    assert [str(p) for p in app.ctx.proxies] == ["127.0.0.1/32", "10.0.0.0/8"]


def test_a_broken_trusted_proxies_entry_stops_the_start_with_a_danish_reason(tmp_path):
    import dataclasses

    from bot.settings import get_settings
    from bot.web.server import StartupError, check_startup

    settings = dataclasses.replace(
        get_settings(), data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.db'}", trusted_proxies=("10.0.0",)
    )
    with pytest.raises(StartupError, match="»10.0.0« er hverken en IP-adresse eller et netværk"):
        check_startup(settings)
