"""Small pieces of Danish shared by the card texts: counts, decimals, percentages, lists, quotes."""

from __future__ import annotations

STATUS_DA = {"green": "grøn", "yellow": "gul", "red": "rød"}
QUOTE_CHARS = 160


def count(n: int, singular: str, plural: str) -> str:
    """ "1 replik", "2 replikker", "0 replikker" – digits, the noun in the right number."""
    return f"{n} {singular if n == 1 else plural}"


def decimal(value: float, places: int = 1) -> str:
    """2.0 → "2,0" (decimal comma)."""
    return f"{value:.{places}f}".replace(".", ",")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"


def join(items: list[str], last: str = "og") -> str:
    """ "a", "a og b", "a, b og c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The text shortened on a word boundary, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–-")
    return f"{cut} …"
