"""The citizen reference: the pseudonymous key a consultant gives a citizen ("B-12").

One rule for every route that accepts a reference (the chat, the cockpit's start form, the
plan store): at most ``MAX_REF`` characters of letters, digits, spaces, hyphens and dots,
and never a CPR number or anything shaped like one. References compare case-insensitively.
"""

from __future__ import annotations

import re
import unicodedata

from bot.core.personal_data import contains_cpr

MAX_REF = 40
_CHARACTERS = re.compile(r"^[\wÆØÅæøåÉé][\wÆØÅæøåÉé .\-]*$")
_CPR_SHAPED = re.compile(r"\d{6}[\s-]?\d{4}")  # ten digits, even with an impossible date


def normalise_citizen_ref(ref: str | None) -> str:
    return " ".join((ref or "").split())


def citizen_ref_problem(ref: str | None) -> str | None:
    """A Danish reason why ``ref`` cannot be a citizen reference, or None when it can."""
    ref = normalise_citizen_ref(ref)
    if not ref:
        return "Jeg mangler en reference til borgeren – fx et fornavn eller »B-12«."
    if contains_cpr(ref) or _CPR_SHAPED.fullmatch(ref):
        return (
            "Det ligner et CPR-nummer. CPR-numre gemmer jeg aldrig – brug en reference, I selv vælger, "
            "fx et fornavn eller »B-12«."
        )
    if len(ref) > MAX_REF or not _CHARACTERS.match(ref):
        return (
            f"Referencen »{ref[:MAX_REF]}« kan jeg ikke bruge. Brug højst {MAX_REF} tegn: bogstaver, tal, "
            "mellemrum, bindestreg eller punktum."
        )
    return None


def citizen_key(ref: str) -> str:
    """Case-insensitive identity of a citizen reference ("Stine" == "stine" == " STINE ")."""
    return " ".join(unicodedata.normalize("NFC", ref).casefold().split())
