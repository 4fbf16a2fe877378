"""Open and closed questions by their form (handbook trin 4, s. 13).

The handbook calls open those questions that typically cannot be answered briefly, with
hv-questions as its examples. Made countable (the gold set's definitions,
tests/data/feedback_gold/README.md):

* open: a question led by hvad, hvordan, hvorfor, hvilken/hvilket/hvilke, hvem, or by hvor
  asking for a place ("Hvor kunne du tænke dig at starte?"); an invitation to tell or describe
  ("Fortæl lidt om …", "Prøv at beskrive …", "Kan du fortælle lidt om …?").
* closed: verb first ("Har du …?", "Skal vi …, eller …?"), a tag question ("…, ikke?"), a
  statement said as a question ("Tre opkald?"), and hv-questions after a quantity, degree or
  time: hvor + adjective/adverb ("Hvor mange?", "Hvor sikker er du …?") and hvornår.
* neither: the scaling question that asks for the number, reflections, statements.

A turn with an open question counts as one open; otherwise one with a closed question as one
closed. Pure regular expressions: no spaCy, linear in the text.
"""

from __future__ import annotations

import re

from bot.coder.cues import FINITE_VERBS
from bot.judgement.turns import words

OPEN, CLOSED, SCALE = "open", "closed", "scale"
OPEN_HV = frozenset({"hvad", "hvordan", "hvorfor", "hvilken", "hvilket", "hvilke", "hvem", "hvorhen", "hvorfra"})
LEAD_WORDS = frozenset(
    {"og", "men", "så", "okay", "ok", "nå", "jamen", "altså", "godt", "fint", "ja", "nej", "jo", "mm", "hm", "tja"}
)
SUBORDINATORS = frozenset(
    {"hvis", "når", "nu", "da", "selvom", "fordi", "efter", "inden", "før", "mens", "med", "i", "ud", "set", "som"}
)
# Words after "hvor" that make it ask for a quantity, a degree or a time (closed).
DEGREE_WORDS = frozenset(
    {
        "mange",
        "meget",
        "tit",
        "ofte",
        "længe",
        "lang",
        "langt",
        "stor",
        "store",
        "høj",
        "højt",
        "sikker",
        "sikre",
        "vigtig",
        "vigtigt",
        "gammel",
        "tæt",
        "godt",
        "gode",
        "glad",
        "svært",
        "nemt",
        "let",
        "slemt",
        "klar",
        "parat",
        "motiveret",
        "realistisk",
        "tidligt",
        "sent",
        "hurtigt",
    }
)
INVITE_RE = re.compile(
    r"^(?:(?:kan|vil|gider) (?:du|i) (?:ikke )?(?:lige )?)?(?:fortælle|fortæl|beskriv|beskrive|uddyb|uddybe|forklar|forklare)\b"
    r"|^prøv (?:lige )?at (?:fortælle|beskrive|forklare|sætte ord på)|^(?:(?:kan|vil) (?:du|i) )?sige? (?:lidt )?mere\b"
)
PRONOUNS = frozenset({"du", "i", "vi", "man", "det", "der", "han", "hun", "de", "din", "dit", "dine", "jeg", "den"})
TAG_RE = re.compile(r",\s*(?:ikke|vel|hva'?|ikke også|ikke sandt|eller hvad|ikke rigtigt?)\s*\?\s*$")
SCALE_CUE_RE = re.compile(
    r"\b(?:fra|mellem) (?:0|1|nul|et|én|en) (?:til|og) (?:10|ti)\b|\bskala\b|\bsætte? (?:et )?tal\b|"
    r"\bgive? (?:det |dig selv )?et tal\b|\bhvilket tal\b|\bet tal på\b|"
    r"\b(?:1|en|et|én) er (?:slet ikke|lavest|ingen|det laveste)\b.{0,80}\b(?:10|ti) er\b|"
    # both ends of the scale defined, in any words: "Hvis 1 er, at …, og 10 er, at …"
    r"\bhvis (?:0|1|nul|et|én|en)(?:'?er(?:en)?)? er\b.{0,80}\b(?:10|ti)(?:'?er(?:en)?)? er\b",
    re.IGNORECASE,
)


def _core(sentence: str) -> list[str]:
    ws = words(sentence)
    while len(ws) > 1 and ws[0] in LEAD_WORDS:
        ws = ws[1:]
    return ws


