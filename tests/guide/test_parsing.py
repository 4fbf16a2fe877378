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


# --- citizen references as consultants write them (issue 15) --------------------------------
@pytest.mark.parametrize(
    "text, ref",
    [
        ("ny samtale med borger B-12 om cv", "B-12"),
        ("samtale med B-12", "B-12"),
        ("ny samtale borger 4711", "4711"),
        ("ny samtale med en ny borger K-301", "K-301"),
        ("ny samtale ref: 20-117 om brancheskift", "20-117"),
        ("ny samtale medlem B-5520 kompetenceafklaring 45 min", "B-5520"),
        ("ny samtale med Jens, borger B-12", "B-12"),  # the one with a digit wins
        ("cv-samtale med B-12", "B-12"),
        ("3. samtale med »B-12«", "B-12"),
        ("ny samtale med B-12.", "B-12"),
    ],
)
def test_the_reference_is_kept(text, ref):
    start = parse_conversation_start(text, load_guide())
    assert (start.citizen_ref, start.ref_problem) == (ref, None)


@pytest.mark.parametrize(
    "text, said",
    [
        ("ny samtale med Jens", "»Jens« ligner et navn"),
        ("ny samtale med stine om jobsøgningsstrategi 30 min", "»stine« ligner et navn"),
        ("ny borger: malou, vejledning og opkvalificering", "»malou« ligner et navn"),
        ("ny samtale med Anne-Mette", "»Anne-Mette« ligner et navn"),
        ("ny samtale med B12/34 om cv", "»B12/34« kan jeg ikke bruge"),
        ("ny samtale med borger 010190-1234", "CPR-nummer"),
    ],
)
def test_something_reference_like_that_cannot_be_used_is_said_at_once(text, said):
    start = parse_conversation_start(text, load_guide())
    assert start.citizen_ref is None and said in start.ref_problem


@pytest.mark.parametrize(
    "text",
    [
        "ny samtale med fokus på cv",
        "samtale med hende om brancheskift",
        "ny samtale med 30 min",
        "ny samtale med a-kassen om jobsøgning",
        "borger kl 10 om brancheskift, 45 minutter",
        "ny samtale med borgeren kl 10:30",
        "ny samtale med 30min",
    ],
)
def test_words_that_are_no_reference_are_neither_kept_nor_complained_about(text):
    start = parse_conversation_start(text, load_guide())
    assert (start.citizen_ref, start.ref_problem) == (None, None)


def test_a_type_word_is_not_read_as_the_topic():
    start = parse_conversation_start("cv-samtale med B-12", load_guide())
    assert start.topic is None and start.course.type_id == "cv_samtale"
    both = parse_conversation_start("cv-samtale med B-12 om cv og ansøgning", load_guide())
    assert both.topic == "cv_og_ansoegning"


def test_lookups_accept_a_name_already_in_the_store():
    from bot.guide.parsing import parse_citizen_ref, parse_plan_ref

    assert parse_citizen_ref("hvad aftalte vi sidst med Stine?", load_guide()) == "Stine"
    assert parse_plan_ref("vis plan for B-12", load_guide()) == "B-12"
    assert parse_plan_ref("vis plan for 010190-1234", load_guide()) is None
