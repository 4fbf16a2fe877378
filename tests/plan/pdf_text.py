"""Just enough PDF reading to check an fpdf2 export for its text (no PDF library needed).

fpdf2 writes TrueType text as 2-byte glyph codes in literal strings and maps them back to
Unicode in one ToUnicode CMap per font. Each shown string is decoded with every CMap; the
caller looks for its phrase among the decodings.
"""
from __future__ import annotations

import re
import zlib

_OBJECT_STREAM = re.compile(rb"\d+ 0 obj\s*<<.*?>>\s*stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>")
_SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for raw in _OBJECT_STREAM.findall(pdf):
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            out.append(raw)
    return out


def _cmaps(streams: list[bytes]) -> list[dict[int, str]]:
    maps = []
    for stream in streams:
        if b"begincmap" in stream:
            maps.append({int(code, 16): bytes.fromhex(uni.decode()).decode("utf-16-be") for code, uni in _BFCHAR.findall(stream)})
    return maps


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        char = literal[i:i + 1]
        if char == b"\\" and i + 1 < len(literal):
            octal = re.match(rb"[0-7]{1,3}", literal[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(literal[i + 1:i + 2], literal[i + 1:i + 2])
            i += 2
            continue
        out += char
        i += 1
    return bytes(out)


def shown_texts(pdf: bytes) -> list[str]:
    """Every shown string, decoded with every font's CMap (codes a CMap lacks become '?')."""
    streams = _streams(pdf)
    maps = _cmaps(streams)
    texts = []
    for stream in streams:
        for literal in _SHOWN.findall(stream):
            raw = _unescape(literal)
            codes = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw) - 1, 2)]
            texts += ["".join(cmap.get(code, "?") for code in codes) for cmap in maps]
    return texts


def contains(pdf: bytes, phrase: str) -> bool:
    return any(phrase in text for text in shown_texts(pdf))
