"""Detection: everything the engine sees in one conversation, before any judgement.

``detect(turns)`` runs the per-utterance coder (``bot.coder``: one technique code per sentence)
and the context detectors, in the order their rules depend on each other:

1. question form per consultant turn (``questions``),
2. contract in the opening, closing phase, timeouts in between, recap and evaluation (``process``),
3. announced role switch (``process``), then pressure, which spares rules said inside it (``pressure``),
4. scaling questions and their exploration (``scaling``),
5. information blocks and UGU, which need the exploring turns and the turns that cannot be
   information (``information``),
6. agreements and their SMART check (``agreements``).

A turn one consultant addresses to the other in a joint conversation counts in no measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.judgement.agreements import Agreement, detect_agreements
from bot.judgement.information import UguResult, detect_ugu, explores, reflects
from bot.judgement.pressure import PressureHit, detect_pressure
from bot.judgement.process import (
    ROLE_OFF_RE,
    Closure,
    Contract,
    RoleSwitch,
    detect_closure,
    detect_contract,
    detect_role_switch,
    detect_timeouts,
)
from bot.judgement.questions import CLOSED, OPEN, SCALE, sentence_forms, turn_form
from bot.judgement.scaling import ScaleResult, detect_scaling
from bot.judgement.turns import CITIZEN, Turn, as_turns, colleague_turns, previous_citizen

REFLECTION_CODES = frozenset({"refleksion", "opsummering"})


@dataclass
class Detection:
    turns: list[Turn]
    measured: list[Turn]  # consultant turns that count (colleague turns left out)
    colleague: frozenset[int]
    segments: dict[int, list[dict]]  # position → the coder's segments [{"text", "code"}]
    forms: dict[int, str | None]  # position → open / closed / None
    scale_asks: set[int]
    reflective: set[int]
    contract: Contract
    closure: Closure
    timeouts: list[int]
    role_switch: RoleSwitch
    pressure: list[PressureHit]
    scaling: dict[str, ScaleResult]
    ugu: UguResult
    agreements: list[Agreement]

    @property
    def consultant(self) -> list[Turn]:
        return [t for t in self.turns if t.consultant]

    @property
    def citizen(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker == CITIZEN]

    @property
    def pressure_positions(self) -> set[int]:
        return {hit.position for hit in self.pressure}

    def exploring_positions(self) -> set[int]:
        """Consultant turns that explore: an open question or a reflection, outside the contract
        and without pressure."""
        contract = set(self.contract.turns)
        pressed = self.pressure_positions
        return {
            t.position
            for t in self.measured
            if t.number not in contract and t.position not in pressed and explores(t, t.position in self.reflective)
        }


def _code(turns: list[Turn]) -> dict[int, list[dict]]:
    from bot.coder import code_turn

    return {t.position: [s.to_dict() for s in code_turn(t.text).segments] for t in turns if t.consultant}


def _not_information(detection_parts: dict, closing_from: int | None) -> set[int]:
    contract: Contract = detection_parts["contract"]
    positions = set(detection_parts["contract_positions"])
    positions |= detection_parts["role_announcements"]
    if closing_from is not None:
        positions |= {t.position for t in detection_parts["measured"] if t.position >= closing_from}
    if contract.end_position >= 0:
        positions |= {t.position for t in detection_parts["measured"] if t.position <= contract.end_position}
    return positions


def detect(raw: Iterable[Mapping]) -> Detection:
    """Run the coder and every context detector over a conversation's turns."""
    turns = as_turns(raw)
    colleague = colleague_turns(turns)
    measured = [t for t in turns if t.consultant and t.position not in colleague]
    segments = _code(turns)
    forms = {t.position: turn_form(t.sentences) for t in measured}
    scale_asks = {t.position for t in measured if SCALE in sentence_forms(t.sentences)}
    reflective = {
        t.position
        for t in measured
        if any(s["code"] in REFLECTION_CODES for s in segments[t.position]) or reflects(t, previous_citizen(turns, t))
    }
    contract = detect_contract(measured)
    closure = detect_closure(turns, measured, contract)
    timeouts = detect_timeouts(measured, contract.end_position, closure.start)
    role_switch = detect_role_switch(measured)
    pressure = detect_pressure(turns, role_switch.covered, colleague)
    parts = {
        "contract": contract,
        "contract_positions": {t.position for t in measured if t.number in contract.turns},
        "pressure_positions": {hit.position for hit in pressure},
        "role_announcements": {
            t.position for t in measured if t.number in role_switch.turns or ROLE_OFF_RE.search(t.low)
        },
        "measured": measured,
    }
    detection = Detection(
        turns, measured, colleague, segments, forms, scale_asks, reflective, contract, closure,
        timeouts, role_switch, pressure, detect_scaling(turns, colleague), UguResult(),
        detect_agreements(turns),
    )  # fmt: skip
    excluded = _not_information(parts, closure.start)
    pressed = {hit.position: frozenset(hit.sentences) for hit in pressure}
    detection.ugu = detect_ugu(turns, measured, detection.exploring_positions(), excluded, pressed)
    return detection


def question_counts(detection: Detection) -> dict[str, int]:
    """Consultant turns counted as open / closed questions (a turn counts once)."""
    forms = list(detection.forms.values())
    return {"open": forms.count(OPEN), "closed": forms.count(CLOSED)}
