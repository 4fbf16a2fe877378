"""Signed session cookies and CSRF tokens for the web cockpit.

The cookie holds a small JSON document (base64url) and an HMAC-SHA256 over it with the
``WEB_SECRET``; a changed byte, a foreign secret or an expired issue time makes it worthless.
It carries the CSRF token, so a form or a JSON request proves that it comes from a page this
server rendered for this browser, and, once logged in, the token of a server-side session
(``bot.users.sessions``): the signature proves the cookie is ours, the session row whether
it still counts. Logout and a password change revoke the row, and the old cookie, with its
CSRF token, is then worth nothing. Passwords: ``bot.users.passwords``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from bot.users.sessions import SESSION_LIFETIME

SESSION_COOKIE = "sg_session"
SESSION_MAX_AGE_S = int(SESSION_LIFETIME.total_seconds())  # the cookie lives as long as the session row
_SIGNING_CONTEXT = b"samtaleguide.web.session.v1:"


# --- signed sessions ------------------------------------------------------------------
@dataclass(frozen=True)
class SessionData:
    csrf: str
    issued_at: float
    token: str | None = None  # the server-side session's token (bot.users.sessions); None: not logged in

    @classmethod
    def anonymous(cls) -> SessionData:
        return cls(csrf=secrets.token_urlsafe(32), issued_at=time.time())

    def logged_in(self, token: str) -> SessionData:
        # A fresh CSRF token at login: a token seen before login is worthless after it.
        return SessionData(csrf=secrets.token_urlsafe(32), issued_at=time.time(), token=token)

    def to_json(self) -> dict[str, Any]:
        return {"c": self.csrf, "i": int(self.issued_at), "s": self.token}


class SessionSigner:
    def __init__(self, secret: str, max_age_s: int = SESSION_MAX_AGE_S) -> None:
        if not secret:
            raise ValueError("a session secret is required")
        self._key = hashlib.sha256(_SIGNING_CONTEXT + secret.encode("utf-8")).digest()
        self.max_age_s = max_age_s

    def _mac(self, body: bytes) -> str:
        mac = hmac.new(self._key, body, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")

    def dumps(self, data: SessionData) -> str:
        raw = json.dumps(data.to_json(), separators=(",", ":"), sort_keys=True).encode("utf-8")
        body = base64.urlsafe_b64encode(raw).rstrip(b"=")
        return f"{body.decode('ascii')}.{self._mac(body)}"

    def loads(self, cookie: str | None, now: float | None = None) -> SessionData | None:
        """The session in ``cookie``, or None when it is missing, forged, tampered or expired."""
        if not cookie or cookie.count(".") != 1 or len(cookie) > 4096:
            return None
        body, mac = cookie.split(".")
        if not hmac.compare_digest(self._mac(body.encode("ascii", "replace")), mac):
            return None
        try:
            raw = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            token = raw.get("s")
            data = SessionData(csrf=str(raw["c"]), issued_at=float(raw["i"]), token=str(token) if token else None)
        except (ValueError, KeyError, TypeError):
            return None
        now = time.time() if now is None else now
        if not (now - self.max_age_s <= data.issued_at <= now + 60) or len(data.csrf) < 32:
            return None
        return data


def csrf_matches(session: SessionData | None, token: str | None) -> bool:
    if session is None or not token:
        return False
    return hmac.compare_digest(session.csrf.encode("utf-8"), token.encode("utf-8", "replace"))
