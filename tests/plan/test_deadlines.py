"""Danish deadlines, relative to a fixed conversation date."""

from __future__ import annotations

from datetime import date

import pytest

from bot.plan.deadlines import QuestionReason, format_date, parse_deadline

WEDNESDAY = date(2025, 11, 19)  # ISO week 47
FRIDAY = date(2025, 11, 21)
SATURDAY = date(2025, 11, 22)
MONDAY = date(2025, 11, 24)
NEXT_CONVERSATION = date(2025, 12, 3)


# --- every phrase from the issue, each its own case ----------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("i dag", date(2025, 11, 19)),
        ("i morgen", date(2025, 11, 20)),
        ("i aften", date(2025, 11, 19)),  # later the same day
        ("i eftermiddag", date(2025, 11, 19)),
        ("på fredag", date(2025, 11, 21)),
        ("inden fredag", date(2025, 11, 21)),
        ("senest fredag", date(2025, 11, 21)),
        ("næste mandag", date(2025, 11, 24)),
        ("om to uger", date(2025, 12, 3)),
        ("om 14 dage", date(2025, 12, 3)),
        ("inden for 8 dage", date(2025, 11, 27)),
        ("i næste uge", date(2025, 11, 28)),  # Friday of next week
        ("sidst på ugen", date(2025, 11, 21)),
        ("inden 1. december", date(2025, 12, 1)),
        ("d. 3/12", date(2025, 12, 3)),
        ("3.12", date(2025, 12, 3)),
        ("uge 50", date(2025, 12, 12)),  # Friday of ISO week 50
        ("inden jul", date(2025, 12, 24)),
    ],
)
def test_issue_phrases(text, expected):
    result = parse_deadline(text, WEDNESDAY)
    assert result.date == expected, result
    assert not result.needs_question


def test_before_next_conversation_uses_its_date_when_known():
    assert parse_deadline("inden næste samtale", WEDNESDAY, NEXT_CONVERSATION).date == NEXT_CONVERSATION


def test_before_next_conversation_asks_when_unknown():
    result = parse_deadline("inden næste samtale", WEDNESDAY)
    assert result.date is None
    assert result.question == "Hvornår er næste samtale?"
    assert result.reason is QuestionReason.NEXT_CONVERSATION_UNKNOWN


def test_next_conversation_in_the_past_is_not_used():
    assert parse_deadline("til næste samtale", WEDNESDAY, date(2025, 11, 1)).needs_question


# --- conventions ----------------------------------------------------------------------------------------
def test_weekday_said_on_that_weekday_means_next_week():
    assert parse_deadline("på fredag", FRIDAY).date == date(2025, 11, 28)
    assert parse_deadline("næste mandag", MONDAY).date == date(2025, 12, 1)


def test_end_of_week_on_friday_is_today_and_at_the_weekend_next_friday():
    assert parse_deadline("sidst på ugen", FRIDAY).date == FRIDAY
    assert parse_deadline("sidst på ugen", SATURDAY).date == date(2025, 11, 28)


def test_next_weekday_later_this_week_is_asked_about():
    result = parse_deadline("næste torsdag", WEDNESDAY)
    assert result.reason is QuestionReason.AMBIGUOUS_WEEKDAY
    assert "torsdag d. 20. november" in result.question and "torsdag d. 27. november" in result.question


@pytest.mark.parametrize(
    "text, expected",
    [
        ("tirsdag i næste uge", date(2025, 11, 25)),
        ("fredag i næste uge", date(2025, 11, 28)),
        ("fredag d. 28/11", date(2025, 11, 28)),
        ("på fredag, altså d. 21/11", date(2025, 11, 21)),  # the same date twice is fine
        ("3/12-2025", date(2025, 12, 3)),
        ("1. december 2026", date(2026, 12, 1)),
        ("d. 15/1", date(2026, 1, 15)),  # long passed this year: next year
        ("inden udgangen af måneden", date(2025, 11, 30)),
        ("inden udgangen af december", date(2025, 12, 31)),
        ("om en uge", date(2025, 11, 26)),
        ("om en uges tid", date(2025, 11, 26)),
        ("i overmorgen", date(2025, 11, 21)),
        ("inden for de næste otte dage", date(2025, 11, 27)),
        ("i løbet af de næste to uger", date(2025, 12, 3)),
        ("om to måneder", date(2026, 1, 19)),
        ("inden nytår", date(2025, 12, 31)),
        ("senest d. 1. dec.", date(2025, 12, 1)),
    ],
)
def test_more_phrases(text, expected):
    assert parse_deadline(text, WEDNESDAY).date == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("om tre uger", date(2025, 12, 10)),
        ("inden for ti dage", date(2025, 11, 29)),
        ("om fjorten dage", date(2025, 12, 3)),
        ("om elleve dage", date(2025, 11, 30)),
        ("om tolv dage", date(2025, 12, 1)),
        ("om fem dage", date(2025, 11, 24)),
        ("inden for syv dage", date(2025, 11, 26)),
    ],
)
def test_numbers_as_words(text, expected):
    assert parse_deadline(text, WEDNESDAY).date == expected


def test_year_rollover():
    december = date(2025, 12, 15)
    assert parse_deadline("uge 2", december).date == date(2026, 1, 9)
    assert parse_deadline("inden jul", date(2025, 12, 27)).date == date(2026, 12, 24)
    assert parse_deadline("uge 10", date(2025, 10, 1)).date == date(2026, 3, 6)


