"""Reading the conversation type and the week of unemployment out of what a consultant typed."""

from __future__ import annotations

import pytest

from bot.plan.course_phrases import (
    course_command,
    course_start,
    parse_course_choice,
    parse_unemployment_week,
    without_course_phrases,
)


@pytest.mark.parametrize(
    "text, type_id, joint",
    [
        ("cv-samtale med B-12", "cv_samtale", False),
        ("ny CV samtale med B-12", "cv_samtale", False),
        ("3. samtale med B-12", "jobcenter_3", False),
        ("tredje samtale med B-12", "jobcenter_3", False),
        ("samtale nr. 4 med B-12", "jobcenter_4", False),
        ("sjette jobsamtale med B-12", "jobcenter_6", False),
        ("første rådighedssamtale med B-12", "raadighed_1", False),
        ("2. raadighedssamtale med B-12", "raadighed_2", False),
        ("rådighedssamtale nr 2 med B-12", "raadighed_2", False),
        ("ny fællessamtale med B-12", None, True),
        ("5. fællessamtale med B-12", "jobcenter_5", True),
        ("fællessamtale før 16. ledighedsmåned med B-12", "faellessamtale_16", True),
        ("ny samtale med B-12 om cv", None, False),
    ],
)
def test_the_type(text, type_id, joint):
    choice = parse_course_choice(text)
    assert (choice.type_id, choice.joint) == (type_id, joint)


def test_an_availability_talk_without_a_number_and_a_jobcentre_number_outside_the_model():
    assert parse_course_choice("rådighedssamtale med B-12").availability
    beyond = parse_course_choice("det er 7. samtale")
    assert (beyond.type_id, beyond.jobcentre_number) == (None, 7)


@pytest.mark.parametrize(
    "text",
    ["skal vi tage det i en anden samtale", "han har haft 3 samtaler", "trin 3", "den tredje", "ny samtale", "uge 50"],
)
def test_no_type_is_read_into_ordinary_sentences(text):
    assert not parse_course_choice(text).says_anything


@pytest.mark.parametrize(
    "text, week",
    [
        ("hun er i 12. ledighedsuge", 12),
        ("ledighedsuge 9", 9),
        ("han har været ledig i tolv uger", 12),
        ("14 ugers ledighed", 14),
        ("uge 20 af ledigheden", 20),
        ("ny samtale med B-12 i 1. ledighedsuge", 1),
        ("inden uge 50", None),  # a calendar week is no week of unemployment
        ("hun har været ledig længe", None),
    ],
)
def test_the_week_of_unemployment(text, week):
    assert parse_unemployment_week(text) == week


@pytest.mark.parametrize(
    "text",
    [
        "det er 3. samtale",
        "det er den tredje samtale",
        "det er samtale nr. 4",
        "det er cv-samtalen",
        "det er første rådighedssamtale",
        "det er en fællessamtale",
        "i dag er det 5. samtale i jobcentret",
        "rettelse: 2. samtale",
        "hun er i 12. ledighedsuge",
        "ledighedsuge 9",
        "han har været ledig i 14 uger",
        "det er 7. samtale",  # a command; the action says the model has six
    ],
)
def test_corrections_are_commands(text):
    assert course_command(text)


@pytest.mark.parametrize(
    "text",
    [
        "det er en fælles samtale med a-kassen",  # a situation: the fællessamtale guidance
        "det er en anden samtale",
        "det er svært at få ham til at tale",
        "3. samtale med B-12",
        "aftale: hun sender en ansøgning i uge 12",
        "hun er i tvivl",
        "det er 3. samtale og hun er sur",
    ],
)
def test_other_messages_are_no_correction(text):
    assert not course_command(text)


@pytest.mark.parametrize(
    "text, starts",
    [
        ("cv-samtale med B-12", True),
        ("ny fællessamtale med B-12", True),
        ("3. samtale med B-12", True),
        ("samtale med B-12", True),
        ("ny samtale borger 4711", True),
        ("første rådighedssamtale med borger B-9", True),
        ("samtale med Jens", False),  # plain "samtale med" needs a digit; the model decides
        ("samtale med en borger der græder", False),
        ("samtale med fokus på cv", False),
        ("fællessamtale med a-kassen", False),
        ("fælles jobsamtale med a kassen", False),
        ("3. samtale med hende", False),
        ("det er en fælles samtale med a-kassen", False),
    ],
)
def test_typed_starts(text, starts):
    assert course_start(text) is starts


def test_the_type_words_are_blanked_for_the_topic():
    choice = parse_course_choice("cv-samtale med B-12")
    assert "cv" not in without_course_phrases("cv-samtale med B-12", choice).split()
