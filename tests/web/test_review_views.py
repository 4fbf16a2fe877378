"""The plain Python behind the review pages: upload checks and view model, filters, rows, charts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.practice.transcript import parse_transcript
from bot.review.conversation_review import ConversationReview, StepVisit
from bot.review.service import TeamTrends
from bot.review.transcript_upload import (
    MAX_UPLOAD_BYTES,
    UploadError,
    code_labels,
    feedback_notes,
    parse_upload,
    read_upload,
    redacted,
    transcript_report,
)
from bot.web.formatting import decimal, decimal_commas, duration, long_datetime, minutes, short_datetime
from bot.web.review_charts import timeline_chart, trend_chart, trend_charts, trend_value
from bot.web.reviews import csv_bytes, local_midnight, parse_list_query, parse_period

FEEDBACK = json.loads((Path(__file__).with_name("data") / "practice_feedback.json").read_text(encoding="utf-8"))[
    "feedback"
]
CASES = ("stine", "fatima", "anders", "erling", "malou")


# --- the upload -------------------------------------------------------------------------------
def test_read_upload_accepts_utf8_with_or_without_bom():
    assert read_upload("a.txt", "K: Hej Søren".encode()) == "K: Hej Søren"
    assert read_upload("A.TXT", b"\xef\xbb\xbfK: hej") == "K: hej"


@pytest.mark.parametrize(
    "filename, body, message",
    [
        (None, None, "Vælg en fil med udskriften."),
        ("a.pdf", b"K: hej", "tekstfil (.txt)"),
        ("a.txt", b"  \n\n", "Filen er tom."),
        ("a.txt", "K: Søren".encode("latin-1"), "UTF-8"),
        ("a.txt", b"K: hej\x00", "ligner ikke en tekstfil"),
        ("a.txt", b"x" * (MAX_UPLOAD_BYTES + 1), "Filen er for stor (200 KB). Den må højst fylde 200 KB."),
    ],
)
def test_read_upload_says_what_is_wrong(filename, body, message):
    with pytest.raises(UploadError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        read_upload(filename, body)


def test_parse_upload_explains_the_format():
    with pytest.raises(UploadError, match="linje 1: forventede 'K:', 'A:' eller 'B:'.*»K:« \\(konsulenten\\)"):
        parse_upload("Et referat\nK: hej")
    with pytest.raises(UploadError, match="ingen konsulentreplikker"):
        parse_upload("B: hej")
    assert [t.speaker for t in parse_upload("K: hej\nB: dav\nog mere")] == ["K", "B"]


def test_redacted_works_line_by_line():
    text = redacted("K: ring på 22 33 44 55\nB: mit cpr er 010190-1234\nK: [00:12] fint")
    assert text == "K: ring på [telefonnummer]\nB: mit cpr er [CPR-nummer]\nK: [00:12] fint"


def test_transcript_report_puts_the_engines_labels_on_the_consultants_lines():
    turns = parse_transcript("[00:05] K: Hvad vil du gerne? Fortæl.\nB: Et job.\n[01:02:03] K: Et job.")
    result = {
        "utterances": [
            {
                "line": 1,
                "code": "aabent_spoergsmaal",
                "segments": [
                    {"text": "Hvad vil du gerne?", "code": "aabent_spoergsmaal"},
                    {"text": "Fortæl.", "code": "aabent_spoergsmaal"},
                ],
                "labels": ["kontrakt", "åbent spørgsmål"],
            },
            {"line": 3, "code": "refleksion", "segments": [], "labels": ["refleksion"]},
        ],
        "feedback": FEEDBACK,
    }
    report = transcript_report(turns, result)
    assert [(line.speaker, line.at_s, line.code_labels) for line in report.lines] == [
        ("K", 5, ("kontrakt", "åbent spørgsmål")),
        ("B", None, ()),
        ("K", 3723, ("refleksion",)),
    ]
    assert (report.turns, report.consultant_turns, report.citizen_turns) == (3, 2, 1)
    assert report.score == 30 and report.overall == "red"
    assert {m.id for m in report.metrics} >= {"contract", "open_question_share", "reflection_question_ratio"}
    assert all(m.status in ("green", "yellow", "red") for m in report.metrics)
    assert report.notes.gaps and report.notes.suggestions


def test_feedback_notes_reads_strengths_gaps_and_suggestions():
    notes = feedback_notes(
        {
            "strengths": ["Du lavede kontrakten i starten.", ""],
            "gaps": [{"id": "no_timeout", "text": "Ingen timeout undervejs."}, {"id": "x"}],
            "suggestions": [
                {"quote": "Er du glad?", "code": "lukket_spoergsmaal", "instead": "Hvordan er det?", "why": "Åbent."}
            ],
        }
    )
    assert notes.strengths == ("Du lavede kontrakten i starten.",)
    assert notes.gaps == ("Ingen timeout undervejs.",)
    assert notes.suggestions[0].code_label == "lukket spørgsmål" and not notes.empty
    assert feedback_notes(None).empty


def test_code_labels_are_danish_and_not_repeated():
    assert code_labels(["refleksion", "refleksion", None, "skalaspoergsmaal"]) == ("refleksion", "skalaspørgsmål")


# --- filters ----------------------------------------------------------------------------------
def test_a_period_is_whole_danish_days_in_utc():
    period = parse_period({"fra": "16.11.2026", "til": "2026-11-16"})
    assert period.errors == ()
    assert period.since == datetime(2026, 11, 15, 23, 0, tzinfo=UTC)
    assert period.until == datetime(2026, 11, 16, 23, 0, tzinfo=UTC)
    assert local_midnight(date(2026, 7, 1)) == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)  # summer time
    assert period.params == {"fra": "2026-11-16", "til": "2026-11-16"}


def test_unreadable_filters_are_dropped_with_a_message_each():
    query = parse_list_query(
        {"konsulent": "Mette", "type": "x", "borger": "stine", "fra": "31.02.2026", "side": "2"}, CASES
    )
    assert query.where.consultant == "mette" and query.where.mode is None and query.where.case_id == "stine"
    assert query.where.since is None and query.page == 2
    assert len(query.errors) == 2 and "Ukendt type »x«" in query.errors[0] and "31.02.2026" in query.errors[1]
    assert query.link(3) == "/gennemgang?konsulent=mette&borger=stine&side=3"
    assert query.without_consultant().where.consultant is None


def test_an_empty_query_filters_nothing():
    query = parse_list_query({}, CASES)
    assert query.errors == () and query.page == 1 and not query.filtered
    assert query.link(2) == "/gennemgang?side=2"


# --- formatting -------------------------------------------------------------------------------
def test_danish_formatting():
    moment = datetime(2026, 11, 16, 9, 5, tzinfo=UTC)
    assert short_datetime(moment) == "16.11.2026 kl. 10.05"
    assert long_datetime(moment) == "mandag 16. november 2026 kl. 10.05"
    assert [duration(s) for s in (30, 2070, 3900)] == ["under 1 min", "35 min", "1 t 5 min"]
    assert [minutes(m) for m in (0.5, 7.5, 12.4)] == ["0,5 min", "7,5 min", "12 min"]
    assert decimal(2.0) == "2" and decimal(0.25, 2) == "0,25"
    assert decimal_commas("0.3:1 og 12.000") == "0,3:1 og 12,000"


def test_csv_is_semicolon_separated_utf8_with_bom():
    body = csv_bytes([["konsulent", "værdi"], ["mette", "0,5"], ["a;b", 'sagde "hej"']])
    assert body == '\ufeffkonsulent;værdi\r\nmette;0,5\r\n"a;b";"sagde ""hej"""\r\n'.encode("utf-8")


