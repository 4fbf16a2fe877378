"""The web app forwards to Rasa server-side: sender ids, start messages, limits, outages."""

from __future__ import annotations

import pytest

from bot.web.rasa import to_items


async def test_starting_a_conversation_forwards_the_start_sentence(client, web):
    await client.login("mette")
    data = await client.start("B-12", "cv_og_ansoegning", 30)
    conversation = data["conversation"]
    assert conversation["kind"] == "guide" and conversation["citizen_ref"] == "B-12"
    assert data["url"] == f"/samtale/{conversation['id']}"
    assert web.fake.received[-1] == {
        "sender": f"mette:{conversation['id']}",
        "message": "ny samtale med B-12 om cv og ansøgning 30 min",
    }
    guide = next(i["guide"] for i in data["items"] if i["type"] == "guide")
    assert guide["step"] == 2 and guide["booked_min"] == 30


async def test_messages_go_to_rasa_under_the_users_own_sender_id(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    response = await client.api("/api/message", {"conversation": conversation, "message": "næste trin"})
    items = (await response.json())["items"]
    assert web.fake.received[-1] == {"sender": f"mette:{conversation}", "message": "næste trin"}
    assert items[0] == {
        "type": "text",
        "speaker": "guide",
        "text": "Trin 3 – Lav kontrakten\nGør sådan:\n• et godt råd",
    }
    assert items[1]["type"] == "guide" and items[1]["guide"]["visited"] == [2, 3]


async def test_each_conversation_is_its_own_rasa_conversation(client, web):
    await client.login("mette")
    first = (await client.start("B-1"))["conversation"]["id"]
    second = (await client.start("B-2"))["conversation"]["id"]
    assert first != second
    assert {r["sender"] for r in web.fake.received} == {f"mette:{first}", f"mette:{second}"}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"citizen_ref": "0101901234"}, "citizen_ref"),  # a CPR number is never a reference
        ({"citizen_ref": "<b>x</b>"}, "citizen_ref"),
        ({"citizen_ref": ""}, "citizen_ref"),
        ({"citizen_ref": "Jens"}, "citizen_ref"),  # a name is no case key
        ({"citizen_ref": "B 12"}, "citizen_ref"),
        ({"citizen_ref": "10.30"}, "citizen_ref"),  # the guide could not read it back (a time)
        ({"course_type": "jobcenter_7"}, "course_type"),
        ({"course_type": "cv_samtale", "joint": True}, "course_type"),  # the a-kasse's own conversation
        ({"week": 0}, "week"),
        ({"week": 157}, "week"),
        ({"week": "tolv"}, "week"),
        ({"topic": "strikning"}, "topic"),
        ({"booked_min": 2}, "booked_min"),
        ({"booked_min": "lang"}, "booked_min"),
    ],
)
async def test_a_bad_start_form_is_refused_before_rasa(client, web, body, field):
    await client.login("mette")
    request = {"kind": "guide", "citizen_ref": "B-12", "topic": "brancheskift", "booked_min": 30, **body}
    response = await client.api("/api/conversations", request)
    answer = await response.json()
    assert response.status == 422 and answer["field"] == field and answer["error"]
    assert web.fake.received == []


@pytest.mark.parametrize(
    "case, message",
    [
        ("fatima", "øv med Fatima"),
        ("malou", "øv med Malou"),
        ("tilfaeldig", "øv med en tilfældig borger"),
    ],
)
async def test_practice_starts_with_the_chosen_citizen(client, web, case, message):
    await client.login("emil")
    data = await (await client.api("/api/conversations", {"kind": "practice", "case": case})).json()
    assert data["conversation"]["kind"] == "practice" and data["conversation"]["case"] == case
    assert web.fake.received[-1]["message"] == message
    assert web.fake.received[-1]["sender"] == f"emil:{data['conversation']['id']}"


async def test_an_unknown_case_is_refused(client, web):
    await client.login("emil")
    response = await client.api("/api/conversations", {"kind": "practice", "case": "bent"})
    assert response.status == 422 and web.fake.received == []


async def test_practice_replies_are_the_citizens_and_feedback_comes_as_a_card(client):
    await client.login("emil")
    data = await (await client.api("/api/conversations", {"kind": "practice", "case": "stine"})).json()
    conversation = data["conversation"]["id"]
    assert [(i["type"], i.get("speaker")) for i in data["items"]] == [("text", "guide"), ("practice", None)]
    reply = await (
        await client.api("/api/message", {"conversation": conversation, "message": "Hvordan går det?"})
    ).json()
    assert [i.get("speaker") for i in reply["items"]] == ["borger", None]
    end = await (await client.api("/api/message", {"conversation": conversation, "message": "feedback"})).json()
    assert [i["type"] for i in end["items"]] == ["feedback", "practice"]
    assert end["items"][0]["text"].startswith("Feedback på samtalen")
    assert end["items"][0]["feedback"]["metrics"][0]["rating"] == "yellow"
    assert end["items"][1]["practice"]["active"] is False


