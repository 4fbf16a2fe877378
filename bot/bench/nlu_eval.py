"""The frozen situation yardstick: top-1, top-3 and "the right tool among the offered choices".

``python -m bot bench nlu-eval`` (``make nlu-eval``) trains an NLU model on ``data/nlu`` with
``config.yml`` (or takes ``--model``), parses every line of ``tests/data/nlu_situations.yml`` with
the whole pipeline (the plan-command gate, the fallback, the exact commands), and reports:

* **top-1**: the model's best reading (after the gate) is the line's label;
* **top-3**: the label – or the ``# also:`` alternative a line may carry – is among the three best;
* **offered**: the label (or the alternative) is among what the guide actually offers – the one
  tool when the model is sure, else the numbered choices (``bot.guide.choices``);
* how often the guide answered at once and how often it offered choices.

Lines whose label is not an intent of the domain yet are counted apart and left out of the scores.
The report names no line: the yardstick is measured, never tuned on (see its README). With
``--with-cv`` the 5-fold cross-validation (``bench nlu``) runs first and is shown beside it;
otherwise the last ``build/reports/nlu-cv.json`` is shown when there is one.

Writes ``build/reports/nlu-eval.json`` and ``.md`` and the committed copy
``docs/measurements/nlu-eval.md``.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot.bench.nlu import REPORTS, _machine, run_cross_validation
from bot.settings import PROJECT_ROOT

YARDSTICK = PROJECT_ROOT / "tests" / "data" / "nlu_situations.yml"
MEASUREMENTS = PROJECT_ROOT / "docs" / "measurements"
MODEL_DIR = PROJECT_ROOT / "build" / "nlu-eval"
GOAL_TOP1, GOAL_OFFERED = 0.92, 0.98


@dataclass(frozen=True)
class Line:
    text: str
    label: str
    also: str | None = None

    def accepts(self, intent: str | None) -> bool:
        return intent is not None and intent in (self.label, self.also)


def read_yardstick(path: Path = YARDSTICK) -> list[Line]:
    """Every example with its label; a ``# also: tool_x`` comment after a one-example entry adds an alternative."""
    lines: list[Line] = []
    current: list[Line] = []
    intent = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if stripped.startswith("- intent:"):
            intent, current = stripped.split(":", 1)[1].strip(), []
        elif stripped.startswith("- ") and raw.startswith("    ") and intent:
            line = Line(stripped[2:].strip(), intent)
            lines.append(line)
            current.append(line)
        elif stripped.startswith("# also:") and len(current) == 1:
            also = stripped.split(":", 1)[1].split()[0]
            index = lines.index(current[0])
            lines[index] = Line(current[0].text, current[0].label, also)
            current = [lines[index]]
    return lines


def domain_intents() -> set[str]:
    data = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return set(data.get("intents") or [])


@dataclass(frozen=True)
class Reading:
    """What the pipeline made of one line: its ranking (best first) and what the guide would offer."""

    ranked: tuple[str, ...]
    offered: tuple[str, ...]
    at_once: bool


def reading_of(parse: dict) -> Reading:
    """Mirrors ``actions.base``: the guide's own requests get alternatives below ``SURE_CONFIDENCE``,
    ``nlu_fallback`` gets only the choices; anything else (a greeting, a plan command) is answered as it is."""
    from bot.guide.choices import FALLBACK_INTENT, choices_from_ranking, is_guide_request, is_sure
    from bot.guide.content import load_guide

    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT]
    ranked = tuple(r["name"] for r in ranking)
    intent = (parse.get("intent") or {}).get("name")
    confidence = ranking[0].get("confidence") if ranking else None
    if intent != FALLBACK_INTENT and (is_sure(confidence) or not is_guide_request(intent)):
        return Reading(ranked, (intent,), True)
    choices = [
        c.intent for c in choices_from_ranking(parse.get("intent_ranking") or [], parse.get("text") or "", load_guide())
    ]
    if intent != FALLBACK_INTENT and (not choices or choices[0] != intent):
        return Reading(ranked, (intent,), True)
    return Reading(ranked, tuple(choices), False)


def score(lines: Iterable[Line], readings: Iterable[Reading]) -> dict:
    per_intent: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for line, reading in zip(lines, readings, strict=True):
        hits = {
            "top1": reading.ranked[:1] == (line.label,),
            "top1_or_also": bool(reading.ranked) and line.accepts(reading.ranked[0]),
            "top3": any(line.accepts(i) for i in reading.ranked[:3]),
            "offered": any(line.accepts(i) for i in reading.offered),
            "at_once": reading.at_once,
        }
        for bucket in (totals, per_intent[line.label]):
            bucket["lines"] += 1
            for key, hit in hits.items():
                bucket[key] += int(hit)
    rate = lambda bucket, key: round(bucket[key] / bucket["lines"], 4) if bucket["lines"] else None  # noqa: E731
    keys = ("top1", "top1_or_also", "top3", "offered", "at_once")
    return {
        "lines": totals["lines"],
        **{key: rate(totals, key) for key in keys},
        "intents": {
            name: {"lines": bucket["lines"], **{key: rate(bucket, key) for key in keys}}
            for name, bucket in sorted(per_intent.items())
        },
    }


