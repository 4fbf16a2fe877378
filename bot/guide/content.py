"""Loads the guide's content (steps, tools, knowledge, topics) from the YAML files beside this module.

The YAML files are the single source of truth for every guide text; actions and tests
read them through ``load_guide()``. ``knowledge.yml`` holds what the consultant needs to
know at preparation (step 2) and information and advice (step 5) – the fællessamtale,
cross-disciplinary work, companies, thinking outside the box, education, the digital tools –
as tools of the same structure; each step lists its own tools in ``steps.yml`` and gets its
knowledge tools added by the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

CONTENT_DIR = Path(__file__).with_name("content")

BASE_TOOL_IDS = (
    "booking",
    "forberedelse",
    "kontrakt",
    "aabne_spoergsmaal",
    "noegleord",
    "plus_minus",
    "skalaspoergsmaal",
    "ugu",
    "abc_jobplan",
    "timeout",
    "motiverende_sprog",
    "dobbeltrolle",
    "udfordrende_samtale",
    "afslutning",
    "delmaal",
    "smart_maal",
)
KNOWLEDGE_IDS = (
    "faellessamtale",
    "tvaerfaglighed",
    "virksomheder",
    "ud_af_boksen",
    "uddannelse",
    "digitale_vaerktoejer",
)
TOOL_IDS = BASE_TOOL_IDS + KNOWLEDGE_IDS
TOPIC_IDS = (
    "jobsoegningsstrategi",
    "brancheskift",
    "kompetenceafklaring",
    "cv_og_ansoegning",
    "vejledning_og_opkvalificering",
)
STEP_NUMBERS = tuple(range(1, 10))


class ContentError(ValueError):
    """The guide content on disk is incomplete or inconsistent."""


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    source: str
    purpose: str
    do: tuple[str, ...]
    say: tuple[str, ...]
    pitfalls: tuple[str, ...]
    tools: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Tool:
    id: str
    step: int
    title: str
    source: str
    purpose: str
    how: tuple[str, ...]
    say: tuple[str, ...]
    pitfalls: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    aliases: tuple[str, ...]
    source: str
    prepare: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    steps: dict[int, Step]
    tools: dict[str, Tool]
    topics: dict[str, Topic]

    def step(self, number: int) -> Step:
        return self.steps[number]

    def tool(self, tool_id: str) -> Tool:
        return self.tools[tool_id]

    def topic(self, topic_id: str) -> Topic:
        return self.topics[topic_id]


def _read(name: str, key: str) -> list[dict]:
    with (CONTENT_DIR / name).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    items = data.get(key)
    if not isinstance(items, list):
        raise ContentError(f"{name}: expected a list under '{key}'")
    return items


def _texts(item: dict, key: str, where: str, minimum: int = 1, maximum: int = 99) -> tuple[str, ...]:
    values = item.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ContentError(f"{where}: '{key}' must be a list of non-empty texts")
    if not minimum <= len(values) <= maximum:
        raise ContentError(f"{where}: '{key}' has {len(values)} items, expected {minimum}-{maximum}")
    return tuple(v.strip() for v in values)


def _text(item: dict, key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' is missing")
    return value.strip()


def _parse_step(item: dict) -> Step:
    where = f"steps.yml trin {item.get('number')}"
    return Step(
        number=int(item["number"]),
        title=_text(item, "title", where),
        source=_text(item, "source", where),
        purpose=_text(item, "purpose", where),
        do=_texts(item, "do", where),
        say=_texts(item, "say", where, 3, 6),
        pitfalls=_texts(item, "pitfalls", where),
        tools=_texts(item, "tools", where),
        aliases=tuple(a.lower() for a in _texts(item, "aliases", where)),
    )


def _parse_tool(item: dict) -> Tool:
    where = f"tools.yml {item.get('id')}"
    return Tool(
        id=_text(item, "id", where),
        step=int(item["step"]),
        title=_text(item, "title", where),
        source=_text(item, "source", where),
        purpose=_text(item, "purpose", where),
        how=_texts(item, "how", where),
        say=_texts(item, "say", where, 3, 6),
        pitfalls=_texts(item, "pitfalls", where),
    )


def _parse_topic(item: dict) -> Topic:
    where = f"topics.yml {item.get('id')}"
    return Topic(
        id=_text(item, "id", where),
        title=_text(item, "title", where),
        aliases=tuple(a.lower() for a in _texts(item, "aliases", where)),
        source=_text(item, "source", where),
        prepare=_texts(item, "prepare", where),
    )


def _check(guide: Guide, knowledge: dict[str, Tool]) -> None:
    if tuple(sorted(guide.steps)) != STEP_NUMBERS:
        raise ContentError(f"steps.yml must hold steps 1-9, found {sorted(guide.steps)}")
    base = set(guide.tools) - set(knowledge)
    if base != set(BASE_TOOL_IDS):
        raise ContentError(f"tools.yml ids differ from the fixed set: {sorted(base ^ set(BASE_TOOL_IDS))}")
    if set(knowledge) != set(KNOWLEDGE_IDS):
        raise ContentError(
            f"knowledge.yml ids differ from the fixed set: {sorted(set(knowledge) ^ set(KNOWLEDGE_IDS))}"
        )
    if set(guide.topics) != set(TOPIC_IDS):
        raise ContentError(f"topics.yml ids differ from the fixed set: {sorted(set(guide.topics) ^ set(TOPIC_IDS))}")
    for step in guide.steps.values():
        owned = {t.id for t in guide.tools.values() if t.step == step.number and t.id not in knowledge}
        if set(step.tools) != owned:
            raise ContentError(f"trin {step.number} lists tools {step.tools}, but tools.yml gives {sorted(owned)}")
    for tool in knowledge.values():
        if tool.step not in guide.steps:
            raise ContentError(f"knowledge.yml {tool.id}: no step {tool.step}")


def parse_guide(steps: list[dict], tools: list[dict], topics: list[dict], knowledge: list[dict] = ()) -> Guide:
    """The guide; every step's ``tools`` ends with the knowledge tools that belong to it."""
    known = {t.id: t for t in map(_parse_tool, knowledge)}
    guide = Guide(
        steps={s.number: s for s in map(_parse_step, steps)},
        tools={**{t.id: t for t in map(_parse_tool, tools)}, **known},
        topics={t.id: t for t in map(_parse_topic, topics)},
    )
    _check(guide, known)
    extra = {n: tuple(t.id for t in known.values() if t.step == n) for n in guide.steps}
    return Guide(
        steps={n: replace(s, tools=s.tools + extra[n]) for n, s in guide.steps.items()},
        tools=guide.tools,
        topics=guide.topics,
    )


@lru_cache(maxsize=1)
def load_guide() -> Guide:
    return parse_guide(
        _read("steps.yml", "steps"),
        _read("tools.yml", "tools"),
        _read("topics.yml", "topics"),
        _read("knowledge.yml", "tools"),
    )
