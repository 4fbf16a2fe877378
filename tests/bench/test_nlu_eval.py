"""The yardstick bench and the calibration, on made-up parses (no model, no yardstick line)."""

from __future__ import annotations

from bot.bench.nlu import calibration
from bot.bench.nlu_eval import Line, Reading, read_yardstick, reading_of, score, to_markdown


def parse(text, intent, ranking):
    return {
        "text": text,
        "intent": {"name": intent, "confidence": ranking[0][1] if intent != "nlu_fallback" else 0.4},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
    }


def test_a_sure_tool_is_offered_alone():
    reading = reading_of(parse("x", "tool_ugu", [("tool_ugu", 0.95), ("tool_timeout", 0.03)]))
    assert reading == Reading(("tool_ugu", "tool_timeout"), ("tool_ugu",), True)


def test_an_unsure_tool_is_offered_with_its_runners_up():
    ranking = [("tool_ugu", 0.6), ("greet", 0.2), ("tool_timeout", 0.1), ("tool_kontrakt", 0.05)]
    reading = reading_of(parse("x", "tool_ugu", ranking))
    assert reading.offered == ("tool_ugu", "tool_timeout", "tool_kontrakt") and not reading.at_once


def test_the_fallback_offers_only_choices():
    ranking = [("nlu_fallback", 0.4), ("tool_ugu", 0.3), ("tool_timeout", 0.29)]
    reading = reading_of(parse("x", "nlu_fallback", ranking))
    assert reading.ranked == ("tool_ugu", "tool_timeout") and reading.offered == ("tool_ugu", "tool_timeout")


def test_a_greeting_is_answered_as_it_is_even_when_unsure():
    reading = reading_of(parse("x", "greet", [("greet", 0.5), ("tool_ugu", 0.4)]))
    assert reading.offered == ("greet",) and reading.at_once


def test_scores_count_the_also_alternative_only_where_it_may():
    lines = [Line("a", "tool_ugu"), Line("b", "tool_timeout", also="tool_kontrakt"), Line("c", "status")]
    readings = [
        Reading(("tool_ugu",), ("tool_ugu",), True),
        Reading(("tool_kontrakt", "tool_timeout"), ("tool_kontrakt",), True),
        Reading(("next_step", "greet", "help", "status"), ("next_step", "status"), False),
    ]
    result = score(lines, readings)
    assert result["lines"] == 3 and result["top1"] == round(1 / 3, 4) and result["top1_or_also"] == round(2 / 3, 4)
    assert result["top3"] == round(2 / 3, 4) and result["offered"] == 1.0 and result["at_once"] == round(2 / 3, 4)
    assert result["intents"]["status"] == {
        "lines": 1,
        "top1": 0.0,
        "top1_or_also": 0.0,
        "top3": 0.0,
        "offered": 1.0,
        "at_once": 0.0,
    }
    text = to_markdown({**result, "date": "d", "machine": "m", "model": "x", "yardstick": "y",
                        "skipped_lines": 0, "skipped_intents": []}, None)  # fmt: skip
    assert "| status | 1 | 0.0 % |" in text


def test_the_yardstick_reader_takes_the_also_comment_after_a_one_example_entry(tmp_path):
    path = tmp_path / "y.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: tool_ugu\n  examples: |\n    - en\n    - to\n'
        "- intent: tool_timeout\n  examples: |\n    - tre\n# also: tool_kontrakt\n",
        encoding="utf-8",
    )
    assert read_yardstick(path) == [
        Line("en", "tool_ugu"),
        Line("to", "tool_ugu"),
        Line("tre", "tool_timeout", "tool_kontrakt"),
    ]


def test_the_calibration_counts_what_a_threshold_would_flag():
    successes = [{"intent_prediction": {"name": "tool_ugu", "confidence": c}} for c in (0.95, 0.85, 0.7)]
    errors = [
        {"intent_prediction": {"name": "tool_timeout", "confidence": 0.6}},
        {"intent_prediction": {"name": "tool_kontrakt", "confidence": 0.9}},
        {"intent_prediction": {"name": "nlu_fallback", "confidence": 0.4}},  # already offered choices
    ]
    rows = {row["threshold"]: row for row in calibration(successes, errors)}
    assert rows[0.8] == {"threshold": 0.8, "wrong_flagged": 0.5, "right_flagged": round(1 / 3, 4)}
    assert rows[0.95] == {"threshold": 0.95, "wrong_flagged": 1.0, "right_flagged": round(2 / 3, 4)}
    assert calibration([], [])[0]["wrong_flagged"] is None