async def test_a_message_over_the_limit_is_refused_in_danish_and_not_forwarded(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    before = len(web.fake.received)
    response = await client.api("/api/message", {"conversation": conversation, "message": "æ" * 1001})
    answer = await response.json()
    assert response.status == 422 and answer["code"] == "too_long"
    assert answer["error"] == "Beskeden er for lang (1001 tegn). Skriv højst 1000 tegn ad gangen."
    assert len(web.fake.received) == before
    at_limit = await client.api("/api/message", {"conversation": conversation, "message": "æ" * 1000})
    assert at_limit.status == 200 and len(web.fake.received) == before + 1


async def test_an_empty_message_is_refused(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    response = await client.api("/api/message", {"conversation": conversation, "message": "   "})
    assert response.status == 422 and (await response.json())["error"] == "Skriv en besked først."


async def test_markup_travels_as_plain_text(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    markup = "<script>alert(1)</script>"
    answer = await (await client.api("/api/message", {"conversation": conversation, "message": markup})).json()
    assert web.fake.received[-1]["message"] == markup
    assert answer["items"] == [{"type": "text", "speaker": "guide", "text": f"Du skrev: {markup}"}]
    page = await (await client.get(f"/samtale/{conversation}")).text()
    assert "<script>alert" not in page  # the page itself only carries data, escaped
    assert '<script src="/static/cockpit.js" defer></script>' in page


async def test_rasa_down_gives_a_danish_503_and_recovers(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    web.fake.stop()
    response = await client.api("/api/message", {"conversation": conversation, "message": "næste trin"})
    answer = await response.json()
    assert response.status == 503 and answer["code"] == "unavailable" and answer["part"] == "rasa"
    assert answer["error"].startswith("Guiden svarer ikke lige nu")
    health = await (await client.get("/api/health")).json()
    assert health["ok"] is False and health["rasa"] is False and health["message"].startswith("Guiden svarer ikke")
    web.fake.start()
    assert (await (await client.get("/api/health")).json())["ok"] is True
    again = await client.api("/api/message", {"conversation": conversation, "message": "næste trin"})
    assert again.status == 200


async def test_action_server_down_is_reported_too(client, web):
    await client.login("mette")
    conversation = (await client.start())["conversation"]["id"]
    web.fake.actions_up = False
    response = await client.api("/api/message", {"conversation": conversation, "message": "næste trin"})
    answer = await response.json()
    assert response.status == 503 and answer["part"] == "actions" and "handlingsserveren" in answer["error"]
    health = await (await client.get("/api/health")).json()
    assert health == {"ok": False, "rasa": True, "actions": False, "message": answer["error"]}


async def test_a_failed_start_creates_no_conversation(client, web):
    await client.login("mette")
    web.fake.stop()
    response = await client.api("/api/conversations", {"kind": "practice", "case": "stine"})
    assert response.status == 503
    web.fake.start()
    page = await (await client.get("/")).text()
    assert "Ingen samtaler endnu" in page


# --- the reply items, without a server ------------------------------------------------------
def test_texts_before_a_citizen_marker_are_the_citizens():
    items = to_items(
        [
            {"text": "Du øver med Stine."},
            {"custom": {"guide": {"step": 1}}},
            {"text": "Hej."},
            {"custom": {"practice": {"case": "stine", "active": True, "speaker": "borger"}}},
            {"text": "Efterskrift fra guiden."},
        ]
    )
    assert [(i["type"], i.get("speaker")) for i in items] == [
        ("text", "guide"),
        ("guide", None),
        ("text", "borger"),
        ("practice", None),
        ("text", "guide"),
    ]


def test_a_leading_citizen_marker_claims_the_texts_after_it():
    items = to_items(
        [{"custom": {"practice": {"speaker": "borger"}}}, {"text": "Jeg ved ikke."}, {"text": "Hvad mener du?"}]
    )
    assert [i.get("speaker") for i in items] == [None, "borger", "borger"]


def test_unknown_payloads_pass_through_and_odd_replies_are_dropped():
    items = to_items([{"custom": {"something": 1}}, {"custom": "plain"}, {"image": "x.png"}, {"text": 5}])
    assert items == [{"type": "custom", "custom": {"something": 1}}, {"type": "custom", "custom": "plain"}]


def test_a_text_and_payload_in_one_reply_are_both_kept():
    items = to_items([{"text": "Planen.", "custom": {"plan": {"citizen_ref": "B-1"}}}])
    assert items == [
        {"type": "text", "speaker": "guide", "text": "Planen."},
        {"type": "plan", "plan": {"citizen_ref": "B-1"}},
    ]


def test_feedback_sent_with_its_text_keeps_the_text_on_the_card():
    feedback = {"metrics": [], "summary": "Godt."}
    items = to_items(
        [
            {"text": "Feedback på samtalen: 80/100", "custom": {"feedback": feedback}},
            {"custom": {"practice": {"case": "stine", "active": False, "speaker": "guide"}}},
        ]
    )
    assert items == [
        {"type": "feedback", "feedback": feedback, "text": "Feedback på samtalen: 80/100"},
        {"type": "practice", "practice": {"case": "stine", "active": False, "speaker": "guide"}},
    ]


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "ny samtale med B-12 om brancheskift 30 min"),
        ({"citizen_ref": "4711"}, "ny samtale med 4711 om brancheskift 30 min"),
        ({"course_type": "cv_samtale"}, "ny cv-samtale med B-12 om brancheskift 30 min"),
        (
            {"course_type": "raadighed_2", "week": "14"},
            "ny anden rådighedssamtale med B-12 om brancheskift 30 min i 14. ledighedsuge",
        ),
        ({"course_type": "jobcenter_3"}, "ny 3. samtale med B-12 om brancheskift 30 min"),
        ({"course_type": "jobcenter_5", "joint": True}, "ny 5. fællessamtale med B-12 om brancheskift 30 min"),
        ({"joint": True}, "ny fællessamtale med B-12 om brancheskift 30 min"),
        (
            {"course_type": "faellessamtale_16"},
            "ny fællessamtale før 16. ledighedsmåned med B-12 om brancheskift 30 min",
        ),
    ],
)
async def test_the_start_form_says_the_type_and_the_week_in_the_chat(client, web, form, message):
    await client.login("mette")
    request = {"kind": "guide", "citizen_ref": "B-12", "topic": "brancheskift", "booked_min": 30, **form}
    response = await client.api("/api/conversations", request)
    assert response.status == 200, await response.text()
    assert (await response.json())["message"] == message
