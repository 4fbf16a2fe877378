"""Metrics, score and overall colour: thresholds only where the source gives them, pinned at their edges."""

from __future__ import annotations

import pytest

from bot.judgement.detection import detect
from bot.judgement.metrics import (
    HANDBOOK_METRICS,
    MITI_OPEN,
    MITI_RQ,
    TALK_SHARE_WARNING,
    _band,
    overall_of,
    score_of,
    word_share_metric,
)
from bot.judgement.sources import SOURCES

from .conftest import conversation


def test_every_metric_names_its_source_and_only_miti_and_the_exercise_are_supplementary():
    assert set(HANDBOOK_METRICS) <= set(SOURCES)
    for metric_id, source in SOURCES.items():
        assert source.text
        if metric_id in HANDBOOK_METRICS:
            assert source.kind == "handbook" and source.weight == 1.0 and "s. " in source.text
        else:
            assert source.supplementary and source.weight < 1.0
    assert "MITI 4.2.1" in SOURCES["reflection_question_ratio"].text
    assert "supplerende" in SOURCES["open_question_share"].text


@pytest.mark.parametrize(("k_words", "status"), [(80, "red"), (79, "green")])
def test_the_handbooks_80_percent_is_the_only_talk_threshold(k_words, status):
    turns = conversation(f"K: {' '.join(['ord'] * k_words)}\nB: {' '.join(['svar'] * (100 - k_words))}")
    metric = word_share_metric(detect(turns))
    assert metric["value"] == k_words / 100 and metric["status"] == status
    assert TALK_SHARE_WARNING == 0.8


@pytest.mark.parametrize(
    ("value", "bands", "status"),
    [(2.0, MITI_RQ, "green"), (1.99, MITI_RQ, "yellow"), (1.0, MITI_RQ, "yellow"), (0.99, MITI_RQ, "red"),
     (0.7, MITI_OPEN, "green"), (0.69, MITI_OPEN, "yellow"), (0.5, MITI_OPEN, "yellow"), (0.49, MITI_OPEN, "red")],
)  # fmt: skip
def test_miti_bands_at_their_edges(value, bands, status):
    assert _band(value, bands) == status


def _metrics(**statuses) -> dict:
    metrics = {}
    for metric_id, source in SOURCES.items():
        if metric_id == "hidden_facts":
            continue
        metrics[metric_id] = {"status": statuses.get(metric_id, "green"), "source": source.to_dict()}
    metrics["pressure"].update(count=0, exploring_turns=5, sets_the_tone=False)
    return metrics


def test_score_weighs_the_handbook_fully_and_miti_half():
    assert score_of(_metrics(), 5) == 100
    one_red = score_of(_metrics(contract="red"), 5)
    miti_red = score_of(_metrics(reflection_question_ratio="red"), 5)
    assert one_red == round(100 * 9 / 10) and miti_red == round(100 * 9.5 / 10)
    assert score_of(_metrics(), 0) == 0


def test_overall_green_needs_every_handbook_metric_green_and_ignores_miti():
    assert overall_of(_metrics(reflection_question_ratio="red", open_question_share="red"), 5) == "green"
    for metric_id in HANDBOOK_METRICS:
        assert overall_of(_metrics(**{metric_id: "yellow"}), 5) == "yellow", metric_id


@pytest.mark.parametrize(("pressure", "exploring", "overall"), [(3, 3, "red"), (3, 4, "yellow"), (1, 0, "red"),
                                                                 (0, 0, "red")])  # fmt: skip
def test_overall_red_when_pressure_sets_the_tone_or_nothing_is_explored(pressure, exploring, overall):
    metrics = _metrics(pressure="yellow" if pressure else "green")
    metrics["pressure"].update(
        count=pressure, exploring_turns=exploring, sets_the_tone=pressure > 0 and pressure >= exploring
    )
    assert overall_of(metrics, 5) == overall
