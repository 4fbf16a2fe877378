"""Bad input at scale for the technique coder (bot.coder): spaCy, the classifier and the cue rules.

Any text gets a known code, its segments are pieces of the (normalized) text, and the same
text always gets the same coding, also from a fresh coder without the cache. The coder loads
build/spacy_da and trains on the gold set on first use (a few seconds, once per session).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.coder import CODES
from tests.properties.strategies import any_text, budget, danish, date_phrases

CODE_SET = frozenset(CODES)


@pytest.fixture(scope="module")
def coder():
    from bot.coder.coder import get_coder

    return get_coder()


turns = st.one_of(
    any_text,
    st.lists(st.one_of(danish, any_text), min_size=2, max_size=5).map(". ".join),  # several sentences in one turn
    st.builds(lambda a, b: f"{a}? {b}!", danish, date_phrases),
)


@budget(120)
@given(text=turns)
@example(text="")
@example(text=" \u200b\n")
@example(text="?.!")
@example(text="Okay. Mm. Hvad tænker du? " * 200)
def test_any_turn_gets_known_codes_from_pieces_of_itself(coder, text):
    from bot.coder.coder import Coder
    from bot.coder.cues import normalize

    turn = coder.code_turn(text)
    assert turn.text == normalize(text)
    assert turn.primary in CODE_SET and all(code in CODE_SET for code in turn.codes)
    assert all(segment.text and segment.text in turn.text for segment in turn.segments)
    if turn.segments:
        assert turn.primary in turn.codes
    if not turn.text:
        assert turn.primary == "andet" and turn.segments == []
    assert coder.code_turn(text).to_dict() == turn.to_dict()  # deterministic, with the cache
    assert Coder(coder.model).code_turn(text).to_dict() == turn.to_dict()  # and without it


@budget(80)
@given(texts=st.lists(turns, max_size=6))
def test_code_many_keeps_order_and_length(coder, texts):
    codes = coder.code_many(texts)
    assert len(codes) == len(texts) and all(code in CODE_SET for code in codes)
    assert codes == [coder.code(text) for text in texts]


@budget(200)
@given(text=turns)
def test_the_finer_cues_stay_in_their_vocabulary(text):
    from bot.coder import closure_elements, scaling_info
    from bot.coder.cues import cue_features, question_form, rule_code

    info = scaling_info(text)
    assert set(info) == {"kind", "move", "number"}
    assert info["kind"] in (None, "importance", "confidence")
    assert info["move"] in (None, "ask", "down", "up")
    assert info["number"] is None or 1 <= info["number"] <= 10
    assert closure_elements(text) <= {"summary", "agreement", "evaluation"}
    assert question_form(text) in (None, "open", "closed", "tag")
    assert rule_code(text) in CODE_SET | {None}
    assert all(isinstance(value, float) for value in cue_features(text).values())
    assert scaling_info(text) == info