# --- charts -----------------------------------------------------------------------------------
def review_with(timeline, timeouts=(), tools=(), booked=30, end_s=1800.0) -> ConversationReview:
    return ConversationReview(
        sender_id="mette:x",
        mode="guide",
        start_ts=0.0,
        end_ts=end_s,
        consultant="mette",
        citizen_ref="B-1",
        case_id=None,
        topic=None,
        booked_min=booked,
        plan_key=None,
        user_turns=3,
        timeline=tuple(timeline),
        timeouts=tuple(timeouts),
        tools=tuple(tools),
        agreements=(),
        scaling=(),
        ended=True,
        closure_completed=True,
        transcript=(),
        metrics=(),
    )


def test_the_timeline_puts_each_visit_in_its_lane_at_its_time():
    titles = {n: f"Titel {n}" for n in range(1, 10)}
    review = review_with(
        [StepVisit(2, 0, 300), StepVisit(6, 900, 960), StepVisit(9, 1500, 1800)],
        timeouts=[900],
        tools=[("timeout", 900)],
    )
    chart = timeline_chart(review, titles, {"timeout": "Timeout"})
    assert len(chart.lanes) == 9 and chart.lanes[1].visited and not chart.lanes[0].visited
    two, six, nine = chart.bars
    assert two.y < six.y < nine.y  # lanes top to bottom, step 1 first
    assert two.x == chart.left and abs(nine.x + nine.width - chart.right) < 0.01  # 30 min fill the axis
    assert six.colour != two.colour and six.x == chart.timeouts[0].x == chart.tools[0].x
    assert [label for label, _ in chart.ticks] == ["0 min", "5 min", "10 min", "15 min", "20 min", "25 min", "30 min"]
    assert chart.booked_x == chart.right
    assert chart.description.startswith("Trin 2 (Titel 2) fra 0 min til 5 min;")
    assert "Timeouts efter 15 min." in chart.description and "Værktøjer: Timeout (15 min)." in chart.description


