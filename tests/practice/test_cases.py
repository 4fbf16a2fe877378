"""The five citizen cases and their answer banks: complete, consistent with the handbook case, in our own words."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from bot.plan.agreements import AgreementAnswers, apply_answers, parse_agreement
from bot.practice.case import (
    ANSWERS_DIR,
    CASE_IDS,
    CASES_DIR,
    MIN_LINES,
    MOODS,
    SITUATIONS,
    CaseError,
    case_names,
    load_case,
    parse_case,
    resolve_case,
)
from bot.practice.closure import NEXT_CONVERSATION_DAYS, plan_sentence
from bot.practice.topics import case_topics

# The handbook (../shared/seeds beside the checkout, which may sit deeper in a worktree); tests skip without it.
SEED = next(
    (
        p / "shared" / "seeds" / "003_ff774cc4871926fd.txt"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "seeds").is_dir()
    ),
    Path("/nonexistent"),
)
TODAY = date(2026, 12, 7)  # a Monday


def _raw(case_id: str) -> tuple[dict, dict]:
    case = yaml.safe_load((CASES_DIR / f"{case_id}.yml").read_text(encoding="utf-8"))
    answers = yaml.safe_load((ANSWERS_DIR / f"{case_id}.yml").read_text(encoding="utf-8"))
    return case, answers


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_every_topic_has_lines_for_every_mood(case_id):
    case = load_case(case_id)
    assert set(case.answers) == set(case_topics(case_id))
    for topic, bank in case.answers.items():
        for key, minimum in MIN_LINES.items():
            assert len(bank[key]) >= minimum, (topic, key)
            assert len(set(bank[key])) == len(bank[key]), (topic, key)
    # Short answers are short: a closed question gets a sentence, not a speech.
    assert all(len(line.split()) <= 12 for bank in case.answers.values() for line in bank["short"])


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_no_line_is_used_twice_in_a_case(case_id):
    """Every line is written once, so "no verbatim repeat" cannot come from copy-paste."""
    case = load_case(case_id)
    lines = [line for bank in case.answers.values() for key in MOODS for line in bank[key]]
    duplicates = {line for line in lines if lines.count(line) > 1}
    assert not duplicates


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_case_file_is_complete(case_id):
    case = load_case(case_id)
    assert case.name and case.profile and case.booked_topic and case.change_target
    assert set(case.jobs) == {"A", "B", "C"} and len(case.hidden_facts) == 3
    assert len(case.triggers) >= 3 and len(case.openers) >= 3 and case.corrections
    assert len(case.briefing.preparation) >= 3 and len(case.briefing.on_file) >= 3
    for situation in SITUATIONS:
        for mood in MOODS:
            assert len(case.lines(situation, mood)) >= 2, (situation, mood)
    assert re.search("[æøå]", " ".join(case.answers["wishes"]["open"]))


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_the_citizens_own_ideas_become_smart_agreements(case_id):
    """The checker is the plan store's (bot.plan.agreements.parse_agreement); an idea the citizen
    completes with a day must pass it, the bare offer (no day yet) must not."""
    for idea in load_case(case_id).closure.own_ideas:
        body = plan_sentence(re.sub(r"^jeg\s+", "", idea.full, flags=re.IGNORECASE))
        draft = parse_agreement(body, TODAY, TODAY + timedelta(days=NEXT_CONVERSATION_DAYS))
        draft = apply_answers(draft, AgreementAnswers(accepted=True, realistic=True), TODAY)
        assert draft.is_complete, (idea.full, draft.missing)
        offer = parse_agreement(plan_sentence(idea.offer), TODAY)
        assert not offer.time_bound, idea.offer


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_hidden_facts_are_not_printed_on_the_case_card(case_id):
    case = load_case(case_id)
    card = " ".join([case.summary, case.briefing.booked, case.briefing.why, *case.briefing.on_file]).lower()
    hidden_words = {
        "stine": ["sfo", "døde", "elskede"],
        "fatima": ["følte sig gammel", "aldrig selv søgt", "fællesskab"],
        "anders": ["depression", "psykisk", "lokalarkiv", "frivillig"],
        "erling": ["ordblind", "skræk", "humør"],
        "malou": ["lejlighed", "slå rod", "handelsskole"],
    }[case_id]
    assert not [w for w in hidden_words if w in card]


def test_the_handbook_facts_the_case_files_used_to_contradict():
    stine = load_case("stine")
    stine_text = " ".join(line for bank in stine.answers.values() for v in bank.values() for line in v)
    assert "tre år på" not in stine_text  # the SOSU education took about a year (started at 23, temping at 25-27)
    assert "Ungdommens Uddannelsesvejledning" in stine.profile
    erling = load_case("erling")
    erling_text = (CASES_DIR / "erling.yml").read_text(encoding="utf-8") + (ANSWERS_DIR / "erling.yml").read_text(
        encoding="utf-8"
    )
    assert "tre gange på et år" not in erling_text and "lige efter hinanden" in erling_text
    assert "portør" not in erling.jobs["C"] and "sygehus" not in erling.jobs["C"]
    malou = load_case("malou")
    assert "i tre af årene" in malou.profile and "Østen" in malou.profile and "Asien" not in malou.profile
    assert "uden selv at have lyst til at arbejde" in load_case("fatima").profile
    assert "transport" in load_case("anders").profile  # low mobility (handbook key words)


def test_resolve_case_and_names():
    assert resolve_case("øv med Stine") == "stine"
    assert resolve_case("Jeg vil gerne øve med ERLING") == "erling"
    assert resolve_case("tilfældig borger") == "random"
    assert resolve_case("hvad er en kontrakt") is None
    assert list(case_names().values()) == ["Stine", "Fatima", "Anders", "Erling", "Malou"]


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda c, a: c["replies"].pop("pushback"), "replies missing"),
        (lambda c, a: c["replies"].update(scale_importance=["en fem", "fem", "fem-ish"]), "{n}"),
        (lambda c, a: c["replies"].update(unknown_situation=["a", "b", "c"]), "unknown situations"),
        (lambda c, a: c["replies"].update(contract={"open": ["a", "b"]}), "exactly"),
        (lambda c, a: a["topics"].pop("family"), "answers missing"),
        (lambda c, a: a["topics"].update(not_a_topic={}), "unknown topics"),
        (lambda c, a: a["topics"]["family"].update(open=["kun én linje"]), "answers.family.open"),
        (lambda c, a: a["topics"]["family"].update(short=["", "  "]), "answers.family.short"),
        (lambda c, a: c["start"].update(resistance=11), "start.resistance"),
        (lambda c, a: c["start"].update(importance=0), "importance and confidence"),
        (lambda c, a: c["closure"].update(limit=0), "closure.limit"),
        (lambda c, a: c["closure"]["own_ideas"][0].update(after_fact="nope"), "unknown fact"),
        (lambda c, a: c["openers"][0].update(topics=["nope"]), "unknown topic"),
        (lambda c, a: c.pop("briefing"), "briefing"),
        (lambda c, a: c.update(id="nobody"), "case id"),
    ],
)
def test_a_damaged_case_is_refused(damage, message):
    case, answers = _raw("stine")
    damage(case, answers)
    with pytest.raises(CaseError, match=re.escape(message)):
        parse_case(case, answers)


def _ngrams(text: str, n: int = 9) -> set[tuple[str, ...]]:
    ws = re.findall(r"[a-zæøå0-9']+", text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


@pytest.mark.skipif(not SEED.exists(), reason="handbook seed text not available")
def test_cases_answers_and_gold_set_are_in_our_own_words():
    seed = _ngrams(SEED.read_text(encoding="utf-8"))
    root = Path(__file__).resolve().parents[2]
    files = [
        *CASES_DIR.glob("*.yml"),
        *ANSWERS_DIR.glob("*.yml"),
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
