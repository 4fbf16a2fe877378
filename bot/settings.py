"""All runtime settings, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.strip().isdigit() else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    spacy_model_path: Path
    rasa_port: int
    action_port: int
    default_booked_min: int
    timeout_interval_min: int
    closure_margin_min: int
    max_message_chars: int
    database_url: str
    # The web cockpit (bot/web). Defaults keep older constructors of Settings working.
    environment: str = "development"  # SAMTALEGUIDE_ENV; "production" enforces a secret and users
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    web_secret: str = ""  # signs session cookies; required in production
    rasa_url: str = "http://127.0.0.1:5005"  # the web app forwards to this Rasa server
    action_url: str = "http://127.0.0.1:5055"  # checked by the web app's health endpoint
    retention_days: int = 365  # RETENTION_DAYS: `python -m bot review purge` deletes what is older
    # The trust boundary (bot.keys): secrets from the environment, or files in data_dir in development.
    rest_token: str = ""  # REST_TOKEN: the bearer token the REST channel demands
    action_server_token: str = ""  # ACTION_SERVER_TOKEN: what Rasa shows the action server
    action_host: str = "127.0.0.1"  # ACTION_HOST: where the action server listens
    redis_url: str = ""  # REDIS_URL: shared login throttling across web replicas (in-process when empty)
    trusted_proxies: tuple[str, ...] = ()  # TRUSTED_PROXIES: addresses whose X-Forwarded-For is believed

    @property
    def production(self) -> bool:
        return self.environment == "production"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    data_dir = Path(os.environ.get("SAMTALEGUIDE_DATA_DIR", PROJECT_ROOT / "var"))
    return Settings(
        data_dir=data_dir,
        spacy_model_path=Path(os.environ.get("SPACY_MODEL", PROJECT_ROOT / "build" / "spacy_da")),
        rasa_port=_int_env("RASA_PORT", 5005),
        action_port=_int_env("ACTION_PORT", 5055),
        default_booked_min=_int_env("DEFAULT_BOOKED_MIN", 45),
        timeout_interval_min=_int_env("TIMEOUT_INTERVAL_MIN", 15),
        closure_margin_min=_int_env("CLOSURE_MARGIN_MIN", 10),
        max_message_chars=_int_env("MAX_MESSAGE_CHARS", 1000),
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'samtaleguide.db'}",
        environment=(os.environ.get("SAMTALEGUIDE_ENV") or "development").strip().lower(),
        web_host=os.environ.get("WEB_HOST") or "127.0.0.1",
        web_port=_int_env("WEB_PORT", 8000),
        web_secret=os.environ.get("WEB_SECRET") or "",
        rasa_url=(os.environ.get("RASA_URL") or f"http://127.0.0.1:{_int_env('RASA_PORT', 5005)}").rstrip("/"),
        retention_days=_int_env("RETENTION_DAYS", 365),
        action_url=(os.environ.get("ACTION_URL") or f"http://127.0.0.1:{_int_env('ACTION_PORT', 5055)}").rstrip("/"),
        rest_token=os.environ.get("REST_TOKEN") or "",
        action_server_token=os.environ.get("ACTION_SERVER_TOKEN") or "",
        action_host=os.environ.get("ACTION_HOST") or "127.0.0.1",
        redis_url=os.environ.get("REDIS_URL") or "",
        trusted_proxies=tuple(p.strip() for p in (os.environ.get("TRUSTED_PROXIES") or "").split(",") if p.strip()),
    )
