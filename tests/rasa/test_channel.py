"""The guide's REST channel answers in Danish with a 503 instead of failing silently (issue 7, faults)."""

from __future__ import annotations

from types import SimpleNamespace

import yaml
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from bot.rasa.channel import GuideRestInput
from bot.rasa.tracker_store import ConversationLogError, RedactingSQLTrackerStore
from bot.settings import PROJECT_ROOT
from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade


async def _handle(on_new_message, agent=None):
    return await GuideRestInput().handle(on_new_message, agent, "mette:1", "næste trin", "rest", None)


def _error(replies):
    [reply] = replies
    return reply["custom"]["error"]["code"], reply["text"]


def test_credentials_use_the_guide_channel_under_the_rest_name():
    credentials = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert list(credentials) == ["bot.rasa.channel.GuideRestInput"]
    assert GuideRestInput.name() == "rest"  # the address stays /webhooks/rest/webhook


async def test_replies_pass_through_unchanged():
    async def answer(message):
        await message.output_channel.send_text_message(message.sender_id, "Trin 3 – Kontrakt")
        await message.output_channel.send_custom_json(message.sender_id, {"guide": {"step": 3}})

    status, replies = await _handle(answer)
    assert status == 200
    assert replies == [
        {"recipient_id": "mette:1", "text": "Trin 3 – Kontrakt"},
        {"recipient_id": "mette:1", "custom": {"guide": {"step": 3}}},
    ]


async def test_a_turn_without_a_reply_means_the_action_server_failed():
    async def silent(_message):
        return None  # what Rasa does when the custom action cannot be reached

    status, replies = await _handle(silent)
    code, text = _error(replies)
    assert status == 503 and code == "actions_unavailable"
    assert text.startswith("Guiden kan ikke svare lige nu, fordi handlingsserveren ikke svarer.")
    assert "ikke gemt to gange" in text


async def test_a_conversation_log_failure_says_why():
    async def full(_message):
        raise ConversationLogError(
            "save", "mette:1", OperationalError("INSERT", {}, Exception("database or disk is full"))
        )

    status, replies = await _handle(full)
    code, text = _error(replies)
    assert status == 503 and code == "conversation_log_unavailable"
    assert replies[0]["custom"]["error"]["reason"] == "disk"
    assert text == (
        "Samtalen kunne ikke gemmes, fordi disken med databasen er fuld eller ikke kan skrives til – "
        "beskeden er ikke registreret. Sig det til den, der driver Samtaleguide."
    )


async def test_any_other_failure_is_a_danish_503_too():
    async def broken(_message):
        raise ConnectionError("redis lock store unreachable")

    status, replies = await _handle(broken)
    assert status == 503 and _error(replies) == (
        "guide_failed",
        "Der gik noget galt, og guiden kunne ikke svare på beskeden. Prøv igen om lidt.",
    )


async def test_a_read_only_log_reaches_the_consultant_through_rasas_fail_safe_wrapper(tmp_path):
    path = tmp_path / "log.db"
    upgrade(f"sqlite:///{path}")
    dispose_engines()
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    store = RedactingSQLTrackerStore(domain=domain, url=f"sqlite:///file:{path}?mode=ro&uri=true")
    agent = SimpleNamespace(tracker_store=FailSafeTrackerStore(store))  # as rasa.core.agent.Agent builds it

    async def turn(message):
        await message.output_channel.send_text_message(message.sender_id, "Trin 4")
        tracker = DialogueStateTracker(message.sender_id, domain.slots)
        tracker.update(UserUttered("trin 4", {"name": "goto_step", "confidence": 1.0}))
        await agent.tracker_store.save(tracker)

    status, replies = await _handle(turn, agent)
    assert status == 503 and _error(replies)[0] == "conversation_log_unavailable"
    assert "databasen er skrivebeskyttet" in replies[0]["text"]
    dispose_engines()
