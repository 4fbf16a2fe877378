"""One report from the separate measurements, checked against the product's targets.

``python -m bot bench all`` runs the NLU cross-validation (unless ``--skip-nlu``: then the last
``build/reports/nlu-cv.json`` is used, with its own date), the load benchmark with training
time and the review benchmark, then writes build/reports/bench.{json,md}. ``python -m bot
bench report`` only combines what is there.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.bench.nlu import REPORTS

PARTS = {"nlu": "nlu-cv.json", "load": "load-bench.json", "review": "review-bench.json"}


def _read(name: str) -> dict | None:
    path = REPORTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def targets(parts: dict) -> list[dict]:
    """Each target with the measured value and whether it is met (None: not measured)."""
    nlu, load, review = parts.get("nlu"), parts.get("load"), parts.get("review")
    levels = (load or {}).get("levels", {})
    rest10 = levels.get("10", {}).get("rest", {})
    errors50 = (
        sum(levels.get("50", {}).get(path, {}).get("errors", 0) for path in ("rest", "web")) if "50" in levels else None
    )
    pages = (review or {}).get("pages", {})

    def row(name: str, target: str, value, met) -> dict:
        return {"name": name, "target": target, "value": value, "met": met}

    return [
        row("NLU macro-F1 (5-fold CV)", "≥ 0.92", nlu and nlu["macro_f1"], nlu and nlu["macro_f1"] >= 0.92),
        row(
            "REST p95 at 10 consultants",
            "≤ 150 ms",
            rest10.get("p95_ms"),
            rest10.get("p95_ms") is not None and rest10["p95_ms"] <= 150 if rest10 else None,
        ),
        row("errors at 50 consultants (REST + web)", "0", errors50, errors50 == 0 if errors50 is not None else None),
        row(
            "review list page p95 (1,000 conversations)",
            "< 1000 ms",
            pages.get("list", {}).get("p95_ms"),
            pages["list"]["p95_ms"] < 1000 if "list" in pages else None,
        ),
        row(
            "review conversation page p95",
            "< 1000 ms",
            pages.get("conversation_guide", {}).get("p95_ms"),
            pages["conversation_guide"]["p95_ms"] < 1000 if "conversation_guide" in pages else None,
        ),
        row(
            "review team page p95",
            "a few seconds (< 3000 ms)",
            pages.get("team", {}).get("p95_ms"),
            pages["team"]["p95_ms"] < 3000 if "team" in pages else None,
        ),
    ]


def to_markdown(parts: dict, rows: list[dict]) -> str:
    mark = {True: "met", False: "**not met**", None: "not measured"}
    lines = ["# Samtaleguide benchmark", "", "| target | wanted | measured | |", "| --- | --- | ---: | --- |"]
    lines += [
        f"| {r['name']} | {r['target']} | {r['value'] if r['value'] is not None else '–'} | {mark[r['met']]} |"
        for r in rows
    ]
    for name, part in parts.items():
        if part is None:
            continue
        lines += ["", f"## {name} ({part.get('date')}, {part.get('machine')})", ""]
        markdown = REPORTS / PARTS[name].replace(".json", ".md")
        if markdown.exists():
            lines += markdown.read_text(encoding="utf-8").splitlines()[1:]
    return "\n".join(lines) + "\n"


def write_report() -> int:
    parts = {name: _read(file) for name, file in PARTS.items()}
    rows = targets(parts)
    (REPORTS / "bench.json").write_text(
        json.dumps({"targets": rows, **parts}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    markdown = to_markdown(parts, rows)
    Path(REPORTS / "bench.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


def run_all(skip_nlu: bool = False) -> int:
    from bot.bench.load import run_load_benchmark
    from bot.bench.nlu import run_cross_validation
    from bot.bench.review import run_review_benchmark

    if not skip_nlu:
        run_cross_validation(folds=5)
    run_load_benchmark(with_training=True)
    run_review_benchmark()
    return write_report()
