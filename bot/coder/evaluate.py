"""Held-out evaluation of the coder: accuracy, Cohen's kappa overall and per code (one vs rest),
precision and recall per code. ``python -m bot coder eval`` prints it."""

from __future__ import annotations

import json
from collections import Counter

from bot.coder import CODES


def cohen_kappa(gold: list[str], pred: list[str]) -> float:
    n = len(gold)
    if n == 0:
        return 0.0
    po = sum(g == p for g, p in zip(gold, pred)) / n
    cg, cp = Counter(gold), Counter(pred)
    pe = sum(cg[k] * cp[k] for k in set(cg) | set(cp)) / (n * n)
    if pe >= 1.0:
        return 1.0 if po >= 1.0 else 0.0
    return (po - pe) / (1 - pe)


def per_code_scores(gold: list[str], pred: list[str]) -> dict[str, dict]:
    out = {}
    for code in CODES:
        g = [x == code for x in gold]
        p = [x == code for x in pred]
        tp = sum(a and b for a, b in zip(g, p))
        fp = sum((not a) and b for a, b in zip(g, p))
        fn = sum(a and (not b) for a, b in zip(g, p))
        out[code] = {
            "support": sum(g),
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "kappa": cohen_kappa(["y" if x else "n" for x in g], ["y" if x else "n" for x in p]),
        }
    return out


def evaluate(use_rules: bool = True) -> dict:
    """Trains on the training part of the gold set and scores the held-out part."""
    from bot.coder.classifier import CoderModel, split_gold, trained_model

    train, held = split_gold()
    if use_rules:
        model = trained_model("train")
    else:
        model = CoderModel(use_rules=False).fit([e.text for e in train], [e.code for e in train])
    gold = [e.code for e in held]
    pred = model.predict([e.text for e in held])
    errors = [{"text": e.text, "gold": g, "pred": p} for e, g, p in zip(held, gold, pred) if g != p]
    return {
        "train_size": len(train),
        "heldout_size": len(held),
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold),
        "kappa": cohen_kappa(gold, pred),
        "per_code": per_code_scores(gold, pred),
        "errors": errors,
        "use_rules": use_rules,
    }


def format_report(result: dict, show_errors: bool = False) -> str:
    lines = [
        f"Kodning af konsulentytringer – held-out evaluering ({'regler + klassifikator' if result['use_rules'] else 'kun klassifikator'})",
        f"Træning: {result['train_size']} ytringer, held-out: {result['heldout_size']} ytringer",
        f"Nøjagtighed (accuracy): {result['accuracy']:.3f}",
        f"Cohens kappa samlet: {result['kappa']:.3f}",
        f"{'kode':28s} {'n':>3s} {'kappa':>6s} {'præcision':>9s} {'recall':>6s}",
    ]
    for code, s in result["per_code"].items():
        lines.append(f"{code:28s} {s['support']:3d} {s['kappa']:6.2f} {s['precision']:9.2f} {s['recall']:6.2f}")
    if show_errors:
        lines.append("Fejl:")
        for e in result["errors"]:
            lines.append(f"  {e['gold']} -> {e['pred']}: {e['text']}")
    return "\n".join(lines)


def main_eval(as_json: bool = False, show_errors: bool = False, no_rules: bool = False) -> int:
    result = evaluate(use_rules=not no_rules)
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_report(result, show_errors=show_errors))
    return 0
