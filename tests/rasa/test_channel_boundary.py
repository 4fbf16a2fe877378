"""What the REST channel refuses before Rasa sees a request (unit level; the real servers are
exercised by tests/security/test_hostile_requests.py)."""

from __future__ import annotations

import json

import pytest

from bot.rasa.channel import BadRequest, authorised, max_body_bytes, parse_body

LIMIT = max_body_bytes(1000)
JSON = "application/json"


def _body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_well_formed_message_is_read():
    assert parse_body(_body(sender="mette:abc", message="hej"), JSON, LIMIT) == ("mette:abc", "hej", None)
    assert parse_body(_body(sender="x", message="hej", metadata={"a": 1}), "application/json; charset=utf-8", LIMIT)[
        2
    ] == {"a": 1}


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (_body(sender="x", message="hej"), "text/plain", 415, "not_json"),
        (_body(sender="x", message="hej"), None, 415, "not_json"),
        (b"[]", JSON, 400, "bad_request"),
        (b'"hi"', JSON, 400, "bad_request"),
        (b"null", JSON, 400, "bad_request"),
        (b"{", JSON, 400, "bad_request"),
        (b'{"sender": "x", "message": "h\xe6j"}', JSON, 400, "bad_request"),  # Latin-1, not UTF-8
        (b'{"sender": "x\\udc00", "message": "hej"}', JSON, 400, "bad_text"),  # a lone surrogate
        (b'{"sender": "x", "message": "\\ud800"}', JSON, 400, "bad_text"),
        (b'{"sender": "x", "message": "h\\u0000j"}', JSON, 400, "bad_text"),
        (_body(sender=None, message="hej"), JSON, 400, "bad_request"),
        (_body(sender=7, message="hej"), JSON, 400, "bad_request"),
        (_body(sender="x", message=["hej"]), JSON, 400, "bad_request"),
        (_body(sender="", message="hej"), JSON, 400, "bad_sender"),
        (_body(sender="x" * 129, message="hej"), JSON, 400, "bad_sender"),
        (_body(sender="a b", message="hej"), JSON, 400, "bad_sender"),
        (_body(sender="210385-1114", message="hej"), JSON, 400, "bad_sender"),
        (_body(sender="mette:2103851114", message="hej"), JSON, 400, "bad_sender"),
        (b"[" * 100_000, JSON, 413, "too_large"),
        (b"[" * 5000 + b"]" * 5000, JSON, 400, "bad_request"),  # deep nesting within the limit
    ],
)
def test_what_is_refused_and_how(body, content_type, status, code):
    with pytest.raises(BadRequest) as refused:
        parse_body(body, content_type, LIMIT)
    assert (refused.value.status, refused.value.code) == (status, code)
    assert refused.value.text.endswith(".") and "error" not in refused.value.text.lower()  # a Danish sentence


def test_the_size_limit_is_exact():
    filler = "a" * (LIMIT - len(_body(sender="x", message="")))
    at_limit = _body(sender="x", message=filler)
    assert len(at_limit) == LIMIT
    assert parse_body(at_limit, JSON, LIMIT)[1] == filler
    with pytest.raises(BadRequest):
        parse_body(_body(sender="x", message=filler + "a"), JSON, LIMIT)


def test_the_longest_allowed_message_fits_even_as_escapes():
    message = "ø" * 1000  # json.dumps escapes it as \u00f8: six bytes a character
    assert parse_body(_body(sender="x", message=message), JSON, LIMIT)[1] == message


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("Bearer s3cret-token", True),
        ("Bearer s3cret-tokem", False),
        ("bearer s3cret-token", False),
        ("s3cret-token", False),
        ("Bearer s3cret-token ", False),
        (None, False),
        ("", False),
        ("Bearer \udc00", False),
    ],
)
def test_the_bearer_token_must_match_exactly(header, ok):
    assert authorised(header, "s3cret-token") is ok
