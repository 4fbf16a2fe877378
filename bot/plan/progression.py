"""The course for insured unemployed as data (``progression.yml``), and what it says is due.

The a-kasse's CV conversation and two availability conversations, the jobcentre's six
conversations over the first 26 weeks (the first and the fifth or sixth possibly joint
with the a-kasse), and the joint conversation before the 16th month that opens the
intensified effort; each with who, when, focus points and homework for the citizen. The
joint conversation (fællessamtale) has its own agenda, roles and shared plan.

A conversation's *type* is the id of its model conversation ("jobcenter_3", "cv_samtale");
whether the a-kasse takes part is a separate flag, since the first and the fifth or sixth
jobcentre conversation may or may not be joint. The model is inspiration, not a script: the
consultant can always correct the type the guide proposes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from bot.plan.course_phrases import CourseChoice
from bot.plan.errors import PlanError
from bot.store.tables.users import ORGANISATIONS

PROGRESSION_FILE = Path(__file__).with_name("progression.yml")
JOBCENTRE_CONVERSATIONS = 6
MODEL_WEEKS = 26  # the model covers the first half year of unemployment
MAX_WEEK = 156  # input check only: three years of unemployment is more than any benefit period
JOBCENTRE, A_KASSE = ORGANISATIONS


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
    joint: str | None = None  # where the a-kasse may or must take part
    always_joint: bool = False
    source: str = ""
    prepare: tuple[str, ...] = ()  # the citizen's preparation before the conversation

    def covers(self, week: int) -> bool:
        return self.weeks[0] <= week <= self.weeks[1]


@dataclass(frozen=True)
class AgendaItem:
    title: str
    text: str


@dataclass(frozen=True)
class Role:
    who: str
    does: tuple[str, ...]


@dataclass(frozen=True)
class JointConversation:
    """The fællessamtale: agenda, who brings what, the shared plan, and what to agree beforehand."""

    title: str
    source: str
    agenda: tuple[AgendaItem, ...]
    roles: tuple[Role, ...]
    stance: str
    plan: tuple[str, ...]
    before: tuple[str, ...]

    def role(self, who: str) -> Role:
        return next(role for role in self.roles if role.who.lower() == who.lower())


@dataclass(frozen=True)
class Progression:
    conversations: tuple[CourseConversation, ...]
    joint: JointConversation

    @property
    def joint_agenda(self) -> tuple[str, ...]:
        return tuple(f"{item.title} – {item.text}" for item in self.joint.agenda)

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

    def get(self, conversation_id: str | None) -> CourseConversation | None:
        try:
            return self.by_id(conversation_id) if conversation_id else None
        except KeyError:
            return None

    def of_kind(self, kind: str) -> tuple[CourseConversation, ...]:
        return tuple(c for c in self.conversations if c.kind == kind)

    def due_in_week(self, week: int) -> tuple[CourseConversation, ...]:
        """The conversations whose window includes this week of unemployment."""
        return tuple(c for c in self.conversations if c.covers(week))

    def chronological(self) -> tuple[CourseConversation, ...]:
        """By the week each window opens (the handbook lists the second availability talk last)."""
        order = {c.id: index for index, c in enumerate(self.conversations)}
        return tuple(sorted(self.conversations, key=lambda c: (c.weeks[0], order[c.id])))


def _conversation(raw: dict, default_source: str) -> CourseConversation:
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
        always_joint=bool(raw.get("always_joint", False)),
        source=raw.get("source") or default_source,
        prepare=tuple(raw.get("prepare") or ()),
    )


def _joint(raw: dict) -> JointConversation:
    return JointConversation(
        title=raw["title"],
        source=raw["source"],
        agenda=tuple(AgendaItem(item["title"], item["text"]) for item in raw["agenda"]),
        roles=tuple(Role(role["who"], tuple(role["does"])) for role in raw["roles"]),
        stance=raw["stance"],
        plan=tuple(raw["plan"]),
        before=tuple(raw["before"]),
    )


@lru_cache(maxsize=1)
def load_progression(path: Path = PROGRESSION_FILE) -> Progression:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Progression(
        conversations=tuple(_conversation(raw, data["source"]) for raw in data["conversations"]),
        joint=_joint(data["joint"]),
    )


def jobcentre_conversation(number: int) -> CourseConversation:
    """The n-th jobcentre conversation of the course (1-6)."""
    return load_progression().jobcentre(number)


def course_step(number_in_course: int | None) -> CourseConversation | None:
    """The model conversation for the n-th jobcentre conversation, when there is one."""
    if number_in_course is None or not 1 <= number_in_course <= JOBCENTRE_CONVERSATIONS:
        return None
    return jobcentre_conversation(number_in_course)


# --- weeks of unemployment ------------------------------------------------------------------------
def check_week(week: int) -> int:
    if not 1 <= int(week) <= MAX_WEEK:
        raise PlanError(f"Ledighedsugen skal være et tal mellem 1 og {MAX_WEEK}.")
    return int(week)


def unemployed_since(week: int, on: date) -> date:
    """The first day of unemployment when ``on`` falls in week ``week`` (week 1 = the first 7 days)."""
    return on - timedelta(days=7 * (check_week(week) - 1))


def week_on(since: date | None, on: date) -> int | None:
    """The week of unemployment ``on`` a day, counted from the first day; None when unknown."""
    if since is None or on < since:
        return None
    return (on - since).days // 7 + 1


# --- what is due ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Held:
    """A conversation the citizen has had (or is having), as the course sees it."""

    type_id: str
    on: date
    joint: bool = False


def propose(held: Iterable[str], organisation: str | None, week: int | None) -> CourseConversation | None:
    """The conversation the course suggests next for this consultant's side (None: none left).

    An a-kasse consultant gets the a-kasse's next conversation; everyone else (a jobcentre, or
    an organisation not set) the jobcentre's. With a known week the conversation whose window
    holds the week wins, else the next to come; without one, the one after the last held.
    """
    progression, held = load_progression(), set(held)
    kind = A_KASSE if organisation == A_KASSE else JOBCENTRE
    in_course = [c for c in progression.of_kind(kind) if not c.always_joint]
    open_ = [c for c in in_course if c.id not in held]
    if week is not None:
        late = [c for c in progression.of_kind(kind) if c.always_joint and c.id not in held and c.weeks[0] <= week]
        due = [c for c in open_ if c.covers(week)]
        coming = [c for c in open_ if c.weeks[0] > week]
        return (late or due or coming or [None])[0]
    done = [index for index, c in enumerate(in_course) if c.id in held]
    after_last = in_course[max(done) + 1 :] if done else in_course
    remaining = [c for c in after_last if c.id not in held]
    return remaining[0] if remaining else None


def propose_joint(held: Iterable[str], week: int | None) -> CourseConversation:
    """The jobcentre conversation a fællessamtale stands for: the one due, or the one late in the period."""
    progression = load_progression()
    return propose(held, JOBCENTRE, week) or next(c for c in progression.conversations if c.always_joint)


@dataclass(frozen=True)
class CourseDecision:
    """The type a conversation gets: what the consultant said, or what the course proposes."""

    type_id: str | None
    joint: bool
    proposed: bool
    note: str | None = None  # said but not usable, in Danish


def decide(
    choice: CourseChoice | None, held: Iterable[str], organisation: str | None, week: int | None
) -> CourseDecision:
    """From "3. samtale", "cv-samtale", "rådighedssamtale", "fællessamtale" or nothing at all."""
    progression, held, choice = load_progression(), list(held), choice or CourseChoice()
    note = None
    if choice.jobcentre_number and not choice.type_id:
        note = (
            f"Forløbsmodellen har {JOBCENTRE_CONVERSATIONS} samtaler i jobcentret – der er ingen "
            f"nr. {choice.jobcentre_number}. Jeg har valgt ud fra forløbet i stedet."
        )
    chosen = progression.get(choice.type_id)
    if chosen is None and choice.availability:
        open_ = [c for c in (progression.by_id("raadighed_1"), progression.by_id("raadighed_2")) if c.id not in held]
        chosen = (open_ or [progression.by_id("raadighed_2")])[0]
    if chosen is None and choice.joint:
        chosen = propose_joint(held, week)
    if chosen is not None:
        return CourseDecision(chosen.id, _joint_allowed(chosen, choice.joint), proposed=False, note=note)
    proposal = propose(held, organisation, week)
    return CourseDecision(proposal.id if proposal else None, bool(proposal and proposal.always_joint), True, note)


def _joint_allowed(conversation: CourseConversation, asked: bool) -> bool:
    """The a-kasse's own conversations are never joint; the late one always is."""
    return conversation.always_joint or (asked and conversation.kind == JOBCENTRE)


