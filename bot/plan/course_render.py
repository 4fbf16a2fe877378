"""Danish texts and the cockpit payload for a conversation's place in the course.

The type and why it was chosen, the week of unemployment and what the model says is due,
the homework from the last conversation on the same side, the type's focus, and for a
fællessamtale the agenda as a checklist, who brings what, and the shared plan. Single
newlines throughout (one guide answer arrives as one message).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.plan.course_phrases import CourseChoice
from bot.plan.deadlines import format_date
from bot.plan.progression import (
    A_KASSE,
    CourseConversation,
    JointConversation,
    TimelineEntry,
    course_timeline,
    load_progression,
    render_course_step,
    week_on,
)
from bot.plan.views import CourseView, PlanView

CHECKBOX = "☐"
SIDE_LABELS = {"jobcenter": "jobcentret", "a-kasse": "a-kassen"}
TIMELINE_LABELS = {
    "done": "holdt",
    "today": "i dag",
    "next": "næste",
    "later": "senere",
    "passed": "ikke holdt",
}


def type_label(conversation: CourseConversation | None, joint: bool) -> str:
    """ "3. samtale i jobcentret", "5. samtale i jobcentret – fællessamtale med a-kassen"."""
    if conversation is None:
        return "ingen samtale i modellen"
    if joint and not conversation.always_joint:
        return f"{conversation.title} – fællessamtale med a-kassen"
    return conversation.title


def _correction_hint(conversation: CourseConversation) -> str:
    if conversation.kind == A_KASSE:
        return "»det er cv-samtalen« eller »det er anden rådighedssamtale«"
    return "»det er 3. samtale« eller »det er en fællessamtale«"


def render_course_lines(course: CourseView, today: date, brief: bool = False) -> list[str]:
    """The type, the week and what is due, the homework to follow up, the focus, the joint agenda.

    ``brief`` (the start message, which must fit one screen) keeps the type, shorter, and the week;
    the rest comes with »mere« and stands in the cockpit's course panel.
    """
    lines: list[str] = []
    if course.note:
        lines.append(course.note)
    lines.append(_brief_type_line(course) if brief else _type_line(course))
    if course.week:
        due = ", ".join(c.title for c in course.due) or "ingen samtale i modellens første 26 uger"
        lines.append(f"Borgeren er i {course.week}. ledighedsuge – i modellen er det tid til: {due}.")
    if brief:
        return lines
    if course.previous and course.previous.homework:
        when = f", {format_date(course.previous_on, today)}" if course.previous_on else ""
        lines.append(f"Følg op på hjemmeopgaven fra {course.previous.title.lower()}{when}:")
        lines += [f"- {task}" for task in course.previous.homework]
    if course.conversation is not None:
        lines.append(render_course_step(course.conversation))
    if course.joint:
        lines.append(render_joint(load_progression().joint, course.organisation))
    return lines


def _type_line(course: CourseView) -> str:
    if course.conversation is None and not course.proposed:
        return "Samtaletype: fællessamtale med a-kassen." if course.joint else "Samtaletype: ikke angivet."
    if course.conversation is None:
        side = SIDE_LABELS.get(course.organisation or "jobcenter", "jobcentret")
        return (
            f"Forløbsmodellen har ikke flere samtaler i {side} i de første 26 uger – "
            "sig, hvilken samtale det er, fx »det er 6. samtale«."
        )
    label = type_label(course.conversation, course.joint)
    if course.proposed:
        return f"Samtaletype: {label} (foreslået ud fra forløbet – ret med {_correction_hint(course.conversation)})."
    return f"Samtaletype: {label}."


def _brief_type_line(course: CourseView) -> str:
    """ "Samtaletype: 4. samtale i jobcentret (foreslået – ret med »det er …«)." """
    if course.conversation is None or not course.proposed:
        return _type_line(course)
    return f"Samtaletype: {type_label(course.conversation, course.joint)} (foreslået – ret med »det er …«)."


def course_as_said(choice: CourseChoice) -> CourseView | None:
    """Without a citizen the course cannot propose anything: only a type that was said is shown."""
    conversation = load_progression().get(choice.type_id)
    if conversation is None and not choice.joint:
        return None
    joint = bool(conversation and conversation.always_joint) or (
        choice.joint and (conversation is None or conversation.kind != A_KASSE)
    )
    return CourseView(conversation, joint, proposed=False, organisation=None, week=choice.week)


def render_agenda_checklist(joint: JointConversation) -> str:
    lines = [f"{joint.title} – dagsorden (sæt kryds undervejs):"]
    lines += [f"{CHECKBOX} {n}. {item.title}: {item.text}" for n, item in enumerate(joint.agenda, start=1)]
    return "\n".join(lines)


def render_joint(joint: JointConversation, organisation: str | None) -> str:
    """The fællessamtale: agenda as a checklist, who brings what, the plan, and what to agree beforehand."""
    lines = [render_agenda_checklist(joint), "Hvem bidrager med hvad:"]
    roles = (
        sorted(joint.roles, key=lambda role: role.who.lower() != "a-kassen") if organisation == A_KASSE else joint.roles
    )
    for role in roles:
        mine = " (dig)" if SIDE_LABELS.get(organisation or "") == role.who.lower() else ""
        lines.append(f"- {role.who}{mine}: " + " ".join(role.does))
    lines.append(joint.stance)
    lines.append("Den fælles plan skal rumme:")
    lines += [f"{CHECKBOX} {item}" for item in joint.plan]
    lines.append("Aftal på forhånd mellem jobcentret og a-kassen:")
    lines += [f"- {item}" for item in joint.before]
    lines.append("Skriv hver aftale med ejer, fx »aftale: a-kassen sender to jobopslag inden fredag«.")
    lines.append(f"Kilde: {joint.source}")
    return "\n".join(lines)


def course_payload(course: CourseView | None) -> dict[str, Any]:
    """The ``{"course": {...}}`` payload for the cockpit's course panel (checklists included)."""
    if course is None:
        return {"course": None}
    conversation, joint = course.conversation, load_progression().joint
    return {
        "course": {
            "type": conversation.id if conversation else None,
            "title": type_label(conversation, course.joint),
            "who": conversation.who if conversation else None,
            "when": conversation.when if conversation else None,
            "proposed": course.proposed,
            "joint": course.joint,
            "organisation": course.organisation,
            "week": course.week,
            "due": [{"id": c.id, "title": c.title} for c in course.due],
            "focus": list(conversation.focus) if conversation else [],
            "prepare": list(conversation.prepare) if conversation else [],
            "homework": list(conversation.homework) if conversation else [],
            "follow_up": (
                {"title": course.previous.title, "homework": list(course.previous.homework)}
                if course.previous and course.previous.homework
                else None
            ),
            "agenda": [{"title": i.title, "text": i.text} for i in joint.agenda] if course.joint else [],
            "roles": [{"who": r.who, "does": list(r.does)} for r in joint.roles] if course.joint else [],
            "plan": list(joint.plan) if course.joint else [],
            "source": conversation.source if conversation else None,
        }
    }


