"""Danish texts for the consultant, rendered from the guide content.

Lines are separated by single newlines: Rasa's REST channel splits a text into several
messages at blank lines, and one guide answer should arrive as one message.
"""

from __future__ import annotations

from bot.guide.content import Guide, Step, Tool, Topic
from bot.guide.session import GuideState, Reason, Suggestion


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


def render_step(step: Step, guide: Guide) -> str:
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


def render_tool(tool: Tool, guide: Guide) -> str:
    step = guide.step(tool.step)
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


def describe_time(state: GuideState, now: float) -> str:
    if state.started_at is None:
        return f"Samtalen er ikke startet endnu (booket: {state.booked_min} min)."
    remaining = state.remaining_min(now)
    left = f"{remaining} min tilbage" if remaining >= 0 else f"{-remaining} min over tiden"
    return f"Tid: {state.elapsed_min(now)} af {state.booked_min} min ({left})."


def suggestion_lead(suggestion: Suggestion, state: GuideState, now: float) -> str | None:
    if suggestion.reason is Reason.CLOSURE_DUE:
        return f"Der er {max(state.remaining_min(now), 0)} min tilbage af samtalen – tid til at runde af."
    if suggestion.reason is Reason.TIMEOUT_DUE:
        since = "starten" if state.last_timeout_at is None else "sidste timeout"
        return f"Der er gået {state.minutes_since_timeout(now)} min siden {since}. Tag en kort timeout nu:"
    if suggestion.reason is Reason.FINISHED:
        return "I er nået til sidste trin. Når borgeren er gået, så skriv »afslut samtalen«."
    return None


def closure_hint(state: GuideState, now: float, closure_margin_min: int) -> str | None:
    if state.started_at is None or 9 in state.visited:
        return None
    remaining = state.remaining_min(now)
    if remaining <= closure_margin_min:
        return f"⏱ Der er {max(remaining, 0)} min tilbage – husk at runde af (skriv »afslutning«)."
    return None


def render_status(state: GuideState, now: float, suggestion: Suggestion, guide: Guide) -> str:
    lines = []
    if state.citizen_ref or state.topic:
        who = f"Samtale med {state.citizen_ref}" if state.citizen_ref else "Samtale"
        topic = f" om {guide.topic(state.topic).title}" if state.topic in guide.topics else ""
        lines.append(who + topic + ".")
    if state.current_step is None:
        lines.append("I er ikke gået i gang med trinene endnu.")
    else:
        lines.append(f"I er på trin {state.current_step} – {guide.step(state.current_step).title}.")
    visited = ", ".join(str(v) for v in state.visited) or "ingen endnu"
    lines.append(f"Besøgte trin: {visited}.")
    lines.append(describe_time(state, now))
    if state.started_at is not None:
        lines.append(
            "Ingen timeout endnu."
            if state.last_timeout_at is None
            else f"Seneste timeout for {state.minutes_since_timeout(now)} min siden."
        )
    nxt = guide.step(suggestion.step)
    lines.append(f"Forslag: trin {nxt.number} – {nxt.title} (skriv »næste trin«).")
    return "\n".join(lines)


def render_end_summary(state: GuideState, now: float, guide: Guide) -> str:
    lines = ["Samtalen er afsluttet i guiden."]
    if state.started_at is not None:
        lines.append(f"Varighed: {state.elapsed_min(now)} min af {state.booked_min} bookede.")
    visited = ", ".join(str(v) for v in state.visited) or "ingen"
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
