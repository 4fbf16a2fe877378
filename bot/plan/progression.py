"""The course for insured unemployed as data (``progression.yml``).

The a-kasse's CV conversation and two availability conversations, the jobcentre's six
conversations over the first 26 weeks (the first and the fifth or sixth possibly joint
with the a-kasse), each with who, when, focus points and homework for the citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.plan.errors import PlanError

PROGRESSION_FILE = Path(__file__).with_name("progression.yml")
JOBCENTRE_CONVERSATIONS = 6


@dataclass(frozen=True)
class CourseConversation:
    id: str
    title: str
    kind: str  # "a-kasse" | "jobcenter"
    who: str
    when: str
    weeks: tuple[int, int]
    focus: tuple[str, ...]
    homework: tuple[str, ...]
    jobcentre_number: int | None = None
    joint: str | None = None


@dataclass(frozen=True)
class Progression:
    conversations: tuple[CourseConversation, ...]
    joint_agenda: tuple[str, ...]

    def jobcentre(self, number: int) -> CourseConversation:
        for conversation in self.conversations:
            if conversation.jobcentre_number == number:
                return conversation
        raise PlanError(
            f"Forløbsmodellen har {JOBCENTRE_CONVERSATIONS} samtaler i jobcentret – der er ingen nr. {number}."
        )

    def by_id(self, conversation_id: str) -> CourseConversation:
        for conversation in self.conversations:
            if conversation.id == conversation_id:
                return conversation
        raise KeyError(conversation_id)

    def due_in_week(self, week: int) -> tuple[CourseConversation, ...]:
        """The conversations whose window includes this week of unemployment."""
        return tuple(c for c in self.conversations if c.weeks[0] <= week <= c.weeks[1])


def _conversation(raw: dict) -> CourseConversation:
    return CourseConversation(
        id=raw["id"],
        title=raw["title"],
        kind=raw["kind"],
        who=raw["who"],
        when=raw["when"],
        weeks=(int(raw["weeks"][0]), int(raw["weeks"][1])),
        focus=tuple(raw["focus"]),
        homework=tuple(raw.get("homework") or ()),
        jobcentre_number=raw.get("jobcentre_number"),
        joint=raw.get("joint"),
    )


@lru_cache(maxsize=1)
def load_progression(path: Path = PROGRESSION_FILE) -> Progression:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Progression(
        conversations=tuple(_conversation(raw) for raw in data["conversations"]),
        joint_agenda=tuple(data["joint_agenda"]),
    )


def jobcentre_conversation(number: int) -> CourseConversation:
    """The n-th jobcentre conversation of the course (1-6)."""
    return load_progression().jobcentre(number)


def course_step(number_in_course: int | None) -> CourseConversation | None:
    """The model conversation for the n-th conversation in our store, when there is one."""
    if number_in_course is None or not 1 <= number_in_course <= JOBCENTRE_CONVERSATIONS:
        return None
    return jobcentre_conversation(number_in_course)


def render_course_step(conversation: CourseConversation) -> str:
    """Focus and homework as plain Danish text (single newlines)."""
    lines = [f"{conversation.title} ({conversation.who.lower()}, {conversation.when.lower()})", "Fokus:"]
    lines += [f"- {point}" for point in conversation.focus]
    if conversation.homework:
        lines.append("Hjemmeopgave til borgeren:")
        lines += [f"- {task}" for task in conversation.homework]
    else:
        lines.append("Ingen fast hjemmeopgave i modellen – aftal den sammen med borgeren.")
    if conversation.joint:
        lines.append(conversation.joint)
    return "\n".join(lines)
