"""Danish number words: the one table every parser reads numbers with.

"tre ansøgninger", "en fire'er", "trin fem", "den tredje aftale": cardinals up to fifty and
the ordinals up to tenth, in folded spelling (``bot.core.folding``), so "én", "ét" and
"foerste" are read like "en", "et" and "første".
"""

from __future__ import annotations

import re

from bot.core.folding import fold

# Folded spelling: "én"/"ét" fold to "en"/"et" and need no entries of their own.
CARDINALS = {
    "en": 1, "et": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8,
    "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
    "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20, "tredive": 30,
    "fyrre": 40, "halvtreds": 50,
}  # fmt: skip
ORDINALS = {
    "foerste": 1, "anden": 2, "andet": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6,
    "syvende": 7, "ottende": 8, "niende": 9, "tiende": 10,
}  # fmt: skip

# Longest first, so "tretten" is not read as "tre". Matches folded text.
CARDINAL_PATTERN = r"(?:\d{1,3}|" + "|".join(sorted(CARDINALS, key=len, reverse=True)) + r")"


def number_value(token: str) -> int | None:
    """3 → 3, "tre" → 3, "Tre" → 3; None for anything else ("²" and "½" are digits but no numbers)."""
    token = fold(token)
    if token.isdecimal():
        return int(token)
    return CARDINALS.get(token)


def ordinal_value(token: str) -> int | None:
    """ "tredje" → 3, "3." → 3; None for anything else."""
    token = fold(token)
    if re.fullmatch(r"\d{1,2}\.", token):
        return int(token[:-1])
    return ORDINALS.get(token)
