"""The technique coder: gold set, fixed split, held-out agreement, cues and turn segmentation."""

from __future__ import annotations

import json

import pytest

from bot.coder import CODES, code_turn, code_utterance
from bot.coder.classifier import load_gold, split_gold
from bot.coder.cues import closure_elements, question_form, scaling_info
from bot.coder.evaluate import cohen_kappa, evaluate, per_code_scores

# Measured held-out kappa is 0.83 (accuracy 0.84) for the hybrid coder and 0.63 for the
# classifier alone; these floors leave room for small library differences but fail on a real
# regression, and keep the coder above the 0.6 the issue asks for.
MIN_HELDOUT_KAPPA = 0.75
MIN_HELDOUT_ACCURACY = 0.75
MIN_CLASSIFIER_ONLY_KAPPA = 0.55


def test_gold_set_is_large_varied_and_complete():
    gold = load_gold()
    assert len(gold) >= 300
    per_code = {c: sum(e.code == c for e in gold) for c in CODES}
    assert all(n >= 20 for n in per_code.values()), per_code
    texts = [e.text.lower() for e in gold]
    assert len(set(texts)) == len(texts)
    # Hard cases are in: questions without "?", statements that reflect, permission questions.
    no_qmark_open = [e for e in gold if e.code == "aabent_spoergsmaal" and not e.text.endswith("?")]
    assert len(no_qmark_open) >= 8
    assert any(e.text.startswith("Du ") for e in gold if e.code == "refleksion")


def test_split_is_fixed_stratified_and_disjoint():
    train, held = split_gold()
    again_train, again_held = split_gold()
    assert [e.text for e in held] == [e.text for e in again_held]
    assert not {e.text for e in train} & {e.text for e in held}
    total = len(train) + len(held)
    assert 0.27 <= len(held) / total <= 0.33
    for code in CODES:
        n_held = sum(e.code == code for e in held)
        n_all = sum(e.code == code for e in load_gold())
        assert abs(n_held - 0.3 * n_all) <= 1, code


def test_heldout_agreement_is_above_threshold():
    result = evaluate()
    assert result["heldout_size"] >= 90
    assert result["kappa"] >= MIN_HELDOUT_KAPPA, result["kappa"]
    assert result["accuracy"] >= MIN_HELDOUT_ACCURACY
    assert set(result["per_code"]) == set(CODES)


def test_classifier_alone_still_learns():
    result = evaluate(use_rules=False)
    assert result["kappa"] >= MIN_CLASSIFIER_ONLY_KAPPA, result["kappa"]


def test_cohen_kappa_known_values():
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    # 2x2 table: po = 0.7, pe = 0.5 -> kappa 0.4
    gold = ["y"] * 5 + ["n"] * 5
    pred = ["y"] * 4 + ["n"] + ["y"] * 2 + ["n"] * 3
    assert cohen_kappa(gold, pred) == pytest.approx(0.4)
    scores = per_code_scores(["aabent_spoergsmaal", "refleksion"], ["aabent_spoergsmaal", "aabent_spoergsmaal"])
    assert scores["aabent_spoergsmaal"]["precision"] == 0.5
    assert scores["refleksion"]["recall"] == 0.0


@pytest.mark.parametrize(
    "text, code",
    [
        ("kan du fortælle mig lidt om din søn", "aabent_spoergsmaal"),
        ("Hvordan ser en god arbejdsdag ud for dig", "aabent_spoergsmaal"),
        ("Har du været til jobsamtale i år", "lukket_spoergsmaal"),
        ("Du er træt af at blive afvist.", "refleksion"),
        ("Det lyder, som om du savner struktur i hverdagen.", "refleksion"),
        (
            "Så hvis jeg har forstået dig ret, vil du gerne tæt på hjemmet, og du vil arbejde med mennesker.",
            "opsummering",
        ),
        ("Må jeg fortælle dig lidt om jobrotation?", "information_med_tilladelse"),
        ("Du bliver nødt til at tage imod praktikken.", "konfrontation"),
        ("Det er dit valg, om du vil søge den.", "autonomi"),
        ("Hvis jeg var dig, ville jeg tage den uddannelse.", "overtalelse"),
        ("Hvad gør, at det er en 6 og ikke en 2?", "skalaspoergsmaal"),
        ("Hvad tager du med herfra i dag?", "afslutning"),
    ],
)
def test_hard_cases_outside_the_gold_set(text, code):
    assert code_utterance(text) == code


def test_turns_are_split_into_coded_segments():
    turn = code_turn("Det lyder, som om det har været en hård tid. Hvad har hjulpet dig igennem den?")
    assert turn.codes == ["refleksion", "aabent_spoergsmaal"]
    assert turn.primary == "aabent_spoergsmaal"
    summary = code_turn("Så hvis jeg har forstået dig ret, vil du have noget fast i dagtimerne. Er det rigtigt?")
    assert summary.codes == ["opsummering"]
    info = code_turn("Der er mange ledige job i kantinerne. Hvad tænker du om det?")
    assert info.codes == ["information", "aabent_spoergsmaal"]
    assert code_turn("").primary == "andet"
    assert json.loads(json.dumps(turn.to_dict()))["segments"][0]["code"] == "refleksion"


def test_question_form_cues():
    assert question_form("Hvad tænker du om det") == "open"
    assert question_form("Kan du fortælle om det") == "open"
    assert question_form("Har du søgt noget") == "closed"
    assert question_form("Du har søgt tre job, ikke?") == "tag"
    assert question_form("Du er træt af at søge.") is None


def test_scaling_info():
    assert scaling_info("På en skala fra 1 til 10, hvor vigtigt er det for dig?") == {
        "kind": "importance",
        "move": "ask",
        "number": None,
    }
    assert scaling_info("Hvor meget tror du på det, fra 1 til 10?")["kind"] == "confidence"
    down = scaling_info("Hvad gør, at det er en 4 og ikke en 1?")
    assert down["move"] == "down" and down["number"] == 4
    assert scaling_info("Hvorfor er det ikke en 8?")["move"] == "up"
    assert scaling_info("Okay, 5 siger du. Hvad får dig helt op på en 5?")["move"] == "down"
    assert scaling_info("Hvad skulle der til for at komme fra 3 til 4?")["move"] == "up"


def test_closure_elements():
    assert closure_elements("Hvad synes du om samtalen i dag?") == {"evaluation"}
    assert "agreement" in closure_elements("Hvad er dit næste skridt?")
    assert "summary" in closure_elements("Hvad tager du med fra i dag?")


def test_the_coder_has_no_smart_checker_of_its_own():
    import bot.coder
    import bot.coder.cues

    assert not hasattr(bot.coder, "smart_check") and not hasattr(bot.coder.cues, "smart_check")
