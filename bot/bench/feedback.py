"""How often the judgement engine agrees with the feedback gold sets (a measurement, not a test).

``python -m bot bench feedback --split dev|heldout|heldout2|heldout3|all|dev,heldout,heldout2`` reads
the gold sets (tests/data/feedback_gold: splits dev and heldout; tests/data/feedback_gold_heldout2:
split heldout2; tests/data/feedback_gold_heldout3: split heldout3), judges every transcript of the
chosen splits exactly as ``python -m bot review transcript`` does, and compares each expected
judgement key with the engine's (``bot.judgement.view.judgement_view``). ``all`` means dev and
heldout (the first set); heldout2 and heldout3 run only when named. Writes
build/reports/feedback-gold.{md,json}: agreement per key and in total, one column per split, and
every disagreement with the transcript and both values.

``--speed`` also times the engine on the hot path (``judge`` on the first 40 turns of
01_erling_good.txt, as the practice card's feedback does), once with the coder's text cache
emptied before every run (every line new) and once with it warm (the practice has coded the lines
already); the median of 20 runs each, the coder's model loaded beforehand.

A held-out split must not be run while the engine is tuned (tests/data/feedback_gold/README.md).
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import yaml

from bot.bench.nlu import REPORTS, _machine
from bot.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data"
FOLDERS = {
    "dev": DATA / "feedback_gold",
    "heldout": DATA / "feedback_gold",
    "heldout2": DATA / "feedback_gold_heldout2",
    "heldout3": DATA / "feedback_gold_heldout3",
}
SPLITS = tuple(FOLDERS)
ALIASES = {"all": ("dev", "heldout")}
SPEED_TRANSCRIPT = DATA / "feedback_gold" / "01_erling_good.txt"
SPEED_TURNS = 40
SPEED_RUNS = 20


def parse_splits(value: str) -> tuple[str, ...]:
    """``"dev,heldout2"`` → ("dev", "heldout2"); ``all`` is dev and heldout. Unknown names raise."""
    names: list[str] = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        for name in ALIASES.get(part, (part,)):
            if name not in SPLITS:
                raise ValueError(f"unknown split {name!r} (choose from {', '.join((*SPLITS, *ALIASES))})")
            if name not in names:
                names.append(name)
    if not names:
        raise ValueError("no split given")
    return tuple(names)


def gold_entries(splits: tuple[str, ...]) -> dict[str, dict]:
    """Expected judgements of the transcripts in ``splits``, each with its ``path``."""
    entries: dict[str, dict] = {}
    for folder in dict.fromkeys(FOLDERS[s] for s in splits):
        data = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8"))["transcripts"]
        for name, entry in data.items():
            if entry["split"] in splits:
                entries[name] = {**entry, "path": folder / name}
    return entries


def judge_file(path: Path) -> dict:
    """The engine's judgement keys for one transcript file (the transcript review's path)."""
    from bot.judgement.view import judgement_view
    from bot.practice.transcript import review

    return judgement_view(review(path.read_text(encoding="utf-8"))["feedback"])


def compare(entries: dict[str, dict], splits: tuple[str, ...]) -> dict:
    per_key: dict[str, dict[str, list[int]]] = defaultdict(lambda: {s: [0, 0] for s in splits})
    misses = []
    for name, entry in sorted(entries.items()):
        got = judge_file(entry["path"])
        for key, expected in entry["expected"].items():
            cell = per_key[key][entry["split"]]
            cell[1] += 1
            if got.get(key) == expected:
                cell[0] += 1
            else:
                misses.append({"transcript": name, "split": entry["split"], "key": key,
                               "expected": expected, "engine": got.get(key)})  # fmt: skip
    totals = {s: [sum(v[s][0] for v in per_key.values()), sum(v[s][1] for v in per_key.values())] for s in splits}
    return {"per_key": dict(per_key), "totals": totals, "disagreements": misses}


def speed() -> dict:
    """Milliseconds ``judge`` takes on a 40-turn transcript, cold (coder text cache empty) and warm."""
    from bot.coder.coder import get_coder
    from bot.judgement.engine import judge
    from bot.practice.transcript import parse_transcript

    turns = [t.to_dict() for t in parse_transcript(SPEED_TRANSCRIPT.read_text(encoding="utf-8"))][:SPEED_TURNS]
    coder = get_coder()
    judge(turns)  # loads the coder's model and the spaCy pipeline

    def runs(clear: bool) -> float:
        times = []
        for _ in range(SPEED_RUNS):
            if clear:
                coder._cache.clear()
            started = time.perf_counter()
            judge(turns)
            times.append(1000 * (time.perf_counter() - started))
        return round(statistics.median(times), 1)

    return {"turns": len(turns), "runs": SPEED_RUNS, "cold_ms": runs(True), "warm_ms": runs(False)}


def _pct(agree: int, total: int) -> str:
    return f"{agree}/{total} ({100 * agree / total:.1f} %)" if total else "–"


def markdown(result: dict, label: str, seconds: float) -> str:
    splits = result["splits"]
    lines = [
        f"# Feedback engine against the gold set ({label})",
        "",
        f"Measured {date.today().isoformat()} with `python -m bot bench feedback --split {label}` on {_machine()}; "
        f"{result['transcripts']} transcripts in {seconds:.0f} s.",
        "",
        "| key | " + " | ".join(splits) + " |",
        "| --- |" + " --- |" * len(splits),
    ]
    for key, cells in result["per_key"].items():
        lines.append(f"| `{key}` | " + " | ".join(_pct(*cells[s]) for s in splits) + " |")
    lines.append("| **all judgements** | " + " | ".join(_pct(*result["totals"][s]) for s in splits) + " |")
    if result.get("speed"):
        s = result["speed"]
        lines += ["", f"Speed: `judge` on the first {s['turns']} turns of {SPEED_TRANSCRIPT.name}, median of "
                  f"{s['runs']} runs: {s['cold_ms']} ms with every line new to the coder, {s['warm_ms']} ms with "
                  "the lines already coded."]  # fmt: skip
    lines += ["", "## Disagreements", ""]
    if not result["disagreements"]:
        lines.append("None.")
    for miss in result["disagreements"]:
        lines.append(f"- {miss['transcript']} ({miss['split']}) `{miss['key']}`: gold {miss['expected']!r}, "
                     f"engine {miss['engine']!r}")  # fmt: skip
    return "\n".join(lines) + "\n"


def run_feedback_gold(split: str = "dev", out: Path = REPORTS, with_speed: bool = False) -> int:
    started = time.monotonic()
    splits = parse_splits(split)
    entries = gold_entries(splits)
    result = {"split": split, "splits": list(splits), "transcripts": len(entries), **compare(entries, splits)}
    seconds = time.monotonic() - started
    if with_speed:
        result["speed"] = speed()
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback-gold.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    text = markdown(result, split, seconds)
    (out / "feedback-gold.md").write_text(text, encoding="utf-8")
    print(text)
    return 0
