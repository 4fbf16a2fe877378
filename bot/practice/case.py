"""The five citizen cases as data (``cases/*.yml``) and their loader."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.core.folding import fold

CASES_DIR = Path(__file__).with_name("cases")
CASE_IDS: tuple[str, ...] = ("stine", "fatima", "anders", "erling", "malou")

# Every situation the simulated citizen can be in; each case has >= 3 reply variants for each.
SITUATIONS: tuple[str, ...] = (
    "greeting",
    "contract",
    "open_low",
    "open_high",
    "closed",
    "reflection",
    "summary",
    "affirmation",
    "autonomy",
    "permission_yes",
    "info_after_permission",
    "info_unasked",
    "pushback",
    "pushback_hard",
    "scale_importance",
    "scale_confidence",
    "down_importance",
    "down_confidence",
    "explore_up",
    "timeout",
    "closure_agreement",
    "closure_vague",
    "evaluation_good",
    "evaluation_poor",
    "other",
)
MIN_VARIANTS = 3


class CaseError(ValueError):
    """A case file is incomplete or inconsistent."""


@dataclass(frozen=True)
class HiddenFact:
    id: str
    label: str
    condition: str
    triggers: tuple[str, ...]
    min_openness: int
    reveal: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    text: str
    after_fact: str | None


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    age: int
    pronoun: str
    summary: str
    profile: str
    status: str
    booked_topic: str
    change_target: str
    keywords: tuple[str, ...]
    ambivalence_for: tuple[str, ...]
    ambivalence_against: tuple[str, ...]
    start: dict
    resistance_triggers: tuple[str, ...]
    openers: tuple[str, ...]
    jobs: dict
    hidden_facts: tuple[HiddenFact, ...]
    agreements: tuple[Agreement, ...]
    replies: dict

    def fact(self, fact_id: str) -> HiddenFact:
        for f in self.hidden_facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)

    def to_dict(self) -> dict:
        """A plain summary for a briefing card (no reply templates)."""
        return {
            "id": self.id,
            "name": self.name,
            "age": self.age,
            "summary": self.summary,
            "profile": self.profile,
            "status": self.status,
            "booked_topic": self.booked_topic,
            "change_target": self.change_target,
            "keywords": list(self.keywords),
            "ambivalence": {"for": list(self.ambivalence_for), "against": list(self.ambivalence_against)},
            "start": dict(self.start),
            "resistance_triggers": list(self.resistance_triggers),
            "openers": list(self.openers),
            "jobs": dict(self.jobs),
            "hidden_facts": [{"id": f.id, "label": f.label, "condition": f.condition} for f in self.hidden_facts],
        }


def _tuple(value, field: str, case_id: str, min_len: int = 1) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) < min_len or not all(isinstance(v, str) and v.strip() for v in value):
        raise CaseError(f"{case_id}: '{field}' needs at least {min_len} non-empty text(s)")
    return tuple(v.strip() for v in value)


def _scale(value, field: str, case_id: str) -> int:
    if not isinstance(value, int) or not 1 <= value <= 10:
        raise CaseError(f"{case_id}: start.{field} must be an integer 1-10")
    return value


def parse_case(data: dict) -> Case:
    case_id = data.get("id")
    if not case_id:
        raise CaseError("case without id")
    for key in ("name", "summary", "profile", "status", "booked_topic", "change_target", "pronoun"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CaseError(f"{case_id}: missing '{key}'")
    start = data.get("start") or {}
    start = {k: _scale(start.get(k), k, case_id) for k in ("importance", "confidence", "openness", "resistance")}
    amb = data.get("ambivalence") or {}
    jobs = data.get("jobs") or {}
    if set(jobs) != {"A", "B", "C"}:
        raise CaseError(f"{case_id}: jobs must have A, B and C")
    facts = []
    for raw in data.get("hidden_facts") or []:
        facts.append(
            HiddenFact(
                id=raw["id"],
                label=raw["label"],
                condition=raw["condition"],
                triggers=_tuple(raw.get("triggers"), f"hidden_facts.{raw['id']}.triggers", case_id),
                min_openness=int(raw.get("min_openness", 5)),
                reveal=_tuple(raw.get("reveal"), f"hidden_facts.{raw['id']}.reveal", case_id, MIN_VARIANTS),
            )
        )
    if len(facts) < 2:
        raise CaseError(f"{case_id}: needs at least two hidden facts")
    fact_ids = {f.id for f in facts}
    agreements = []
    for raw in data.get("agreements") or []:
        after = raw.get("after_fact")
        if after and after not in fact_ids:
            raise CaseError(f"{case_id}: agreement refers to unknown fact {after!r}")
        agreements.append(Agreement(raw["text"].strip(), after))
    if len(agreements) < 3:
        raise CaseError(f"{case_id}: needs at least three agreements")
    replies = data.get("replies") or {}
    missing = [s for s in SITUATIONS if s not in replies]
    if missing:
        raise CaseError(f"{case_id}: replies missing for {missing}")
    replies = {s: _tuple(replies[s], f"replies.{s}", case_id, MIN_VARIANTS) for s in SITUATIONS}
    for s in ("scale_importance", "scale_confidence"):
        if not all("{n}" in r for r in replies[s]):
            raise CaseError(f"{case_id}: every '{s}' reply must contain {{n}}")
    if not all("{agreement}" in r for r in replies["closure_agreement"]):
        raise CaseError(f"{case_id}: every 'closure_agreement' reply must contain {{agreement}}")
    return Case(
        id=case_id,
        name=data["name"].strip(),
        age=int(data["age"]),
        pronoun=data["pronoun"].strip(),
        summary=data["summary"].strip(),
        profile=data["profile"].strip(),
        status=data["status"].strip(),
        booked_topic=data["booked_topic"].strip(),
        change_target=data["change_target"].strip(),
        keywords=_tuple(data.get("keywords"), "keywords", case_id, 3),
        ambivalence_for=_tuple(amb.get("for"), "ambivalence.for", case_id, 2),
        ambivalence_against=_tuple(amb.get("against"), "ambivalence.against", case_id, 2),
        start=start,
        resistance_triggers=_tuple(data.get("resistance_triggers"), "resistance_triggers", case_id, 2),
        openers=_tuple(data.get("openers"), "openers", case_id, 2),
        jobs={k: str(jobs[k]).strip() for k in ("A", "B", "C")},
        hidden_facts=tuple(facts),
        agreements=tuple(agreements),
        replies=replies,
    )


@cache
def load_case(case_id: str) -> Case:
    case_id = case_id.lower()
    if case_id not in CASE_IDS:
        raise KeyError(f"unknown case {case_id!r}; known: {', '.join(CASE_IDS)}")
    data = yaml.safe_load((CASES_DIR / f"{case_id}.yml").read_text(encoding="utf-8"))
    case = parse_case(data)
    if case.id != case_id:
        raise CaseError(f"{case_id}.yml has id {case.id!r}")
    return case


def load_cases() -> dict[str, Case]:
    return {cid: load_case(cid) for cid in CASE_IDS}


def case_names() -> dict[str, str]:
    """Case id → the citizen's name, in the handbook's order (for menus and lists)."""
    return {cid: case.name for cid, case in load_cases().items()}


RANDOM_WORDS = ("tilfaeldig", "random", "hvem som helst", "en borger")  # folded


def resolve_case(text: str) -> str | None:
    """Which case a request names: a case id, 'random' for "tilfældig borger", or None.

    >>> resolve_case("øv med Stine")
    'stine'
    """
    low = fold(text)
    for cid in CASE_IDS:
        if re.search(rf"\b{cid}\b", low):
            return cid
    if any(w in low for w in RANDOM_WORDS):
        return "random"
    return None
