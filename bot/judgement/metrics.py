"""Metrics: each handbook element judged green / yellow / red from a ``Detection``.

Thresholds only where the source gives them. The handbook gives no interval for timeouts, no
number of agreements, no share of open questions; its one figure is the 80 percent a consultant
should not end up talking (trin 5, s. 14). MITI's bands (reflections per question 1:1 / 2:1,
open questions 50 % / 70 %) are supplementary: shown apart and weighted half.

The score (``score_of``) and the overall colour (``overall_of``) are the product's own rules,
documented on the card under "Sådan regnes point"; the handbook defines no score.
"""

from __future__ import annotations

from bot.judgement.detection import Detection, question_counts
from bot.judgement.pressure import THREATEN
from bot.judgement.sources import HANDBOOK_METRICS, SOURCES

GREEN, YELLOW, RED = "green", "yellow", "red"
POINTS = {GREEN: 1.0, YELLOW: 0.5, RED: 0.0}
TALK_SHARE_WARNING = 0.8  # handbook trin 5, s. 14: don't end up talking 80 percent of the time
MITI_RQ = {"fair": 1.0, "good": 2.0}  # MITI 4.2.1: reflection-to-question ratio
MITI_OPEN = {"fair": 0.5, "good": 0.7}  # MITI 3.1.1: share of open questions


def _with_source(metric_id: str, data: dict) -> dict:
    return {**data, "source": SOURCES[metric_id].to_dict()}


def contract_metric(d: Detection) -> dict:
    c = d.contract
    status = GREEN if c.at_start else YELLOW if c.present else RED
    first = c.turns[0] if c.turns else None
    return {"status": status, "present": c.present, "at_start": c.at_start, "turn": first, "turns": c.turns,
            "elements": c.elements}  # fmt: skip


def timeouts_metric(d: Detection) -> dict:
    return {"status": GREEN if d.timeouts else RED, "count": len(d.timeouts), "turns": d.timeouts}


def closure_metric(d: Detection) -> dict:
    cl = d.closure
    found = {"summary": cl.summary, "agreement": bool(d.agreements), "evaluation": cl.evaluation}
    n = sum(found.values())
    status = GREEN if n == 3 else YELLOW if n or cl.start is not None else RED
    return {"status": status, "present": cl.start is not None, "turn": cl.turn, **found,
            "summary_turns": cl.summary_turns, "evaluation_turns": cl.evaluation_turns}  # fmt: skip


def agreements_metric(d: Detection) -> dict:
    items = [a.to_dict() for a in d.agreements]
    smart = sum(a.is_smart for a in d.agreements)
    status = GREEN if smart else YELLOW if items else RED
    return {"status": status, "count": len(items), "smart_count": smart, "items": items}


def scaling_metric(d: Detection) -> dict:
    kinds = {k: r.to_dict() for k, r in d.scaling.items()}
    asked = [k for k, r in d.scaling.items() if r.asked]
    status = GREEN if all(d.scaling[k].explored_down for k in asked) else YELLOW
    return {"status": status, "asked": bool(asked), **kinds}


def ugu_metric(d: Detection) -> dict:
    blocks = d.ugu.blocks
    kept = sum(b.kept for b in blocks)
    status = GREEN if kept == len(blocks) else YELLOW if kept else RED
    return {"status": status, "result": d.ugu.status, "information_given": len(blocks), "kept": kept,
            "items": [b.to_dict() for b in blocks]}  # fmt: skip


def exploring_turns(d: Detection) -> int:
    return len(d.exploring_positions())


def pressure_metric(d: Detection) -> dict:
    n = len(d.pressure)
    explored = exploring_turns(d)
    sets_the_tone = n > 0 and n >= explored
    status = GREEN if n == 0 else RED if sets_the_tone else YELLOW
    items = [{"turn": h.turn, "kinds": list(h.kinds), "text": h.text} for h in d.pressure]
    return {"status": status, "count": n, "exploring_turns": explored, "sets_the_tone": sets_the_tone, "items": items}


