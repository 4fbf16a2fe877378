"""Actions for the consultant mid-conversation: start, next step, jump, tools, status, course, end, choices, »mere«."""

from __future__ import annotations

from dataclasses import replace

from rasa_sdk import Tracker

from actions.base import (
    GuideAction,
    Reply,
    Request,
    choices_reply,
    consultant_id,
    conversation_key,
    local_today,
)
from actions.conversation import NOT_UNDERSTOOD
from bot.guide.content import load_guide
from bot.guide.parsing import parse_conversation_start, resolve_step
from bot.guide.render import (
    CAPABILITIES,
    MORE_HINT,
    closure_hint,
    render_end_summary,
    render_status,
    render_step,
    render_step_essentials,
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
START_SHOWN = {"kind": "start"}
PREPARATION_STEP = 2
CLOSURE_STEP = 9
OK_OUTSIDE_QUESTION = "Okay. Skriv »næste trin«, når I er klar til at gå videre."
START_HINT = "Tip: skriv emnet med, fx »ny samtale om brancheskift«, så får du forberedelsespunkter til det."
JOINT_TOOL = "faellessamtale"
NO_CITIZEN_FOR_COURSE = (
    "Forløbet følger borgeren, så jeg skal kende referencen. Start samtalen med den, "
    "fx »3. samtale med B-12« eller »ny fællessamtale med B-12«."
)


def _with_hint(text: str, state: GuideState, now: float) -> str:
    hint = closure_hint(state, now, get_settings().closure_margin_min)
    return f"{text}\n{hint}" if hint else text


def _plan_context(
    step: int, state: GuideState, tracker: Tracker, now: float, brief: bool
) -> tuple[str | None, list[dict]]:
    """At preparation: what was agreed before and the course; at the closure: the summary against the contract."""
    if not state.citizen_ref or step not in (PREPARATION_STEP, CLOSURE_STEP):
        return None, []
    service, key, today = get_plan_service(), conversation_key(tracker, state), local_today(now)
    try:
        if step == PREPARATION_STEP:
            opening = service.opening_summary(key)
            return render_opening(opening, today, brief=brief), [course_payload(opening.course)]
        return render_closing(service.closing_summary(key), today), []
    except PlanError as error:
        return error.message, []


def _step_reply(
    text: str,
    state: GuideState,
    tracker: Tracker,
    now: float,
    step: int,
    tool: str | None,
    shown: dict,
    extra: str | None = None,
) -> Reply:
    """A brief step or tool answer: the guidance, what the plan says at steps 2 and 9, »mere«."""
    context, payloads = _plan_context(step, state, tracker, now, brief=True)
    body = "\n".join(part for part in (text, extra, context, MORE_HINT) if part)
    return Reply(
        _with_hint(body, state, now),
        state,
        step=step,
        tool=tool,
        plan_ref=state.citizen_ref if context else None,
        shown=shown,
        payloads=payloads,
    )


def _unsure(state: GuideState, request: Request) -> Reply | None:
    """A request that resets the conversation is only carried out when the guide is sure of it."""
    if request.sure:
        return None
    choices = request.choices()
    return choices_reply(state, choices) if len(choices) > 1 else None


class ActionStartConversation(GuideAction):
    def name(self) -> str:
        return "action_start_conversation"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        unsure = _unsure(state, request)
        if unsure:
            return unsure
        guide = load_guide()
        details = parse_conversation_start(request.text, guide)
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
            render_step_essentials(guide.step(PREPARATION_STEP)),
        ]
        if not topic:
            lines.append(START_HINT)
        more = "Skriv »mere« for resten – også om emnet." if topic else "Skriv »mere« for resten."
        if not fresh.citizen_ref:
            return _start_without_citizen(lines, fresh, details.course, now, more)
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
            lines += [error.message, more]
            return Reply("\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse", shown=START_SHOWN)
        lines += [render_opening(opening, local_today(now), brief=True), more]
        return Reply(
            "\n".join(lines),
            fresh,
            step=PREPARATION_STEP,
            tool="forberedelse",
            plan_ref=fresh.citizen_ref,
            shown=START_SHOWN,
            payloads=[course_payload(opening.course)],
        )


def _start_without_citizen(lines: list[str], fresh: GuideState, choice: CourseChoice, now: float, more: str) -> Reply:
    """No reference: the course cannot be followed, but a type that was said still shows its focus."""
    course = course_as_said(choice)
    payloads = []
    if course is not None:
        lines += render_course_lines(course, local_today(now))
        payloads.append(course_payload(course))
    lines += ["Uden en reference kan jeg ikke gemme aftaler eller følge borgerens forløb.", more]
    return Reply(
        "\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse", shown=START_SHOWN, payloads=payloads
    )


class ActionNextStep(GuideAction):
    def name(self) -> str:
        return "action_next_step"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        guide = load_guide()
        suggestion = suggest_next(state, now)
        if suggestion.tool is None:
            moved = state.jump(suggestion.step, now)
            body = render_step(guide.step(suggestion.step), guide, brief=True)
            shown = {"kind": "step", "id": suggestion.step}
        else:
            moved = state.visit(suggestion.step, now)
            body = render_tool(guide.tool(suggestion.tool), guide, brief=True)
            shown = {"kind": "tool", "id": suggestion.tool}
        lead = suggestion_lead(suggestion, state, now)
        text = f"{lead}\n{body}" if lead else body
        return _step_reply(text, moved, tracker, now, suggestion.step, suggestion.tool, shown)


