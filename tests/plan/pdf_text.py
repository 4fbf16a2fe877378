"""Just enough PDF reading to check an fpdf2 export for its text (no PDF library needed).

fpdf2 writes TrueType text as 2-byte glyph codes in literal strings (Tj, or TJ arrays for
justified lines) and maps them back to Unicode in one ToUnicode CMap per font. The whole
document is decoded once with each CMap; a phrase is found when one of those readings has it.
"""

from __future__ import annotations

import re
import zlib

_OBJECT_STREAM = re.compile(rb"\d+ 0 obj\s*<<.*?>>\s*stream\r?\n(.*?)\r?\nendstream", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>")
_TEXT_BLOCK = re.compile(rb"\bBT\b(.*?)\bET\b", re.S)
_LITERAL = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _inflate(raw: bytes) -> bytes:
    """A stream's data; the pattern's optional "\r" before "endstream" may have eaten a last data byte 0x0D."""
    for candidate in (raw, raw + b"\r"):
        try:
            return zlib.decompress(candidate)
        except zlib.error:
            continue
    try:
        return zlib.decompressobj().decompress(raw)  # as much as there is
    except zlib.error:
        return raw


def _streams(pdf: bytes) -> list[bytes]:
    return [_inflate(raw) for raw in _OBJECT_STREAM.findall(pdf)]


def _cmaps(streams: list[bytes]) -> list[dict[int, str]]:
    maps = []
    for stream in streams:
        if b"begincmap" in stream:
            maps.append(
                {
                    int(code, 16): bytes.fromhex(uni.decode()).decode("utf-16-be")
                    for code, uni in _BFCHAR.findall(stream)
                }
            )
    return maps


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        char = literal[i : i + 1]
        if char == b"\\" and i + 1 < len(literal):
            octal = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(literal[i + 1 : i + 2], literal[i + 1 : i + 2])
            i += 2
            continue
        out += char
        i += 1
    return bytes(out)


def _decode(literal: bytes, cmap: dict[int, str]) -> str:
    raw = _unescape(literal)
    return "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw) - 1, 2))


def page_texts(pdf: bytes) -> list[str]:
    """The document's text once per font CMap: each text block (one line; justified lines
    come as TJ arrays of pieces) decoded and joined, blocks separated by a space."""
    streams = _streams(pdf)
    blocks = [block for stream in streams for block in _TEXT_BLOCK.findall(stream)]
    texts = []
    for cmap in _cmaps(streams):
        lines = ["".join(_decode(literal, cmap) for literal in _LITERAL.findall(block)) for block in blocks]
        texts.append(re.sub(r"\s+", " ", " ".join(lines)))
    return texts


def contains(pdf: bytes, phrase: str) -> bool:
    return any(phrase in text for text in page_texts(pdf))