def _clauses(sentence: str) -> list[str]:
    """The sentence's clauses: after a colon only the last part asks; commas separate clauses."""
    tail = sentence.rsplit(":", 1)[-1]
    return [c for c in re.split(r",|\s[-–]\s", tail) if c.strip()]


def _hv_form(ws: list[str]) -> str | None:
    """open/closed for a clause that starts with an hv-word, else None."""
    first = ws[0]
    if first in OPEN_HV:
        return OPEN
    if first == "hvornår":
        return CLOSED
    if first == "hvor":
        nxt = ws[1] if len(ws) > 1 else ""
        return CLOSED if nxt in DEGREE_WORDS or not nxt else OPEN
    return None


def _main_clause(sentence: str) -> list[str]:
    """The words of the clause that carries the question ("Når du ser på listen, hvad …?")."""
    clauses = _clauses(sentence)
    first = _core(clauses[0]) if clauses else []
    if not first or first[0] not in SUBORDINATORS:
        return first
    for clause in clauses[1:]:
        ws = _core(clause)
        if ws and (ws[0] in OPEN_HV or ws[0] in {"hvor", "hvornår"} or ws[0] in FINITE_VERBS):
            return ws
        if len(ws) > 1 and ws[0] == "i" and ws[1] == "hvor":  # "i hvor høj grad …"
            return ws[1:]
    return first


def _coordinated_open(low: str) -> bool:
    return any(re.match(r"\s*(?:og|eller) (?:hvad|hvordan|hvorfor|hvilke[nt]?|hvem)\b", c) for c in _clauses(low)[1:])


def _bare_verb_first(low: str) -> bool:
    """Verb then subject from the very first word: no lead word, no clause before it."""
    ws = words(low)
    if not (len(ws) > 2 and ws[0] != "så" and ws[0] in FINITE_VERBS and ws[1] in PRONOUNS and ":" not in low):
        return False
    # A condition said verb first is answered by a main clause that is verb first too: "Er man over
    # 25, kan man …", "Har man en sygdom, der kan give fravær, kan arbejdsgiveren …" – a statement.
    later = [_core(c) for c in _clauses(low)[1:]]
    return not any(c and c[0] in FINITE_VERBS for c in later)


def sentence_form(sentence: str) -> str | None:
    """open, closed or None (a statement) for one sentence."""
    low = sentence.strip().lower()
    asked = low.endswith("?")
    ws = _main_clause(low)
    if not ws:
        return None
    if INVITE_RE.search(" ".join(ws)):
        return OPEN
    if asked and TAG_RE.search(low):
        return CLOSED
    if asked and _coordinated_open(low):
        return OPEN  # "Hvornår …, og hvad gjorde den god?"
    hv = _hv_form(ws)
    if hv is not None and (asked or (ws[0] != "hvor" and len(ws) > 1 and ws[1] not in PRONOUNS)):
        return hv
    if not asked and _bare_verb_first(low):
        return CLOSED  # "Har du et CV liggende på Jobnet" (a question without its mark)
    # Verb first without a question mark is a statement ("Så må du finde …", "Når du får
    # dagpenge, skal du …"): written transcripts mark their questions.
    return CLOSED if asked else None


def is_scale_question(sentence: str, turn_has_scale_cue: bool) -> bool:
    """The question that asks for the number: it names the scale, or it asks "hvor + degree"
    (or "hvilket tal") in a turn that names the scale."""
    low = sentence.lower()
    if SCALE_CUE_RE.search(low) and (low.rstrip().endswith("?") or re.search(r"\bhvor\b|\bhvilket\b", low)):
        return True
    if not turn_has_scale_cue:
        return False
    ws = _main_clause(low)
    return bool(ws) and ws[0] == "hvor" and len(ws) > 1 and ws[1] in DEGREE_WORDS


def sentence_forms(sentences: tuple[str, ...]) -> list[str | None]:
    """The form of each sentence of one turn; the scaling question itself is ``scale``."""
    has_cue = any(SCALE_CUE_RE.search(s) for s in sentences)
    return [SCALE if is_scale_question(s, has_cue) else sentence_form(s) for s in sentences]


def turn_form(sentences: tuple[str, ...]) -> str | None:
    """open if any sentence is an open question, else closed if any is closed, else None."""
    forms = sentence_forms(sentences)
    if OPEN in forms:
        return OPEN
    return CLOSED if CLOSED in forms else None