def train_nlu(out: Path = MODEL_DIR) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    rasa = str(Path(sys.executable).with_name("rasa"))
    command = [rasa, "train", "nlu", "--config", "config.yml", "--nlu", "data/nlu", "--out", str(out)]
    subprocess.run([*command, "--fixed-model-name", "nlu-eval", "--quiet"], cwd=PROJECT_ROOT, check=True)
    return out / "nlu-eval.tar.gz"


def _quiet() -> None:
    """Rasa logs every parsed message at debug level: the yardstick's lines must not be printed."""
    import logging

    import structlog

    logging.getLogger().setLevel(logging.WARNING)
    for name in ("rasa", "rasa_sdk", "tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def parser_for(model: Path) -> Callable[[str], dict]:
    from rasa.core.agent import load_agent

    _quiet()
    loop = asyncio.new_event_loop()
    agent = loop.run_until_complete(load_agent(model_path=str(model)))
    return lambda text: loop.run_until_complete(agent.parse_message(text))


def evaluate(model: Path) -> dict:
    known = domain_intents()
    lines = read_yardstick()
    scored = [line for line in lines if line.label in known]
    skipped = sorted({line.label for line in lines if line.label not in known})
    parse = parser_for(model)
    started = time.monotonic()
    readings = [reading_of(parse(line.text)) for line in scored]
    seconds = time.monotonic() - started
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": _machine(),
        "model": str(model.relative_to(PROJECT_ROOT)) if model.is_relative_to(PROJECT_ROOT) else str(model),
        "yardstick": str(YARDSTICK.relative_to(PROJECT_ROOT)),
        "skipped_intents": skipped,
        "skipped_lines": len(lines) - len(scored),
        "parse_ms_mean": round(seconds * 1000 / max(len(scored), 1), 1),
        "goals": {"top1": GOAL_TOP1, "offered": GOAL_OFFERED},
        **score(scored, readings),
    }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def to_markdown(result: dict, cv: dict | None) -> str:
    met = lambda value, goal: "met" if value is not None and value >= goal else "not met"  # noqa: E731
    lines = [
        f"# NLU on the frozen situation yardstick ({result['date']}, {result['machine']})",
        "",
        f"Model trained on `data/nlu` with `config.yml` ({result['model']}); yardstick `{result['yardstick']}`,",
        f"{result['lines']} lines scored"
        + (
            f", {result['skipped_lines']} lines of intents not in the domain yet left out "
            f"({', '.join(result['skipped_intents'])})."
            if result["skipped_lines"]
            else "."
        ),
        "",
        "| measure | value | goal |",
        "| --- | --- | --- |",
        f"| top-1 (the best reading is the label) | **{_pct(result['top1'])}** | ≥ 92 % – "
        f"{met(result['top1'], GOAL_TOP1)} |",
        f"| top-1, the `# also:` alternative accepted | {_pct(result['top1_or_also'])} | |",
        f"| top-3 (label or alternative among the three best) | {_pct(result['top3'])} | |",
        f"| the right tool among what the guide offers | **{_pct(result['offered'])}** | ≥ 98 % – "
        f"{met(result['offered'], GOAL_OFFERED)} |",
        f"| answered at once (no choices) | {_pct(result['at_once'])} | |",
        "",
    ]
    if cv:
        lines += [
            f"Beside it, the {cv['folds']}-fold cross-validation on the training data ({cv['date']}): "
            f"macro-F1 {cv['macro_f1']:.3f}, accuracy {cv['accuracy']:.3f}.",
            "",
        ]
    lines += ["| intent | lines | top-1 | top-3 | offered | at once |", "| --- | --- | --- | --- | --- | --- |"]
    for name, v in result["intents"].items():
        lines.append(
            f"| {name} | {v['lines']} | {_pct(v['top1'])} | {_pct(v['top3'])} | {_pct(v['offered'])} "
            f"| {_pct(v['at_once'])} |"
        )
    return "\n".join(lines) + "\n"


def _latest_cv() -> dict | None:
    path = REPORTS / "nlu-cv.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def run_yardstick(model: Path | None = None, with_cv: bool = False) -> int:
    if with_cv:
        run_cross_validation(folds=5)
    result = evaluate(model or train_nlu())
    cv = _latest_cv()
    if cv:
        result["cross_validation"] = {k: cv.get(k) for k in ("date", "folds", "macro_f1", "accuracy")}
    text = to_markdown(result, cv)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "nlu-eval.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    (REPORTS / "nlu-eval.md").write_text(text, encoding="utf-8")
    MEASUREMENTS.mkdir(parents=True, exist_ok=True)
    (MEASUREMENTS / "nlu-eval.md").write_text(text, encoding="utf-8")
    print(text)
    return 0
