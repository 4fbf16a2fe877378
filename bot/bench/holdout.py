"""Held-out NLU accuracy of the trained model, per file and per intent, with every miss.

``python -m bot bench holdout [--model M] [FILE ...]`` parses each example of the held-out
files (default: ``tests/data/nlu_holdout*.yml`` and ``tests/data/nlu_knowledge_holdout_*.yml``)
with the model as Rasa loads it – the exact command matchers included – and writes
``build/reports/nlu-holdout.md`` and ``.json``. A measurement, not a test: nothing is tuned here.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot.bench.nlu import REPORTS, _machine
from bot.settings import PROJECT_ROOT

DEFAULT_FILES = ("tests/data/nlu_holdout*.yml", "tests/data/nlu_knowledge_holdout_*.yml")


def examples_of(path: Path) -> list[tuple[str, str]]:
    blocks = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    return [
        (line.strip()[2:], block["intent"])
        for block in blocks
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def measure(model: Path, files: list[Path]) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    try:
        results = {}
        for path in files:
            rows = [
                (text, want, loop.run_until_complete(agent.parse_message(text))["intent"]["name"])
                for text, want in examples_of(path)
            ]
            results[path.name] = _summary(rows)
        return results
    finally:
        loop.close()


def _summary(rows: list[tuple[str, str, str]]) -> dict:
    total, right = Counter(want for _, want, _ in rows), Counter(want for _, want, got in rows if want == got)
    return {
        "right": sum(right.values()),
        "total": len(rows),
        "per_intent": {intent: [right[intent], total[intent]] for intent in sorted(total)},
        "misses": [{"text": text, "intent": want, "predicted": got} for text, want, got in rows if want != got],
    }


def to_markdown(results: dict, model: Path, when: str) -> str:
    lines = [f"# NLU held-out accuracy ({when})", "", f"Model `{model.name}`; machine: {_machine()}.", ""]
    lines += ["| file | right | total | accuracy |", "| --- | ---: | ---: | ---: |"]
    for name, result in results.items():
        accuracy = f"{result['right'] / result['total']:.3f}".replace(".", ",")  # a Danish decimal comma
        lines.append(f"| {name} | {result['right']} | {result['total']} | {accuracy} |")
    for name, result in results.items():
        lines += ["", f"## {name}", "", "| intent | right | total |", "| --- | ---: | ---: |"]
        lines += [f"| {intent} | {r} | {n} |" for intent, (r, n) in result["per_intent"].items()]
        if result["misses"]:
            lines += ["", "Misses:", ""]
            lines += [f"- »{m['text']}«: {m['intent']} → {m['predicted']}" for m in result["misses"]]
    return "\n".join(lines) + "\n"


def run_holdout(model: str, patterns: list[str]) -> int:
    files = sorted({path for pattern in (patterns or DEFAULT_FILES) for path in PROJECT_ROOT.glob(pattern)})
    model_path = PROJECT_ROOT / model
    if not model_path.exists():
        print("Ingen trænet model – kør `make train` først.")
        return 1
    results = measure(model_path, files)
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "nlu-holdout.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    markdown = to_markdown(results, model_path, when)
    (REPORTS / "nlu-holdout.md").write_text(markdown, encoding="utf-8")
    print(markdown.split("\n## ")[0])
    return 0
