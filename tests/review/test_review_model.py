"""The review model on conversations recorded from the real stack (tests/data/review)."""

from __future__ import annotations

import pytest

from bot.review.conversation_review import AgreementFacts, PlanFacts, ScalingFacts, review, split_conversations
from bot.review.replay import shift

from .conftest import T0


def _guide(recording, plan: PlanFacts | None = None, gap: float = 110.0):
    logs = split_conversations("mette:abc", shift(recording["events"], T0, gap))
    assert [log.mode for log in logs] == ["guide"]
    return review(logs[0], plan)


def test_guide_conversation_timeline_and_facts(guide_recording):
    result = _guide(guide_recording)
    assert result.consultant == "mette" and result.citizen_ref == "B-12" and result.booked_min == 45
    assert result.topic == "jobsoegningsstrategi" and result.plan_key == f"mette:abc:{int(T0)}"
    assert result.user_turns == 24 and result.ended and result.closure_completed
    steps = [visit.step for visit in result.timeline]
    assert steps[:3] == [2, 3, 4] and steps[-1] == 9 and 6 in steps
    assert all(a.end_s <= b.start_s + 1e-6 for a, b in zip(result.timeline, result.timeline[1:]))
    assert result.timeline[-1].end_s == pytest.approx(result.end_ts - result.start_ts)
    assert len(result.timeouts) == 1 and 15 * 60 < result.timeouts[0] < 20 * 60
    assert dict(reversed(result.tools))["kontrakt"] == pytest.approx(110, abs=1)  # asked in the second message
    assert {"timeout", "skalaspoergsmaal", "udfordrende_samtale"} <= {tool for tool, _ in result.tools}
    assert sum(result.minutes_per_step().values()) == pytest.approx(result.duration_s / 60, abs=0.1)
    speakers = {line.speaker for line in result.transcript}
    assert speakers == {"K", "G"} and result.transcript[0].text.startswith("ny samtale med B-12")


def test_guide_transcript_holds_no_personal_data(guide_recording):
    text = " ".join(line.text for line in _guide(guide_recording).transcript)
    assert "[telefonnummer]" in text and "[e-mail]" in text and "[CPR-nummer]" in text
    assert "22 33 44 55" not in text and "example.dk" not in text and "010190" not in text


@pytest.mark.parametrize("gap", [30.0, 110.0])
def test_guide_metrics_set_no_clock_the_handbook_does_not_set(guide_recording, gap):
    """One timeout is green however long the conversation (no interval, trin 6); the contract is
    judged by coming before the other steps, not by minutes (trin 3 gives no time)."""
    metrics = {m.id: m for m in _guide(guide_recording, gap=gap).metrics}
    assert (metrics["timeouts"].status, metrics["timeouts"].value) == ("green", "1")
    assert metrics["contract"].status == "green" and "før de andre trin" in metrics["contract"].threshold
    assert metrics["scaling"].status == "green" and metrics["scaling"].value == "ikke brugt (valgfrit)"
    assert all(m.source.startswith("Håndbogen") for m in metrics.values())
    assert "15" not in metrics["timeouts"].threshold and "min" not in metrics["contract"].threshold


def test_guide_contract_after_a_content_step_is_yellow_and_no_timeout_is_red():
    from bot.review.conversation_review import LoggedConversation

    def reply(step: int, at: float) -> dict:
        return {"event": "bot", "timestamp": at, "text": "…", "data": {"custom": {"guide": {"step": step}}}}

    events = [reply(4, 10.0), reply(3, 100.0), reply(9, 200.0)]
    result = review(LoggedConversation("mette:x", "guide", 0.0, events, 0.0))
    metrics = {m.id: m for m in result.metrics}
    assert metrics["contract"].status == "yellow" and "efter andre trin" in metrics["contract"].value
    assert (metrics["timeouts"].status, metrics["timeouts"].value) == ("red", "ingen")
    early = review(LoggedConversation("mette:x", "guide", 0.0, [reply(3, 10.0), reply(4, 20.0)], 0.0))
    assert {m.id: m for m in early.metrics}["contract"].status == "green"


def test_guide_metrics_use_the_plan_store_facts(guide_recording):
    plan = PlanFacts(
        agreements=(
            AgreementFacts("B-12 sender tre ansøgninger inden fredag", True, number=1),
            AgreementFacts("B-12 opdaterer sit cv", False, ("deadline",), number=2),
        ),
        scaling=(ScalingFacts("importance", 4), ScalingFacts("confidence", 6)),
        contract=True,
    )
    metrics = {m.id: m for m in _guide(guide_recording, plan).metrics}
    assert (metrics["agreements"].status, metrics["agreements"].value) == ("yellow", "1 af 2 SMART")
    assert metrics["scaling"].status == "green"
    assert metrics["closure"].status == "green"
    without = {m.id: m for m in _guide(guide_recording).metrics}
    assert without["agreements"].status == "red" and without["closure"].status == "yellow"


