"""The five citizen cases as data and their loader.

Per case two files, both written in our own words from the handbook's case box:

* ``cases/<id>.yml``: who the citizen is (profile, status, what they booked), the briefing the
  trainee reads first (what is on file and the handbook's preparation points), start values,
  resistance triggers and openers, the hidden facts, the closure (the citizen's own ideas for
  a next step, what they will not agree to, how much they believe they can do) and the replies
  to technique (``SITUATIONS``).
* ``answers/<id>.yml``: the answer bank — for every topic of the case (``bot.practice.topics``)
  lines per mood (``open``, ``guarded``, ``resistant``) and ``short`` ones for closed questions.
  A hidden topic's ``open`` lines are the ones that reveal the hidden fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.core.folding import fold
from bot.practice.topics import case_topics

CASES_DIR = Path(__file__).with_name("cases")
ANSWERS_DIR = Path(__file__).with_name("answers")
CASE_IDS: tuple[str, ...] = ("stine", "fatima", "anders", "erling", "malou")
MOODS: tuple[str, ...] = ("open", "guarded", "resistant")
BANK_KEYS: tuple[str, ...] = (*MOODS, "short")
MIN_LINES = {"open": 3, "guarded": 3, "resistant": 3, "short": 2}

# The citizen's replies to technique, when the line is about no topic (or about the process).
SITUATIONS: tuple[str, ...] = (
    "greeting",
    "contract",
    "clarify",  # an open question about nothing the citizen can place
    "closed",  # a closed question about nothing on the case: a non-committal short answer
    "confirm",  # short confirmations put before an answer to a reflection
    "reflection",
    "summary",
    "affirmation",
    "autonomy",
    "permission_yes",
    "info_after_permission",
    "info_unasked",
    "after_info",  # an open question right after information (UGU's second U)
    "authority_info",  # information after an announced switch to the authority role (step 8)
    "pushback",
    "pushback_hard",
    "scale_importance",
    "scale_confidence",
    "down_importance",
    "down_confidence",
    "explore_up",
    "timeout",
    "repeat_prefix",  # "Som jeg sagde: " before an answer to a question asked before
    "closure_vague",
    "negotiate_specific",
    "negotiate_measure",
    "negotiate_time",
    "too_much",
    "accept_agreement",
    "agreement_grudging",
    "agreement_done",
    "evaluation_good",
    "evaluation_poor",
    "other",
)
MIN_VARIANTS = 3
PLACEHOLDERS = {
    "scale_importance": "{n}",
    "scale_confidence": "{n}",
    "too_much": "{n}",
    "accept_agreement": "{agreement}",
    "agreement_grudging": "{agreement}",
}


class CaseError(ValueError):
    """A case file is incomplete or inconsistent."""


@dataclass(frozen=True)
class HiddenFact:
    id: str
    label: str
    condition: str
    min_openness: int

    @property
    def topic(self) -> str:
        return f"hidden_{self.id}"


@dataclass(frozen=True)
class Trigger:
    """Something that makes this citizen push back: when the trainee pushes it (persuades,
    confronts, lectures), or in any form when ``always`` (a phrase that is pressure in itself)."""

    label: str
    cues: tuple[str, ...]
    replies: tuple[str, ...]
    always: bool = False


@dataclass(frozen=True)
class Opener:
    """Something that makes this citizen open up (when the trainee explores it)."""

    label: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Correction:
    """A reflection that gets the citizen wrong, and how they put it right."""

    cues: tuple[str, ...]
    replies: tuple[str, ...]


@dataclass(frozen=True)
class OwnIdea:
    """A next step the citizen suggests when asked; ``when`` answers "hvornår?", ``full`` is SMART."""

    offer: str
    when: str
    full: str
    after_fact: str | None


@dataclass(frozen=True)
class Closure:
    limit: int  # the most of anything (applications, calls) the citizen believes they can do
    own_ideas: tuple[OwnIdea, ...]
    rejects: tuple[Trigger, ...]  # proposals that are not theirs
    unrealistic: tuple[Trigger, ...]  # proposals they cannot do


@dataclass(frozen=True)
class Briefing:
    booked: str
    why: str
    on_file: tuple[str, ...]
    preparation: tuple[str, ...]


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
    triggers: tuple[Trigger, ...]
    openers: tuple[Opener, ...]
    corrections: tuple[Correction, ...]
    jobs: dict
    hidden_facts: tuple[HiddenFact, ...]
    closure: Closure
    briefing: Briefing
    replies: dict  # situation -> {mood: lines}
    answers: dict  # topic -> {open|guarded|resistant|short: lines}

    def fact(self, fact_id: str) -> HiddenFact:
        for f in self.hidden_facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)

    @property
    def resistance_triggers(self) -> tuple[str, ...]:
        return tuple(t.label for t in self.triggers)

    def lines(self, situation: str, mood: str) -> tuple[str, ...]:
        return self.replies[situation][mood]

    def to_dict(self) -> dict:
        """A plain summary for a briefing card (no reply templates, no hidden facts' content)."""
        return {
            "id": self.id,
            "name": self.name,
            "age": self.age,
            "summary": self.summary,
            "status": self.status,
            "booked_topic": self.booked_topic,
            "booked": self.briefing.booked,
            "why": self.briefing.why,
            "on_file": list(self.briefing.on_file),
            "preparation": list(self.briefing.preparation),
        }


# --- parsing ------------------------------------------------------------------------------------
def _texts(value, field: str, case_id: str, min_len: int = 1) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) < min_len or not all(isinstance(v, str) and v.strip() for v in value):
        raise CaseError(f"{case_id}: '{field}' needs at least {min_len} non-empty text(s)")
    return tuple(v.strip() for v in value)


