"""Danish texts for the consultant, rendered from the guide content.

Lines are separated by single newlines: Rasa's REST channel splits a text into several
messages at blank lines, and one guide answer should arrive as one message.

Brief by default: mid-conversation a reply must be read at a glance, so a step or a tool is
shown with its purpose, three things to do, one thing to say and one pitfall; »mere« shows the
whole guidance with its source (``brief=False``).
"""

from __future__ import annotations

import re

from bot.guide.content import Guide, Step, Tool, Topic
from bot.guide.session import GuideState, Reason, Suggestion

BRIEF_ITEMS = 3
MORE_HINT = "Skriv »mere« for hele vejledningen."
_PAGES = re.compile(r"\(s\. ([\d–-]+)\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")


def _bullets(items: tuple[str, ...] | list[str], quote: bool = False) -> list[str]:
    return [f"• »{item}«" if quote else f"• {item}" for item in items]


def _guidance(heading: str, purpose: str, how_label: str, how, say, pitfalls, footer: list[str]) -> str:
    return "\n".join(
        [
            heading,
            purpose,
            how_label,
            *_bullets(how),
            "Sig fx:",
            *_bullets(say, quote=True),
            "Pas på:",
            *_bullets(pitfalls),
            *footer,
        ]
    )


def page_of(source: str) -> str:
    """ "s. 12-13" from a source like "Ni-trinsguiden, trin 4: … (s. 12-13)" (the first page named)."""
    found = _PAGES.search(source)
    return f"s. {found.group(1)}" if found else source


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _brief(heading: str, purpose: str, how, say, pitfalls) -> str:
    return "\n".join(
        [
            heading,
            first_sentence(purpose),
            *_bullets(how[:BRIEF_ITEMS]),
            f"Sig fx: »{say[0]}«",
            f"Pas på: {pitfalls[0][0].lower()}{pitfalls[0][1:]}",
        ]
    )


def render_step(step: Step, guide: Guide, brief: bool = False) -> str:
    if brief:
        heading = f"Trin {step.number} – {step.title} (håndbogen {page_of(step.source)})"
        return _brief(heading, step.purpose, step.do, step.say, step.pitfalls)
    tool_names = ", ".join(guide.tool(t).title for t in step.tools)
    return _guidance(
        f"Trin {step.number} – {step.title}",
        step.purpose,
        "Gør sådan:",
        step.do,
        step.say,
        step.pitfalls,
        [f"Værktøjer på dette trin: {tool_names}", f"Kilde: {step.source}"],
    )


def render_step_essentials(step: Step) -> str:
    """The start of a conversation: the step's heading and three things to do, nothing more."""
    return "\n".join([f"Trin {step.number} – {step.title} ({page_of(step.source)})", *_bullets(step.do[:BRIEF_ITEMS])])


def render_tool(tool: Tool, guide: Guide, brief: bool = False) -> str:
    step = guide.step(tool.step)
    if brief:
        heading = f"{tool.title} – trin {step.number} (håndbogen {page_of(tool.source)})"
        return _brief(heading, tool.purpose, tool.how, tool.say, tool.pitfalls)
    return _guidance(
        f"{tool.title} (trin {step.number} – {step.title})",
        tool.purpose,
        "Sådan gør du:",
        tool.how,
        tool.say,
        tool.pitfalls,
        [f"Kilde: {tool.source}"],
    )


def render_topic_preparation(topic: Topic) -> str:
    return "\n".join([f"Forbered emnet »{topic.title}«:", *_bullets(topic.prepare)])


def danish_list(items: list[str] | tuple[str, ...]) -> str:
    """ "1, 6 og 7" """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def describe_time(state: GuideState, now: float) -> str:
    if state.started_at is None:
        return f"Samtalen er ikke startet endnu (booket: {state.booked_min} min)."
    remaining = state.remaining_min(now)
    left = f"{remaining} min tilbage" if remaining >= 0 else f"{-remaining} min over tiden"
    if state.ended_at is not None:
        return f"Samtalen er afsluttet efter {state.elapsed_min(now)} af {state.booked_min} min."
    return f"Tid: {state.elapsed_min(now)} af {state.booked_min} min ({left})."


def suggestion_lead(suggestion: Suggestion, state: GuideState, now: float) -> str | None:
    if suggestion.reason is Reason.CLOSURE_DUE:
        return f"Der er {max(state.remaining_min(now), 0)} min tilbage af samtalen – tid til at runde af."
    if suggestion.reason is Reason.TIMEOUT_DUE:
        since = "starten" if state.last_timeout_at is None else "sidste timeout"
        return f"Der er gået {state.minutes_since_timeout(now)} min siden {since}. Tag en kort timeout nu:"
    if suggestion.reason is Reason.FINISHED:
        return "I er ved afslutningen. Når borgeren er gået, så skriv »afslut samtalen«."
    return None


