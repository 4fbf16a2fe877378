"""The guide's REST channel: Rasa's ``rest`` channel that never fails silently.

Configured in ``credentials.yml`` as ``bot.rasa.channel.GuideRestInput``; it keeps the name
``rest``, so the address stays ``/webhooks/rest/webhook`` and the request and the replies
are Rasa's usual ``{"sender", "message"}`` → ``[{"text": ...}, {"custom": ...}]``.

What it adds, because the stock channel answers ``200 []`` or a partial reply in each case:

* **The action server is down** (or fails): Rasa logs the failed custom action and the turn
  ends without a word. Every request the guide understands is answered by an action that
  says something, so an empty turn means that failure: the channel answers **503** with a
  Danish text and ``{"custom": {"error": {"code": "actions_unavailable"}}}``.
* **The conversation log cannot be read or saved** (database unreachable past the retry
  window, read-only, disk full): Rasa's ``FailSafeTrackerStore`` would log it and carry on
  with an in-memory tracker on this replica only, so the turn would be acknowledged and then
  lost. The channel makes that wrapper re-raise instead, and answers **503** with a Danish
  text that says why and ``{"error": {"code": "conversation_log_unavailable", "reason": kind}}``.
* **Anything else fails** (e.g. the Redis lock store is unreachable): **503**, a Danish text
  and ``{"error": {"code": "guide_failed"}}``.

The web cockpit (``bot.web.rasa``) reads the error payload; other REST clients can show the
text as it is.

**The trust boundary.** Before anything reaches Rasa, a request must carry
``Authorization: Bearer <REST_TOKEN>`` (401 otherwise), be ``application/json`` (415), stay
under ``max_body_bytes`` (413, also enforced by Sanic before the body is read) and be a JSON
object with a well-formed ``sender`` and ``message`` (400): invalid UTF-8, lone surrogates, NUL
bytes, non-object JSON, a sender id that holds a CPR number — each gets a Danish refusal with
``{"error": {"code": "bad_request" | ...}}`` and never touches the tracker store. Streaming is
refused: the guide's replies are short and the stock stream path has none of these checks.
"""

from __future__ import annotations

import hmac
import json
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from bot import keys
from bot.core.sender import sender_problem
from bot.rasa import speedups as rasa_speedups
from bot.rasa.tracker_store import ConversationLogError
from bot.settings import get_settings
from bot.store.failures import REASONS, advice

log = logging.getLogger(__name__)

ACTIONS_UNAVAILABLE = "actions_unavailable"
CONVERSATION_LOG_UNAVAILABLE = "conversation_log_unavailable"
GUIDE_FAILED = "guide_failed"

MSG_ACTIONS_UNAVAILABLE = (
    "Guiden kan ikke svare lige nu, fordi handlingsserveren ikke svarer. Send beskeden igen om lidt "
    "– en aftale bliver ikke gemt to gange."
)
MSG_GUIDE_FAILED = "Der gik noget galt, og guiden kunne ikke svare på beskeden. Prøv igen om lidt."
MSG_UNAUTHORIZED = "Adgang nægtet: forespørgslen mangler en gyldig nøgle (Authorization: Bearer …)."
MSG_NOT_JSON = "Beskeden skal sendes som JSON (Content-Type: application/json)."
MSG_TOO_LARGE = "Beskeden er for stor. Skriv kort, hvad du står i – intet er ændret i samtalen."
MSG_BAD_BODY = "Beskeden kunne ikke læses: send et JSON-objekt med »sender« og »message« som tekst."
MSG_BAD_TEXT = "Beskeden indeholder tegn, der ikke kan bruges (fx ugyldig Unicode eller nul-tegn). Intet er ændret."
MSG_NO_STREAM = "Streaming understøttes ikke. Send beskeden uden ?stream=true."


class BadRequest(ValueError):
    """A request the channel refuses before Rasa sees it: HTTP status, error code, Danish text."""

    def __init__(self, status: int, code: str, text: str) -> None:
        super().__init__(text)
        self.status, self.code, self.text = status, code, text


def max_body_bytes(max_message_chars: int) -> int:
    """Room for the longest allowed message as JSON (\\uXXXX escapes are six bytes a character)."""
    return 6 * max_message_chars + 4096


def _usable_text(value: object) -> str:
    if not isinstance(value, str):
        raise BadRequest(400, "bad_request", MSG_BAD_BODY)
    try:
        value.encode("utf-8")  # a lone surrogate (\\udc00) cannot be stored or logged
    except UnicodeEncodeError:
        raise BadRequest(400, "bad_text", MSG_BAD_TEXT) from None
    if "\x00" in value:
        raise BadRequest(400, "bad_text", MSG_BAD_TEXT)
    return value


