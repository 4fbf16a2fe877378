"""The citizen reference: the pseudonymous case key a consultant gives a citizen ("B-12", "4711").

One rule for every route that accepts a reference (the chat, the cockpit's start form, the
plan store): at most ``MAX_REF`` characters of letters, digits, spaces, hyphens and dots,
never a CPR number or anything shaped like one, and — for a new conversation — at least one
digit. A reference is a case key, not the citizen's name: one made of letters only ("Jens",
"Stine Hansen", "malou") reads as a name, and the guide asks for a case number instead, so a
name never becomes a key in the plan store. Looking up a citizen who is already in the store
(``new=False``) skips that last check, so plans saved before the rule can still be read and
deleted. References compare case-insensitively.
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.personal_data import contains_cpr

MAX_REF = 40
EXAMPLE = "»B-12«"
_CHARACTERS = re.compile(r"^[\wÆØÅæøåÉé][\wÆØÅæøåÉé .\-]*$")
_CPR_SHAPED = re.compile(r"\d{6}[\s-]?\d{4}")  # ten digits, even with an impossible date


def normalise_citizen_ref(ref: str | None) -> str:
    return " ".join((ref or "").split())


def looks_like_name(ref: str | None) -> bool:
    """True for a reference without a single digit: "Jens", "stine", "Anne-Mette Olsen", "KH".

    Case keys carry a number ("B-12", "4711", "sag 2024-17"); a word without one is far more
    likely a name (or initials) than a key, so it is never accepted as a new reference.
    """
    ref = normalise_citizen_ref(ref)
    return bool(ref) and not any(char.isdecimal() for char in ref)


def citizen_ref_problem(ref: str | None, *, new: bool = True) -> str | None:
    """A Danish reason why ``ref`` cannot be a citizen reference, or None when it can.

    ``new=False`` for looking up a citizen already in the store: the name check is skipped.
    """
    ref = normalise_citizen_ref(ref)
    if not ref:
        return f"Jeg mangler en reference til borgeren – et sagsnummer eller en kode med tal, fx {EXAMPLE}."
    if contains_cpr(ref) or _CPR_SHAPED.fullmatch(ref):
        return (
            f"Det ligner et CPR-nummer. CPR-numre gemmer jeg aldrig – brug en reference, I selv vælger, fx {EXAMPLE}."
        )
    if len(ref) > MAX_REF or not _CHARACTERS.match(ref):
        return (
            f"Referencen »{ref[:MAX_REF]}« kan jeg ikke bruge. Brug højst {MAX_REF} tegn: bogstaver, tal, "
            "mellemrum, bindestreg eller punktum."
        )
    if new and looks_like_name(ref):
        return (
            f"»{ref}« ligner et navn, og borgerens navn skal ikke stå i planen. Brug et sagsnummer eller en "
            f"kode med mindst ét tal, fx {EXAMPLE}."
        )
    return None


def citizen_key(ref: str) -> str:
    """Case-insensitive identity of a citizen reference ("B-12" == "b-12" == " B-12 ")."""
    return " ".join(unicodedata.normalize("NFC", ref).casefold().split())
