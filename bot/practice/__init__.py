"""Practice mode: simulated citizens from the handbook's five cases, and feedback.

Public API (pure functions over a JSON-serialisable state dict; see README.md here):

    start_practice(case_id=None, seed=None) -> dict        new state ("tilfældig" when case_id is None/"random")
    respond(state, consultant_text) -> (state, reply)       the citizen's reply; input state is not mutated
    briefing(state) -> str                                  Danish case card for the trainee
    briefing_payload(state) -> dict                         the case card as data (cockpit)
    set_coaching(state, on) -> dict / last_coding(state)    live coaching: the code of the trainee's last line
    practice_hint(state) -> str                             a short hint for "hjælp" without leaving the role-play
    practice_feedback(state) -> {"feedback": {...}}        feedback payload for the conversation so far
    render_feedback(payload) -> str                         Danish text of the payload
    resolve_case(text) -> "stine" | ... | "random" | None   which case "øv med Stine" names
"""

from __future__ import annotations

from bot.practice.case import CASE_IDS, load_case, load_cases, resolve_case  # noqa: F401 (light)


def __getattr__(name):
    if name in {
        "start_practice",
        "respond",
        "briefing",
        "briefing_payload",
        "practice_hint",
        "transcript_of",
        "set_coaching",
        "last_coding",
        "end_practice",
    }:
        from bot.practice import simulator

        return getattr(simulator, name)
    if name in {"practice_feedback", "transcript_feedback", "render_feedback"}:
        from bot.practice import feedback

        return getattr(feedback, name)
    raise AttributeError(name)
