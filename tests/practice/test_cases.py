"""The five citizen cases load, are complete, and are written in our own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.judgement.agreements import smart_flags
from bot.practice.case import (
    CASE_IDS,
    CASES_DIR,
    MIN_VARIANTS,
    SITUATIONS,
    CaseError,
    load_case,
    parse_case,
    resolve_case,
)

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_ff774cc4871926fd.txt"


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_case_is_complete(case_id):
    case = load_case(case_id)
    assert case.name and case.profile and case.booked_topic and case.change_target
    assert len(case.keywords) >= 3
    assert case.ambivalence_for and case.ambivalence_against
    assert all(1 <= case.start[k] <= 10 for k in ("importance", "confidence", "openness", "resistance"))
    assert case.resistance_triggers and case.openers
    assert set(case.jobs) == {"A", "B", "C"}
    assert len(case.hidden_facts) >= 3
    for fact in case.hidden_facts:
        assert fact.label and fact.condition and fact.triggers
        assert len(fact.reveal) >= MIN_VARIANTS
    for situation in SITUATIONS:
        variants = case.replies[situation]
        assert len(variants) >= MIN_VARIANTS, (case_id, situation)
        assert len(set(variants)) == len(variants)
    assert re.search("[æøå]", " ".join(case.replies["open_high"]))


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_agreements_are_smart_and_vague_ones_are_not(case_id):
    case = load_case(case_id)
    for agreement in case.agreements:
        assert smart_flags(agreement.text, accepted=True, realistic=True)["smart"], agreement.text
    for vague in case.replies["closure_vague"]:
        assert not smart_flags(vague, accepted=True, realistic=True)["smart"], vague


def test_known_facts_from_the_handbook_cases():
    assert "gammel" in load_case("fatima").fact("foeler_sig_gammel").label
    anders = {f.id for f in load_case("anders").hidden_facts}
    assert {"nakkesmerter", "depression"} <= anders
    erling = {f.id for f in load_case("erling").hidden_facts}
    assert {"ordblind", "skraek_for_skole"} <= erling
    assert {"god_mor", "aeldrepleje_haard"} <= {f.id for f in load_case("stine").hidden_facts}
    assert {"lejlighed", "skoletraet"} <= {f.id for f in load_case("malou").hidden_facts}


def test_resolve_case():
    assert resolve_case("øv med Stine") == "stine"
    assert resolve_case("Jeg vil gerne øve med ERLING") == "erling"
    assert resolve_case("tilfældig borger") == "random"
    assert resolve_case("hvad er en kontrakt") is None


def test_incomplete_case_is_rejected():
    data = yaml.safe_load((CASES_DIR / "stine.yml").read_text(encoding="utf-8"))
    del data["replies"]["pushback"]
    with pytest.raises(CaseError):
        parse_case(data)
    data = yaml.safe_load((CASES_DIR / "stine.yml").read_text(encoding="utf-8"))
    data["replies"]["scale_importance"] = ["en fem", "fem", "fem-ish"]
    with pytest.raises(CaseError):
        parse_case(data)


def _ngrams(text: str, n: int = 9) -> set[tuple[str, ...]]:
    ws = re.findall(r"[a-zæøå0-9']+", text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


@pytest.mark.skipif(not SEED.exists(), reason="handbook seed text not available")
def test_cases_and_gold_set_are_in_our_own_words():
    seed = _ngrams(SEED.read_text(encoding="utf-8"))
    root = Path(__file__).resolve().parents[2]
    files = list(CASES_DIR.glob("*.yml")) + [
        root / "bot" / "coder" / "gold.yml",
        root / "tests" / "data" / "coder_fresh.yml",
        root / "tests" / "data" / "transcript_erling_sample.txt",
    ]
    copied = []
    for path in files:
        # The whole file, so folded YAML text that runs over several lines is checked too.
        overlap = _ngrams(path.read_text(encoding="utf-8")) & seed
        copied.extend((path.name, " ".join(gram)) for gram in overlap)
    assert not copied, copied
