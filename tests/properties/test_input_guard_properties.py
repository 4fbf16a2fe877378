"""Bad input at scale for the input guard (bot.core.input_guard) and its NLU component.

Whatever arrives, the guard answers without an exception, the same way every time, with a
calm Danish explanation for every problem it finds, and it never lets a CPR number through
as a usable message.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.input_guard import InputProblem, classify_input, explain
from bot.core.personal_data import find_cpr_numbers
from bot.settings import get_settings
from tests.properties.strategies import (
    any_text,
    assert_danish_reply,
    budget,
    cpr_numbers,
    english,
    markup,
    text_with_cpr,
)

LIMIT = get_settings().max_message_chars


@budget(300)
@given(text=st.one_of(st.none(), any_text))
def test_every_message_is_usable_or_explained_in_danish(text):
    problem = classify_input(text)
    assert problem is None or isinstance(problem, InputProblem)
    if problem is not None:
        assert_danish_reply(explain(problem))
    assert classify_input(text) == problem  # deterministic


@budget(200)
@given(text=text_with_cpr())
def test_a_cpr_number_is_never_usable(text):
    problem = classify_input(text)
    assert problem is (InputProblem.CPR if len(text) <= LIMIT else InputProblem.TOO_LONG)
    assert find_cpr_numbers(text)


@budget(100)
@given(number=cpr_numbers())
def test_a_cpr_number_alone_becomes_bad_input_in_the_nlu_pipeline(number):
    from rasa.shared.nlu.training_data.message import Message

    from bot.rasa.input_guard_component import InputGuard

    message = Message({"text": number})
    message.data["intent"] = {"name": "start_conversation", "confidence": 0.9}
    message.data["intent_ranking"] = [{"name": "start_conversation", "confidence": 0.9}]
    (message,) = InputGuard().process([message])
    assert message.get("intent")["name"] == "bad_input" and message.get("input_problem") == InputProblem.CPR.value


@budget(60)
@given(text=st.text(alphabet=" \t\n\r\u00a0\u2028\u3000\u202f", max_size=50))
def test_blank_messages_are_empty(text):
    assert classify_input(text) is InputProblem.EMPTY


@budget(60)
@given(chunk=any_text.filter(lambda t: t.strip()), extra=st.integers(min_value=1, max_value=3000))
def test_too_long_messages_are_refused_before_anything_else(chunk, extra):
    text = (chunk * (LIMIT // len(chunk) + 2))[: LIMIT + extra]
    if text.strip():
        assert classify_input(text) is InputProblem.TOO_LONG


@budget(100)
@given(text=markup)
def test_markup_is_never_usable(text):
    problem = classify_input(text)
    tags = ("<script", "<b>", "<img", "</div", "<!--", "<p>", "<a ", "javascript:", "{{", "{%")
    if any(tag in text for tag in tags):
        assert problem is InputProblem.MARKUP
    else:  # HTML entities ("&amp;"), "< 3" and "<<>>" are plain text (or no words) to the guard
        assert problem is not InputProblem.MARKUP


@budget(60)
@given(text=english)
def test_english_is_refused_as_english_or_passed_on(text):
    """Only the function-word heuristic decides: English is never mistaken for markup or for no words.

    Sentences with few English function words ("she sends three applications before Friday")
    pass the guard; the NLU fallback then answers them in Danish.
    """
    problem = classify_input(text)
    assert problem in (None, InputProblem.ENGLISH)
    if (
        sum(
            word in {"what", "should", "i", "the", "is", "please", "me", "you", "can", "we", "it", "a"}
            for word in text.lower().replace("?", "").split()
        )
        >= 3
    ):
        assert problem is InputProblem.ENGLISH
