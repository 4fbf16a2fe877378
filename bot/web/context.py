"""The web app's settings and what every handler reaches through ``request.app.ctx``."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from sanic.request import Request

from bot.guide.content import Guide
from bot.web.addresses import Network
from bot.web.auth import SessionSigner
from bot.web.plans import PlanSource
from bot.web.rasa import RasaClient
from bot.web.throttle import LoginThrottle


@dataclass(frozen=True)
class WebConfig:
    secret: str
    rasa_url: str
    action_url: str | None
    database_url: str | None = None  # None: settings.database_url (through bot.store)
    max_message_chars: int = 1000
    default_booked_min: int = 45
    timeout_interval_min: int = 15
    closure_margin_min: int = 10
    production: bool = False
    rasa_timeout_s: float = 60
    rest_token: str = ""  # sent to Rasa's REST channel as a bearer token (bot.keys)
    redis_url: str = ""  # login throttle counters shared by replicas (bot.web.throttle); in-process when empty
    trusted_proxies: tuple[str, ...] = ()  # peers whose X-Forwarded-For is believed (bot.web.addresses)

    @classmethod
    def from_settings(cls, settings, secret: str) -> WebConfig:
        from bot import keys

        return cls(
            secret=secret,
            rest_token=keys.secret(keys.REST, settings),
            rasa_url=settings.rasa_url,
            action_url=settings.action_url,
            database_url=settings.database_url,
            max_message_chars=settings.max_message_chars,
            default_booked_min=settings.default_booked_min,
            timeout_interval_min=settings.timeout_interval_min,
            closure_margin_min=settings.closure_margin_min,
            production=settings.production,
            redis_url=settings.redis_url,
            trusted_proxies=settings.trusted_proxies,
        )


@dataclass(frozen=True)
class WebContext:
    """``app.ctx``: one per app, made by ``bot.web.app.create_app``."""

    config: WebConfig
    signer: SessionSigner
    rasa: RasaClient
    plans: PlanSource
    throttle: LoginThrottle
    proxies: tuple[Network, ...]  # config.trusted_proxies, parsed
    guide: Guide
    case_names: dict[str, str]  # practice case id -> the citizen's name
    templates: Environment


def context(request: Request) -> WebContext:
    return request.app.ctx