def previous_of(type_id: str | None, held: Iterable[Held]) -> Held | None:
    """The last conversation before this one on the same side (its homework is followed up now)."""
    progression = load_progression()
    current = progression.get(type_id)
    if current is None:
        return None
    same_side = [h for h in held if (c := progression.get(h.type_id)) and c.kind == current.kind and c.id != type_id]
    return same_side[-1] if same_side else None


# --- the course as a timeline ---------------------------------------------------------------------
DONE, TODAY, NEXT, LATER, PASSED = "done", "today", "next", "later", "passed"


@dataclass(frozen=True)
class TimelineEntry:
    conversation: CourseConversation
    status: str  # done | today | next | later | passed (its window is over and it was not held)
    dates: tuple[date, ...] = ()
    joint: bool = False


def course_timeline(held: Iterable[Held], week: int | None, today: date) -> tuple[TimelineEntry, ...]:
    """Every model conversation with what happened to it: done (with dates), today, next or later.

    "Next" is marked once per side (jobcentre and a-kasse): what ``propose`` suggests after
    today. The conversation before the 16th month is listed only once it is held or near.
    """
    held = list(held)
    held_ids = [h.type_id for h in held]
    nexts = {c.id for c in (propose(held_ids, JOBCENTRE, week), propose(held_ids, A_KASSE, week)) if c is not None}
    entries = []
    for conversation in load_progression().chronological():
        mine = [h for h in held if h.type_id == conversation.id]
        if conversation.always_joint and not mine and (week is None or week <= MODEL_WEEKS):
            continue
        entries.append(_timeline_entry(conversation, mine, conversation.id in nexts, week, today))
    return tuple(entries)


