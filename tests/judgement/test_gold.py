"""The feedback gold set (tests/data/feedback_gold) asserted against the engine.

dev: every judgement agrees. heldout: scored once after the engine was built (2026-12-07, see
docs/measurements/feedback-gold-2026-12-07.md): 192 of 222 judgements agreed (86.5 %); the engine
was tuned on its misses afterwards, so heldout is development data now and must stay where the
tuning brought it. heldout2 (tests/data/feedback_gold_heldout2) was scored once as an unseen set
after that tuning (docs/measurements/feedback-gold-heldout2-2026-12-07.md): 188 of 256 (73.4 %).
It is DEVELOPMENT data since then: the engine was generalised on the classes of its misses (new
wordings in tests/judgement/test_generalised.py and the detector tests, never a gold sentence), which
brought it to 256 of 256; this test keeps it there. heldout3 (tests/data/feedback_gold_heldout3),
written blind to the engine and frozen before any run, was scored once after all of that
(docs/measurements/feedback-gold-heldout3-2026-12-07.md): 215 of 260 (82.7 %), the honest held-out
figure; this test keeps it from getting worse. The issue's "Done when" cases are pinned one by one,
and every text on the 24 cards is checked as Danish.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.judgement.view import judgement_view
from bot.practice.transcript import review

from .danish_rules import sentence_problems
from .test_danish import assert_card_is_danish

GOLD = Path(__file__).resolve().parents[1] / "data" / "feedback_gold"
HELDOUT_AGREED = 220  # of 222 after tuning on its misses (see the module docstring)
HELDOUT2 = GOLD.parent / "feedback_gold_heldout2"
HELDOUT2_AGREED = 256  # of 256 after tuning on it (development data since its one measurement of 188)
HELDOUT3 = GOLD.parent / "feedback_gold_heldout3"
HELDOUT3_AGREED = 215  # of 260, measured once (see the module docstring)


def _entries() -> dict[str, dict]:
    return yaml.safe_load((GOLD / "expected.yml").read_text(encoding="utf-8"))["transcripts"]


ENTRIES = _entries()


@pytest.fixture(scope="module")
def judged() -> dict[str, dict]:
    return {name: review((GOLD / name).read_text(encoding="utf-8"))["feedback"] for name in ENTRIES}


def _agreed(name: str, feedback: dict) -> tuple[int, int]:
    view, expected = judgement_view(feedback), ENTRIES[name]["expected"]
    return sum(view.get(k) == v for k, v in expected.items()), len(expected)


@pytest.mark.parametrize("name", [n for n, e in ENTRIES.items() if e["split"] == "dev"])
def test_every_dev_judgement_agrees(judged, name):
    view = judgement_view(judged[name])
    expected = ENTRIES[name]["expected"]
    assert {k: view.get(k) for k in expected} == expected


def test_heldout_does_not_fall_below_its_one_measurement(judged):
    scores = [_agreed(n, judged[n]) for n, e in ENTRIES.items() if e["split"] == "heldout"]
    assert sum(total for _, total in scores) == 222
    assert sum(agreed for agreed, _ in scores) >= HELDOUT_AGREED


def _agreement_with(folder) -> tuple[int, int]:
    entries = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8"))["transcripts"]
    agreed = total = 0
    for name, entry in entries.items():
        view = judgement_view(review((folder / name).read_text(encoding="utf-8"))["feedback"])
        agreed += sum(view.get(k) == v for k, v in entry["expected"].items())
        total += len(entry["expected"])
    return agreed, total


def test_heldout2_stays_where_the_tuning_brought_it():
    assert _agreement_with(HELDOUT2) == (HELDOUT2_AGREED, 256)


def test_heldout3_does_not_fall_below_its_one_measurement():
    agreed, total = _agreement_with(HELDOUT3)
    assert total == 260
    assert agreed >= HELDOUT3_AGREED


def test_the_model_erling_conversation_is_green_with_evaluation_and_downward_scaling(judged):
    f = judged["01_erling_good.txt"]
    m = f["metrics"]
    assert f["overall"] == "green" and m["closure"]["evaluation"]
    assert m["scaling"]["importance"]["explored_down"] and m["scaling"]["confidence"]["explored_down"]
    assert m["scaling"]["confidence"]["value"] == 4  # "Tja... en fire, måske." in number words
    assert m["ugu"]["result"] == "kept" and m["agreements"]["count"] == 1  # the restatement is no second one


@pytest.mark.parametrize(("name", "pushes"), [("02_stine_poor.txt", 10), ("19_fatima_poor.txt", 6)])
def test_lecturing_and_pressing_is_red_with_every_push_counted(judged, name, pushes):
    f = judged[name]
    assert f["overall"] == "red" and f["metrics"]["pressure"]["count"] == pushes
    assert f["metrics"]["pressure"]["sets_the_tone"]


def test_the_announced_role_switch_is_not_punished(judged):
    f = judged["03_fatima_good.txt"]
    m = f["metrics"]
    assert f["overall"] == "green" and m["role_switch"]["announced"] and m["role_switch"]["status"] == "green"
    assert m["pressure"]["count"] == 0 and m["ugu"]["result"] == "kept"


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_text_on_the_gold_sets_cards_is_correct_danish(judged, name):
    f = judged[name]
    assert_card_is_danish(f)
    for s in f["suggestions"]:
        assert s["quote"] and not sentence_problems(s["instead"])
