"""Server-side forwarding to Rasa's REST channel, and what the browser gets back.

The browser never talks to Rasa: the web app posts ``{"sender", "message"}`` to
``<RASA_URL>/webhooks/rest/webhook`` and turns the replies into an ordered list of items
the page can show without interpreting anything as markup:

    {"type": "text", "speaker": "guide" | "borger", "text": str}
    {"type": "guide" | "plan" | "practice" | "feedback" | "course", "<type>": {...}}
    {"type": "custom", "custom": {...}}      (anything else, for forward compatibility)
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

PAYLOAD_KINDS = ("guide", "plan", "practice", "feedback", "course")
REPLY_TIMEOUT_S = 60
HEALTH_TIMEOUT_S = 3


class RasaUnavailable(RuntimeError):
    """Rasa (or the action server behind it) did not answer usefully."""

    def __init__(self, part: str, detail: str = "", message: str | None = None) -> None:
        super().__init__(f"{part}: {detail}" if detail else part)
        self.part = part  # "rasa", "actions", or "store" (the conversation log could not be saved)
        self.message = message  # the guide channel's Danish explanation, when it sent one


class RasaClient:
    def __init__(
        self, rasa_url: str, action_url: str | None, rest_token: str = "", timeout_s: float = REPLY_TIMEOUT_S
    ) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {rest_token}"} if rest_token else {}
        self.action_url = action_url.rstrip("/") if action_url else None
        self.timeout_s = timeout_s
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            # No cookies, no proxies from the environment: Rasa is a private neighbour.
            self._session = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(), trust_env=False)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("RasaClient.start() was not called")
        return self._session

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        url = f"{self.rasa_url}/webhooks/rest/webhook"
        try:
            async with self.session.post(
                url,
                json={"sender": sender, "message": message},
                headers=self.headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout_s),
            ) as response:
                if response.status != 200:
                    part, message = _failure(await response.read())
                    raise RasaUnavailable(part, f"HTTP {response.status}", message)
                replies = await response.json(content_type=None)
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            raise RasaUnavailable("rasa", type(error).__name__) from error
        if not isinstance(replies, list):
            raise RasaUnavailable("rasa", "unexpected reply")
        if not replies and self.action_url and not await self._up(f"{self.action_url}/health"):
            # Rasa's stock REST channel swallows a failing custom action and answers with nothing
            # (the guide's own channel answers 503 with an error payload instead, handled above).
            raise RasaUnavailable("actions", "action server down")
        return [r for r in replies if isinstance(r, dict)]

    async def _up(self, url: str) -> bool:
        try:
            async with self.session.get(url, timeout=aiohttp.ClientTimeout(total=HEALTH_TIMEOUT_S)) as response:
                return response.status == 200
        except (TimeoutError, aiohttp.ClientError):
            return False

    async def health(self) -> dict[str, bool]:
        checks = [self._up(f"{self.rasa_url}/")]
        if self.action_url:
            checks.append(self._up(f"{self.action_url}/health"))
        results = await asyncio.gather(*checks)
        rasa = results[0]
        actions = results[1] if self.action_url else True
        return {"ok": rasa and actions, "rasa": rasa, "actions": actions}


PARTS = {"actions_unavailable": "actions", "conversation_log_unavailable": "store"}  # bot.rasa.channel's error codes


def _failure(body: bytes) -> tuple[str, str | None]:
    """Which part failed and the Danish text, from the guide channel's error reply (``bot.rasa.channel``)."""
    try:
        replies = json.loads(body)
        errors = [
            (r["custom"]["error"].get("code"), r.get("text"))
            for r in replies
            if isinstance(r, dict) and isinstance(r.get("custom"), dict) and isinstance(r["custom"].get("error"), dict)
        ]
    except (ValueError, TypeError, AttributeError):
        errors = []
    if not errors:
        return "rasa", None
    code, text = errors[0]
    return PARTS.get(code, "rasa"), text if isinstance(text, str) else None


def _payload_item(custom: Any) -> dict[str, Any]:
    if isinstance(custom, dict):
        for kind in PAYLOAD_KINDS:
            if isinstance(custom.get(kind), dict):
                return {"type": kind, kind: custom[kind]}
    return {"type": "custom", "custom": custom}


def _is_citizen_marker(item: dict[str, Any]) -> bool:
    return item["type"] == "practice" and item["practice"].get("speaker") == "borger"


def to_items(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa's REST replies as ordered items.

    A practice payload ``{"speaker": "borger"}`` marks the texts just before it (since the
    previous payload) as the simulated citizen's; when it comes first, the texts after it.
    A feedback payload sent in the same message as its text keeps the text on the card.
    """
    items: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []  # texts not yet claimed by a payload
    leading_citizen = False
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(reply.get("text"), str) and isinstance(custom, dict) and isinstance(custom.get("feedback"), dict):
            # The feedback's own Danish rendering travels with the card instead of as a long bubble.
            items.append({"type": "feedback", "feedback": custom["feedback"], "text": reply["text"]})
            pending, leading_citizen = [], False
            continue
        if isinstance(reply.get("text"), str):
            text_item = {"type": "text", "speaker": "borger" if leading_citizen else "guide", "text": reply["text"]}
            items.append(text_item)
            pending.append(text_item)
        if "custom" in reply:
            item = _payload_item(reply["custom"])
            if _is_citizen_marker(item):
                if pending:
                    for text_item in pending:
                        text_item["speaker"] = "borger"
                else:
                    leading_citizen = True
            else:
                leading_citizen = False
            pending = []
            items.append(item)
    return items
