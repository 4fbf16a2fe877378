"""Actions for the consultant mid-conversation: start, next step, jump, tools, status, end."""

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
from bot.plan.errors import PlanError
from bot.plan.render import render_closing, render_opening
from bot.plan.service import get_plan_service, validate_citizen_ref
from bot.settings import get_settings

TOOL_INTENT_PREFIX = "tool_"
PREPARATION_STEP = 2
CLOSURE_STEP = 9


def _with_hint(text: str, state: GuideState, now: float) -> str:
    hint = closure_hint(state, now, get_settings().closure_margin_min)
    return f"{text}\n{hint}" if hint else text


def _plan_context(step: int, state: GuideState, tracker: Tracker, now: float) -> str | None:
    """At preparation: what was agreed before; at the closure: the summary against the contract."""
    if not state.citizen_ref or step not in (PREPARATION_STEP, CLOSURE_STEP):
        return None
    service, key, today = get_plan_service(), conversation_key(tracker, state), local_today(now)
    try:
        if step == PREPARATION_STEP:
            return render_opening(service.opening_summary(key), today)
        return render_closing(service.closing_summary(key), today)
    except PlanError as error:
        return error.message


def _step_reply(text: str, state: GuideState, tracker: Tracker, now: float, step: int, tool: str | None) -> Reply:
    context = _plan_context(step, state, tracker, now)
    body = f"{text}\n{context}" if context else text
    return Reply(
        _with_hint(body, state, now), state, step=step, tool=tool, plan_ref=state.citizen_ref if context else None
    )


def _usable_citizen_ref(ref: str | None) -> tuple[str | None, str | None]:
    """The reference as the plan store will take it, or None and why not (a CPR number is never repeated or kept)."""
    if not ref:
        return None, None
    try:
        return validate_citizen_ref(ref), None
    except PlanError as error:
        return None, error.message


class ActionStartConversation(GuideAction):
    def name(self) -> str:
        return "action_start_conversation"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        details = parse_conversation_start(latest_text(tracker), guide)
        citizen_ref, refused = _usable_citizen_ref(details.citizen_ref)
        fresh = GuideState(
            started_at=now,
            booked_min=details.booked_min or get_settings().default_booked_min,
            citizen_ref=citizen_ref,
            topic=details.topic,
        ).jump(PREPARATION_STEP, now)
        who = f" med {fresh.citizen_ref}" if fresh.citizen_ref else ""
        topic = guide.topic(details.topic) if details.topic else None
        about = f" om {topic.title}" if topic else ""
        lines = [
            f"Ny samtale{who}{about} – {fresh.booked_min} min. Uret er startet.",
            render_step(guide.step(PREPARATION_STEP), guide),
        ]
        if topic:
            lines.append(render_topic_preparation(topic))
        else:
            lines.append(
                "Tip: skriv emnet med, fx »ny samtale om brancheskift«, så får du forberedelsespunkter til det."
            )
        if refused:
            lines.append(refused)
        if not fresh.citizen_ref:
            return Reply("\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse")
        try:
            opening = get_plan_service().start_conversation(
                conversation_key(tracker, fresh),
                consultant_id(tracker),
                fresh.citizen_ref,
                topic=topic.title if topic else None,
                booked_min=fresh.booked_min,
                started_at=now,
            )
        except PlanError as error:
            lines.append(error.message)
            return Reply("\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse")
        lines.append(render_opening(opening, local_today(now)))
        return Reply("\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse", plan_ref=fresh.citizen_ref)


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
        return _step_reply(render_tool(tool, guide), moved, tracker, now, tool.step, tool.id)


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
