""" "Prøv i stedet": what the consultant could have said, from curated alternatives per situation.

Every alternative is a fixed Danish sentence written for this product (not the handbook's
words). The conversation's own words go in only where the grammar cannot break: the citizen's
scale number (a digit after "en") and a case's booked topic (a noun phrase after "om"). Nothing
is built by rearranging the consultant's sentence, so no "at ikke" or broken word order can come
out of it. ``ALTERNATIVES`` lists every fixed text, so the tests can check them all.
"""

from __future__ import annotations

import re

from bot.judgement.danish import quote
from bot.judgement.detection import Detection
from bot.judgement.pressure import ARGUE, CRITICISE, ORDER, PERSUADE, THREATEN
from bot.judgement.turns import Turn

MAX_SUGGESTIONS = 3
MAX_PRESSURE_SUGGESTIONS = 2  # leave room for another kind of advice

PRESSURE_ALTERNATIVES = {
    ARGUE: (
        "Det lyder, som om det her ikke føles rigtigt for dig. Hvad skulle der til, for at det gav mening?",
        "Reflektér modstanden, og spørg til ønsket bag den – at argumentere imod giver mere modstand "
        "(trin 7, s. 16, og s. 18).",
    ),
    ORDER: (
        "Hvad kunne du selv forestille dig at gøre som det første?",
        "Lad borgeren formulere skridtet selv – så bliver det borgerens egen aftale (trin 7, s. 16).",
    ),
    CRITICISE: (
        "Hvad har gjort det svært at komme i gang?",
        "Spørg nysgerrigt til det svære i stedet for at bebrejde (Udfordrende samtaler, s. 18).",
    ),
    THREATEN: (
        "Jeg tager lige myndighedskasketten på: Det er dit frie valg. Vælger du ikke at følge reglerne, "
        "får det nogle konsekvenser, som jeg gerne vil være sikker på, at du kender. Hvad ved du om dem i forvejen?",
        "Sig, at du skifter til myndighedsrollen, og giv reglerne neutralt med borgerens frie valg "
        "(trin 8, s. 17, og s. 18).",
    ),
    PERSUADE: (
        "Hvad ville være det gode for dig ved det? Og hvad holder dig tilbage?",
        "Lad borgeren selv sætte ord på grundene – overtalelse giver modstand (trin 7, s. 16).",
    ),
}
UGU_BEFORE = (
    "Hvad kender du selv til det?",
    "UGU: undersøg først, hvad borgeren selv ved, giv så informationen kort, og spørg bagefter, "
    "hvad borgeren tænker om den (trin 5, s. 14).",
)
UGU_AFTER = (
    "Hvad tænker du om det, jeg lige har fortalt?",
    "UGU: efter informationen undersøger du, hvordan borgeren har forstået den og kan bruge den (trin 5, s. 14).",
)
SCALE_WHY = "Spørg nedad først – så sætter borgeren selv ord på de gode grunde (trin 4, s. 14)."
SCALE_UNKNOWN = "Hvad gør, at tallet ikke er lavere?"
SCALE_AT_ONE = "Hvad skal der til, for at det bliver en 2?"
CONTRACT_WHY = "Start med kontrakten, så borgeren er med til at sætte retningen (trin 3, s. 12)."
CONTRACT_PLAIN = "Hvad vil du gerne tale om i dag, og hvad vil du gerne have med dig herfra?"
CONTRACT_WITH_TOPIC = "Du har booket en samtale om {topic}. Hvad vil du gerne have med dig herfra i dag?"
OPEN_WHY = "Et åbent spørgsmål inviterer borgeren til at fortælle – et lukket giver et ja eller et nej (trin 4, s. 13)."
# Closed question → an open one on the same subject (first match wins; the last is the fallback).
OPEN_ALTERNATIVES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\bcv\b|jobnet|joblog", re.I), "Hvordan bruger du dit CV lige nu?"),
    (re.compile(r"\bsøgt\b|\bsøger du\b|ansøgning", re.I), "Hvordan går det med jobsøgningen?"),
    (re.compile(r"vagt|arbejdstid|timer\b|deltid|fuldtid", re.I), "Hvilke arbejdstider kan du få til at hænge sammen?"),
    (re.compile(r"\bbil\b|kørekort|\bbus\b|cykl|transport", re.I), "Hvordan kommer du rundt i hverdagen?"),
    (
        re.compile(r"motiver|lyst|vil du gerne|kunne du tænke", re.I),
        "Hvad ville det betyde for dig at komme i arbejde?",
    ),
    (re.compile(r"uddann|skole|kursus", re.I), "Hvad tænker du selv om uddannelse lige nu?"),
    (re.compile(r"\bspørgsmål\b", re.I), "Hvad har du brug for at vide mere om?"),
    (re.compile(r"\ber der (?:andet|mere)\b", re.I), "Hvad mere?"),
    (re.compile(r"\bvar det\b|\bgik det\b|\bkunne du lide\b", re.I), "Hvordan var det for dig?"),
    (re.compile(r".", re.S), "Fortæl lidt mere om det."),
)
ALTERNATIVES: tuple[str, ...] = (
    *(text for text, _ in PRESSURE_ALTERNATIVES.values()),
    UGU_BEFORE[0],
    UGU_AFTER[0],
    SCALE_UNKNOWN,
    SCALE_AT_ONE,
    CONTRACT_PLAIN,
    *(text for _, text in OPEN_ALTERNATIVES),
)


