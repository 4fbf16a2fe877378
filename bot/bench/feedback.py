"""How often the judgement engine agrees with the feedback gold set (a measurement, not a test).

``python -m bot bench feedback --split dev|heldout|all`` reads tests/data/feedback_gold
(expected.yml and the transcripts), judges every transcript of the split exactly as
``python -m bot review transcript`` does, and compares each expected judgement key with the
engine's (``bot.judgement.view.judgement_view``). Writes build/reports/feedback-gold.{md,json}:
agreement per key and in total, for dev and heldout separately, and every disagreement with the
transcript and both values.

The heldout split must not be run while the engine is tuned (tests/data/feedback_gold/README.md).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import yaml

from bot.bench.nlu import REPORTS, _machine
from bot.settings import PROJECT_ROOT

GOLD = PROJECT_ROOT / "tests" / "data" / "feedback_gold"
SPLITS = ("dev", "heldout")


def gold_entries(split: str) -> dict[str, dict]:
    data = yaml.safe_load((GOLD / "expected.yml").read_text(encoding="utf-8"))["transcripts"]
    return {name: e for name, e in data.items() if split == "all" or e["split"] == split}


def judge_file(path: Path) -> dict:
    """The engine's judgement keys for one transcript file (the transcript review's path)."""
    from bot.judgement.view import judgement_view
    from bot.practice.transcript import review

    return judgement_view(review(path.read_text(encoding="utf-8"))["feedback"])


def compare(entries: dict[str, dict]) -> dict:
    per_key: dict[str, dict[str, list[int]]] = defaultdict(lambda: {s: [0, 0] for s in SPLITS})
    misses = []
    for name, entry in sorted(entries.items()):
        got = judge_file(GOLD / name)
        for key, expected in entry["expected"].items():
            cell = per_key[key][entry["split"]]
            cell[1] += 1
            if got.get(key) == expected:
                cell[0] += 1
            else:
                misses.append({"transcript": name, "split": entry["split"], "key": key,
                               "expected": expected, "engine": got.get(key)})  # fmt: skip
    totals = {s: [sum(v[s][0] for v in per_key.values()), sum(v[s][1] for v in per_key.values())] for s in SPLITS}
    return {"per_key": dict(per_key), "totals": totals, "disagreements": misses}


def _pct(agree: int, total: int) -> str:
    return f"{agree}/{total} ({100 * agree / total:.1f} %)" if total else "–"


def markdown(result: dict, split: str, seconds: float) -> str:
    lines = [
        f"# Feedback engine against the gold set ({split})",
        "",
        f"Measured {date.today().isoformat()} with `python -m bot bench feedback --split {split}` on {_machine()}; "
        f"{result['transcripts']} transcripts in {seconds:.0f} s.",
        "",
        "| key | dev | heldout |",
        "| --- | --- | --- |",
    ]
    for key, cells in result["per_key"].items():
        lines.append(f"| `{key}` | {_pct(*cells['dev'])} | {_pct(*cells['heldout'])} |")
    lines.append(f"| **all judgements** | {_pct(*result['totals']['dev'])} | {_pct(*result['totals']['heldout'])} |")
    lines += ["", "## Disagreements", ""]
    if not result["disagreements"]:
        lines.append("None.")
    for miss in result["disagreements"]:
        lines.append(f"- {miss['transcript']} ({miss['split']}) `{miss['key']}`: gold {miss['expected']!r}, "
                     f"engine {miss['engine']!r}")  # fmt: skip
    return "\n".join(lines) + "\n"


def run_feedback_gold(split: str = "dev", out: Path = REPORTS) -> int:
    started = time.monotonic()
    entries = gold_entries(split)
    result = {"split": split, "transcripts": len(entries), **compare(entries)}
    seconds = time.monotonic() - started
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback-gold.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    text = markdown(result, split, seconds)
    (out / "feedback-gold.md").write_text(text, encoding="utf-8")
    print(text)
    return 0
