"""Practice feedback by the judgement engine: a good scripted practice with Stine is green, a poor
one red with its gaps named, and the practice is judged exactly like a transcript of it."""

from __future__ import annotations

import json

import pytest

from bot.practice.feedback import CONTRACT_WINDOW, SCHEMA, build_feedback, practice_feedback, render_feedback
from bot.practice.simulator import respond, start_practice

from .scripts import GOOD_STINE, POOR_STINE

HANDBOOK = {"contract", "timeouts", "closure", "agreements", "scaling", "ugu", "pressure", "role_switch",
            "trainee_word_share"}  # fmt: skip
SUPPLEMENTARY = {"open_question_share", "reflection_question_ratio"}


def practice(script, seed=7):
    state = start_practice("stine", seed=seed)
    for line in script:
        state, _ = respond(state, line)
    return state


@pytest.fixture(scope="module")
def good():
    return practice_feedback(practice(GOOD_STINE))


@pytest.fixture(scope="module")
def poor():
    return practice_feedback(practice(POOR_STINE))


def test_payload_schema(good):
    f = good["feedback"]
    assert f["schema"] == SCHEMA == "samtaleguide.feedback/2" and f["source"] == "practice" and f["case"] == "stine"
    assert set(f["metrics"]) == HANDBOOK | SUPPLEMENTARY | {"hidden_facts"}
    for name, metric in f["metrics"].items():
        assert metric["status"] in {"green", "yellow", "red"}, name
        assert metric["label"] and metric["shown"] and metric["threshold"] and metric["source"]["text"], name
    assert {m for m, v in f["metrics"].items() if v["source"]["kind"] == "handbook"} == HANDBOOK
    assert {m for m, v in f["metrics"].items() if v["source"]["kind"] == "miti"} == SUPPLEMENTARY
    assert f["metrics"]["hidden_facts"]["source"]["weight"] == 0
    assert [s["step"] for s in f["steps"]["items"]] == list(range(1, 10))
    assert f["scoring"]["rules"] and f["practice"]["seed"] == 7
    assert json.loads(json.dumps(good)) == good


def test_contract_window_is_one_definition():
    from bot.judgement import CONTRACT_WINDOW as ENGINE_WINDOW
    from bot.practice import simulator

    assert CONTRACT_WINDOW is ENGINE_WINDOW == simulator.CONTRACT_WINDOW == 3


def test_good_practice_is_green_and_poor_practice_red(good, poor):
    g, p = good["feedback"], poor["feedback"]
    assert g["overall"] == "green" and g["score"] >= 85
    assert p["overall"] == "red" and p["score"] <= 50
    assert len(g["strengths"]) > len(p["strengths"])


def test_good_practice_has_all_the_steps(good):
    f = good["feedback"]
    m = f["metrics"]
    assert m["contract"]["at_start"] and m["timeouts"]["count"] >= 1
    assert all(m["closure"][k] for k in ("summary", "agreement", "evaluation"))
    assert m["scaling"]["importance"]["explored_down"] and m["scaling"]["confidence"]["explored_down"]
    assert m["ugu"]["information_given"] >= 1 and m["ugu"]["kept"] == m["ugu"]["information_given"]
    assert m["agreements"]["smart_count"] == 1 and m["pressure"]["count"] == 0
    assert m["hidden_facts"]["uncovered"] >= 2
    assert f["steps"]["in_order"] and f["steps"]["sequence"][0] == 3 and f["steps"]["sequence"][-1] == 9
    assert not {"no_contract", "no_timeout", "no_closure", "pressure"} & {gap["id"] for gap in f["gaps"]}


def test_poor_practice_names_its_gaps(poor):
    f = poor["feedback"]
    gaps = {gap["id"] for gap in f["gaps"]}
    assert {"no_contract", "pressure", "no_timeout", "no_closure", "no_agreement", "closed_questions"} <= gaps
    m = f["metrics"]
    assert m["contract"]["status"] == "red" and m["closure"]["status"] == "red"
    assert m["open_question_share"]["open"] == 0 and m["open_question_share"]["closed"] == 4
    assert m["pressure"]["count"] == 2  # "du burde søge i ældreplejen", "godt for din datter"
    text = render_feedback(poor)
    assert "Der blev ikke lavet en kontrakt" in text and "I 2 replikker prøvede du" in text


def test_suggestions_quote_the_trainees_own_lines(poor):
    suggestions = poor["feedback"]["suggestions"]
    assert 2 <= len(suggestions) <= 3
    for s in suggestions:
        assert s["quote"] in " ".join(POOR_STINE)
        assert s["instead"] and s["instead"] != s["quote"] and s["why"]
    assert "Prøv i stedet" in render_feedback(poor)


def test_text_rendering_is_danish_with_single_newlines(good):
    text = render_feedback(good)
    assert "\n\n" not in text
    assert text.startswith("Feedback på samtalen med Stine")
    assert "grøn" in text and "Skalaspørgsmål" in text and "Skjulte forhold afdækket" in text
    assert "Supplerende målinger (MITI, vejer halvt):" in text and "Sådan regnes point:" in text
    assert "Kilde" not in text or "Håndbogen, trin 3" in text


def test_the_practice_is_judged_like_a_transcript_of_it(good):
    state = practice(GOOD_STINE)
    turns = [{"speaker": t["speaker"], "text": t["text"]} for t in state["history"]]
    transcript = build_feedback(turns)["feedback"]
    practice_card = good["feedback"]
    for key in ("score", "overall", "steps", "gaps", "suggestions", "turns"):
        assert transcript[key] == practice_card[key], key
    assert {k: v for k, v in practice_card["metrics"].items() if k != "hidden_facts"} == transcript["metrics"]


def test_feedback_from_plain_turns_codes_them():
    turns = [
        {"speaker": "K", "text": "Hvad vil du gerne have ud af samtalen i dag?"},
        {"speaker": "B", "text": "Jeg vil finde ud af, hvad jeg skal søge."},
        {"speaker": "K", "text": "Det lyder, som om du mangler en retning."},
        {"speaker": "B", "text": "Ja, det gør jeg."},
    ]
    f = build_feedback(turns)["feedback"]
    assert f["source"] == "transcript" and f["case"] is None
    assert "hidden_facts" not in f["metrics"]
    assert f["counts"]["kontrakt"] == 1 and f["metrics"]["contract"]["at_start"]
    assert f["turns"][1]["labels"] == ["refleksion"]


@pytest.mark.parametrize(
    "broken",
    [[], [{"speaker": "B", "text": "Hej"}], [{"speaker": "X", "text": "Hej"}, None, 3, {"speaker": "K"}],
     [{"speaker": "K", "text": "\u0000" * 10}], [{"speaker": "K", "text": "Hvad?" * 5000}]],
)  # fmt: skip
def test_broken_turns_give_a_red_card_not_a_crash(broken):
    f = build_feedback(broken)["feedback"]
    assert f["overall"] in ("green", "yellow", "red") and 0 <= f["score"] <= 100
    if not any(isinstance(t, dict) and t.get("speaker") == "K" and t.get("text") for t in broken):
        assert (f["score"], f["overall"]) == (0, "red")
    assert render_feedback({"feedback": f})


def test_practice_feedback_survives_a_state_with_odd_history():
    state = practice(["Hej Stine. Hvad vil du gerne have ud af i dag?"])
    state["history"].append({"speaker": "K", "text": None})
    state["history"].append("ikke en replik")
    assert practice_feedback(state)["feedback"]["consultant_turns"] == 1
