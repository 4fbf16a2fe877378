"""The topic taxonomy of the practice cases (``topics.yml``), read-only.

``topics.yml`` is frozen material (written before the simulator): the ids every answer bank and
the matcher use. The simulator adds one topic of its own, ``intro`` ("tell me about yourself"),
which the taxonomy has no id for; the taxonomy itself is never changed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

TOPICS_FILE = Path(__file__).with_name("topics.yml")
# Topics the simulator adds to every case (the taxonomy may gain topics, never lose one).
EXTRA_TOPICS: dict[str, tuple[str, str]] = {
    "intro": ("Præsentation", "Who the citizen is, in a few words: 'fortæl lidt om dig selv'."),
}


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    related: tuple[str, ...]

    @property
    def hidden_fact(self) -> str | None:
        """The case file's hidden-fact id behind a ``hidden_<id>`` topic."""
        return self.id.removeprefix("hidden_") if self.id.startswith("hidden_") else None


@cache
def _taxonomy() -> dict:
    return yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))


@cache
def case_topics(case_id: str) -> dict[str, Topic]:
    """Every topic of one case, in the taxonomy's order (common ones first), plus ``intro``."""
    data = _taxonomy()
    common = data["common"]
    own = data["cases"][case_id]["topics"]
    topics: dict[str, Topic] = {}
    for topic_id in [*common, *(t for t in own if t not in common)]:
        entry = own.get(topic_id) or {}
        label = entry.get("label") or common.get(topic_id, {}).get("label") or topic_id
        topics[topic_id] = Topic(topic_id, label, tuple(entry.get("related") or ()))
    for topic_id, (label, _description) in EXTRA_TOPICS.items():
        topics[topic_id] = Topic(topic_id, label, ())
    return topics


def related_hidden(case_id: str, topic_id: str) -> tuple[str, ...]:
    """The hidden topics an answer about ``topic_id`` may open up (the taxonomy's ``related``)."""
    topic = case_topics(case_id).get(topic_id)
    if topic is None:
        return ()
    return tuple(t for t in topic.related if t.startswith("hidden_"))
