"""Feedback on a job conversation: the practice card and the transcript review, by one engine.

The judging itself lives in ``bot.judgement`` (detection → metrics → Danish rendering); this
module gives the practice and transcript callers their entry points and keeps the names they
import:

* ``build_feedback(turns, ...)`` → ``{"feedback": {...}}`` (schema in README.md beside this file),
* ``practice_feedback(state)`` for a simulator state, judged exactly like a transcript of its
  history (the case adds the exercise's own hidden-facts measure, which is not scored),
* ``render_feedback(payload)`` → the Danish card as text,
* ``CONTRACT_WINDOW``: consultant turns that count as "the start" (defined in the engine).
"""

from __future__ import annotations

from bot.coder import CODE_LABELS
from bot.judgement.engine import SCHEMA, judge
from bot.judgement.process import CONTRACT_WINDOW
from bot.judgement.render import render_text

__all__ = ["CONTRACT_WINDOW", "SCHEMA", "build_feedback", "practice_feedback", "render_feedback", "transcript_feedback"]


def build_feedback(
    turns: list[dict], *, source: str = "transcript", case=None, revealed: list[str] | None = None
) -> dict:
    """The feedback payload for turns ``{"speaker": "K"|"A"|"B", "text": ...}``."""
    return {"feedback": judge(turns, source=source, case=case, revealed=revealed)}


def history_turns(state: dict) -> list[dict]:
    """A simulator state's history as turns (speaker and text; codes are recomputed by the engine)."""
    history = state.get("history") if isinstance(state, dict) else None
    return [
        {"speaker": t.get("speaker"), "text": t.get("text")}
        for t in history or ()
        if isinstance(t, dict) and isinstance(t.get("text"), str)
    ]


def practice_feedback(state: dict) -> dict:
    """Feedback payload for a practice conversation kept in a simulator state."""
    from bot.practice.case import load_case

    case = load_case(state["case"])
    payload = build_feedback(history_turns(state), source="practice", case=case, revealed=state.get("revealed", []))
    flags = state.get("flags") or {}
    payload["feedback"]["practice"] = {
        "seed": state.get("seed"),
        "turns": state.get("turn"),
        "final": {k: state.get(k) for k in ("openness", "resistance", "importance", "confidence")},
        "start": dict(case.start),
        "pushbacks": flags.get("pushbacks", 0),
    }
    return payload


def transcript_feedback(turns: list[dict]) -> dict:
    return build_feedback(turns, source="transcript")


def render_feedback(payload: dict) -> str:
    """Danish text for a feedback payload (single newlines)."""
    feedback = payload["feedback"]
    who = ""
    if feedback.get("case"):
        from bot.practice.case import load_case

        who = f" med {load_case(feedback['case']).name}"
    return render_text(feedback, who)


def code_label(code: str) -> str:
    return CODE_LABELS.get(code, code)
