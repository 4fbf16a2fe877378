"""The feedback gold sets are well-formed and stay frozen.

Three folders: tests/data/feedback_gold (transcripts 01-24, split dev/heldout),
tests/data/feedback_gold_heldout2 (transcripts 25-38, all split heldout2, a second held-out set
written before the engine was tuned further) and tests/data/feedback_gold_heldout3 (transcripts
39-52, all split heldout3, a third held-out set written blind to the engine and frozen before any
engine run). The same checks run on all three; only the splits, the numbering and the frozen hash
differ.

Structure only: these tests read the files but never judge a transcript, so they do not tune
anything on the held-out transcripts. The expected judgements themselves are for the engine's own
evaluation (see each gold set's README).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = DATA / "feedback_gold"
GOLD_HELDOUT2 = DATA / "feedback_gold_heldout2"
GOLD_HELDOUT3 = DATA / "feedback_gold_heldout3"
# The handbook text lives beside the checkout (/work/shared); a git worktree sits one level deeper.
_SEEDS = [Path(__file__).resolve().parents[i] / "shared" / "seeds" / "003_ff774cc4871926fd.txt" for i in (3, 4)]
SEED = next((p for p in _SEEDS if p.exists()), _SEEDS[0])
LINE = re.compile(r"^\[(\d\d):(\d\d)\] ([KAB]): (.+)$")
NAME = re.compile(r"^(\d\d)_(stine|fatima|anders|erling|malou)_(good|mixed|poor)\.txt$")

# sha256 over the gold files (name + content, sorted), one per folder. Each set was frozen before
# the engine was built or tuned on it: change it only to fix a real error, in its own commit that
# says why, and update the hash here.
FROZEN_SHA256 = "b2353172342c0b9a6dd7f57a2f09950d6329fb222013d66bddc88ae9272c2c62"
FROZEN_SHA256_HELDOUT2 = "3f5ef0c8b219eef9e2fda391b59a53e79df9530037f99385fa974bd232674ccd"
FROZEN_SHA256_HELDOUT3 = "4cb2459156cedcf60e6e316a13f070482d4afcc792f1e221917764b6849d44d1"


@dataclass(frozen=True)
class GoldFolder:
    path: Path
    sha256: str
    min_per_split: dict[str, int]  # every split the folder may use, and its minimum count
    min_transcripts: int
    numbers: range  # the transcript numbers NN the folder may use


FOLDERS = {
    "feedback_gold": GoldFolder(GOLD, FROZEN_SHA256, {"dev": 8, "heldout": 8}, 20, range(1, 25)),
    "feedback_gold_heldout2": GoldFolder(GOLD_HELDOUT2, FROZEN_SHA256_HELDOUT2, {"heldout2": 14}, 14, range(25, 39)),
    "feedback_gold_heldout3": GoldFolder(GOLD_HELDOUT3, FROZEN_SHA256_HELDOUT3, {"heldout3": 14}, 14, range(39, 53)),
}
folders = pytest.mark.parametrize("folder", list(FOLDERS.values()), ids=list(FOLDERS))

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


def _gold(folder: GoldFolder) -> dict:
    return yaml.safe_load((folder.path / "expected.yml").read_text(encoding="utf-8"))


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


@folders
def test_every_listed_file_exists_and_every_file_is_listed(folder):
    gold = _gold(folder)
    assert gold["version"] == 1
    assert re.match(r"^\d{4}-\d\d-\d\d$", str(gold["frozen"]))
    listed = set(gold["transcripts"])
    on_disk = {p.name for p in folder.path.glob("*.txt")}
    assert listed == on_disk
    assert len(listed) >= folder.min_transcripts


@folders
def test_entries_are_complete_and_consistent(folder):
    gold = _gold(folder)["transcripts"]
    cases, splits = set(), dict.fromkeys(folder.min_per_split, 0)
    for name, entry in gold.items():
        m = NAME.match(name)
        assert m, name
        assert int(m.group(1)) in folder.numbers, name
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
    for split, minimum in folder.min_per_split.items():
        assert splits[split] >= minimum, split


@pytest.mark.parametrize("later", ["feedback_gold_heldout2", "feedback_gold_heldout3"])
def test_later_folders_use_the_first_folders_schema(later):
    """Same keys in every entry and in `expected` (scaling sub-keys only when asked), no shared numbers."""
    first, second = _gold(FOLDERS["feedback_gold"]), _gold(FOLDERS[later])
    assert set(first) == set(second)
    entry_keys = {frozenset(e) for e in first["transcripts"].values()}
    exp_keys = {frozenset(k for k in e["expected"] if ".explored_" not in k) for e in first["transcripts"].values()}
    evidence_keys = set().union(*(e["evidence"] for e in first["transcripts"].values()))
    for name, entry in second["transcripts"].items():
        assert frozenset(entry) in entry_keys, name
        assert frozenset(k for k in entry["expected"] if ".explored_" not in k) in exp_keys, name
        assert set(entry["evidence"]) <= evidence_keys, name
        for a in entry["agreements"]:
            assert set(a) == {"text", "by", "at", "smart"} and a["by"] in {"citizen", "consultant"}, name
    others = set().union(*({n[:2] for n in _gold(f)["transcripts"]} for k, f in FOLDERS.items() if k != later))
    assert not {n[:2] for n in second["transcripts"]} & others


@folders
def test_transcripts_have_rising_time_stamps_and_known_speakers(folder):
    gold = _gold(folder)["transcripts"]
    for name, entry in gold.items():
        turns = _turns(folder.path / name)
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


@folders
def test_files_are_frozen(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.path.iterdir()):
        if path.suffix in {".txt", ".yml"}:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    assert digest.hexdigest() == folder.sha256, (
        f"the gold set {folder.path.name} changed; it is frozen (see its README) - update its hash only "
        "in a commit that fixes a real error and says why"
    )


def _ngrams(text: str, n: int = 9) -> set[tuple[str, ...]]:
    ws = re.findall(r"[a-zæøå0-9']+", text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


@pytest.mark.skipif(not SEED.exists(), reason="handbook seed text not available")
@folders
def test_gold_transcripts_are_in_our_own_words(folder):
    seed = _ngrams(SEED.read_text(encoding="utf-8"))
    copied = []
    for path in sorted(folder.path.glob("*")):
        copied.extend((path.name, " ".join(g)) for g in _ngrams(path.read_text(encoding="utf-8")) & seed)
    assert not copied, copied
