"""Actions for the consultant mid-conversation: start, next step, jump, tools, status, course, end."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import (
    END_ACTION,
    GuideAction,
    Reply,
    consultant_id,
    conversation_key,
    latest_intent,
    latest_text,
    local_today,
)
from bot.guide.content import load_guide
from bot.guide.parsing import parse_conversation_start, resolve_step
from bot.guide.render import (
    closure_hint,
    render_end_summary,
    render_status,
    render_step,
    render_tool,
    render_topic_preparation,
    suggestion_lead,
)
from bot.guide.session import GuideState, suggest_next
from bot.plan.course_phrases import CourseChoice, parse_course_choice
from bot.plan.course_render import course_as_said, course_payload, render_agenda_checklist, render_course_lines
from bot.plan.errors import PlanError
from bot.plan.progression import load_progression
from bot.plan.render import render_closing, render_opening
from bot.plan.service import get_plan_service
from bot.settings import get_settings

TOOL_INTENT_PREFIX = "tool_"
PREPARATION_STEP = 2
CLOSURE_STEP = 9
JOINT_TOOL = "faellessamtale"
NO_CITIZEN_FOR_COURSE = (
    "Forløbet følger borgeren, så jeg skal kende referencen. Start samtalen med den, "
    "fx »3. samtale med B-12« eller »ny fællessamtale med B-12«."
)


def _with_hint(text: str, state: GuideState, now: float) -> str:
    hint = closure_hint(state, now, get_settings().closure_margin_min)
    return f"{text}\n{hint}" if hint else text


def _plan_context(step: int, state: GuideState, tracker: Tracker, now: float) -> tuple[str | None, list[dict]]:
    """At preparation: what was agreed before and the course; at the closure: the summary against the contract."""
    if not state.citizen_ref or step not in (PREPARATION_STEP, CLOSURE_STEP):
        return None, []
    service, key, today = get_plan_service(), conversation_key(tracker, state), local_today(now)
    try:
        if step == PREPARATION_STEP:
            opening = service.opening_summary(key)
            return render_opening(opening, today), [course_payload(opening.course)]
        return render_closing(service.closing_summary(key), today), []
    except PlanError as error:
        return error.message, []


def _step_reply(
    text: str, state: GuideState, tracker: Tracker, now: float, step: int, tool: str | None, extra: str | None = None
) -> Reply:
    context, payloads = _plan_context(step, state, tracker, now)
    body = "\n".join(part for part in (text, extra, context) if part)
    return Reply(
        _with_hint(body, state, now),
        state,
        step=step,
        tool=tool,
        plan_ref=state.citizen_ref if context else None,
        payloads=payloads,
    )


class ActionStartConversation(GuideAction):
    def name(self) -> str:
        return "action_start_conversation"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        details = parse_conversation_start(latest_text(tracker), guide)
        fresh = GuideState(
            started_at=now,
            booked_min=details.booked_min or get_settings().default_booked_min,
            citizen_ref=details.citizen_ref,
            topic=details.topic,
        ).jump(PREPARATION_STEP, now)
        who = f" med {fresh.citizen_ref}" if fresh.citizen_ref else ""
        topic = guide.topic(details.topic) if details.topic else None
        about = f" om {topic.title}" if topic else ""
        lines = [details.ref_problem] if details.ref_problem else []  # said at once, before anything else
        lines += [
            f"Ny samtale{who}{about} – {fresh.booked_min} min. Uret er startet.",
            render_step(guide.step(PREPARATION_STEP), guide),
        ]
        if topic:
            lines.append(render_topic_preparation(topic))
        else:
            lines.append(
                "Tip: skriv emnet med, fx »ny samtale om brancheskift«, så får du forberedelsespunkter til det."
            )
        if not fresh.citizen_ref:
            return _start_without_citizen(lines, fresh, details.course, now)
        try:
            opening = get_plan_service().start_conversation(
                conversation_key(tracker, fresh),
                consultant_id(tracker),
                fresh.citizen_ref,
                topic=topic.title if topic else None,
                booked_min=fresh.booked_min,
                started_at=now,
                course=details.course,
            )
        except PlanError as error:
            lines.append(error.message)
            return Reply("\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse")
        lines.append(render_opening(opening, local_today(now)))
        return Reply(
            "\n".join(lines),
            fresh,
            step=PREPARATION_STEP,
            tool="forberedelse",
            plan_ref=fresh.citizen_ref,
            payloads=[course_payload(opening.course)],
        )


def _start_without_citizen(lines: list[str], fresh: GuideState, choice: CourseChoice, now: float) -> Reply:
    """No reference: the course cannot be followed, but a type that was said still shows its focus."""
    course = course_as_said(choice)
    payloads = []
    if course is not None:
        lines += render_course_lines(course, local_today(now))
        payloads.append(course_payload(course))
    lines.append("Uden en reference kan jeg ikke gemme aftaler eller følge borgerens forløb.")
    return Reply("\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse", payloads=payloads)


class ActionNextStep(GuideAction):
    def name(self) -> str:
        return "action_next_step"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        suggestion = suggest_next(state, now)
        moved = state.jump(suggestion.step, now) if suggestion.tool is None else state.visit(suggestion.step, now)
        body = (
            render_tool(guide.tool(suggestion.tool), guide)
            if suggestion.tool
            else render_step(guide.step(suggestion.step), guide)
        )
        lead = suggestion_lead(suggestion, state, now)
        text = f"{lead}\n{body}" if lead else body
        return _step_reply(text, moved, tracker, now, suggestion.step, suggestion.tool)


class ActionGotoStep(GuideAction):
    def name(self) -> str:
        return "action_goto_step"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        number = resolve_step(latest_text(tracker), guide)
        if number is None:
            return Reply("Hvilket trin? Skriv et tal fra 1 til 9, fx »trin 4«, eller »næste trin«.", state)
        moved = state.jump(number, now)
        return _step_reply(render_step(guide.step(number), guide), moved, tracker, now, number, None)


class ActionShowTool(GuideAction):
    def name(self) -> str:
        return "action_show_tool"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        tool_id = latest_intent(tracker).removeprefix(TOOL_INTENT_PREFIX)
        if tool_id not in guide.tools:
            return Reply("Det værktøj kender jeg ikke. Skriv »hjælp« for at se, hvad jeg kan.", state)
        tool = guide.tool(tool_id)
        moved = state.visit(tool.step, now)
        extra = _joint_checklist(state, tracker) if tool.id == JOINT_TOOL else None
        return _step_reply(render_tool(tool, guide), moved, tracker, now, tool.step, tool.id, extra)


def _joint_checklist(state: GuideState, tracker: Tracker) -> str:
    """The fællessamtale tool also gives the agenda as a checklist, and says how to mark today's conversation."""
    lines = [render_agenda_checklist(load_progression().joint)]
    if state.citizen_ref:
        try:
            joint = get_plan_service().opening_summary(conversation_key(tracker, state)).conversation.joint
        except PlanError:
            joint = True  # nothing to mark
        if not joint:
            lines.append(
                "Er det dagens samtale? Skriv »det er en fællessamtale«, så kommer dagsordenen og planen "
                "med i forberedelsen og i cockpittets tjekliste."
            )
    return "\n".join(lines)


class ActionSetCourse(GuideAction):
    """ "det er 3. samtale", "det er cv-samtalen", "det er en fællessamtale", "12. ledighedsuge"."""

    def name(self) -> str:
        return "action_set_course"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        if not state.citizen_ref:
            return Reply(NO_CITIZEN_FOR_COURSE, state)
        choice = parse_course_choice(latest_text(tracker))
        try:
            opening = get_plan_service().set_course(conversation_key(tracker, state), choice)
        except PlanError as error:
            return Reply(error.message, state)
        lines = ["Forløbet er opdateret.", *render_course_lines(opening.course, local_today(now))]
        return Reply("\n".join(lines), state, payloads=[course_payload(opening.course)])


class ActionStatus(GuideAction):
    def name(self) -> str:
        return "action_status"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        return Reply(render_status(state, now, suggest_next(state, now), guide), state)


class ActionEndConversation(GuideAction):
    def name(self) -> str:
        return END_ACTION

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        summary = render_end_summary(state, now, load_guide())
        if state.citizen_ref:
            try:
                get_plan_service().end_conversation(conversation_key(tracker, state), ended_at=now)
            except PlanError as error:
                summary += f"\n{error.message}"
        return Reply(summary, state, clear_state=True)
