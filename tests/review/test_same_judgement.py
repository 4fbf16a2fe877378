"""Practice, upload and review give the same judgement for the same conversation.

A practice with the simulated Stine is judged on its card (``practice_feedback``); the same lines
as a transcript file go through the command line's review and the review page's upload; the
logged practice is opened as the supervisors' review page shows it. All four must agree on the
score, the colour and every metric – except the practice's own hidden-facts measure, which only
a practice has and which is not scored.
"""

from __future__ import annotations

import pytest

from bot.judgement.view import judgement_view
from bot.practice.feedback import practice_feedback
from bot.practice.simulator import respond, start_practice
from bot.practice.transcript import review as review_transcript
from bot.review.conversation_review import LoggedConversation, feedback_metrics, review
from bot.review.transcript_upload import feedback_notes, review_upload
from tests.practice.scripts import GOOD_STINE, POOR_STINE


def _practice(script: list[str]) -> dict:
    state = start_practice("stine", seed=11)
    for line in script:
        state, _ = respond(state, line)
    return state


def _transcript_text(state: dict) -> str:
    return "\n".join(f"{t['speaker']}: {t['text']}" for t in state["history"])


def _logged(state: dict, feedback: dict) -> LoggedConversation:
    events = [
        {"event": "slot", "name": "practice_active", "value": True, "timestamp": 100.0},
        {"event": "slot", "name": "practice_state", "value": state, "timestamp": 101.0},
        {"event": "bot", "timestamp": 200.0, "text": "Feedback", "data": {"custom": {"feedback": feedback}}},
    ]
    return LoggedConversation("elev:1", "practice", 100.0, events)


def _rows(metrics) -> list[tuple]:
    return [(m.id, m.status, m.value, m.threshold, m.source) for m in metrics if m.id != "hidden_facts"]


@pytest.mark.parametrize("script", [GOOD_STINE, POOR_STINE], ids=["good", "poor"])
def test_practice_upload_and_review_judge_alike(script):
    state = _practice(script)
    card = practice_feedback(state)["feedback"]
    text = _transcript_text(state)
    command_line = review_transcript(text)["feedback"]
    upload = review_upload("stine.txt", text.encode("utf-8"))
    page = review(_logged(state, card))

    assert judgement_view(card) == judgement_view(command_line)
    assert (card["score"], card["overall"]) == (command_line["score"], command_line["overall"])
    assert (upload.score, upload.overall) == (card["score"], card["overall"]) == (page.score, card["overall"])
    assert _rows(upload.metrics) == _rows(page.metrics) == _rows(feedback_metrics(command_line))
    assert [list(line.code_labels) for line in upload.lines if line.speaker == "K"] == [
        t["labels"] for t in card["turns"]
    ]
    # the same advice on the same lines; only a practice knows the case's booked topic to fill in
    assert [(s.quote, s.code_label) for s in upload.notes.suggestions] == [
        (s.quote, s.code_label) for s in feedback_notes(card).suggestions
    ]
