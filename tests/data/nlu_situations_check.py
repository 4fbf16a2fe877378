"""Checks for the frozen situation yardstick tests/data/nlu_situations.yml.

Run: python3 tests/data/nlu_situations_check.py   (needs only PyYAML)

- the file loads as YAML and every example parses the way Rasa reads a block
  (``- `` then text; nothing else inside a block);
- counts per intent against the minimums of the brief;
- no line occurs in data/nlu/*.yml or tests/data/nlu_holdout*.yml after lowercasing and
  whitespace normalisation (the rule), nor after a looser normalisation that also folds
  aa/ae/oe to å/æ/ø and drops punctuation (reported as near-duplicates);
- no duplicates inside the file (both normalisations);
- 2-12 words per line, lowercase;
- `# also: tool_x` comments: each must follow a one-example block (so the line it belongs to is
  unambiguous), name a known intent, and such lines stay under 10 %.
Exit code 1 on any violation of the rule, the counts, duplicates or the also-comments.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "tests" / "data" / "nlu_situations.yml"

MINIMUM = {
    **{
        i: 9
        for i in (
            "tool_booking tool_forberedelse tool_kontrakt tool_aabne_spoergsmaal tool_noegleord "
            "tool_plus_minus tool_skalaspoergsmaal tool_ugu tool_abc_jobplan tool_timeout "
            "tool_motiverende_sprog tool_dobbeltrolle tool_udfordrende_samtale tool_afslutning "
            "tool_delmaal tool_smart_maal"
        ).split()
    },
    **{
        i: 7
        for i in (
            "tool_faellessamtale tool_tvaerfaglighed tool_virksomheder tool_ud_af_boksen "
            "tool_uddannelse tool_digitale_vaerktoejer"
        ).split()
    },
    **{i: 4 for i in "next_step status goto_step end_conversation".split()},
}
REQUIRED = [
    "hun græder",
    "jeg har ikke kigget i hans joblog endnu",
    "aftalen er »søge mere«, det er for vagt",
    "han siger ikke så meget",
    "det er en fælles samtale med a-kassen",
    "hun har et misbrug",
    "a-kassen sidder med i dag",
    "vi er kørt fast i de samme jobtyper",
]


def norm(text: str) -> str:
    """The rule: lowercase, whitespace collapsed."""
    return " ".join(text.lower().split())


def loose(text: str) -> str:
    """Stricter look-alike check: also aa/ae/oe -> å/æ/ø, punctuation and quotes dropped."""
    t = norm(text)
    for a, b in (("aa", "å"), ("ae", "æ"), ("oe", "ø")):
        t = t.replace(a, b)
    t = re.sub(r"[^\wæøå ]+", " ", t)
    return " ".join(t.split())


def examples_of(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for item in data.get("nlu", []) or []:
        if "intent" not in item:
            continue
        block = item.get("examples", "")
        if isinstance(block, str):
            for line in block.splitlines():
                if line.startswith("-"):
                    out.append((item["intent"], line[1:].strip()))
        else:  # list-of-dicts form
            for ex in block:
                out.append((item["intent"], str(ex.get("text", "")).strip()))
    return out


def main() -> int:
    errors: list[str] = []
    notes: list[str] = []
    raw = FILE.read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    assert str(data.get("version")) == "3.1", "version must be 3.1"

    ours: list[tuple[str, str]] = []
    for item in data["nlu"]:
        block = item["examples"]
        assert isinstance(block, str), f"{item['intent']}: examples must be a | block"
        for line in block.splitlines():
            if not line.startswith("- "):
                errors.append(f"{item['intent']}: line Rasa would skip: {line!r}")
                continue
            text = line[2:].strip()
            if "#" in text:
                errors.append(f"comment inside example text (Rasa would keep it): {text!r}")
            ours.append((item["intent"], text))

    counts = Counter(i for i, _ in ours)
    for intent, minimum in MINIMUM.items():
        if counts[intent] < minimum:
            errors.append(f"{intent}: {counts[intent]} < {minimum}")
    for intent in counts:
        if intent not in MINIMUM:
            errors.append(f"unexpected intent {intent}")
    if len(ours) < 220:
        errors.append(f"only {len(ours)} lines")

    texts = {norm(t) for _, t in ours}
    for req in REQUIRED:
        if norm(req) not in texts:
            errors.append(f"required line missing: {req}")

    # duplicates within the file
    for key, label in ((norm, "exact"), (loose, "near")):
        c = Counter(key(t) for _, t in ours)
        for k, n in c.items():
            if n > 1:
                errors.append(f"{label} duplicate in file: {k!r} x{n}")

    # overlap with training and the other held-out files
    others = sorted((ROOT / "data" / "nlu").glob("*.yml")) + sorted((ROOT / "tests" / "data").glob("nlu_holdout*.yml"))
    exact, near = {}, {}
    for path in others:
        for intent, t in examples_of(path):
            exact.setdefault(norm(t), f"{path.relative_to(ROOT)} ({intent})")
            near.setdefault(loose(t), f"{path.relative_to(ROOT)} ({intent})")
    for _intent, t in ours:
        if norm(t) in exact:
            errors.append(f"in other data: {t!r} -> {exact[norm(t)]}")
        elif loose(t) in near:
            errors.append(f"near-duplicate of other data: {t!r} -> {near[loose(t)]}")

    # style
    for _intent, t in ours:
        words = len(t.split())
        if not 2 <= words <= 12 and norm(t) not in {norm(r) for r in REQUIRED}:
            notes.append(f"length {words}: {t!r}")
        if t != t.lower():
            errors.append(f"not lowercase: {t!r}")

    # also-comments: a comment block directly after a one-example entry
    lines = raw.splitlines()
    also_total = 0
    entry_examples: list[str] = []
    for line in lines:
        s = line.strip()
        if s.startswith("- intent:"):
            entry_examples = []
        elif s.startswith("- ") and line.startswith("    "):
            entry_examples.append(s[2:])
        elif s.startswith("# also:"):
            also_total += 1
            alt = s.split(":", 1)[1].strip().split()[0]
            if alt not in MINIMUM:
                errors.append(f"also-comment names unknown intent {alt}")
            if len(entry_examples) != 1:
                errors.append(f"also-comment not after a one-example entry: {s}")
    if also_total >= 0.10 * len(ours):
        errors.append(f"{also_total} also-lines is not under 10 % of {len(ours)}")

    print(f"{len(ours)} lines, {len(counts)} intents, {also_total} with '# also:'")
    for intent in MINIMUM:
        print(f"  {intent:28s} {counts[intent]:3d}  (min {MINIMUM[intent]})")
    for n in notes:
        print("note:", n)
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
