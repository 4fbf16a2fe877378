"""Who a user is and how a password is kept: roles, user names, scrypt hashes.

Passwords are hashed with ``hashlib.scrypt`` (n=2**14, r=8, p=1) and a 16-byte random salt
per user, stored as ``scrypt$n$r$p$salt$hash`` (base64) and compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from enum import Enum
from functools import lru_cache

from bot.core.personal_data import contains_cpr

SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2**14, 8, 1, 32
MIN_PASSWORD_CHARS = 10
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


class Role(str, Enum):
    KONSULENT = "konsulent"
    ELEV = "elev"
    SUPERVISOR = "supervisor"

    @property
    def label(self) -> str:
        return {"konsulent": "Konsulent", "elev": "Elev", "supervisor": "Supervisor"}[self.value]


ROLES = tuple(r.value for r in Role)


def normalise_username(raw: str) -> str:
    return (raw or "").strip().lower()


def check_username(username: str) -> str | None:
    """A Danish reason why ``username`` cannot be used, or None."""
    if not USERNAME_PATTERN.match(username):
        return "Brugernavnet skal være 2-40 tegn: små bogstaver a-z, tal, punktum, bindestreg eller understreg."
    if contains_cpr(username):
        return "Brugernavnet ligner et CPR-nummer. Vælg et andet – CPR-numre gemmer Samtaleguide aldrig."
    return None


def check_password(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_CHARS:
        return f"Adgangskoden skal være mindst {MIN_PASSWORD_CHARS} tegn."
    if len(password) > 1024:
        return "Adgangskoden er for lang."
    return None


# --- passwords ------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_DKLEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """Verifying against this keeps a login for an unknown user as slow as one for a known user."""
    return hash_password(secrets.token_urlsafe(16))
