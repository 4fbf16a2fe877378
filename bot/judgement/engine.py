"""``judge(turns)``: the feedback payload for a conversation, from detection to Danish text.

Used by the practice feedback (``bot.practice.feedback.practice_feedback``), the transcript
review (``python -m bot review transcript``, the review page's upload) and so the review pages:
the same turns always give the same judgement, whichever door they came in by.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.coder import CODE_LABELS, CODES
from bot.judgement.detection import Detection, detect
from bot.judgement.metrics import metrics_of, overall_of, score_of
from bot.judgement.notes import gaps_of, strengths_of
from bot.judgement.render import SCORING, decorate
from bot.judgement.sources import WEIGHTS
from bot.judgement.suggestions import suggestions_for

SCHEMA = "samtaleguide.feedback/2"
# The coder's codes the engine judges itself from context; the others are shown as they are.
JUDGED_CODES = frozenset(
    {
        "kontrakt",
        "timeout",
        "afslutning",
        "information",
        "information_med_tilladelse",
        "overtalelse",
        "konfrontation",
        "skalaspoergsmaal",
        "aabent_spoergsmaal",
        "lukket_spoergsmaal",
        "refleksion",
        "opsummering",
        "andet",
    }
)


def _first(numbers: Iterable[int]) -> int | None:
    return min(numbers, default=None)


def _step_firsts(d: Detection) -> dict[int, int | None]:
    number = {t.position: t.number for t in d.measured}
    coded = {n: {s["code"] for s in d.segments.get(p, [])} for p, n in number.items()}
    downs = [n for r in d.scaling.values() for n in r.turns["down"]]
    return {
        3: _first(d.contract.turns),
        4: _first(number[p] for p in d.exploring_positions()),
        5: _first(b.turns[0] for b in d.ugu.blocks),
        6: _first(d.timeouts),
        7: _first([*downs, *(n for n, codes in coded.items() if codes & {"refleksion", "bekraeftelse"})]),
        8: _first([*d.role_switch.turns, *(n for n, codes in coded.items() if "autonomi" in codes)]),
        9: d.closure.turn,
    }


def step_titles() -> dict[int, str]:
    """The nine steps' titles, from the guide's content (the one place they are written)."""
    from bot.guide.content import load_guide

    guide = load_guide()
    return {n: guide.step(n).title for n in range(1, 10)}


def steps_of(d: Detection) -> dict:
    """The nine steps: where each first shows (consultant turn), their order and order problems."""
    firsts = _step_firsts(d)
    titles = step_titles()
    items = [{"step": n, "title": titles[n], "present": None, "turn": None, "note": "sker før samtalen"}
             for n in (1, 2)]  # fmt: skip
    items += [{"step": n, "title": titles[n], "present": firsts[n] is not None, "turn": firsts[n]}
              for n in range(3, 10)]  # fmt: skip
    sequence = [n for _, n in sorted((t, n) for n, t in firsts.items() if t is not None)]
    problems = []
    if firsts[3] is not None and sequence[0] != 3:
        problems.append("kontrakten kom ikke først")
    if firsts[9] is not None and any(firsts[n] is not None and firsts[n] > firsts[9] for n in (4, 5, 6)):
        problems.append("afslutningen kom før andre trin")
    return {"items": items, "sequence": sequence, "in_order": not problems, "problems": problems}


def _marks(d: Detection) -> dict[int, list[str]]:
    """Per consultant turn number, what the engine saw in it (Danish)."""
    marks: dict[int, list[str]] = {t.number: [] for t in d.consultant}

    def mark(numbers: Iterable[int], label: str) -> None:
        for n in numbers:
            if n in marks and label not in marks[n]:
                marks[n].append(label)

    mark(d.contract.turns, "kontrakt")
    mark(d.timeouts, "timeout")
    mark((h.turn for h in d.pressure), "pres")
    mark(d.role_switch.turns, "myndighedsrollen sagt højt")
    for block in d.ugu.blocks:
        mark(block.turns, "information (UGU holdt)" if block.kept else "information (UGU brudt)")
    for r in d.scaling.values():
        mark(r.turns["asked"], "skalaspørgsmål")
        mark(r.turns["down"], "skala undersøgt nedad")
        mark(r.turns["up"], "skala spurgt opad")
    informing = {p for b in d.ugu.blocks for p in b.positions}
    mark((t.number for t in d.measured if t.position in d.reflective - informing - d.pressure_positions), "refleksion")
    mark(d.closure.summary_turns, "opsummering i afslutningen")
    mark(d.closure.evaluation_turns, "evaluering af samtalen")
    form_label = {"open": "åbent spørgsmål", "closed": "lukket spørgsmål"}
    for t in d.measured:
        if d.forms.get(t.position) in form_label:
            mark([t.number], form_label[d.forms[t.position]])
    return marks


def turn_judgements(d: Detection) -> list[dict]:
    """One entry per consultant turn: the engine's marks plus the coder's own codes it does not judge."""
    marks = _marks(d)
    out = []
    for t in d.consultant:
        codes = [s["code"] for s in d.segments.get(t.position, [])]
        kept = [CODE_LABELS[c] for c in dict.fromkeys(codes) if c not in JUDGED_CODES]
        colleague = t.position in d.colleague
        labels = ["til kollegaen"] if colleague else [*marks[t.number], *kept]
        out.append({"turn": t.number, "position": t.position, "time": t.time, "speaker": t.speaker,
                    "codes": codes, "labels": labels})  # fmt: skip
    return out


def _counts(d: Detection) -> dict[str, int]:
    counts = dict.fromkeys(CODES, 0)
    for segments in d.segments.values():
        for s in segments:
            counts[s["code"]] += 1
    return counts


def judge(
    turns: Iterable[Mapping], *, source: str = "transcript", case=None, revealed: list[str] | None = None
) -> dict:
    """The feedback payload's inner dict for a conversation (turns: speaker K/A/B and text)."""
    d = detect(turns)
    metrics = metrics_of(d, case, revealed)
    n = len(d.measured)
    return {
        "schema": SCHEMA,
        "source": source,
        "case": None if case is None else case.id,
        "score": score_of(metrics, n),
        "overall": overall_of(metrics, n),
        "consultant_turns": len(d.consultant),
        "citizen_turns": len(d.citizen),
        "counts": _counts(d),
        "steps": steps_of(d),
        "metrics": decorate(metrics),
        "strengths": strengths_of(metrics),
        "gaps": gaps_of(metrics),
        "suggestions": suggestions_for(d, getattr(case, "booked_topic", None)),
        "scoring": {
            "weights": dict(WEIGHTS),
            "points": {"green": 1.0, "yellow": 0.5, "red": 0.0},
            "rules": list(SCORING),
        },
        "turns": turn_judgements(d),
    }