def test_a_short_bar_is_still_visible():
    chart = timeline_chart(review_with([StepVisit(3, 0, 1)], booked=None, end_s=3600), {}, {})
    assert chart.bars[0].width == 3.0 and chart.booked_x is None


def weeks(*days: int) -> list[date]:
    return [date(2026, 11, d) for d in days]


def test_a_trend_line_breaks_where_a_week_has_no_value():
    w = weeks(2, 9, 16)
    trends = TeamTrends(
        w,
        {
            "emil": {w[0]: {"practice_score": 40.0}, w[2]: {"practice_score": 80.0}},
            "mette": {w[0]: {"practice_score": 50.0}, w[1]: {"practice_score": 60.0}, w[2]: {"practice_score": None}},
        },
    )
    chart = trend_chart(trends, "practice_score", "Øvelsesscore")
    emil, mette = chart.lines
    assert emil.segments == () and len(emil.points) == 2  # two dots, no line across the gap
    assert len(mette.segments) == 1 and len(mette.points) == 2
    assert emil.colour != mette.colour and emil.dash != mette.dash
    assert emil.points[1].y < emil.points[0].y  # 80 above 40
    assert [label for label, _ in chart.x_ticks] == ["uge 45", "uge 46", "uge 47"]
    assert chart.table[1] == ("uge 46", ("–", "60"))
    assert "emil: uge 45 40, uge 46 –, uge 47 80" in chart.description


def test_only_trends_with_data_are_drawn_and_values_read_as_danish():
    w = weeks(16)
    trends = TeamTrends(w, {"mette": {w[0]: {"conversations": 2, "closure_rate": 0.5, "practice_score": None}}})
    assert [c.column for c in trend_charts(trends)] == ["conversations", "closure_rate"]
    assert trend_value("closure_rate", 0.5) == "50 %" and trend_value("reflection_question_ratio", 1.25) == "1,2:1"
    assert trend_value("timeouts_per_conversation", 1.5) == "1,5" and trend_value("practice_score", None) == "–"


def test_axis_ticks_are_whole_conversations_and_readable_fractions():
    w = weeks(16)
    trends = TeamTrends(w, {"mette": {w[0]: {"conversations": 3, "reflection_question_ratio": 0.8}}})
    conversations, ratio = trend_charts(trends)
    assert [label for label, _ in conversations.y_ticks] == ["0", "1", "2", "3"]
    assert [label for label, _ in ratio.y_ticks] == ["0:1", "0,25:1", "0,5:1", "0,75:1", "1:1"]
