"""Personal data is replaced by placeholders; dates, amounts, years and ids survive."""

from __future__ import annotations

import pytest

from bot.core.personal_data import CPR_PLACEHOLDER, EMAIL_PLACEHOLDER, PHONE_PLACEHOLDER, redact_text, redact_value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("cpr 010190-1234, tak", f"cpr {CPR_PLACEHOLDER}, tak"),
        ("0101901234", CPR_PLACEHOLDER),
        ("010190 1234", CPR_PLACEHOLDER),
        ("01 01 90 1234", CPR_PLACEHOLDER),
        ("311299-9999.", f"{CPR_PLACEHOLDER}."),
        ("010190–1234", CPR_PLACEHOLDER),
        ("010190 − 1234", CPR_PLACEHOLDER),
        ("ring 22 33 44 55, tak", f"ring {PHONE_PLACEHOLDER}, tak"),
        ("22334455", PHONE_PLACEHOLDER),
        ("tlf. 2233 4455", f"tlf. {PHONE_PLACEHOLDER}"),
        ("+45 22 33 44 55", PHONE_PLACEHOLDER),
        ("0045 22334455", PHONE_PLACEHOLDER),
        ("(22-33-44-55)", f"({PHONE_PLACEHOLDER})"),
        ("+46 70 123 45 67", PHONE_PLACEHOLDER),
        ("skriv til stine.b@example.dk i dag", f"skriv til {EMAIL_PLACEHOLDER} i dag"),
        ("Æble@post.tele.dk", EMAIL_PLACEHOLDER),
    ],
)
def test_personal_data_is_replaced(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "aftale inden 2026-11-27",
        "arbejdede 2019-2020 som lagermedarbejder",
        "kr. 12.000,50",
        "1.234.567,00",
        "1732312345.12",
        "send 3 ansøgninger inden 1/12",
        "uge 48 kl. 10.30",
        "B-12",
        "12345678",
        "postnummer 8000",
        "vigtighed 4 fordi hun savner kollegaer",
        "",
        "🙂",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert redact_text(text) == text


def test_events_are_redacted_everywhere_but_identifiers():
    event = {
        "event": "user",
        "timestamp": 1763800000.5,
        "message_id": "22334455aa",
        "sender_id": "22334455",
        "text": "hun har 22 33 44 55",
        "parse_data": {"text": "hun har 22 33 44 55", "entities": [{"value": "a@b.dk"}]},
        "metadata": {"history": ["010190-1234"]},
    }
    redacted = redact_value(event)
    assert redacted["text"] == redacted["parse_data"]["text"] == f"hun har {PHONE_PLACEHOLDER}"
    assert redacted["parse_data"]["entities"][0]["value"] == EMAIL_PLACEHOLDER
    assert redacted["metadata"]["history"] == [CPR_PLACEHOLDER]
    assert redacted["message_id"] == "22334455aa" and redacted["sender_id"] == "22334455"
    assert redacted["timestamp"] == 1763800000.5
    assert event["text"] == "hun har 22 33 44 55"  # the input is not changed