def test_practice_conversation_codes_and_feedback(practice_recording):
    logs = split_conversations("elev1:xyz", shift(practice_recording["events"], T0, 60.0))
    assert [log.mode for log in logs] == ["practice"]
    result = review(logs[0])
    assert result.case_id == "stine" and result.consultant == "elev1" and result.ended
    assert result.score == result.feedback["score"] and 0 <= result.score <= 100
    trainee = [line for line in result.transcript if line.speaker == "K"]
    assert len(trainee) == 11 and all(line.code for line in trainee)
    assert trainee[0].at_s == pytest.approx(60, abs=1)
    ids = {m.id for m in result.metrics}
    assert {"reflection_question_ratio", "open_question_share", "closure", "hidden_facts"} <= ids
    assert all(m.status in ("green", "yellow", "red") and m.threshold for m in result.metrics)
    assert result.closure_completed == ({m.id: m for m in result.metrics}["closure"].status == "green")
    starts = [visit.start_s for visit in result.timeline]
    assert starts == sorted(starts) and result.timeline[0].start_s == pytest.approx(60, abs=1)


def test_one_sender_holding_a_guide_conversation_then_a_practice(guide_recording, practice_recording):
    guide = shift(guide_recording["events"], T0, 60.0)
    practice = shift(practice_recording["events"], T0 + 3600, 60.0)
    logs = split_conversations("rest-klient", guide + practice)
    assert [log.mode for log in logs] == ["guide", "practice"]
    assert logs[1].start_ts == pytest.approx(T0 + 3600)
    assert len(logs[0].events) + len(logs[1].events) == len(guide) + len(practice)
    assert review(logs[1]).case_id == "stine"


def test_guide_questions_without_a_started_conversation_are_one_conversation():
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": T0},
        {"event": "user", "text": "hvordan laver jeg kontrakten?", "timestamp": T0 + 1},
        {
            "event": "bot",
            "text": "Kontrakten",
            "timestamp": T0 + 2,
            "data": {"custom": {"guide": {"step": 3, "tool": "kontrakt"}}},
        },
    ]
    logs = split_conversations("rest", events)
    assert len(logs) == 1 and logs[0].mode == "guide" and logs[0].plan_key is None
    result = review(logs[0])
    assert [v.step for v in result.timeline] == [3] and result.citizen_ref is None and not result.ended


@pytest.mark.parametrize(
    "events", [[], [{"event": "action", "name": "action_listen"}], [{"event": "bot", "text": None}]]
)
def test_no_conversation_in_events_without_user_messages(events):
    assert split_conversations("x", events) == []


def test_a_practice_left_without_ending_gets_feedback_when_opened(database_url, practice_recording):
    """The trainee closed the tab: no feedback was sent, so opening the conversation computes it."""
    from bot.review.service import Viewer, list_conversations, open_conversation
    from bot.store.repositories.review import ReviewFilter

    from .conftest import replay

    unfinished = dict(practice_recording)
    cut = max(i for i, e in enumerate(practice_recording["events"]) if e.get("event") == "user")
    unfinished["events"] = practice_recording["events"][:cut]  # everything before "stop øvelsen"
    replay(database_url, unfinished, "elev1:open", turn_gap_s=60.0)
    viewer = Viewer("elev1", "elev")
    [row] = list_conversations(viewer, ReviewFilter(), url=database_url).rows
    assert row.score is None and not row.ended
    opened = open_conversation(viewer, row.id, url=database_url).review
    assert opened.feedback["computed_afterwards"] is True
    assert opened.score == opened.feedback["score"] and {m.id for m in opened.metrics} >= {"closure", "contract"}


def test_late_feedback_is_computed_while_no_transaction_holds_the_database(
    database_url, practice_recording, monkeypatch
):
    """Computing feedback may load spaCy and train the coder: others must be able to write meanwhile."""
    import bot.review.service as service
    from bot.review.service import Viewer, list_conversations, open_conversation
    from bot.store.repositories.review import ReviewFilter
    from bot.store.uow import SqlAlchemyUnitOfWork

    from .conftest import replay

    unfinished = dict(practice_recording)
    cut = max(i for i, e in enumerate(practice_recording["events"]) if e.get("event") == "user")
    unfinished["events"] = practice_recording["events"][:cut]
    replay(database_url, unfinished, "elev2:open", turn_gap_s=60.0)
    viewer = Viewer("elev2", "elev")
    [row] = list_conversations(viewer, ReviewFilter(), url=database_url).rows
    computing = service._late_feedback
    writes_while_computing = []

    def late_feedback_with_a_write_beside_it(log):
        with SqlAlchemyUnitOfWork(url=database_url) as uow:  # would wait for (and fail on) a held lock
            uow.reviews.audit("someone-else", "upload", None, "while computing")
            uow.commit()
            writes_while_computing.append(True)
        return computing(log)

    monkeypatch.setattr(service, "_late_feedback", late_feedback_with_a_write_beside_it)
    assert open_conversation(viewer, row.id, url=database_url).review.feedback["computed_afterwards"]
    assert writes_while_computing == [True]
