"""Personal data that must never be stored: CPR numbers, phone numbers and e-mail addresses.

``redact_text`` replaces them by Danish placeholders; ``redact_value`` does the same in every
string of a JSON-like structure (a Rasa event, a payload), leaving identifiers alone. Both the
conversation logs (``bot.review.tracker_store``) and the plan store (``bot.plan.text``) call
these before anything is written.

The patterns are deliberately a little wider than the strict formats (a CPR number with an
impossible date is still redacted), but narrow enough to leave dates, years, amounts and
timestamps alone: ``2026-11-27``, ``2019-2020``, ``kr. 12.000`` and ``1732312345.12`` survive.
"""
from __future__ import annotations

import re
from typing import Any

CPR_PLACEHOLDER = "[CPR-nummer]"
PHONE_PLACEHOLDER = "[telefonnummer]"
EMAIL_PLACEHOLDER = "[e-mail]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# ddmmyy-xxxx: day 01-31, month 01-12, then four digits; dash, space(s) or nothing between,
# and optionally spaces or dots inside the date part ("01 01 90 1234").
_CPR = re.compile(
    r"(?<!\d)(?<!\d[.,])(?:0[1-9]|[12]\d|3[01])[ .]?(?:0[1-9]|1[0-2])[ .]?\d{2}\s*[-‐‑–—−]?\s*\d{4}(?!\d|[.,]\d)"
)
_PHONE = re.compile(
    r"(?<![\w+/-])(?<!\d[.,])"
    r"(?:(?:\+|00)\s?45[\s.-]?)?"  # Danish country code
    r"(?:[2-9]\d{7}"  # 12345678 (Danish numbers never start with 0 or 1)
    r"|[2-9]\d([ .-])\d{2}\1\d{2}\1\d{2}"  # 22 33 44 55, 22-33-44-55
    r"|[2-9]\d{3}[ -]\d{4})"  # 2233 4455
    r"(?![\w/-]|[.,]\d)"
    r"|\+(?!45)\d{1,3}(?:[\s-]?\d){6,12}(?!\d)"  # other countries: +46 70 123 45 67
)
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d[ -](?:19|20)\d\d")

# Keys whose values are identifiers, never free text (a uuid can contain eight digits in a row).
_IDENTIFIER_KEYS = frozenset({"message_id", "sender_id", "event", "name", "policy", "input_channel", "action_name"})


def _phone(match: re.Match) -> str:
    return match.group(0) if _YEAR_RANGE.fullmatch(match.group(0)) else PHONE_PLACEHOLDER


def redact_text(text: str) -> str:
    """``text`` with e-mail addresses, CPR numbers and phone numbers replaced by placeholders."""
    if not text or not any(ch.isdigit() or ch == "@" for ch in text):
        return text
    text = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    text = _CPR.sub(CPR_PLACEHOLDER, text)
    return _PHONE.sub(_phone, text)


def contains_personal_data(text: str) -> bool:
    return redact_text(text) != text


def redact_value(value: Any) -> Any:
    """A copy of ``value`` with every free-text string redacted (dicts, lists and tuples walked)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {key: item if key in _IDENTIFIER_KEYS else redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    return value
