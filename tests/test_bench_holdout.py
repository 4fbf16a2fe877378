"""The held-out measurement's own logic (the model run itself is in tests/test_nlu_model.py)."""

from __future__ import annotations

from pathlib import Path

from bot.bench.holdout import _summary, examples_of, to_markdown


def test_examples_and_summary(tmp_path):
    path = tmp_path / "h.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: a\n  examples: |\n    - x y\n    - z\n', encoding="utf-8")
    assert examples_of(path) == [("x y", "a"), ("z", "a")]
    summary = _summary([("x y", "a", "a"), ("z", "a", "b"), ("w", "c", "c")])
    assert (summary["right"], summary["total"]) == (2, 3)
    assert summary["per_intent"] == {"a": [1, 2], "c": [1, 1]}
    assert summary["misses"] == [{"text": "z", "intent": "a", "predicted": "b"}]


def test_markdown_has_decimal_commas_and_the_misses():
    results = {"nlu_holdout.yml": _summary([("x", "a", "a"), ("z", "a", "b"), ("w", "a", "a")])}
    text = to_markdown(results, Path("m.tar.gz"), "2026-12-07")
    assert "| nlu_holdout.yml | 2 | 3 | 0,667 |" in text and "- »z«: a → b" in text
