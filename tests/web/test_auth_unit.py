"""Passwords, signed session cookies and CSRF tokens, without a server."""

from __future__ import annotations

import base64
import json
import time

from bot.users.passwords import check_password, check_username, hash_password, verify_password
from bot.web.auth import SessionData, SessionSigner, csrf_matches

SECRET = "s" * 40


def test_passwords_are_salted_scrypt_hashes():
    first, second = hash_password("rigtig-hemmelig-42"), hash_password("rigtig-hemmelig-42")
    assert first.startswith("scrypt$16384$8$1$") and first != second
    assert verify_password("rigtig-hemmelig-42", first) and verify_password("rigtig-hemmelig-42", second)
    assert not verify_password("rigtig-hemmelig-43", first)
    assert not verify_password("", first)


def test_broken_or_foreign_hashes_never_verify():
    for stored in ("", "plain", "md5$abc$def", "scrypt$x$8$1$AAAA$BBBB", "scrypt$16384$8$1$!!$??"):
        assert not verify_password("anything", stored)


def test_session_round_trip():
    signer = SessionSigner(SECRET)
    data = SessionData.anonymous().logged_in("t" * 43)
    loaded = signer.loads(signer.dumps(data))
    assert loaded == SessionData(csrf=data.csrf, issued_at=int(data.issued_at), token="t" * 43)
    anonymous = SessionData.anonymous()
    assert signer.loads(signer.dumps(anonymous)).token is None


def _forge_body(cookie: str, **changes) -> str:
    body, mac = cookie.split(".")
    raw = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw.update(changes)
    new_body = base64.urlsafe_b64encode(json.dumps(raw).encode()).rstrip(b"=").decode()
    return f"{new_body}.{mac}"


def test_tampered_forged_expired_and_garbage_cookies_are_rejected():
    signer = SessionSigner(SECRET)
    cookie = signer.dumps(SessionData.anonymous().logged_in("e" * 43))
    assert signer.loads(_forge_body(cookie, s="m" * 43)) is None  # body changed, signature kept
    body, mac = cookie.split(".")
    assert signer.loads(f"{body}.{mac[:-2]}AA") is None  # signature changed
    assert SessionSigner("another-secret-" + "x" * 30).loads(cookie) is None  # signed elsewhere
    old = SessionData(csrf="c" * 43, issued_at=time.time() - 13 * 3600, token="e" * 43)
    assert signer.loads(signer.dumps(old)) is None  # expired (12 h)
    future = SessionData(csrf="c" * 43, issued_at=time.time() + 3600, token="e" * 43)
    assert signer.loads(signer.dumps(future)) is None
    for garbage in (None, "", "abc", "a.b.c", "." * 5000, "eyJ9.xyz"):
        assert signer.loads(garbage) is None


def test_csrf_tokens_compare_exactly():
    session = SessionData.anonymous()
    assert csrf_matches(session, session.csrf)
    assert not csrf_matches(session, session.csrf[:-1] + "x")
    assert not csrf_matches(session, "")
    assert not csrf_matches(session, None)
    assert not csrf_matches(None, session.csrf)
    assert session.logged_in("t" * 43).csrf != session.csrf  # a new token at login


def test_username_and_password_rules_answer_in_danish():
    assert check_username("mette") is None and check_username("m.hansen-2") is None
    assert "Brugernavnet" in check_username("Mette Hansen")
    assert "Brugernavnet" in check_username("a:b")  # a colon would break the Rasa sender id
    assert "CPR-nummer" in check_username("2103851114") and "CPR-nummer" in check_username("21.03.85-1114")
    assert check_username("21038511140") is None  # eleven digits are no CPR number
    assert check_password("kort") == "Adgangskoden skal være mindst 10 tegn."
    assert check_password("lang-nok-kode") is None
