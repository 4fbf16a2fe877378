"""The progression model for insured unemployed, as data."""

from __future__ import annotations

from datetime import date

import pytest

from bot.plan.course_phrases import CourseChoice
from bot.plan.errors import PlanError
from bot.plan.progression import (
    Held,
    course_step,
    course_timeline,
    decide,
    jobcentre_conversation,
    load_progression,
    propose,
    render_course_step,
    unemployed_since,
    week_on,
)


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


# --- what the course proposes (issue 15) ----------------------------------------------------------
def _id(conversation):
    return conversation.id if conversation else None


@pytest.mark.parametrize(
    "held, week, expected",
    [
        ([], None, "jobcenter_1"),
        (["jobcenter_1", "jobcenter_2"], None, "jobcenter_3"),
        (["jobcenter_2"], None, "jobcenter_3"),  # after the last held, not the first missing
        ([f"jobcenter_{n}" for n in range(1, 7)], None, None),
        ([], 6, "jobcenter_1"),  # the edges of the windows, from progression.yml
        ([], 7, "jobcenter_2"),
        ([], 10, "jobcenter_3"),  # between windows: the next to come
        ([], 13, "jobcenter_3"),
        ([], 14, "jobcenter_4"),
        (["jobcenter_3"], 12, "jobcenter_4"),
        ([], 26, "jobcenter_6"),
        ([], 27, None),  # after the 26 weeks and before the late joint conversation
        ([], 64, None),
        ([], 65, "faellessamtale_16"),
        (["faellessamtale_16"], 66, None),
    ],
)
def test_the_jobcentre_proposal(held, week, expected):
    assert _id(propose(held, "jobcenter", week)) == expected
    assert _id(propose(held, None, week)) == expected  # no organisation: the jobcentre's course


@pytest.mark.parametrize(
    "held, week, expected",
    [
        ([], None, "cv_samtale"),
        (["cv_samtale"], None, "raadighed_1"),
        (["cv_samtale", "raadighed_1"], None, "raadighed_2"),
        (["cv_samtale", "raadighed_1", "raadighed_2"], None, None),
        ([], 2, "cv_samtale"),
        (["cv_samtale"], 3, "raadighed_1"),
        (["cv_samtale"], 14, "raadighed_2"),  # the first one's window (weeks 1-13) is over
        (["cv_samtale", "raadighed_1"], 13, "raadighed_2"),
    ],
)
def test_the_a_kasse_proposal(held, week, expected):
    assert _id(propose(held, "a-kasse", week)) == expected


@pytest.mark.parametrize(
    "choice, held, organisation, expected",
    [
        (CourseChoice(type_id="jobcenter_3"), [], "a-kasse", ("jobcenter_3", False, False)),
        (CourseChoice(type_id="cv_samtale", joint=True), [], None, ("cv_samtale", False, False)),
        (CourseChoice(type_id="jobcenter_5", joint=True), [], None, ("jobcenter_5", True, False)),
        (CourseChoice(joint=True), ["jobcenter_1"], "a-kasse", ("jobcenter_2", True, False)),
        (CourseChoice(availability=True), ["raadighed_1"], None, ("raadighed_2", False, False)),
        (CourseChoice(availability=True), [], None, ("raadighed_1", False, False)),
        (CourseChoice(), ["cv_samtale"], "a-kasse", ("raadighed_1", False, True)),
        (None, [], None, ("jobcenter_1", False, True)),
    ],
)
def test_decide_takes_what_was_said_and_proposes_otherwise(choice, held, organisation, expected):
    decision = decide(choice, held, organisation, None)
    assert (decision.type_id, decision.joint, decision.proposed) == expected and decision.note is None


def test_a_number_outside_the_model_is_explained_and_the_course_proposes():
    decision = decide(CourseChoice(jobcentre_number=7), ["jobcenter_1"], None, None)
    assert decision.type_id == "jobcenter_2" and decision.proposed
    assert "6 samtaler i jobcentret" in decision.note and "nr. 7" in decision.note


def test_the_late_joint_conversation_is_always_joint():
    assert decide(CourseChoice(type_id="faellessamtale_16"), [], None, None).joint
    assert decide(None, [], None, 66).joint


@pytest.mark.parametrize("days, week", [(0, 1), (6, 1), (7, 2), (13, 2), (14, 3), (-1, None)])
def test_week_of_unemployment_at_its_edges(days, week):
    since = date(2025, 9, 1)
    assert week_on(since, date.fromordinal(since.toordinal() + days)) == week
    assert week_on(None, since) is None


def test_the_week_said_today_gives_the_first_day():
    today = date(2025, 11, 19)
    assert week_on(unemployed_since(12, today), today) == 12
    assert unemployed_since(1, today) == today
    for wrong in (0, 157):
        with pytest.raises(PlanError, match="mellem 1 og 156"):
            unemployed_since(wrong, today)


def test_the_timeline_marks_done_today_next_and_later():
    today = date(2025, 11, 19)
    held = [Held("cv_samtale", date(2025, 9, 5)), Held("jobcenter_1", date(2025, 10, 1), joint=True)]
    held.append(Held("jobcenter_2", today))
    entries = {e.conversation.id: e for e in course_timeline(held, 12, today)}
    assert entries["cv_samtale"].status == "done" and entries["cv_samtale"].dates == (date(2025, 9, 5),)
    assert entries["jobcenter_1"].joint
    assert entries["jobcenter_2"].status == "today"
    assert entries["jobcenter_3"].status == "next" and entries["raadighed_1"].status == "next"
    assert entries["jobcenter_4"].status == "later" and "faellessamtale_16" not in entries
    order = [e.conversation.id for e in course_timeline(held, 12, today)]
    assert order.index("raadighed_2") < order.index("jobcenter_4")  # by the week each window opens


def test_the_timeline_marks_windows_that_passed_without_a_conversation():
    entries = {e.conversation.id: e for e in course_timeline([], 30, date(2025, 11, 19))}
    assert entries["jobcenter_1"].status == "passed" and entries["cv_samtale"].status == "passed"
    assert "faellessamtale_16" in entries


def test_the_joint_conversation_has_agenda_roles_plan_and_sources():
    joint = load_progression().joint
    assert [item.title for item in joint.agenda] == [
        "Baggrund",
        "Formål",
        "Opfølgning",
        "Borgerens emner",
        "Nye aftaler",
    ]
    assert [role.who for role in joint.roles] == ["Jobcentret", "A-kassen", "Borgeren"]
    assert any("nej" in line for line in joint.role("borgeren").does)
    assert "(s. 24-26)" in joint.source and "(s. 27)" in joint.source and "Fællessamtalen" in joint.source
    assert all(c.source for c in load_progression().conversations)