def plan_timeline(plan: PlanView, today: date) -> tuple[TimelineEntry, ...]:
    """The citizen's course as a timeline on ``today`` (the week moves on by itself)."""
    return course_timeline(plan.held, week_on(plan.unemployed_since, today), today)


def plan_course_lines(plan: PlanView, today: date) -> list[str]:
    """ "Forløbet" in the plan's Markdown and PDF: the week, then one line per model conversation."""
    week = week_on(plan.unemployed_since, today)
    lines = [f"{week}. ledighedsuge i dag." if week else "Ledighedsugen er ikke registreret."]
    return lines + timeline_lines(plan_timeline(plan, today), today)


def timeline_dict(plan: PlanView, today: date) -> dict[str, Any]:
    """The course in the JSON export."""
    return {
        "unemployed_since": plan.unemployed_since.isoformat() if plan.unemployed_since else None,
        "week": week_on(plan.unemployed_since, today),
        "timeline": [
            {
                "type": e.conversation.id,
                "title": e.conversation.title,
                "status": e.status,
                "dates": [day.isoformat() for day in e.dates],
                "joint": e.joint,
            }
            for e in plan_timeline(plan, today)
        ],
    }


def timeline_lines(entries: tuple[TimelineEntry, ...], today: date) -> list[str]:
    """ "✓ CV-samtalen – holdt mandag d. 3. november", "→ 3. samtale i jobcentret – næste"."""
    marks = {"done": "✓", "today": "●", "next": "→", "later": "○", "passed": "–"}
    lines = []
    for entry in entries:
        when = ", ".join(format_date(day, today) for day in entry.dates)
        status = TIMELINE_LABELS[entry.status] + (f" {when}" if when and entry.status == "done" else "")
        joint = " (fællessamtale)" if entry.joint and not entry.conversation.always_joint else ""
        window = f" ({entry.conversation.when.lower()})" if entry.status in ("next", "later") else ""
        lines.append(f"{marks[entry.status]} {entry.conversation.title}{joint}{window} – {status}")
    return lines
