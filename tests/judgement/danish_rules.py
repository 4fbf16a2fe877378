"""Checks for the Danish the engine generates: the mistakes the issue found, and their kin."""

from __future__ import annotations

import re

SINGULAR_PLURAL = {
    "gang": "gange",
    "replik": "replikker",
    "informationsblok": "informationsblokke",
    "timeout": "timeouts",
    "åbent": "åbne",
    "lukket": "lukkede",
}
RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("'at ikke' (the negation goes before the infinitive marker: 'ikke at')", re.compile(r"\bat ikke\b", re.I)),
    (
        "no V2 in a 'som om' clause ('som om du ikke er')",
        re.compile(r"\bsom om \w+ (?:er|har|kan|vil|skal|var|gør) ikke\b", re.I),
    ),
    ("verb after 'for at du kan ikke'", re.compile(r"\b(?:for at|at) (?:du|jeg|hun|han) \w+ ikke bare\b", re.I)),
    ("'(e)' plural placeholder", re.compile(r"\w\((?:e|er|r)\)")),
    ("decimal point instead of comma", re.compile(r"\d\.\d")),
    ("ratio written with a colon", re.compile(r"\d:\d|spørgsmål:\s*\d|Refleksioner:spørgsmål")),
    ("double space", re.compile(r"\S  +\S")),
    ("empty quote", re.compile(r"»\s*«")),
    ("repeated word", re.compile(r"\b(\w{3,}) \1\b", re.I)),
    ("English word", re.compile(r"\b(?:the|and|you|should|not|None|null|True|False)\b")),
)


def problems(text: str) -> list[str]:
    """What is wrong with a generated Danish text (empty: nothing found)."""
    found = [name for name, pattern in RULES if pattern.search(text)]
    for singular, plural in SINGULAR_PLURAL.items():
        if re.search(rf"(?<![\d,])\b1 {plural}\b", text):
            found.append(f"'1 {plural}' (singular after 1)")
        if re.search(rf"(?<![\d,])\b(?:[02-9]|\d\d+) {singular}\b", text):
            found.append(f"'{singular}' after a number other than 1")
    return found


def sentence_problems(text: str) -> list[str]:
    """A full sentence: capital first, a full stop, question or exclamation mark last."""
    found = problems(text)
    if text and not (text[0].isupper() or text[0] in "»0123456789"):
        found.append("no capital letter first")
    if text and not text.rstrip("«»").endswith((".", "?", "!", ")")):
        found.append("no full stop at the end")
    return found