def _timeline_entry(
    conversation: CourseConversation, mine: list[Held], is_next: bool, week: int | None, today: date
) -> TimelineEntry:
    dates = tuple(sorted(h.on for h in mine))
    joint = conversation.always_joint or any(h.joint for h in mine)
    if dates and dates[-1] == today:
        status = TODAY
    elif dates:
        status = DONE
    elif is_next:
        status = NEXT
    elif week is not None and week > conversation.weeks[1]:
        status = PASSED
    else:
        status = LATER
    return TimelineEntry(conversation, status, dates, joint)


def render_course_step(conversation: CourseConversation) -> str:
    """Focus and homework as plain Danish text (single newlines)."""
    lines = [f"{conversation.title} ({conversation.who.lower()}, {conversation.when.lower()})", "Fokus:"]
    lines += [f"- {point}" for point in conversation.focus]
    if conversation.prepare:
        lines.append("Borgeren forbereder sig:")
        lines += [f"- {task}" for task in conversation.prepare]
    if conversation.homework:
        lines.append("Hjemmeopgave til borgeren:")
        lines += [f"- {task}" for task in conversation.homework]
    else:
        lines.append("Ingen fast hjemmeopgave i modellen – aftal den sammen med borgeren.")
    if conversation.joint:
        lines.append(conversation.joint)
    lines.append(f"Kilde: {conversation.source}")
    return "\n".join(lines)
