"""The product's secrets, and the private folder they live in.

Three secrets guard the trust boundary:

- ``WEB_SECRET`` signs the web cockpit's session cookies;
- ``REST_TOKEN`` is the bearer token the REST channel demands (the cockpit sends it
  server-side; a script holding it acts for the user it names in the sender id);
- ``ACTION_SERVER_TOKEN`` is what the Rasa server shows the action server on every call
  (``endpoints.yml`` sends it as a bearer header).

Each comes from its environment variable (``bot.settings``). In development, when the variable
is not set, it comes from a file in the data folder, created on first use with a random value
(mode 0600; the folder 0700), so restarts keep it. In production a missing or short secret
stops the server that needs it, with a Danish explanation.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings, get_settings

MIN_SECRET_CHARS = 32


class MissingSecret(RuntimeError):
    """A secret that production must be given; the message says how (Danish)."""


@dataclass(frozen=True)
class SecretSpec:
    env: str  # the environment variable
    file_name: str  # the development file in the data folder
    setting: str  # the Settings field the variable is read into


WEB = SecretSpec("WEB_SECRET", "web-secret", "web_secret")
REST = SecretSpec("REST_TOKEN", "rest-token", "rest_token")
ACTIONS = SecretSpec("ACTION_SERVER_TOKEN", "action-token", "action_server_token")


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (created 0700; a wider mode is narrowed)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = path.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to a file created with mode 0600 (never readable by others, not even briefly)."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)
    path.chmod(0o600)


def _development_secret(spec: SecretSpec, data_dir: Path) -> str:
    path = private_dir(data_dir) / spec.file_name
    if path.is_file():
        value = path.read_text(encoding="ascii").strip()
        if len(value) >= MIN_SECRET_CHARS:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                path.chmod(0o600)
            return value
    value = secrets.token_urlsafe(48)
    write_private(path, value + "\n")
    return value


def secret(spec: SecretSpec, settings: Settings | None = None) -> str:
    """The secret ``spec`` names, from its variable, or (development) its file."""
    settings = settings or get_settings()
    value = getattr(settings, spec.setting)
    if value:
        if settings.production and len(value) < MIN_SECRET_CHARS:
            raise MissingSecret(f"{spec.env} er for kort: brug mindst {MIN_SECRET_CHARS} tilfældige tegn.")
        return value
    if settings.production:
        raise MissingSecret(
            f"{spec.env} mangler. I produktion skal den sættes til mindst {MIN_SECRET_CHARS} tilfældige tegn, fx: "
            f"export {spec.env}=$(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    return _development_secret(spec, settings.data_dir)


def rest_headers(settings: Settings | None = None) -> dict[str, str]:
    """The headers a trusted client sends to the REST channel."""
    return {"Authorization": f"Bearer {secret(REST, settings)}", "Content-Type": "application/json"}


def action_headers(settings: Settings | None = None) -> dict[str, str]:
    """The header the Rasa server shows the action server (for scripts that call it directly)."""
    return {"Authorization": f"Bearer {secret(ACTIONS, settings)}"}


def server_environment(settings: Settings | None = None) -> dict[str, str]:
    """Environment for the Rasa and action servers: the tokens they check or send."""
    return {
        REST.env: secret(REST, settings),
        ACTIONS.env: secret(ACTIONS, settings),
    }
