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
text as it is. Streaming (``?stream=true``) is left as Rasa has it.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.tracker_store import FailSafeTrackerStore
from sanic import Blueprint, response
from sanic.request import Request

from bot.rasa import speedups as rasa_speedups
from bot.rasa.tracker_store import ConversationLogError
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

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            input_channel = self._extract_input_channel(request)
            metadata = self.get_metadata(request)
            if request.args.get("stream", "false").lower() == "true":
                return response.stream(
                    self.stream_response(on_new_message, text, sender_id, input_channel, metadata),
                    content_type="text/event-stream",
                )
            status, replies = await self.handle(
                on_new_message, getattr(request.app.ctx, "agent", None), sender_id, text, input_channel, metadata
            )
            return response.json(replies, status=status)

        return webhook
