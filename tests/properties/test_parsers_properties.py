"""Bad input at scale for the Danish parsers: the deadline parser and the two SMART checks.

Whatever is typed, the parsers return a valid value or their documented "no value" (a
deadline: a date, a Danish question, or nothing; an agreement: a draft, or a PlanError with a
Danish message), never another exception, and the same answer for the same input.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from bot.plan.agreements import AgreementAnswers, AgreementDraft, Owner, SmartPart, parse_agreement
from bot.plan.deadlines import WEEKDAY_NAMES, DeadlineResult, QuestionReason, parse_deadline
from bot.plan.errors import PlanError
from tests.properties.strategies import (
    any_text,
    assert_danish_reply,
    budget,
    date_phrases,
    optional_dates,
    today_dates,
)

SMART_KEYS = {"specific", "measurable", "accepted", "realistic", "time_bound", "smart"}


# --- the deadline parser ----------------------------------------------------------------------------
def _check_deadline(result: DeadlineResult, text: str, today: date) -> None:
    assert isinstance(result, DeadlineResult)
    if result.date is not None:  # a date: no question, never in the past
        assert result.question is None and result.reason is None
        assert isinstance(result.date, date) and result.date >= today
    elif result.question is not None:  # a question: Danish, a real question, with its reason
        assert isinstance(result.reason, QuestionReason)
        assert result.question.rstrip().endswith("?")
        assert_danish_reply(result.question, text)
    else:  # nothing found: nothing at all
        assert result == DeadlineResult()
    for start, end in result.spans:
        assert 0 <= start <= end <= len(text)
    assert result.found == bool(result.spans)


@budget(500)
@given(text=st.one_of(any_text, date_phrases), today=today_dates, next_conversation=optional_dates)
@example(text="inden d. 31/2", today=date(2025, 11, 19), next_conversation=None)
@example(text="den 29. februar", today=date(2025, 3, 1), next_conversation=None)
@example(text="uge 53", today=date(2025, 11, 19), next_conversation=None)
@example(text="om 999 måneder", today=date(2099, 12, 31), next_conversation=None)
def test_deadline_is_a_date_a_danish_question_or_nothing(text, today, next_conversation):
    result = parse_deadline(text, today, next_conversation)
    _check_deadline(result, text, today)
    assert parse_deadline(text, today, next_conversation) == result  # deterministic


@budget(300)
@given(
    lead=st.sampled_from(["", "inden d.", "d.", "den", "senest den", "inden den", "på"]),
    day=st.integers(min_value=0, max_value=99),
    month=st.integers(min_value=0, max_value=99),
    separator=st.sampled_from(["/", ".", " / "]),
    today=today_dates,
)
def test_a_numeric_day_and_month_is_that_date_or_a_question(lead, day, month, separator, today):
    """ "d. 3/12" is 3 December (this year or next) or asked about; "31/2" and "3/13" are never dates."""
    text = f"{lead} {day}{separator}{month}".strip()
    result = parse_deadline(text, today)
    _check_deadline(result, text, today)
    valid_this_year = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(today.year, month)[1]
    if result.date is not None:
        assert valid_this_year and (result.date.day, result.date.month) == (day, month)
        assert result.date.year in (today.year, today.year + 1)
    elif valid_this_year:  # asked about only when it passed recently (or is a 29 February with no next one)
        assert result.reason is QuestionReason.PAST_DATE or (
            (day, month) == (29, 2) and result.reason is QuestionReason.INVALID_DATE
        )
    else:
        assert result.reason is QuestionReason.INVALID_DATE


@budget(100)
@given(
    lead=st.sampled_from(["", "på", "inden", "senest", "til", "Senest på"]),
    weekday=st.sampled_from(range(7)),
    today=today_dates,
)
def test_a_bare_weekday_is_the_next_such_day(lead, weekday, today):
    text = f"{lead} {WEEKDAY_NAMES[weekday]}".strip()
    result = parse_deadline(text, today)
    assert result.date is not None and result.date.weekday() == weekday
    assert 1 <= (result.date - today).days <= 7


@budget(100)
@given(count=st.integers(min_value=1, max_value=999), unit=st.sampled_from(["dage", "uger"]), today=today_dates)
def test_in_so_many_days_or_weeks_is_counted_from_today(count, unit, today):
    result = parse_deadline(f"om {count} {unit}", today)
    assert result.date == today + timedelta(days=count * (7 if unit == "uger" else 1))


# --- the SMART check of real agreements (bot.plan.agreements) -------------------------------------------
def _check_draft(draft: AgreementDraft, today: date) -> None:
    assert isinstance(draft.owner, Owner) and draft.text.strip()
    assert draft.quantity is None or (isinstance(draft.quantity, int) and draft.quantity >= 1)
    assert draft.deadline is None or draft.deadline >= today
    assert set(draft.flags) == {part.value for part in SmartPart}
    assert draft.flags["specific"] in (True, False) and draft.flags["time_bound"] == (draft.deadline is not None)
    missing = {part.part for part in draft.missing}
    assert missing == {SmartPart(name) for name, value in draft.flags.items() if not value}
    assert draft.is_complete == (not missing)
    for part in draft.missing:
        assert_danish_reply(part.question, draft.text)
        assert part.answered_no or "?" in part.question  # a question (sometimes with an example after it)


@budget(400)
@given(text=st.one_of(any_text, st.builds(lambda a, b: f"aftale: {a} {b}", any_text, date_phrases)), today=today_dates)
@example(text="aftale: hun sender ² ansøgninger inden fredag", today=date(2025, 11, 19))
@example(text="aftale: han ringer til ١٢ firmaer", today=date(2025, 11, 19))
def test_an_agreement_is_a_draft_or_a_danish_refusal(text, today):
    try:
        draft = parse_agreement(text, today)
    except PlanError as error:
        assert_danish_reply(error.message, text)
        return
    _check_draft(draft, today)
    assert draft.accepted is None and draft.realistic is None and not draft.is_complete  # never asked yet
    assert parse_agreement(text, today) == draft  # deterministic


_ANSWER = st.one_of(st.none(), any_text, st.sampled_from(["ja", "nej", "det tror hun", "på fredag", "tre", "²"]))


@budget(200)
@given(
    answers=st.builds(
        AgreementAnswers,
        action=_ANSWER,
        measure=_ANSWER,
        deadline=_ANSWER,
        accepted=st.one_of(_ANSWER, st.booleans()),
        realistic=st.one_of(_ANSWER, st.booleans()),
    ),
    today=today_dates,
)
def test_answers_to_the_follow_up_questions_never_break_the_draft(answers, today):
    text = "aftale: Stine sender ansøgninger"
    try:
        draft = parse_agreement(text, today, answers=answers)
    except PlanError as error:
        typed = [a for a in vars(answers).values() if isinstance(a, str)]
        assert_danish_reply(error.message, text, *typed)
        return
    _check_draft(draft, today)
    assert draft.accepted in (True, False, None) and draft.realistic in (True, False, None)
    assert parse_agreement(text, today, answers=answers) == draft


# --- the SMART flags of an agreement in a conversation (bot.judgement.agreements over the plan's checker) ---
@budget(500)
@given(
    text=st.one_of(any_text, st.builds(lambda a, b: f"{a} {b}", any_text, date_phrases)),
    accepted=st.booleans(),
    realistic=st.booleans(),
)
def test_smart_flags_give_five_flags_and_their_conjunction(text, accepted, realistic):
    from bot.judgement.agreements import smart_flags

    result = smart_flags(text, accepted=accepted, realistic=realistic)
    assert set(result) == SMART_KEYS and all(isinstance(value, bool) for value in result.values())
    assert result["smart"] == all(result[key] for key in SMART_KEYS - {"smart"})
    assert result["accepted"] == accepted and result["realistic"] == realistic
    assert smart_flags(text, accepted=accepted, realistic=realistic) == result


@budget(30)
@given(text=st.text(alphabet=" \t\n\r\u00a0\u2028\u3000", max_size=20))
def test_blank_text_is_never_smart(text):
    from bot.judgement.agreements import smart_flags

    assert smart_flags(text, accepted=True, realistic=True)["smart"] is False
