"""The cockpit reads the guide channel's 503 error replies (``bot.rasa.channel``): which part failed, and why."""

from __future__ import annotations

from bot.rasa.channel import MSG_ACTIONS_UNAVAILABLE, conversation_log_message


async def _send(client, web, code: str, text: str):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    web.fake.channel_error = (code, text)
    response = await client.api(
        "/api/message", {"conversation": conversation, "message": "aftale: ring til to firmaer"}
    )
    return response.status, await response.json()


async def test_the_action_server_being_down_is_reported_as_such(client, web):
    status, answer = await _send(client, web, "actions_unavailable", MSG_ACTIONS_UNAVAILABLE)
    assert status == 503 and answer["part"] == "actions" and "handlingsserveren" in answer["error"]
    assert "Din tekst er gemt i feltet" in answer["error"]


async def test_a_full_disk_is_named_rather_than_told_to_wait(client, web):
    status, answer = await _send(client, web, "conversation_log_unavailable", conversation_log_message("disk"))
    assert status == 503 and answer["part"] == "store"
    assert answer["error"] == (
        "Samtalen kunne ikke gemmes, fordi disken med databasen er fuld eller ikke kan skrives til – beskeden er ikke "
        "registreret. Sig det til den, der driver Samtaleguide. Din tekst er gemt i feltet."
    )


async def test_any_other_channel_error_is_rasa_not_answering(client, web):
    status, answer = await _send(client, web, "guide_failed", "Der gik noget galt")
    assert status == 503 and answer["part"] == "rasa" and answer["error"].startswith("Guiden svarer ikke lige nu")
