"""Choices when the guide is unsure: the two or three most likely requests, numbered.

In the spirit of Rasa's two-stage fallback, but in one step: instead of "did you mean X?" and a
second round, the guide offers the best readings at once ("Mente du 1) … 2) … 3) …"); "1", "2"
or "3" picks one (``bot.rasa.guide_commands``), a button does the same in the cockpit.

Two confidence levels decide (the model's top confidence after ``PlanCommandGate``):

* below the ``FallbackClassifier`` threshold in ``config.yml`` (or two readings almost level) the
  message becomes ``nlu_fallback`` and the guide answers only with the choices;
* below ``SURE_CONFIDENCE`` the guide answers with its best reading and names the runners-up in
  one line ("Var det ikke det? 2) … 3) …").

``SURE_CONFIDENCE`` is the project's own setting, not the handbook's; how it was chosen is in
``docs/measurements/`` (the calibration on the training data, never on the frozen yardstick).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.guide.content import Guide
from bot.guide.parsing import resolve_step
from bot.rasa.guide_commands import MAX_CHOICES

SURE_CONFIDENCE = 0.8
TOOL_PREFIX = "tool_"
FALLBACK_INTENT = "nlu_fallback"

# Guide and plan requests a consultant can pick, with the label shown on the button.
REQUEST_LABELS = {
    "next_step": "Næste trin",
    "status": "Hvor er vi? – status og tid",
    "end_conversation": "Afslut samtalen",
    "show_plan": "Vis borgerens plan",
    "record_agreement": "Gem det som en aftale",
    "record_contract": "Gem det som kontrakten",
    "record_note": "Gem det som en note",
    "record_scaling": "Gem det som en skalering",
    "record_job": "Gem det i ABC-jobplanen",
    "mark_done": "Markér en aftale som gjort",
    "mark_not_done": "Markér en aftale som ikke gjort",
}


@dataclass(frozen=True)
class Choice:
    intent: str
    label: str
    tool: str | None = None  # the tool id when the choice is a tool

    @property
    def id(self) -> str:
        """What the payload's ``candidates`` list: the tool id, or the request's intent."""
        return self.tool or self.intent

    def as_dict(self, number: int) -> dict[str, Any]:
        return {"n": number, "id": self.id, "intent": self.intent, "label": self.label}


def _choice(intent: str, text: str, guide: Guide) -> Choice | None:
    if intent.startswith(TOOL_PREFIX):
        tool_id = intent.removeprefix(TOOL_PREFIX)
        if tool_id not in guide.tools:
            return None
        tool = guide.tool(tool_id)
        return Choice(intent, f"{tool.title} (trin {tool.step})", tool_id)
    if intent == "goto_step":
        number = resolve_step(text, guide)
        return Choice(intent, f"Trin {number} – {guide.step(number).title}") if number else None
    label = REQUEST_LABELS.get(intent)
    return Choice(intent, label) if label else None


def choices_from_ranking(ranking: Iterable[Mapping[str, Any]], text: str, guide: Guide) -> list[Choice]:
    """The most likely requests the consultant can pick, best first, at most ``MAX_CHOICES``."""
    choices: list[Choice] = []
    for entry in ranking or ():
        intent = str(entry.get("name") or "") if isinstance(entry, Mapping) else ""
        if not intent or intent == FALLBACK_INTENT or any(c.intent == intent for c in choices):
            continue
        choice = _choice(intent, text, guide)
        if choice is not None:
            choices.append(choice)
        if len(choices) == MAX_CHOICES:
            break
    return choices


GUIDE_REQUESTS = frozenset({"next_step", "goto_step", "status", "start_conversation", "end_conversation"})


def is_guide_request(intent: str | None) -> bool:
    """The requests the guide answers itself (tools and steps): below ``SURE_CONFIDENCE`` they get alternatives."""
    return bool(intent) and (intent.startswith(TOOL_PREFIX) or intent in GUIDE_REQUESTS)


def is_sure(confidence: float | None) -> bool:
    """No confidence known (a typed command, a test) counts as sure."""
    return confidence is None or confidence >= SURE_CONFIDENCE


def _numbers(count: int) -> str:
    numbers = [str(n) for n in range(1, count + 1)]
    return numbers[0] if count == 1 else ", ".join(numbers[:-1]) + " eller " + numbers[-1]


def render_choices(choices: Sequence[Choice]) -> str:
    """ "Mente du …" with numbered lines; single newlines (one REST message)."""
    lines = ["Jeg er ikke sikker på, hvad du mener. Mente du:"]
    lines += [f"{n}) {choice.label}" for n, choice in enumerate(choices, start=1)]
    lines.append(f"Skriv {_numbers(len(choices))} – eller skriv det med andre ord.")
    return "\n".join(lines)


def render_alternatives(choices: Sequence[Choice]) -> str | None:
    """One line under a reply the guide was not sure of: the runners-up, numbered from 2."""
    others = [f"{n}) {choice.label}" for n, choice in enumerate(choices, start=1) if n > 1]
    if not others:
        return None
    return "Var det ikke det? Skriv " + " eller ".join(others) + "."


def offer(text: str, choices: Sequence[Choice], confidences: Sequence[float | None] = ()) -> dict[str, Any]:
    """The slot value that lets "1"/"2"/"3" pick one later (the text is redacted in the log)."""
    return {
        "text": text,
        "options": [c.intent for c in choices],
        "confidences": [round(c, 4) if isinstance(c, float) else None for c in confidences],
    }


def picked(offered: Any, number: int | None) -> str | None:
    """The intent chosen by ``number`` in an offer from the slot, or None (no offer, out of range)."""
    if not isinstance(offered, Mapping) or number is None:
        return None
    options = offered.get("options")
    if not isinstance(options, list) or not 1 <= number <= len(options):
        return None
    intent = options[number - 1]
    return intent if isinstance(intent, str) and intent else None