class ActionGotoStep(GuideAction):
    def name(self) -> str:
        return "action_goto_step"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        guide = load_guide()
        number = resolve_step(request.text, guide)
        if number is None:
            return Reply("Hvilket trin? Skriv et tal fra 1 til 9, fx »trin 4«, eller »næste trin«.", state)
        moved = state.jump(number, now)
        text = render_step(guide.step(number), guide, brief=True)
        return _step_reply(text, moved, tracker, now, number, None, {"kind": "step", "id": number})


class ActionShowTool(GuideAction):
    def name(self) -> str:
        return "action_show_tool"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        guide = load_guide()
        tool_id = request.intent.removeprefix(TOOL_INTENT_PREFIX)
        if tool_id not in guide.tools:
            return Reply("Det værktøj kender jeg ikke. Skriv »hjælp« for at se, hvad jeg kan.", state)
        tool = guide.tool(tool_id)
        moved = state.show_tool(tool.id, tool.step, now)
        text = render_tool(tool, guide, brief=True)
        extra = _joint_checklist(state, tracker) if tool.id == JOINT_TOOL else None
        return _step_reply(text, moved, tracker, now, tool.step, tool.id, {"kind": "tool", "id": tool.id}, extra)


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

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        if not state.citizen_ref:
            return Reply(NO_CITIZEN_FOR_COURSE, state)
        choice = parse_course_choice(request.text)
        try:
            opening = get_plan_service().set_course(conversation_key(tracker, state), choice)
        except PlanError as error:
            return Reply(error.message, state)
        lines = ["Forløbet er opdateret.", *render_course_lines(opening.course, local_today(now))]
        return Reply("\n".join(lines), state, payloads=[course_payload(opening.course)])


class ActionStatus(GuideAction):
    def name(self) -> str:
        return "action_status"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        guide = load_guide()
        return Reply(render_status(state, now, suggest_next(state, now), guide), state)


class ActionEndConversation(GuideAction):
    def name(self) -> str:
        return "action_end_conversation"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        unsure = _unsure(state, request)
        if unsure:
            return unsure
        if state.started_at is None:
            return Reply("Der er ingen samtale i gang. Skriv »ny samtale« for at starte en.", state)
        ended = replace(state, ended_at=now)
        summary = render_end_summary(ended, now, load_guide())
        if state.citizen_ref:
            try:
                get_plan_service().end_conversation(conversation_key(tracker, state), ended_at=now)
            except PlanError as error:
                summary += f"\n{error.message}"
        return Reply(summary, ended, clear_state=True)


class ActionGuideFallback(GuideAction):
    """The model was unsure (``nlu_fallback``): offer the most likely requests as numbered choices."""

    def name(self) -> str:
        return "action_guide_fallback"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        choices = request.choices()
        if len(choices) < 2:
            return Reply(NOT_UNDERSTOOD + CAPABILITIES, state)
        return choices_reply(state, choices)


class ActionYesNoOutsideQuestion(GuideAction):
    """ "ja"/"nej" when nothing was asked. A situation that only reads like a no ("hun tror ikke på
    det") is not waved through: below ``SURE_CONFIDENCE`` the guide requests behind it are offered."""

    def name(self) -> str:
        return "action_yes_no_outside_question"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        choices = [] if request.sure else request.choices()
        if choices:
            return choices_reply(state, choices)
        return Reply(OK_OUTSIDE_QUESTION, state)


class ActionShowMore(GuideAction):
    """»mere«: the whole guidance behind the last brief reply, with its source."""

    def name(self) -> str:
        return "action_show_more"

    def respond(self, state: GuideState, now: float, tracker: Tracker, request: Request) -> Reply:
        shown = tracker.get_slot("last_shown")
        text = self.full_text(shown, state, tracker, now) if isinstance(shown, dict) else None
        if not text:
            return Reply("Der er ikke mere at vise lige nu. Skriv fx »næste trin« eller beskriv situationen.", state)
        return Reply(text, state)

    @staticmethod
    def full_text(shown: dict, state: GuideState, tracker: Tracker, now: float) -> str | None:
        guide = load_guide()
        kind, item = shown.get("kind"), shown.get("id")
        if kind == "tool" and item in guide.tools:
            return render_tool(guide.tool(item), guide)
        if kind == "step" and item in guide.steps:
            context, _ = _plan_context(int(item), state, tracker, now, brief=False)
            return "\n".join(p for p in (render_step(guide.step(int(item)), guide), context) if p)
        if kind == "start":
            parts = [render_step(guide.step(PREPARATION_STEP), guide)]
            if state.topic in guide.topics:
                parts.append(render_topic_preparation(guide.topic(state.topic)))
            parts.append(_plan_context(PREPARATION_STEP, state, tracker, now, brief=False)[0])
            return "\n".join(p for p in parts if p)
        return None