def scale_alternative(number: int | None) -> str:
    """The downward question for the citizen's own number."""
    if number is None or number > 10:
        return SCALE_UNKNOWN
    if number <= 1:
        return SCALE_AT_ONE
    return f"Hvad gør, at det er en {number} og ikke en 1?"


def contract_alternative(topic: str | None) -> str:
    topic = (topic or "").strip().rstrip(".").lower()
    if not topic or not re.fullmatch(r"[a-zæøå -]{3,60}", topic):
        return CONTRACT_PLAIN
    return CONTRACT_WITH_TOPIC.format(topic=topic)


def open_alternative(text: str) -> str:
    return next(alt for pattern, alt in OPEN_ALTERNATIVES if pattern.search(text))


class _Picker:
    def __init__(self) -> None:
        self.items: list[dict] = []
        self.quoted: set[int] = set()

    def add(self, turn: Turn, situation: str, instead: str, why: str) -> None:
        if len(self.items) >= MAX_SUGGESTIONS or turn.position in self.quoted:
            return
        self.quoted.add(turn.position)
        self.items.append(
            {"turn": turn.number, "quote": quote(turn.text), "situation": situation, "instead": instead, "why": why}
        )


def _by_number(d: Detection) -> dict[int, Turn]:
    return {t.number: t for t in d.measured}


def _pressure(d: Detection, picker: _Picker) -> None:
    """One suggestion per kind of pressure, the first push of each kind, at most two."""
    seen: set[str] = set()
    for hit in d.pressure:
        kind = next(k for k in (THREATEN, ARGUE, ORDER, CRITICISE, PERSUADE) if k in hit.kinds)
        if kind in seen or len(seen) >= MAX_PRESSURE_SUGGESTIONS:
            continue
        seen.add(kind)
        picker.add(d.turns[hit.position], f"pres:{kind}", *PRESSURE_ALTERNATIVES[kind])


def _ugu(d: Detection, picker: _Picker) -> None:
    turns = _by_number(d)
    for block in d.ugu.blocks:
        if not block.kept:
            alternative = UGU_AFTER if block.explored_before else UGU_BEFORE
            picker.add(turns[block.turns[0]], "information", *alternative)


def _scaling(d: Detection, picker: _Picker) -> None:
    turns = _by_number(d)
    for result in d.scaling.values():
        if result.up_first and result.turns["up"]:
            picker.add(turns[result.turns["up"][0]], "skala", scale_alternative(result.value), SCALE_WHY)


def _contract(d: Detection, picker: _Picker, topic: str | None) -> None:
    if not d.contract.present and d.measured:
        picker.add(d.measured[0], "kontrakt", contract_alternative(topic), CONTRACT_WHY)


# Closed questions that are the right tool where they stand: checking a recap, asking permission,
# checking realism or agreement. They get no "prøv i stedet".
CHECK_RE = re.compile(
    r"\b(?:forstået|rigtigt|korrekt|enig|okay|ok|i orden|en aftale|lyder det|realistisk|nå det|når det|begge dele)\b|"
    r"^(?:og )?(?:må jeg|vil du (?:gerne )?høre|har du lyst til|skal jeg|er det (?:okay|i orden))\b|"
    r"\btror du (?:selv )?på\b|\bkan det lade sig gøre\b"
)


def _content_closed(turn: Turn) -> list[str]:
    closed = [s for s in turn.sentences if s.rstrip().endswith("?")]
    return [s for s in closed if not CHECK_RE.search(s.lower())]


def _closed(d: Detection, picker: _Picker) -> None:
    process = set(d.contract.turns) | set(d.timeouts)
    closing = d.closure.start if d.closure.start is not None else 10**9
    for turn in d.measured:
        if d.forms.get(turn.position) != "closed" or turn.number in process or turn.position >= closing:
            continue
        closed = _content_closed(turn)
        if closed:
            picker.add(turn, "lukket spørgsmål", open_alternative(" ".join(closed)), OPEN_WHY)


def suggestions_for(d: Detection, topic: str | None = None) -> list[dict]:
    """Up to three "prøv i stedet" items: pressure first, then UGU, scaling, contract, closed questions."""
    picker = _Picker()
    _pressure(d, picker)
    _ugu(d, picker)
    _scaling(d, picker)
    _contract(d, picker, topic)
    _closed(d, picker)
    return picker.items
