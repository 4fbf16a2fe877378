"""k-fold cross-validated NLU scores (macro-F1 and per intent), via ``rasa test nlu``.

Writes ``build/reports/nlu-cv.json`` and ``build/reports/nlu-cv.md`` and prints the summary.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.settings import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "build" / "reports"


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _rasa_cross_validation(folds: int, out: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("rasa")),
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
            "--successes",  # out-of-fold confidences, for the calibration below
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    return time.monotonic() - started


def summarise(intent_report: dict, folds: int, seconds: float) -> dict:
    intents = {
        name: {"f1": round(v["f1-score"], 4), "support": v["support"]}
        for name, v in intent_report.items()
        if isinstance(v, dict) and "f1-score" in v and name not in ("macro avg", "weighted avg", "micro avg")
    }
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": _machine(),
        "folds": folds,
        "macro_f1": round(intent_report["macro avg"]["f1-score"], 4),
        "weighted_f1": round(intent_report["weighted avg"]["f1-score"], 4),
        "accuracy": round(intent_report.get("accuracy", float("nan")), 4),
        "seconds": round(seconds),
        "intents": dict(sorted(intents.items(), key=lambda kv: kv[1]["f1"])),
    }


def to_markdown(summary: dict) -> str:
    lines = [
        f"# NLU {summary['folds']}-fold cross-validation ({summary['date']}, {summary['machine']})",
        "",
        f"- macro-F1: **{summary['macro_f1']:.3f}**, weighted F1 {summary['weighted_f1']:.3f}, accuracy {summary['accuracy']:.3f}",
        f"- wall time: {summary['seconds']} s",
        "",
        "| intent | F1 | examples |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {name} | {v['f1']:.3f} | {v['support']} |" for name, v in summary["intents"].items()]
    if summary.get("calibration"):
        lines += [
            "",
            "Calibration of `SURE_CONFIDENCE` (out-of-fold; messages the fallback answered with choices left out):",
            "",
            "| threshold | wrong answers shown with alternatives | right answers with the extra line |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {row['threshold']} | {row['wrong_flagged']} | {row['right_flagged']} |"
            for row in summary["calibration"]
        ]
    return "\n".join(lines) + "\n"


CALIBRATION_THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
FALLBACK_INTENT = "nlu_fallback"


def calibration(successes: list[dict], errors: list[dict]) -> list[dict]:
    """For each candidate ``SURE_CONFIDENCE``: the share of the out-of-fold *wrong* answers the guide
    would have shown with alternatives (confidence below it), and the share of the *right* ones that
    would have carried the extra line too. Messages the fallback already turned into choices are left out."""

    def confidence(item: dict) -> float | None:
        prediction = item.get("intent_prediction") or {}
        if prediction.get("name") == FALLBACK_INTENT:
            return None
        value = prediction.get("confidence")
        return float(value) if isinstance(value, (int, float)) else None

    right = [c for c in (confidence(i) for i in successes) if c is not None]
    wrong = [c for c in (confidence(i) for i in errors) if c is not None]
    rows = []
    for threshold in CALIBRATION_THRESHOLDS:
        rows.append(
            {
                "threshold": threshold,
                "wrong_flagged": round(sum(c < threshold for c in wrong) / len(wrong), 4) if wrong else None,
                "right_flagged": round(sum(c < threshold for c in right) / len(right), 4) if right else None,
            }
        )
    return rows


def _read(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def run_cross_validation(folds: int = 5) -> int:
    out = PROJECT_ROOT / "build" / "results" / "nlu-cv"
    seconds = _rasa_cross_validation(folds, out)
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    summary = summarise(report, folds, seconds)
    summary["calibration"] = calibration(_read(out / "intent_successes.json"), _read(out / "intent_errors.json"))
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "nlu-cv.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    (REPORTS / "nlu-cv.md").write_text(to_markdown(summary), encoding="utf-8")
    print(to_markdown(summary))
    return 0
