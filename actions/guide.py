"""Actions for the consultant mid-conversation: start, next step, jump, tools, status, end."""
from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import END_ACTION, GuideAction, Reply, latest_intent, latest_text
from bot.guide.content import load_guide
from bot.guide.parsing import parse_conversation_start, resolve_step
from bot.guide.render import (
    closure_hint, render_end_summary, render_status, render_step, render_tool,
    render_topic_preparation, suggestion_lead,
)
from bot.guide.session import GuideState, suggest_next
from bot.settings import get_settings

TOOL_INTENT_PREFIX = "tool_"
PREPARATION_STEP = 2


def _with_hint(text: str, state: GuideState, now: float) -> str:
    hint = closure_hint(state, now, get_settings().closure_margin_min)
    return f"{text}\n{hint}" if hint else text


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
        who = f" med {details.citizen_ref}" if details.citizen_ref else ""
        topic = guide.topic(details.topic) if details.topic else None
        about = f" om {topic.title}" if topic else ""
        lines = [f"Ny samtale{who}{about} – {fresh.booked_min} min. Uret er startet.", render_step(guide.step(PREPARATION_STEP), guide)]
        if topic:
            lines.append(render_topic_preparation(topic))
        else:
            lines.append("Tip: skriv emnet med, fx »ny samtale om brancheskift«, så får du forberedelsespunkter til det.")
        return Reply("\n".join(lines), fresh, step=PREPARATION_STEP, tool="forberedelse")


class ActionNextStep(GuideAction):
    def name(self) -> str:
        return "action_next_step"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        suggestion = suggest_next(state, now)
        moved = state.jump(suggestion.step, now) if suggestion.tool is None else state.visit(suggestion.step, now)
        body = render_tool(guide.tool(suggestion.tool), guide) if suggestion.tool else render_step(guide.step(suggestion.step), guide)
        lead = suggestion_lead(suggestion, state, now)
        text = f"{lead}\n{body}" if lead else body
        return Reply(_with_hint(text, moved, now), moved, step=suggestion.step, tool=suggestion.tool)


class ActionGotoStep(GuideAction):
    def name(self) -> str:
        return "action_goto_step"

    def respond(self, state: GuideState, now: float, tracker: Tracker) -> Reply:
        guide = load_guide()
        number = resolve_step(latest_text(tracker), guide)
        if number is None:
            return Reply("Hvilket trin? Skriv et tal fra 1 til 9, fx »trin 4«, eller »næste trin«.", state)
        moved = state.jump(number, now)
        return Reply(_with_hint(render_step(guide.step(number), guide), moved, now), moved, step=number)


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
        return Reply(_with_hint(render_tool(tool, guide), moved, now), moved, step=tool.step, tool=tool.id)


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
        return Reply(render_end_summary(state, now, load_guide()), state, clear_state=True)