def closure_hint(state: GuideState, now: float, closure_margin_min: int) -> str | None:
    """A reminder when time is short and the closure has not begun (a saved agreement is no closure)."""
    if not state.running or state.current_step == 9:
        return None
    remaining = state.remaining_min(now)
    if remaining <= closure_margin_min:
        return f"⏱ Der er {max(remaining, 0)} min tilbage – husk at runde af (skriv »afslutning«)."
    return None


def describe_steps(state: GuideState) -> str:
    """Which steps were visited and which not – never "all done" unless all nine were."""
    if not state.visited:
        return "Besøgte trin: ingen endnu."
    if not state.unvisited:
        return f"Besøgte trin: {danish_list(state.visited)} – alle ni trin er gennemgået."
    return f"Besøgte trin: {danish_list(state.visited)}. Ikke besøgt: {danish_list(state.unvisited)}."


def describe_suggestion(suggestion: Suggestion, guide: Guide) -> str:
    if suggestion.reason is Reason.FINISHED:
        return "Forslag: afslut samtalen, når borgeren er gået (skriv »afslut samtalen«)."
    nxt = guide.step(suggestion.step)
    why = {Reason.TIMEOUT_DUE: " – tid til en timeout", Reason.CLOSURE_DUE: " – tiden er ved at løbe ud"}
    return f"Forslag: trin {nxt.number} – {nxt.title}{why.get(suggestion.reason, '')} (skriv »næste trin«)."


def render_status(state: GuideState, now: float, suggestion: Suggestion, guide: Guide) -> str:
    if state.started_at is None and state.ended_at is not None:
        return "Der er ingen samtale i gang – den sidste er afsluttet. Skriv »ny samtale« for at starte den næste."
    lines = []
    if state.citizen_ref or state.topic:
        who = f"Samtale med {state.citizen_ref}" if state.citizen_ref else "Samtale"
        topic = f" om {guide.topic(state.topic).title}" if state.topic in guide.topics else ""
        lines.append(who + topic + ".")
    if state.current_step is None:
        lines.append("I er ikke gået i gang med trinene endnu.")
    else:
        lines.append(f"I er på trin {state.current_step} – {guide.step(state.current_step).title}.")
    lines.append(describe_steps(state))
    lines.append(describe_time(state, now))
    if state.started_at is not None:
        lines.append(
            "Ingen timeout endnu."
            if state.last_timeout_at is None
            else f"Seneste timeout for {state.minutes_since_timeout(now)} min siden."
        )
    lines.append(describe_suggestion(suggestion, guide))
    return "\n".join(lines)


def render_end_summary(state: GuideState, now: float, guide: Guide) -> str:
    lines = ["Samtalen er afsluttet i guiden. Uret er stoppet."]
    if state.started_at is not None:
        lines.append(f"Varighed: {state.elapsed_min(now)} min af {state.booked_min} bookede.")
    visited = danish_list(state.visited) or "ingen"
    lines.append(f"Trin I var omkring: {visited}.")
    reminders = [
        (3, "Der blev ikke lavet kontrakt (trin 3) – den sætter retningen, så tag den med næste gang."),
        (6, "Der blev ikke taget nogen timeout (trin 6)."),
        (9, "Der blev ikke lavet en afslutning (trin 9) med opsummering, aftaler og evaluering."),
    ]
    missing = [text for step, text in reminders if step not in state.visited]
    if missing:
        lines.append("Til næste gang:")
        lines.extend(_bullets(missing))
    else:
        lines.append("Kontrakt, timeout og afslutning var alle med – flot.")
    lines.append("Skriv »ny samtale« for at starte den næste.")
    return "\n".join(lines)


CAPABILITIES = "\n".join(
    [
        "Jeg er din guide til den jobrettede samtale i ni trin. Skriv fx:",
        "• »ny samtale med B-12 om brancheskift 30 min« – start en samtale",
        "• »3. samtale med B-12«, »cv-samtale med B-12«, »ny fællessamtale med B-12« – samtalens type i forløbet",
        "• »næste trin« eller »hvad nu?« – hvad du gør nu",
        "• »trin 5« – spring til et trin",
        "• beskriv situationen: »han siger ingenting«, »jeg taler for meget«",
        "• spørg efter et værktøj: »skalaspørgsmål«, »ABC-jobplan«, »SMART-mål«",
        "• viden til trin 2 og 5: »fællessamtale«, »tværfaglighed«, »uddannelse«, »tænk ud af boksen«",
        "• »hvor er vi?« – status og tid",
        "• »afslut samtalen« – når borgeren er gået",
    ]
)