def _text(data: dict, key: str, case_id: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise CaseError(f"{case_id}: missing '{key}'")
    return value.strip()


def _scale(value, field: str, case_id: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
        raise CaseError(f"{case_id}: start.{field} must be an integer 0-10")
    return value


def _by_mood(raw, field: str, case_id: str, min_len: int) -> dict[str, tuple[str, ...]]:
    """A situation's lines: one list for every mood, or a list per mood."""
    if isinstance(raw, list):
        lines = _texts(raw, field, case_id, min_len)
        return {mood: lines for mood in MOODS}
    if isinstance(raw, dict) and set(raw) == set(MOODS):
        return {mood: _texts(raw[mood], f"{field}.{mood}", case_id, 2) for mood in MOODS}
    raise CaseError(f"{case_id}: '{field}' must be a list or have exactly {', '.join(MOODS)}")


def _replies(data: dict, case_id: str) -> dict:
    raw = data.get("replies") or {}
    missing = [s for s in SITUATIONS if s not in raw]
    if missing:
        raise CaseError(f"{case_id}: replies missing for {missing}")
    unknown = sorted(set(raw) - set(SITUATIONS))
    if unknown:
        raise CaseError(f"{case_id}: unknown situations {unknown}")
    replies = {s: _by_mood(raw[s], f"replies.{s}", case_id, MIN_VARIANTS) for s in SITUATIONS}
    for situation, placeholder in PLACEHOLDERS.items():
        for lines in replies[situation].values():
            if not all(placeholder in line for line in lines):
                raise CaseError(f"{case_id}: every '{situation}' reply must contain {placeholder}")
    return replies


def _trigger(raw: dict, field: str, case_id: str) -> Trigger:
    if not isinstance(raw, dict):
        raise CaseError(f"{case_id}: '{field}' entries must be mappings")
    return Trigger(
        label=str(raw.get("label") or "").strip(),
        cues=_texts(raw.get("cues"), f"{field}.cues", case_id),
        replies=_texts(raw.get("replies"), f"{field}.replies", case_id, 2),
        always=bool(raw.get("always", False)),
    )


def _closure(raw: dict, case_id: str, fact_ids: set[str]) -> Closure:
    if not isinstance(raw, dict):
        raise CaseError(f"{case_id}: missing 'closure'")
    ideas = []
    for item in raw.get("own_ideas") or []:
        after = item.get("after_fact")
        if after and after not in fact_ids:
            raise CaseError(f"{case_id}: own idea refers to unknown fact {after!r}")
        ideas.append(
            OwnIdea(
                offer=_text(item, "offer", case_id),
                when=_text(item, "when", case_id),
                full=_text(item, "full", case_id),
                after_fact=after,
            )
        )
    if len(ideas) < 3:
        raise CaseError(f"{case_id}: closure needs at least three own ideas")
    limit = raw.get("limit")
    if not isinstance(limit, int) or not 1 <= limit <= 10:
        raise CaseError(f"{case_id}: closure.limit must be 1-10")
    return Closure(
        limit=limit,
        own_ideas=tuple(ideas),
        rejects=tuple(_trigger(r, "closure.rejects", case_id) for r in raw.get("rejects") or []),
        unrealistic=tuple(_trigger(r, "closure.unrealistic", case_id) for r in raw.get("unrealistic") or []),
    )


def _briefing(raw: dict, case_id: str) -> Briefing:
    if not isinstance(raw, dict):
        raise CaseError(f"{case_id}: missing 'briefing'")
    return Briefing(
        booked=_text(raw, "booked", case_id),
        why=_text(raw, "why", case_id),
        on_file=_texts(raw.get("on_file"), "briefing.on_file", case_id, 3),
        preparation=_texts(raw.get("preparation"), "briefing.preparation", case_id, 3),
    )


def parse_answers(data: dict, case_id: str, fact_ids: set[str]) -> dict:
    """The answer bank: every topic of the case with enough lines for every mood."""
    topics = case_topics(case_id)
    raw = (data or {}).get("topics") or {}
    unknown = sorted(set(raw) - set(topics))
    if unknown:
        raise CaseError(f"{case_id}: answers for unknown topics {unknown}")
    missing = [t for t in topics if t not in raw]
    if missing:
        raise CaseError(f"{case_id}: answers missing for topics {missing}")
    hidden = {f"hidden_{f}" for f in fact_ids}
    if not hidden <= set(topics):
        raise CaseError(f"{case_id}: hidden facts without a topic {sorted(hidden - set(topics))}")
    bank = {}
    for topic_id in topics:
        entry = raw[topic_id] or {}
        bank[topic_id] = {k: _texts(entry.get(k), f"answers.{topic_id}.{k}", case_id, MIN_LINES[k]) for k in BANK_KEYS}
    return bank


def _facts(data: dict, case_id: str) -> tuple[HiddenFact, ...]:
    facts = tuple(
        HiddenFact(
            id=raw["id"],
            label=_text(raw, "label", case_id),
            condition=_text(raw, "condition", case_id),
            min_openness=int(raw.get("min_openness", 6)),
        )
        for raw in data.get("hidden_facts") or []
    )
    if len(facts) < 2:
        raise CaseError(f"{case_id}: needs at least two hidden facts")
    return facts


def _openers(data: dict, case_id: str) -> tuple[Opener, ...]:
    topics = case_topics(case_id)
    openers = tuple(
        Opener(_text(o, "label", case_id), _texts(o.get("topics"), "openers.topics", case_id))
        for o in data.get("openers") or []
    )
    if any(t not in topics for o in openers for t in o.topics):
        raise CaseError(f"{case_id}: an opener names an unknown topic")
    return openers


def parse_case(data: dict, answers: dict | None = None) -> Case:
    case_id = data.get("id")
    if case_id not in CASE_IDS:
        raise CaseError(f"unknown or missing case id {case_id!r}")
    start = data.get("start") or {}
    start = {k: _scale(start.get(k), k, case_id) for k in ("importance", "confidence", "openness", "resistance")}
    if not all(1 <= start[k] for k in ("importance", "confidence")):
        raise CaseError(f"{case_id}: importance and confidence start at 1-10")
    jobs = data.get("jobs") or {}
    if set(jobs) != {"A", "B", "C"}:
        raise CaseError(f"{case_id}: jobs must have A, B and C")
    facts = _facts(data, case_id)
    openers = _openers(data, case_id)
    amb = data.get("ambivalence") or {}
    return Case(
        id=case_id,
        name=_text(data, "name", case_id),
        age=int(data["age"]),
        pronoun=_text(data, "pronoun", case_id),
        summary=_text(data, "summary", case_id),
        profile=_text(data, "profile", case_id),
        status=_text(data, "status", case_id),
        booked_topic=_text(data, "booked_topic", case_id),
        change_target=_text(data, "change_target", case_id),
        keywords=_texts(data.get("keywords"), "keywords", case_id, 3),
        ambivalence_for=_texts(amb.get("for"), "ambivalence.for", case_id, 2),
        ambivalence_against=_texts(amb.get("against"), "ambivalence.against", case_id, 2),
        start=start,
        triggers=tuple(_trigger(t, "triggers", case_id) for t in data.get("triggers") or []),
        openers=openers,
        corrections=tuple(
            Correction(
                _texts(c.get("cues"), "corrections.cues", case_id),
                _texts(c.get("replies"), "corrections.replies", case_id, 2),
            )
            for c in data.get("corrections") or []
        ),
        jobs={k: str(jobs[k]).strip() for k in ("A", "B", "C")},
        hidden_facts=facts,
        closure=_closure(data.get("closure"), case_id, {f.id for f in facts}),
        briefing=_briefing(data.get("briefing"), case_id),
        replies=_replies(data, case_id),
        answers=parse_answers(answers or {}, case_id, {f.id for f in facts}),
    )


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@cache
def load_case(case_id: str) -> Case:
    case_id = case_id.lower()
    if case_id not in CASE_IDS:
        raise KeyError(f"unknown case {case_id!r}; known: {', '.join(CASE_IDS)}")
    case = parse_case(_read(CASES_DIR / f"{case_id}.yml"), _read(ANSWERS_DIR / f"{case_id}.yml"))
    if case.id != case_id:
        raise CaseError(f"{case_id}.yml has id {case.id!r}")
    return case


def load_cases() -> dict[str, Case]:
    return {cid: load_case(cid) for cid in CASE_IDS}


@cache
def case_names() -> dict[str, str]:
    """Case id → the citizen's name, in the handbook's order (for menus and lists).

    Read from the case files' ``name`` alone, so a menu never waits for the answer banks.
    """
    return {cid: str(_read(CASES_DIR / f"{cid}.yml").get("name") or cid.title()) for cid in CASE_IDS}


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
