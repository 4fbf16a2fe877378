"""Checks that a text of ours does not copy passages from the seed documents (the handbook)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

# Beside the checkout (/work/main -> /work/shared/seeds), also from a worktree one level deeper.
SEEDS = next(
    (p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir()),
    Path("/nonexistent/shared/seeds"),
)
HANDBOOK = SEEDS / "003_ff774cc4871926fd.txt"
LONG_TERM_UNEMPLOYED = SEEDS / "002_f0a1b7e80f1a0795.txt"


def ngrams(text: str, n: int = 9) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-zæøå0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def copied_passages(ours: Iterable[Path], seeds: Iterable[Path], n: int = 9) -> list[tuple[str, str]]:
    """(file name, passage) for every run of ``n`` words that a file of ours shares with a seed."""
    seed = set().union(*(ngrams(path.read_text(encoding="utf-8"), n) for path in seeds))
    return [(path.name, " ".join(gram)) for path in ours for gram in ngrams(path.read_text(encoding="utf-8"), n) & seed]
