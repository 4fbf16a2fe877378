"""Personal data that must never be stored: CPR numbers, phone numbers and e-mail addresses.

This module is the product's one detector. The input guard refuses a message with a CPR
number, the plan store refuses one in anything it would save, the conversation log and the
web fields redact them, and sender ids are checked before they are stored.

What counts as a CPR number: a date ``ddmmyy`` or ``ddmmyyyy`` (day 01-31, month 01-12,
a four-digit year starting 19 or 20) and four more digits (any check digits), with the parts
separated by ``-``, ``.``, ``/``, one or two spaces, or nothing — the ways people actually
write them: ``210385-1114``, ``2103851114``, ``21-03-85-1114``, ``21/03/85-1115``,
``21.03.1985-1119``, ``21 03 85 1114``. Before matching, every Unicode decimal
digit counts as its ASCII digit (fullwidth ``２１０３８５``, Arabic-Indic digits),
every dash as ``-``, and invisible characters (zero-width space,
soft hyphen, direction marks) between the digits are skipped. The detector is deliberately
wider than a valid date (31 February is still redacted) and narrower than "ten digits": an
eleven-digit number, ``2026-11-27``, ``2019-2020``, ``kr. 12.000`` and ``1732312345.12`` are no
CPR numbers. A date followed by a four-digit number (``21.03.2026 1430``) is read as one — on
purpose, since it cannot be told apart from ``21.03.85 1430``.

Everything runs in linear time: a lookbehind makes each pattern start only where a run of
its characters starts, so a megabyte of digits is scanned once (``tests/core``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

CPR_PLACEHOLDER = "[CPR-nummer]"
PHONE_PLACEHOLDER = "[telefonnummer]"
EMAIL_PLACEHOLDER = "[e-mail]"

# --- normalisation: one character for one character, so positions in the original stay valid ---
# The zero of every block of ten Unicode decimal digits (Unicode 14, as in Python 3.11's unicodedata).
_DIGIT_ZEROS = (
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0,
    0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30,
    0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC,
    0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
)  # fmt: skip
_DASHES = (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D)
_TRANSLATION: dict[int, str] = {
    **{zero + i: str(i) for zero in _DIGIT_ZEROS[1:] for i in range(10)},
    **{code: "-" for code in _DASHES},
    0xFF0E: ".", 0xFE52: ".", 0xFF0F: "/", 0xFF20: "@",
}  # fmt: skip
# Invisible characters that may sit between the digits: soft hyphen, zero-width and joiner
# characters, direction marks and embeddings, word joiner, invisible operators, BOM.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_MAY_HOLD_DATA = re.compile(r"[\d@\uff20]")


def _normalised(text: str) -> str:
    """``text`` with digits, dashes and spaces in their ASCII form, character for character."""
    return text if text.isascii() else text.translate(_TRANSLATION)


# --- patterns (on normalised text) -----------------------------------------------------------
def _cpr_pattern(invisible: str) -> re.Pattern:
    """The CPR pattern, with ``invisible`` allowed between any two of its parts."""

    def digits(count: int) -> str:
        return invisible.join(["[0-9]"] * count)

    day = f"(?:0{invisible}[1-9]|[12]{invisible}[0-9]|3{invisible}[01])"
    month = f"(?:0{invisible}[1-9]|1{invisible}[0-2])"
    year = f"(?:(?:19|20){invisible}{digits(2)}|{digits(2)})"
    date_separator = rf"{invisible}(?:[-./]|\s{{1,2}})?{invisible}"
    serial_separator = rf"{invisible}(?:\s{{0,2}}-?\s{{0,2}}|[./])?{invisible}"
    return re.compile(
        r"(?<![0-9])(?<![0-9][.,])"
        f"{day}{date_separator}{month}{date_separator}{year}{serial_separator}{digits(4)}"
        r"(?![0-9]|[.,][0-9])"
    )


_CPR = _cpr_pattern("")  # the usual case, twice as fast
_CPR_WITH_INVISIBLES = _cpr_pattern(f"[{_INVISIBLE}]*")
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
# Starts only where a run of address characters starts, so a long run is scanned once.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
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
_MASK = "\x01"  # stands in for a found span while the next pattern runs; matches nothing


@dataclass(frozen=True)
class Found:
    """One piece of personal data: where it is in the original text and what replaces it."""

    start: int
    end: int
    placeholder: str


Span = tuple[int, int, str]  # start, end, placeholder: plain tuples, since a long text may hold many


def _spans(pattern: re.Pattern, text: str, placeholder: str) -> list[Span]:
    return [(*match.span(), placeholder) for match in pattern.finditer(text)]


def _masked(text: str, spans: list[Span]) -> str:
    if not spans:
        return text
    parts, cursor = [], 0
    for start, end, _ in spans:
        parts += [text[cursor:start], _MASK * (end - start)]
        cursor = end
    return "".join(parts) + text[cursor:]


def _cpr_for(text: str) -> re.Pattern:
    return _CPR_WITH_INVISIBLES if _HAS_INVISIBLE.search(text) else _CPR


def find_cpr_numbers(text: str | None) -> list[Found]:
    """The CPR numbers in ``text`` (positions in ``text`` itself)."""
    if not text or not _MAY_HOLD_DATA.search(text):
        return []
    return [Found(*span) for span in _spans(_cpr_for(text), _normalised(text), CPR_PLACEHOLDER)]


def contains_cpr(text: str | None) -> bool:
    if not text or not _MAY_HOLD_DATA.search(text):
        return False
    return _cpr_for(text).search(_normalised(text)) is not None


def _personal_data_spans(text: str) -> list[Span]:
    """E-mail addresses first, then CPR numbers, then phone numbers, never overlapping; in order."""
    if not text or not _MAY_HOLD_DATA.search(text):
        return []
    normalised = _normalised(text)
    emails = _spans(_EMAIL, normalised, EMAIL_PLACEHOLDER)
    normalised = _masked(normalised, emails)
    cprs = _spans(_cpr_for(text), normalised, CPR_PLACEHOLDER)
    normalised = _masked(normalised, cprs)
    phones = [
        (*match.span(), PHONE_PLACEHOLDER)
        for match in _PHONE.finditer(normalised)
        if not _YEAR_RANGE.fullmatch(match.group(0))
    ]
    return sorted(emails + cprs + phones)


def find_personal_data(text: str | None) -> list[Found]:
    """E-mail addresses, CPR numbers and phone numbers in ``text``, in order, never overlapping."""
    return [Found(*span) for span in _personal_data_spans(text or "")]


def redact_text(text: str) -> str:
    """``text`` with e-mail addresses, CPR numbers and phone numbers replaced by placeholders."""
    spans = _personal_data_spans(text)
    if not spans:
        return text
    parts, cursor = [], 0
    for start, end, placeholder in spans:
        parts += [text[cursor:start], placeholder]
        cursor = end
    return "".join(parts) + text[cursor:]


def contains_personal_data(text: str) -> bool:
    return bool(_personal_data_spans(text or ""))


# Keys whose values are identifiers, never free text (a uuid can contain eight digits in a row).
_IDENTIFIER_KEYS = frozenset({"message_id", "sender_id", "event", "name", "policy", "input_channel", "action_name"})


def redact_value(value: Any) -> Any:
    """A copy of ``value`` with every free-text string redacted (dicts, lists and tuples walked)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {key: item if key in _IDENTIFIER_KEYS else redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    return value
