import pytest

from bot.guide.content import load_guide
from bot.guide.parsing import parse_booked_minutes, parse_conversation_start, resolve_step, resolve_topic


@pytest.mark.parametrize(
    "text, step",
    [
        ("trin 4", 4),
        ("gå til trin fem", 5),
        ("hop til 6'eren", 6),
        ("vis trin 2", 2),
        ("trin ni", 9),
        ("spring til afslutningen", 9),
        ("gå videre til informationsdelen", 5),
        ("tilbage til kontrakten", 3),
        ("den tredje", 3),
        ("trin 7!", 7),
        ("naeste trin", None),
        ("hvad nu", None),
    ],
)
def test_resolve_step(text, step):
    assert resolve_step(text, load_guide()) == step


@pytest.mark.parametrize(
    "text, topic",
    [
        ("om jobsøgningsstrategi", "jobsoegningsstrategi"),
        ("brancheskift", "brancheskift"),
        ("cv og ansøgning", "cv_og_ansoegning"),
        ("kompetenceafklaring", "kompetenceafklaring"),
        ("vejledning og opkvalificering", "vejledning_og_opkvalificering"),
        ("ny samtale", None),
    ],
)
def test_resolve_topic(text, topic):
    assert resolve_topic(text, load_guide()) == topic


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("30 min", 30),
        ("45 minutter", 45),
        ("en time", 60),
        ("halv time", 30),
        ("et kvarter", 15),
        ("halvanden time", 90),
        ("2 timer", 120),
        ("kl 10", None),
        ("999 min", None),
        ("", None),
    ],
)
def test_booked_minutes(text, minutes):
    assert parse_booked_minutes(text) == minutes


@pytest.mark.parametrize(
    "text, ref, topic, minutes",
    [
        ("ny samtale med B-7 om jobsøgningsstrategi 30 min", "B-7", "jobsoegningsstrategi", 30),
        ("start samtale med B-1042 om cv en time", "B-1042", "cv_og_ansoegning", 60),
        ("ny borger: k-33, vejledning og opkvalificering", "k-33", "vejledning_og_opkvalificering", None),
        ("borger kl 10 om brancheskift, 45 minutter", None, "brancheskift", 45),
        ("ny samtale", None, None, None),
        ("samtale med borgeren om brancheskift", None, "brancheskift", None),
    ],
)
def test_conversation_start(text, ref, topic, minutes):
    start = parse_conversation_start(text, load_guide())
    assert (start.citizen_ref, start.topic, start.booked_min) == (ref, topic, minutes)