def role_switch_metric(d: Detection) -> dict:
    rs = d.role_switch
    unannounced = [h.turn for h in d.pressure if THREATEN in h.kinds]
    return {"status": YELLOW if unannounced else GREEN, "announced": rs.announced, "turns": rs.turns,
            "unannounced_warnings": unannounced}  # fmt: skip


def word_share_metric(d: Detection) -> dict:
    k = sum(len(t.words) for t in d.measured)
    b = sum(len(t.words) for t in d.citizen)
    value = round(k / (k + b), 2) if k + b else 0.0
    status = RED if value >= TALK_SHARE_WARNING else GREEN
    return {"status": status, "value": value, "trainee_words": k, "citizen_words": b,
            "thresholds": {"warning": TALK_SHARE_WARNING}}  # fmt: skip


def _band(value: float, bands: dict[str, float]) -> str:
    return GREEN if value >= bands["good"] else YELLOW if value >= bands["fair"] else RED


def open_share_metric(d: Detection) -> dict:
    q = question_counts(d)
    total = q["open"] + q["closed"]
    value = round(q["open"] / total, 2) if total else None
    status = RED if value is None else _band(value, MITI_OPEN)
    return {"status": status, "value": value, **q, "thresholds": MITI_OPEN}


def reflection_ratio_metric(d: Detection) -> dict:
    informing = {p for b in d.ugu.blocks for p in b.positions}
    reflections = len(d.reflective - d.pressure_positions - informing)
    questions = sum(1 for p, f in d.forms.items() if f is not None or p in d.scale_asks)
    value = round(reflections / questions, 2) if questions else None
    status = (GREEN if reflections else RED) if value is None else _band(value, MITI_RQ)
    return {"status": status, "value": value, "reflections": reflections, "questions": questions,
            "thresholds": MITI_RQ}  # fmt: skip


def hidden_facts_metric(case, revealed: list[str]) -> dict:
    items = [
        {"id": f.id, "label": f.label, "condition": f.condition, "uncovered": f.id in revealed}
        for f in case.hidden_facts
    ]
    x, y = sum(i["uncovered"] for i in items), len(items)
    status = GREEN if x == y else YELLOW if x else RED
    return {"status": status, "uncovered": x, "total": y, "items": items}


BUILDERS = {
    "contract": contract_metric,
    "timeouts": timeouts_metric,
    "closure": closure_metric,
    "agreements": agreements_metric,
    "scaling": scaling_metric,
    "ugu": ugu_metric,
    "pressure": pressure_metric,
    "role_switch": role_switch_metric,
    "trainee_word_share": word_share_metric,
    "open_question_share": open_share_metric,
    "reflection_question_ratio": reflection_ratio_metric,
}


def metrics_of(d: Detection, case=None, revealed: list[str] | None = None) -> dict[str, dict]:
    metrics = {metric_id: _with_source(metric_id, build(d)) for metric_id, build in BUILDERS.items()}
    if case is not None:
        metrics["hidden_facts"] = _with_source("hidden_facts", hidden_facts_metric(case, revealed or []))
    return metrics


def score_of(metrics: dict[str, dict], consultant_turns: int) -> int:
    """Points: green 1, yellow ½, red 0; handbook metrics weigh 1, MITI ½, the exercise's own 0."""
    weighted = [(m["source"]["weight"], POINTS[m["status"]]) for m in metrics.values() if m["source"]["weight"]]
    total = sum(w for w, _ in weighted)
    if not consultant_turns or not total:
        return 0
    return round(100 * sum(w * p for w, p in weighted) / total)


def overall_of(metrics: dict[str, dict], consultant_turns: int) -> str:
    """red: pressure sets the tone or nobody explored; green: every handbook metric green; else yellow."""
    pressure = metrics["pressure"]
    if not consultant_turns or pressure["sets_the_tone"] or pressure["exploring_turns"] == 0:
        return RED
    return GREEN if all(metrics[m]["status"] == GREEN for m in HANDBOOK_METRICS) else YELLOW
