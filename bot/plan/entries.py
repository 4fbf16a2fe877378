"""Scaling readings, ABC jobs and the conversation contract, as consultants type them.

* scaling: "vigtighed 4 fordi hun savner kollegaer", "tro 6", "vigtigt: 7",
  "tror på det: 3/10", also both in one message ("vigtighed 8, tro 4").
* ABC jobs: "A-job: pædagogmedhjælper", "b job lagerarbejder", "C: rengøring",
  "A-jobbet er pædagogmedhjælper, B-job: lager" ("a-kassen" is never an A job).
* contract: "kontrakt: vi taler om ..., målet er ..., vi gør det ved ...".

Unusable input raises PlanError with a Danish message that says what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.core.folding import Folded, fold_with_origin
from bot.core.numbers import CARDINAL_PATTERN, number_value
from bot.plan.errors import PlanError
from bot.plan.text import clean_input

MAX_JOB_TITLE = 120


class ScalingKind(str, Enum):
    IMPORTANCE = "importance"
    CONFIDENCE = "confidence"


class JobLevel(str, Enum):
    A = "A"
    B = "B"
    C = "C"


SCALING_LABELS = {ScalingKind.IMPORTANCE: "vigtighed", ScalingKind.CONFIDENCE: "tro på det"}


@dataclass(frozen=True)
class ScalingInput:
    kind: ScalingKind
    value: int
    reason: str | None


@dataclass(frozen=True)
class JobInput:
    level: JobLevel
    title: str


@dataclass(frozen=True)
class ContractInput:
    about: str | None
    goal: str | None
    how: str | None

    @property
    def missing_questions(self) -> tuple[str, ...]:
        questions = {
            "about": "Hvad skal I tale om?",
            "goal": "Hvad skal samtalen føre til?",
            "how": "Hvordan griber I det an?",
        }
        return tuple(q for part, q in questions.items() if not getattr(self, part))


def _source(folded: Folded, start: int, end: int) -> str:
    return folded.source_text(start, end)


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.;:|/-–—()").strip()


# --- scaling -------------------------------------------------------------------------------------
_KIND_WORDS = {
    ScalingKind.CONFIDENCE: r"tror\s+(?:hun|han|de|du)?\s*paa\s+(?:det|at)|tro(?:en)?(?:\s+paa\s+(?:det|at))?|tiltro|selvtillid|tillid|selvtro",
    ScalingKind.IMPORTANCE: r"hvor\s+vigtigt(?:\s+det\s+er)?|vigtighed(?:en)?|vigtigt|vigtig|betydning(?:en)?",
}
_KIND = re.compile(
    r"(?<![a-z])(?:(?P<confidence>"
    + _KIND_WORDS[ScalingKind.CONFIDENCE]
    + r")|(?P<importance>"
    + _KIND_WORDS[ScalingKind.IMPORTANCE]
    + r"))(?![a-z])"
)
_VALUE = re.compile(
    r"\s*(?:[:=\-–]|er|paa|ligger\s+paa|siger)?\s*(?P<value>-?" + CARDINAL_PATTERN + r")(?P<decimal>[.,]\d+)?"
    r"(?:\s*(?:/|ud\s+af)\s*10(?!\d))?(?![a-z0-9])"
)
_REASON_LEAD = re.compile(r"^\s*(?:[,:;\-–(]\s*)*(?:fordi|for|da|idet|-|–)?\s*", re.IGNORECASE)


def _scaling_value(raw: str, decimal: str | None) -> int:
    value = number_value(raw.lstrip("-"))
    if decimal or raw.startswith("-") or value is None:
        raise PlanError(
            f"Skalaen går fra 1 til 10 i hele tal – »{raw}{decimal or ''}« kan jeg ikke gemme. Hvilket tal sagde borgeren?"
        )
    if not 1 <= value <= 10:
        raise PlanError(f"Skalaen går fra 1 til 10 – {value} passer ikke. Hvilket tal sagde borgeren?")
    return value


def parse_scaling(text: str) -> list[ScalingInput]:
    """Every reading in the text, in order; the reason runs until the next reading.

    A kind word without a number ("... fordi hun tror på det") is part of a reason.
    """
    folded = fold_with_origin(clean_input(text, "skalaen"))
    kinds = list(_KIND.finditer(folded.text))
    if not kinds:
        raise PlanError(
            "Jeg kan ikke se, om det er vigtighed eller tro på det. Skriv fx »vigtighed 7 fordi …« eller »tro 4«."
        )
    found = [(kind, _VALUE.match(folded.text, kind.end())) for kind in kinds]
    found = [(kind, value) for kind, value in found if value]
    if not found:
        raise PlanError(
            f"Jeg mangler tallet for {SCALING_LABELS[_kind_of(kinds[0])]}: hvad sagde borgeren på en skala fra 1 til 10?"
        )
    readings = []
    for index, (kind_match, value_match) in enumerate(found):
        next_start = found[index + 1][0].start() if index + 1 < len(found) else len(folded.text)
        value = _scaling_value(value_match.group("value"), value_match.group("decimal"))
        reason = _tidy(_REASON_LEAD.sub("", _source(folded, value_match.end(), next_start)))
        readings.append(ScalingInput(_kind_of(kind_match), value, reason or None))
    return readings


def _kind_of(match: re.Match) -> ScalingKind:
    return ScalingKind.CONFIDENCE if match.group("confidence") else ScalingKind.IMPORTANCE


# --- ABC jobs ------------------------------------------------------------------------------------------
_JOB_MARKER = re.compile(
    r"(?<![a-z0-9-])(?P<level>[abc])(?:[\s-]?job(?:bet|s)?(?![a-z])|(?=\s*[:=]))\s*(?:[:=\-–]|er|bliver)?\s*"
)


def parse_jobs(text: str) -> list[JobInput]:
    folded = fold_with_origin(clean_input(text, "jobplanen"))
    markers = list(_JOB_MARKER.finditer(folded.text))
    if not markers:
        raise PlanError(
            "Skriv, hvilket niveau jobbet er på, fx »A-job: pædagogmedhjælper«, »B-job: lager« eller »C: rengøring«."
        )
    jobs = []
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(folded.text)
        title = re.sub(r"\s+(?:og|samt)$", "", _tidy(_source(folded, marker.end(), end)), flags=re.IGNORECASE)
        level = JobLevel(marker.group("level").upper())
        if not title or not re.search(r"[A-Za-zÆØÅæøå]", title):
            raise PlanError(f"Hvilket job er {level.value}-jobbet? Skriv fx »{level.value}-job: lagerarbejder«.")
        if len(title) > MAX_JOB_TITLE:
            raise PlanError(f"Jobtitlen er for lang (højst {MAX_JOB_TITLE} tegn). Skriv den kortere.")
        jobs.append(JobInput(level, title))
    return jobs


# --- contract ---------------------------------------------------------------------------------------------
_CONTRACT_PREFIX = re.compile(r"^\s*(?:samtale)?kontrakt(?:en)?\s*[:\-–]?\s*", re.IGNORECASE)
_CONTRACT_MARKERS = {
    "about": r"(?:i\s+dag\s+)?(?:vi\s+(?:skal\s+)?(?:taler|tale|snakker|snakke)\s+om|taler\s+vi\s+om|det\s+handler\s+om|emnet\s+er|emne\s*:|om\s*:)",
    "goal": r"(?:maalet\s+er|maal\s*:|formaalet\s+er|det\s+skal\s+(?:foere\s+til|ende\s+med)|vi\s+vil\s+gerne\s+naa|resultat\s*:)",
    "how": r"(?:vi\s+goer\s+det\s+ved(?:\s+at)?|det\s+goer\s+vi\s+ved(?:\s+at)?|hvordan\s*:|metode\s*:|(?<![a-z])ved\s+at)",
}
_CONTRACT_MARKER = re.compile(
    "|".join(rf"(?P<{part}>(?<![a-z]){pattern})" for part, pattern in _CONTRACT_MARKERS.items())
)


def parse_contract(text: str) -> ContractInput:
    body = _CONTRACT_PREFIX.sub("", clean_input(text, "kontrakten"), count=1)
    folded = fold_with_origin(body)
    markers = list(_CONTRACT_MARKER.finditer(folded.text))
    parts: dict[str, str] = {}
    lead = _tidy(_source(folded, 0, markers[0].start() if markers else len(folded.text)))
    if lead:
        parts["about"] = lead
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(folded.text)
        value = re.sub(r"^at\s+", "", _tidy(_source(folded, marker.end(), end)), flags=re.IGNORECASE)
        if value:
            part = marker.lastgroup or "about"
            parts[part] = f"{parts[part]}, {value}" if part in parts else value
    if not parts:
        raise PlanError(
            "Kontrakten er tom. Skriv fx »kontrakt: vi taler om jobsøgning, målet er tre nye veje at søge«."
        )
    return ContractInput(parts.get("about"), parts.get("goal"), parts.get("how"))