def parse_body(body: bytes, content_type: str | None, limit: int) -> tuple[str, str, dict | None]:
    """(sender, message, metadata) from a request body, or BadRequest with the Danish reason."""
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        raise BadRequest(415, "not_json", MSG_NOT_JSON)
    if len(body) > limit:
        raise BadRequest(413, "too_large", MSG_TOO_LARGE)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest(400, "bad_request", MSG_BAD_BODY) from None
    if not isinstance(data, dict):
        raise BadRequest(400, "bad_request", MSG_BAD_BODY)
    sender = _usable_text(data.get("sender"))
    message = _usable_text(data.get("message", ""))
    problem = sender_problem(sender)
    if problem:
        raise BadRequest(400, "bad_sender", problem)
    metadata = data.get("metadata")
    return sender, message, metadata if isinstance(metadata, dict) else None


def authorised(header: str | None, token: str) -> bool:
    expected = f"Bearer {token}".encode()
    return hmac.compare_digest((header or "").encode("utf-8", "replace"), expected)


def conversation_log_message(kind: str) -> str:
    return f"Samtalen kunne ikke gemmes, fordi {REASONS[kind]} – beskeden er ikke registreret. {advice(kind)}"


def error_reply(sender_id: str | None, code: str, text: str, **details: Any) -> list[dict[str, Any]]:
    return [{"recipient_id": sender_id, "text": text, "custom": {"error": {"code": code, **details}}}]


def _raise(error: Exception) -> None:
    raise error


def fail_loudly(agent: Any) -> None:
    """Let tracker store errors reach the channel instead of Rasa's in-memory fallback."""
    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore) and getattr(store, "_on_tracker_store_error", None) is not _raise:
        # The constructor's documented callback; Agent builds the wrapper without one.
        store._on_tracker_store_error = _raise


class GuideRestInput(RestInput):
    def __init__(self) -> None:
        super().__init__()
        rasa_speedups.install()  # the Rasa server builds its channels once, before the first message

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def handle(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any,
        sender_id: str,
        text: str | None,
        input_channel: str,
        metadata: Any,
    ) -> tuple[int, list[dict[str, Any]]]:
        """One message through Rasa: the HTTP status and the replies (or the Danish error reply)."""
        fail_loudly(agent)
        collector = CollectingOutputChannel()
        try:
            await on_new_message(
                UserMessage(text, collector, sender_id, input_channel=input_channel, metadata=metadata)
            )
        except ConversationLogError as error:  # already logged with its reason by the store
            return 503, error_reply(
                sender_id, CONVERSATION_LOG_UNAVAILABLE, conversation_log_message(error.kind), reason=error.kind
            )
        except CancelledError:
            log.error("handling a message for %r was cancelled (timeout)", sender_id)
            return 503, error_reply(sender_id, GUIDE_FAILED, MSG_GUIDE_FAILED)
        except Exception:  # noqa: BLE001 - the consultant gets a Danish answer, the log the trace
            log.exception("handling a message for %r failed", sender_id)  # not the text: it may hold personal data
            return 503, error_reply(sender_id, GUIDE_FAILED, MSG_GUIDE_FAILED)
        if not collector.messages:
            log.error("the turn for %r produced no reply (custom action failed or action server down)", sender_id)
            return 503, error_reply(sender_id, ACTIONS_UNAVAILABLE, MSG_ACTIONS_UNAVAILABLE)
        return 200, collector.messages

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        token = keys.secret(keys.REST)
        limit = max_body_bytes(get_settings().max_message_chars)

        @webhook.listener("before_server_start")
        async def cap_request_size(app, _loop) -> None:
            # Sanic reads up to 100 MB before any handler runs; refuse huge bodies at the door.
            app.config.REQUEST_MAX_SIZE = limit
            app.error_handler.add(PayloadTooLarge, _too_large)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            try:
                if not authorised(request.headers.get("authorization"), token):
                    raise BadRequest(401, "unauthorized", MSG_UNAUTHORIZED)
                if request.args.get("stream", "false").lower() == "true":
                    raise BadRequest(400, "no_stream", MSG_NO_STREAM)
                sender_id, text, metadata = parse_body(request.body, request.headers.get("content-type"), limit)
            except BadRequest as refused:
                return response.json(error_reply(None, refused.code, refused.text), status=refused.status)
            status, replies = await self.handle(
                on_new_message,
                getattr(request.app.ctx, "agent", None),
                sender_id,
                text,
                self._extract_input_channel(request),
                metadata,
            )
            return response.json(replies, status=status)

        return webhook


async def _too_large(_request: Request, _exception: Exception) -> response.HTTPResponse:
    return response.json(error_reply(None, "too_large", MSG_TOO_LARGE), status=413)
