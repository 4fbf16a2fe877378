"""Feedback: the issue's "Done when" – a good scripted practice with Stine gets clearly better
feedback than a poor one, and the poor one's feedback names exactly its gaps."""

from __future__ import annotations

import json

import pytest

from bot.practice.feedback import SCHEMA, build_feedback, practice_feedback, render_feedback
from bot.practice.simulator import respond, start_practice

from .scripts import GOOD_STINE, POOR_STINE

POOR_GAPS = {"no_contract", "closed_questions", "lecturing", "no_closure"}
METRICS = {
    "contract",
    "timeouts",
    "closure",
    "reflection_question_ratio",
    "open_question_share",
    "trainee_word_share",
    "ugu",
    "scaling",
    "agreements",
    "pressure",
    "hidden_facts",
}


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
    assert f["schema"] == SCHEMA and f["source"] == "practice" and f["case"] == "stine"
    assert set(f["metrics"]) == METRICS
    for name, metric in f["metrics"].items():
        assert metric["status"] in {"green", "yellow", "red"}, name
    assert [s["step"] for s in f["steps"]["items"]] == list(range(1, 10))
    assert json.loads(json.dumps(good)) == good


def test_good_practice_gets_clearly_better_feedback(good, poor):
    g, p = good["feedback"], poor["feedback"]
    assert g["score"] >= 80 and g["overall"] == "green"
    assert p["score"] <= 30 and p["overall"] == "red"
    assert g["score"] - p["score"] >= 50
    assert len(g["strengths"]) > len(p["strengths"])


def test_good_practice_has_all_the_steps(good):
    f = good["feedback"]
    m = f["metrics"]
    assert m["contract"]["at_start"]
    assert m["timeouts"]["count"] >= 1
    assert all(m["closure"][k] for k in ("summary", "agreement", "evaluation"))
    assert m["scaling"]["importance"]["explored_down"] and m["scaling"]["confidence"]["explored_down"]
    assert m["ugu"]["information_given"] >= 1 and m["ugu"]["kept"] == m["ugu"]["information_given"]
    assert m["ugu"]["with_permission"] >= 1
    assert m["agreements"]["smart_count"] == 1
    assert m["reflection_question_ratio"]["value"] >= 1.0
    assert m["open_question_share"]["status"] == "green"
    assert m["hidden_facts"]["uncovered"] >= 2
    assert f["steps"]["in_order"] and f["steps"]["sequence"][0] == 3 and f["steps"]["sequence"][-1] == 9
    assert not POOR_GAPS & {gap["id"] for gap in f["gaps"]}


def test_poor_practice_names_its_gaps(poor):
    f = poor["feedback"]
    gaps = {gap["id"] for gap in f["gaps"]}
    assert POOR_GAPS <= gaps
    text = render_feedback(poor)
    assert "kontrakt" in text
    assert "lukkede spørgsmål" in text
    assert "Belærende" in text
    assert "Ingen afslutning" in text
    m = f["metrics"]
    assert m["contract"]["status"] == "red" and m["closure"]["status"] == "red"
    assert m["open_question_share"]["value"] == 0.0
    assert m["ugu"]["kept"] == 0 and m["pressure"]["count"] >= 1


def test_suggestions_quote_the_trainees_own_lines(poor):
    suggestions = poor["feedback"]["suggestions"]
    assert 2 <= len(suggestions) <= 3
    for s in suggestions:
        assert s["quote"] in " ".join(POOR_STINE)
        assert s["instead"] and s["instead"] != s["quote"]
    assert "Prøv i stedet" in render_feedback(poor)


def test_text_rendering_is_danish_with_single_newlines(good):
    text = render_feedback(good)
    assert "\n\n" not in text
    assert text.startswith("Feedback på samtalen med Stine")
    assert "grøn" in text and "Skalaspørgsmål" in text and "Skjulte forhold afdækket" in text


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
    assert f["counts"]["kontrakt"] == 1 and f["counts"]["refleksion"] == 1
    assert f["metrics"]["contract"]["at_start"]
