"""The feedback gold set (tests/data/feedback_gold) is well-formed and stays frozen.

Structure only: these tests read the files but never judge a transcript, so they do not tune
anything on the heldout half. The expected judgements themselves are for the engine's own
evaluation (see the gold set's README).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

GOLD = Path(__file__).resolve().parents[1] / "data" / "feedback_gold"
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_ff774cc4871926fd.txt"
LINE = re.compile(r"^\[(\d\d):(\d\d)\] ([KAB]): (.+)$")
NAME = re.compile(r"^(\d\d)_(stine|fatima|anders|erling|malou)_(good|mixed|poor)\.txt$")

# sha256 over the gold files (name + content, sorted). The set was frozen before the engine was
# built: change it only to fix a real error, in its own commit that says why, and update this.
FROZEN_SHA256 = "b2353172342c0b9a6dd7f57a2f09950d6329fb222013d66bddc88ae9272c2c62"

BOOL_KEYS = {
    "contract.present",
    "closure.summary",
    "closure.agreement",
    "closure.evaluation",
    "scaling.importance.asked",
    "scaling.confidence.asked",
    "role_switch.announced",
}
INT_KEYS = {
    "timeouts.count",
    "pressure.count",
    "ugu.information_blocks",
    "ugu.kept_blocks",
    "agreements.count",
    "agreements.smart_count",
    "open_question_share.open",
    "open_question_share.closed",
}
SMART = {"specific", "measurable", "accepted", "realistic", "time_bound"}


def _gold() -> dict:
    return yaml.safe_load((GOLD / "expected.yml").read_text(encoding="utf-8"))


def _turns(path: Path) -> list[tuple[int, str, str]]:
    turns = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        m = LINE.match(raw)
        if m:
            turns.append((int(m.group(1)) * 60 + int(m.group(2)), m.group(3), m.group(4)))
        else:
            assert turns, f"{path.name}: continuation line before any turn"
            assert not re.match(r"^\s*(\[[\d:]+\]\s*)?[A-ZÆØÅa-zæøå]+:", raw), f"{path.name}: odd line {raw!r}"
    return turns


def test_every_listed_file_exists_and_every_file_is_listed():
    gold = _gold()
    assert gold["version"] == 1
    assert re.match(r"^\d{4}-\d\d-\d\d$", str(gold["frozen"]))
    listed = set(gold["transcripts"])
    on_disk = {p.name for p in GOLD.glob("*.txt")}
    assert listed == on_disk
    assert len(listed) >= 20


def test_entries_are_complete_and_consistent():
    gold = _gold()["transcripts"]
    cases, splits = set(), {"dev": 0, "heldout": 0}
    for name, entry in gold.items():
        m = NAME.match(name)
        assert m, name
        assert entry["case"] == m.group(2) and entry["kind"] == m.group(3), name
        cases.add(entry["case"])
        splits[entry["split"]] += 1
        exp = entry["expected"]
        assert exp["overall"] in {"green", "yellow", "red"}
        assert exp["ugu.status"] in {"kept", "broken", "none"}
        for key in BOOL_KEYS:
            assert isinstance(exp[key], bool), (name, key)
        for key in INT_KEYS:
            assert isinstance(exp[key], int) and exp[key] >= 0, (name, key)
        for kind in ("importance", "confidence"):
            sub = {f"scaling.{kind}.explored_down", f"scaling.{kind}.explored_up"}
            assert (sub <= set(exp)) == exp[f"scaling.{kind}.asked"], (name, kind)
        ev = entry.get("evidence", {})
        assert len(ev.get("open_questions", [])) == exp["open_question_share.open"], name
        assert len(ev.get("closed_questions", [])) == exp["open_question_share.closed"], name
        assert len(ev.get("pressure", [])) == exp["pressure.count"], name
        assert len(ev.get("timeouts", [])) == exp["timeouts.count"], name
        agreements = entry.get("agreements", [])
        assert len(agreements) == exp["agreements.count"], name
        assert exp["closure.agreement"] == (exp["agreements.count"] > 0), name
        assert sum(all(a["smart"].values()) for a in agreements) == exp["agreements.smart_count"], name
        for a in agreements:
            assert set(a["smart"]) == SMART, name
        assert exp["ugu.kept_blocks"] <= exp["ugu.information_blocks"]
        assert (exp["ugu.status"] == "none") == (exp["ugu.information_blocks"] == 0), name
        assert entry["notes"].strip() and entry["sources"], name
    assert cases == {"stine", "fatima", "anders", "erling", "malou"}
    assert min(splits.values()) >= 8


def test_transcripts_have_rising_time_stamps_and_known_speakers():
    gold = _gold()["transcripts"]
    for name, entry in gold.items():
        turns = _turns(GOLD / name)
        times = [t for t, _, _ in turns]
        assert times == sorted(set(times)), f"{name}: time stamps must rise"
        consultant = [t for t in turns if t[1] in "KA"]
        assert 8 <= len(consultant) <= 40, name
        assert len(consultant) == entry["consultant_turns"], name
        mm, ss = entry["duration"].split(":")
        assert times[-1] == int(mm) * 60 + int(ss), name
        stamps = {f"{t // 60:02d}:{t % 60:02d}" for t in times}
        for key, values in entry.get("evidence", {}).items():
            for v in values:
                assert v.split()[0] in stamps, (name, key, v)


def test_files_are_frozen():
    digest = hashlib.sha256()
    for path in sorted(GOLD.iterdir()):
        if path.suffix in {".txt", ".yml"}:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    assert digest.hexdigest() == FROZEN_SHA256, (
        "the feedback gold set changed; it is frozen (see its README) - update FROZEN_SHA256 only "
        "in a commit that fixes a real error and says why"
    )


def _ngrams(text: str, n: int = 9) -> set[tuple[str, ...]]:
    ws = re.findall(r"[a-zæøå0-9']+", text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


@pytest.mark.skipif(not SEED.exists(), reason="handbook seed text not available")
def test_gold_transcripts_are_in_our_own_words():
    seed = _ngrams(SEED.read_text(encoding="utf-8"))
    copied = []
    for path in sorted(GOLD.glob("*")):
        copied.extend((path.name, " ".join(g)) for g in _ngrams(path.read_text(encoding="utf-8")) & seed)
    assert not copied, copied
