"""Login, sessions, CSRF, roles and who may see which conversation, over HTTP."""

from __future__ import annotations

import base64
import json

from bot.users.accounts import set_password
from bot.web.auth import SESSION_COOKIE, SessionData, SessionSigner

from .conftest import PASSWORD, SECRET, Client


async def test_pages_carry_security_headers(client):
    response = await client.get("/login")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    cookie = response.cookies[SESSION_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    missing = await client.get("/findes-ikke")
    assert missing.status == 404 and missing.headers["X-Frame-Options"] == "DENY"
    assert "Siden findes ikke" in await missing.text()


async def test_cockpit_needs_a_login(client):
    response = await client.get("/")
    assert response.status == 303 and response.headers["Location"] == "/login?next=/"
    api = await client.api("/api/message", {"conversation": "x", "message": "hej"}, csrf="whatever")
    assert api.status == 401 and "logget ind" in (await api.json())["error"]


async def test_wrong_password_and_unknown_user_get_the_same_danish_answer(client):
    for username, password in (("mette", "forkert-kode-123"), ("ukendt", PASSWORD)):
        response = await client.login(username, password)
        assert response.status == 401
        assert "Forkert brugernavn eller adgangskode." in await response.text()
    assert (await client.get("/")).status == 303  # still not logged in


async def test_login_logout_round_trip(client):
    response = await client.login("Mette")  # user names are case-insensitive
    assert response.status == 303 and response.headers["Location"] == "/"
    page = await client.get("/")
    assert page.status == 200
    html = await page.text()
    assert "mette" in html and "De ni trin" in html and "Lav kontrakten" in html
    token = client.csrf
    missing = await client.session.post(client.base + "/logout", data={}, allow_redirects=False)
    assert missing.status == 403
    out = await client.session.post(client.base + "/logout", data={"csrf_token": token}, allow_redirects=False)
    assert out.status == 303 and out.headers["Location"] == "/login"
    assert (await client.get("/")).status == 303


async def test_login_form_needs_its_csrf_token(client):
    await client.get("/login")
    response = await client.session.post(
        client.base + "/login", data={"username": "mette", "password": PASSWORD}, allow_redirects=False
    )
    assert response.status == 403 and "for gammel" in await response.text()
    response = await client.session.post(
        client.base + "/login",
        allow_redirects=False,
        data={"username": "mette", "password": PASSWORD, "csrf_token": "x" * 43},
    )
    assert response.status == 403
    assert (await client.get("/")).status == 303


async def test_login_redirects_only_inside_the_site(client):
    await client.get("/login")
    for target, expected in (
        ("/samtale/abc", "/samtale/abc"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil", "/"),
    ):
        fresh = Client(client.base)
        await fresh.get("/login")
        response = await fresh.session.post(
            fresh.base + "/login",
            allow_redirects=False,
            data={"username": "mette", "password": PASSWORD, "csrf_token": fresh.csrf, "next": target},
        )
        assert response.headers["Location"] == expected
        await fresh.close()


async def test_json_posts_need_the_csrf_header(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    before = len(web.fake.received)
    body = {"conversation": conversation, "message": "næste trin"}
    missing = await client.api("/api/message", body, csrf=None)
    assert missing.status == 403 and (await missing.json())["code"] == "csrf"
    wrong = await client.api("/api/message", body, csrf="x" * 43)
    assert wrong.status == 403
    start = await client.api("/api/conversations", {"kind": "practice", "case": "stine"}, csrf=None)
    assert start.status == 403
    assert len(web.fake.received) == before  # nothing reached Rasa
    assert (await client.api("/api/message", body)).status == 200


async def test_another_users_csrf_token_does_not_work(client, other_client):
    await client.login("mette")
    await other_client.login("emil")
    conversation = (await client.start())["conversation"]["id"]
    response = await client.api(
        "/api/message", {"conversation": conversation, "message": "hej"}, csrf=other_client.csrf
    )
    assert response.status == 403


async def test_a_foreign_origin_is_refused(client):
    await client.login("mette")
    response = await client.session.post(
        client.base + "/api/conversations",
        json={"kind": "practice", "case": "stine"},
        headers={"X-CSRF-Token": client.csrf, "Origin": "https://evil.example"},
    )
    assert response.status == 403


async def test_tampered_and_forged_session_cookies_are_ignored(client, web):
    await client.login("emil")
    cookie = next(c for c in client.session.cookie_jar if c.key == SESSION_COOKIE).value
    body, mac = cookie.split(".")
    raw = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    live_token, raw["s"] = raw["s"], "m" * 43  # another session token, the signature kept
    forged_body = base64.urlsafe_b64encode(json.dumps(raw).encode()).rstrip(b"=").decode()
    for value in (
        f"{forged_body}.{mac}",
        SessionSigner("not-the-server-secret-" + "y" * 30).dumps(SessionData.anonymous().logged_in(live_token)),
    ):
        fresh = Client(web.url)
        fresh.session.cookie_jar.update_cookies({SESSION_COOKIE: value})
        response = await fresh.get("/")
        assert response.status == 303 and response.headers["Location"].startswith("/login")
        await fresh.close()


async def test_a_changed_password_logs_old_sessions_out(client, web):
    await client.login("mette")
    assert (await client.get("/")).status == 200
    set_password("mette", "en-helt-ny-kode-99", url=web.db_url)
    assert (await client.get("/")).status == 303
    assert (await client.login("mette", "en-helt-ny-kode-99")).status == 303


async def test_a_trainee_cannot_open_or_post_into_a_consultants_conversation(client, other_client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    assert (await client.get(f"/samtale/{conversation}")).status == 200
    await other_client.login("emil")
    page = await other_client.get(f"/samtale/{conversation}")
    assert page.status == 404 and "ikke din" in await page.text()
    before = len(web.fake.received)
    post = await other_client.api("/api/message", {"conversation": conversation, "message": "næste trin"})
    assert post.status == 404 and (await post.json())["code"] == "no_conversation"
    assert len(web.fake.received) == before
    assert all(not r["sender"].startswith("emil:") for r in web.fake.received)


async def test_a_supervisor_cannot_post_into_a_consultants_conversation_either(client, other_client):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    await other_client.login("sara")
    post = await other_client.api("/api/message", {"conversation": conversation, "message": "hej"})
    assert post.status == 404


async def test_trainees_cannot_open_citizen_plans(client):
    await client.login("emil")
    response = await client.get("/plan/B-12")
    assert response.status == 403 and "konsulenter og supervisorer" in await response.text()


async def test_health_needs_a_login_and_reports_rasa(client):
    assert (await client.get("/api/health")).status == 401
    await client.login("mette")
    response = await client.get("/api/health")
    assert await response.json() == {"ok": True, "rasa": True, "actions": True}
    assert (await client.get("/healthz")).status == 200


def test_secret_is_only_used_by_the_fixture():
    assert len(SECRET) >= 32
