"""The progression model for insured unemployed, as data."""

from __future__ import annotations

import pytest

from bot.plan.errors import PlanError
from bot.plan.progression import course_step, jobcentre_conversation, load_progression, render_course_step


def test_the_course_has_the_a_kasse_and_jobcentre_conversations():
    progression = load_progression()
    ids = [c.id for c in progression.conversations]
    assert ids[:2] == ["cv_samtale", "raadighed_1"] and "raadighed_2" in ids
    in_course = [c for c in progression.conversations if c.kind == "jobcenter" and not c.always_joint]
    assert [c.jobcentre_number for c in in_course] == [1, 2, 3, 4, 5, 6]
    assert [c.id for c in progression.conversations if c.always_joint] == ["faellessamtale_16"]
    assert {c.who for c in progression.conversations if c.kind == "a-kasse"} == {"A-kassen"}


@pytest.mark.parametrize("number", range(1, 7))
def test_each_jobcentre_conversation_has_focus_and_timing(number):
    conversation = jobcentre_conversation(number)
    assert 3 <= len(conversation.focus) <= 5
    assert conversation.weeks[0] <= conversation.weeks[1] <= 26
    assert conversation.title.startswith(f"{number}. samtale")


def test_weeks_follow_the_course():
    starts = [jobcentre_conversation(n).weeks[0] for n in range(1, 7)]
    assert starts == sorted(starts)
    assert jobcentre_conversation(1).weeks == (3, 6)
    assert load_progression().by_id("cv_samtale").weeks[1] == 2


def test_joint_conversations_with_the_a_kasse():
    joint = [n for n in range(1, 7) if jobcentre_conversation(n).joint]
    assert joint == [1, 5, 6]
    assert len(load_progression().joint_agenda) == 5
    assert load_progression().joint_agenda[0].startswith("Baggrund – ")


def test_homework_for_the_citizen():
    assert any("ABC" in task for task in jobcentre_conversation(1).homework)
    assert any("C-job" in task for task in jobcentre_conversation(4).homework)


def test_unknown_conversation_number():
    with pytest.raises(PlanError):
        jobcentre_conversation(7)
    assert course_step(7) is None and course_step(None) is None
    assert course_step(2).jobcentre_number == 2


def test_due_in_week():
    assert {c.id for c in load_progression().due_in_week(8)} >= {"jobcenter_2", "raadighed_1"}


def test_render_lists_focus_and_homework_on_single_lines():
    text = render_course_step(jobcentre_conversation(1))
    assert "Fokus:" in text and "Hjemmeopgave til borgeren:" in text
    assert "\n\n" not in text
    assert "aftal den sammen med borgeren" in render_course_step(jobcentre_conversation(6))