def test_a_week_or_date_that_just_passed_is_asked_about_not_moved_a_year():
    assert parse_deadline("uge 50", date(2025, 12, 20)).reason is QuestionReason.PAST_DATE
    assert parse_deadline("d. 15/11", WEDNESDAY).reason is QuestionReason.PAST_DATE
    assert parse_deadline("3/12-2024", WEDNESDAY).reason is QuestionReason.PAST_DATE


# --- spelling ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("naeste mandag", date(2025, 11, 24)),
        ("paa fredag", date(2025, 11, 21)),
        ("sidst paa ugen", date(2025, 11, 21)),
        ("i naeste uge", date(2025, 11, 28)),
        ("paa fredga", date(2025, 11, 21)),
        ("inden fedag", date(2025, 11, 21)),
        ("på torsdga", date(2025, 11, 20)),
        ("i morgn", date(2025, 11, 20)),
        ("imorgen", date(2025, 11, 20)),
        ("idag", date(2025, 11, 19)),
        ("inden 1. decmber", date(2025, 12, 1)),
        ("I MORGEN", date(2025, 11, 20)),
        ("på lørdag", date(2025, 11, 22)),
        ("paa loerdag", date(2025, 11, 22)),
    ],
)
def test_ae_oe_aa_and_light_typos(text, expected):
    assert parse_deadline(text, WEDNESDAY).date == expected


def test_names_are_not_corrected_into_deadline_words():
    assert not parse_deadline("ringer til Morten", WEDNESDAY).found


# --- ambiguous: ask, never guess -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, reason",
    [
        ("snart", QuestionReason.VAGUE),
        ("en af dagene", QuestionReason.VAGUE),
        ("hurtigst muligt", QuestionReason.VAGUE),
        ("om et par dage", QuestionReason.VAGUE),
        ("3/13", QuestionReason.INVALID_DATE),
        ("d. 31/2", QuestionReason.INVALID_DATE),
        ("32. december", QuestionReason.INVALID_DATE),
        ("uge 53", QuestionReason.INVALID_DATE),  # 2025 has 52 ISO weeks
        ("torsdag d. 28/11", QuestionReason.INVALID_DATE),  # 28/11 is a Friday
        ("fredag eller mandag", QuestionReason.CONFLICT),
        ("mandag eller tirsdag i næste uge", QuestionReason.CONFLICT),
        ("inden fredag eller senest d. 3/12", QuestionReason.CONFLICT),
        ("i starten af næste uge", QuestionReason.HEDGED),
        ("efter jul", QuestionReason.HEDGED),
        ("tidligst fredag", QuestionReason.HEDGED),
    ],
)
def test_ambiguous_input_gives_a_danish_question(text, reason):
    result = parse_deadline(text, WEDNESDAY)
    assert result.date is None
    assert result.reason is reason
    assert result.question and result.question.endswith("?")


def test_conflict_names_both_dates():
    question = parse_deadline("fredag eller mandag", WEDNESDAY).question
    assert "fredag d. 21. november" in question and "mandag d. 24. november" in question


def test_a_real_date_wins_over_a_vague_word():
    assert parse_deadline("snarest og senest fredag", WEDNESDAY).date == date(2025, 11, 21)


# --- nothing found, and where it was found ---------------------------------------------------------------
@pytest.mark.parametrize("text", ["Stine sender tre ansøgninger", "kl. 10.30", "", "hver dag"])
def test_no_deadline(text):
    result = parse_deadline(text, WEDNESDAY)
    assert not result.found and result.date is None and result.question is None


def test_spans_point_into_the_original_text():
    text = "Stine sender tre ansøgninger inden fredag"
    result = parse_deadline(text, WEDNESDAY)
    assert [text[s:e] for s, e in result.spans] == ["inden fredag"]
    text = "Søren ringer til to vikarbureauer i næste uge, gerne tidligt"
    assert [text[s:e] for s, e in parse_deadline(text, WEDNESDAY).spans] == ["i næste uge"]


def test_format_date_is_danish():
    assert format_date(date(2025, 11, 21), WEDNESDAY) == "fredag d. 21. november"
    assert format_date(date(2026, 1, 2), WEDNESDAY) == "fredag d. 2. januar 2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("inden den 20.", date(2025, 11, 20)),  # the coming 20th: this month's
        ("tre gange, inden vi ses den 2.", date(2025, 12, 2)),  # the 2nd has passed: next month's
        ("inden den 19.", date(2025, 11, 19)),  # today counts
        ("inden den 1. i næste måned", date(2025, 12, 1)),
        ("inden den 20. december", date(2025, 12, 20)),  # a month named wins
    ],
)
def test_a_day_of_the_month_alone(text, expected):
    assert parse_deadline(text, WEDNESDAY).date == expected


def test_a_day_of_the_month_that_never_comes_is_asked_about_and_an_ordinal_is_no_date():
    assert parse_deadline("den 31.", date(2025, 2, 3)).date == date(2025, 3, 31)
    assert parse_deadline("den 32.", WEDNESDAY).reason is QuestionReason.INVALID_DATE
    assert not parse_deadline("for den 3. gang", WEDNESDAY).found
