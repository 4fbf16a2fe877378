"""Bad input at scale: Hypothesis strategies, the settings profile and the checks every answer must pass.

The profile is derandomized (the same examples on every run, so CI is reproducible) and has
no example database and no per-example deadline (two shared cores make timings flaky; spaCy
and SQLite are involved). ``budget(n)`` pins how many examples a test tries; set
``PROPERTIES_PROFILE=properties-explore`` (random examples) and ``PROPERTIES_SCALE=20`` to hunt
for new failures by hand.
"""

from __future__ import annotations

import os
import re
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "properties",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "properties-explore",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_PROFILE = settings.get_profile(os.environ.get("PROPERTIES_PROFILE", "properties"))
_SCALE = max(1, int(os.environ.get("PROPERTIES_SCALE", "1") or 1))


def budget(max_examples: int, **overrides) -> settings:
    """The shared profile with ``max_examples`` (times ``PROPERTIES_SCALE``)."""
    return settings(_PROFILE, max_examples=max_examples * _SCALE, **overrides)


# --- pieces of text ------------------------------------------------------------------------------
EMOJI = ["😀", "👍🏽", "🙈", "❤️", "👨‍👩‍👧", "🇩🇰", "🤷‍♀️", "💼", "📅"]
RTL = ["مرحبا بك", "שלום", "\u202eegassem\u202c", "\u200f", "\u200e", "مع السلامة ١٢/٣"]
COMBINING = [
    "e\u0301",
    "a\u030a",
    "o\u0338",
    "fre\u0301dag",
    "Z\u0351\u0361a\u0352\u034cl\u0357g\u0344o",
    "\u0300\u0301\u0302",
]
INVISIBLE = [
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\u202f",
    "\t",
    "\r\n",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
]
ODD_DIGITS = ["²", "³", "½", "¹⁰", "١٢", "٣/١٢", "０１", "１５．１２", "Ⅻ", "⑫", "𝟏𝟐", "๓"]
MARKUP = [
    "<script>alert(1)</script>",
    "<b>fed</b>",
    "<img src=x onerror=alert(1)>",
    "</div>",
    "<!-- note -->",
    "&lt;script&gt;",
    "&amp;",
    "&#x27;",
    "&nbsp;",
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% if %}",
    "<p>",
    "<a href='https://example.com'>klik</a>",
    "<<>>",
    "< 3",
]
ENGLISH = [
    "what should I do now",
    "the citizen is angry and I don't know what to do",
    "please help me with the contract",
    "How do I make the agreement?",
    "I think we are done here, thanks",
    "can you show me the plan please",
    "she sends three applications before Friday",
    "next step",
    "hello there",
    "is this working?",
]
DANISH = [
    "næste trin",
    "hvor er vi?",
    "hun tror ikke på det",
    "jeg taler for meget",
    "hvordan laver jeg kontrakten?",
    "aftale: Stine sender tre uopfordrede ansøgninger inden fredag",
    "vigtighed 4 fordi hun savner kollegaer",
    "tro 6",
    "A-job: pædagogmedhjælper",
    "kontrakt: vi taler om jobsøgning, målet er en ugeplan",
    "note: kan kun arbejde i dagtimerne",
    "aftale 2 er gjort",
    "vis plan",
    "gem alligevel",
    "ja",
    "nej",
    "ny samtale med B-12 om brancheskift 30 min",
    "trin 5",
    "skalaspørgsmål",
    "Hvad er vigtigst for dig?",
    "Så du føler, at ingen vil ansætte dig.",
    "Du bliver nødt til at søge flere job.",
]
WEEKDAYS = [
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "loerdag",
    "soendag",
    "fredagen",
    "FREDAG",
    "Fredag",
    "fredga",
    "tirs.",
    "ons",
    "tors.",
    "fre.",
]
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
    "jan.",
    "feb",
    "sept.",
    "okt",
    "dec.",
    "DECEMBER",
    "febraur",
]
DATE_LEADS = [
    "",
    "på",
    "inden",
    "senest",
    "inden d.",
    "d.",
    "den",
    "til",
    "før",
    "om",
    "næste",
    "i",
    "efter",
    "omkring",
    "tidligst",
    "inden for",
    "sidst på",
    "i starten af",
    "ved udgangen af",
    "og senest",
]
DATE_FIXED = [
    "i dag",
    "i morgen",
    "i overmorgen",
    "imorgen",
    "i næste uge",
    "sidst på ugen",
    "inden jul",
    "inden nytår",
    "inden næste samtale",
    "snart",
    "hurtigst muligt",
    "på et tidspunkt",
    "om et par uger",
    "31.02",
    "31/2",
    "den 29. februar",
    "29/2",
    "30. februar",
    "0/0",
    "00.00",
    "32.13",
    "3/13",
    "kl. 10.30",
    "uge 0",
    "uge 53",
    "uge 99",
    "næste torsdag",
    "fredag i næste uge",
    "denne uges fredag",
    "sidst i december",
    "2019-2020",
    "1.1.2020",
    "24/12-99",
    "d. 3/12 og d. 4/12",
    "om to uger",
    "om 14 dage",
    "inden for 8 dage",
    "om tretten uger",
    "i løbet af de næste tre måneder",
    "efter fredag",
    "ikke før 1. december",
]


def _join(parts: list[str]) -> str:
    return " ".join(p for p in parts if p)


unicode_text = st.lists(
    st.one_of(st.characters(), st.sampled_from(EMOJI + RTL + COMBINING + INVISIBLE + ODD_DIGITS)),
    max_size=40,
).map("".join)
long_text = st.builds(
    lambda chunk, times, tail: (chunk * times)[:5000] + tail,
    st.one_of(st.sampled_from(DANISH + ENGLISH + EMOJI), unicode_text.filter(bool)),
    st.integers(min_value=10, max_value=400),
    st.sampled_from(["", " inden fredag", " 😀", " <b>", " 010190-1234"]),
)
digit_heavy = st.one_of(
    st.text(alphabet="0123456789 -/.:,+", max_size=40),
    st.lists(st.one_of(st.sampled_from("0123456789 -/."), st.sampled_from(ODD_DIGITS)), max_size=30).map("".join),
    st.integers(min_value=-(10**12), max_value=10**15).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
day_month_numbers = st.builds(
    lambda lead, d, sep, m, year: _join([lead, f"{d}{sep}{m}{year}"]),
    st.sampled_from(DATE_LEADS),
    st.integers(min_value=-3, max_value=99),
    st.sampled_from(["/", ".", ". ", " / "]),
    st.integers(min_value=-3, max_value=99),
    st.sampled_from(["", "/2024", ".25", "-99", "/0000", "/9999", ".1"]),
)
date_phrases = st.one_of(
    st.sampled_from(DATE_FIXED),
    st.builds(lambda lead, wd: _join([lead, wd]), st.sampled_from(DATE_LEADS), st.sampled_from(WEEKDAYS)),
    st.builds(
        lambda lead, d, month, year: _join([lead, f"{d}. {month}{year}"]),
        st.sampled_from(DATE_LEADS),
        st.integers(min_value=0, max_value=40),
        st.sampled_from(MONTHS),
        st.sampled_from(["", " 2024", " 2023", " 1999", " 0001", " 9999"]),
    ),
    day_month_numbers,
    st.builds(
        lambda lead, n, unit: _join([lead, f"{n} {unit}"]),
        st.sampled_from(["om", "inden for", "inden", "i løbet af", "de næste", "om de næste"]),
        st.one_of(
            st.integers(min_value=-5, max_value=5000).map(str),
            st.sampled_from(["en", "et", "to", "tre", "tretten", "halvtreds", "et par", "nogle", "mange"]),
        ),
        st.sampled_from(["dag", "dage", "uge", "uger", "måned", "måneder", "ugers tid", "år"]),
    ),
    st.builds(
        lambda lead, n: _join([lead, f"uge {n}"]), st.sampled_from(DATE_LEADS), st.integers(min_value=-1, max_value=120)
    ),
    st.builds(lambda wd, d, m: f"{wd} d. {d}/{m}", st.sampled_from(WEEKDAYS), st.integers(0, 35), st.integers(0, 14)),
    st.builds(
        lambda wd, which: f"{wd} {which} uge",
        st.sampled_from(WEEKDAYS),
        st.sampled_from(["i næste", "i denne", "i den kommende"]),
    ),
)
markup = st.builds(
    lambda before, tag, after: _join([before, tag, after]),
    st.sampled_from(["", "næste trin", "aftale: hun sender", "hej"]),
    st.sampled_from(MARKUP),
    st.sampled_from(["", "inden fredag", "tak", "😀"]),
)
english = st.one_of(
    st.sampled_from(ENGLISH),
    st.builds(
        lambda who, verb, what: f"{who} {verb} {what}",
        st.sampled_from(["I", "you", "she", "the citizen", "we"]),
        st.sampled_from(["should send", "will call", "wants to get", "can make"]),
        st.sampled_from(["three applications before Friday", "the job centre", "a plan", "it"]),
    ),
)
danish = st.sampled_from(DANISH)

# Everything at once: one kind alone or a few kinds glued together.
_ONE = st.one_of(unicode_text, digit_heavy, date_phrases, markup, english, danish)
any_text = st.one_of(
    _ONE,
    st.lists(_ONE, min_size=2, max_size=4).map(" ".join),
    long_text,
)
# A sentence an action could be fed: a command prefix and then anything.
COMMAND_PREFIXES = [
    "",
    "aftale: ",
    "kontrakt: ",
    "vigtighed ",
    "tro ",
    "A-job: ",
    "b job ",
    "note: ",
    "aftale 1 er gjort ",
    "vis plan for ",
    "trin ",
    "øv med ",
    "ny samtale med ",
]
command_text = st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(COMMAND_PREFIXES), any_text)

today_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
optional_dates = st.one_of(st.none(), st.dates(min_value=date(1999, 1, 1), max_value=date(2100, 12, 31)))


# --- CPR numbers ----------------------------------------------------------------------------------
@st.composite
def cpr_numbers(draw) -> str:
    """ddmmyy-xxxx with a real birth date, written with a dash (also a typographic one), spaces or nothing between."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    serial = draw(st.integers(min_value=0, max_value=9999))
    separator = draw(
        st.sampled_from(["", "-", " ", "\u00a0", "\t", "  ", " - ", "\u2013", " \u2013 ", "\u2011", "\u2212"])
    )
    return f"{born:%d%m}{born.year % 100:02d}{separator}{serial:04d}"


@st.composite
def text_with_cpr(draw) -> str:
    """A CPR number somewhere in arbitrary text (not glued to other digits: that is no longer a CPR number)."""
    before = draw(st.one_of(st.just(""), any_text))
    after = draw(st.one_of(st.just(""), st.sampled_from([" om jobsøgning", " 30 min"]), any_text))
    glue = draw(st.sampled_from([" ", ": ", " (", "\n", " nr. ", "/"]))
    if before and before[-1].isdecimal():
        before += glue
    if after and after[0].isdecimal():
        after = glue + after
    return f"{before}{draw(cpr_numbers())}{after}"


# --- what every answer to the consultant must look like ----------------------------------------------
_WORD = re.compile(r"[^\W_]+")
DANISH_MARKERS = frozenset(
    "og er det jeg du ikke at en et på til med skriv hvad hvilken hvilket hvornår hvem kan som den de har fx for om eller "
    "så mangler aftale aftalen aftaler borgeren borger trin samtale samtalen gemt tal hvor ingen mener dig din dit nu "
    "der her fik noget ord kun bruge brug gerne igen dag uge tom lang".split()
)
ENGLISH_OR_TECHNICAL = frozenset(
    "error errors invalid failed failure exception traceback sorry please wrong unknown cannot undefined null none nan "
    "true false object nonetype keyerror valueerror typeerror attributeerror indexerror".split()
)
_RAW_REPR = re.compile(
    r"Traceback \(most recent call last\)|<[\w.]+ object at 0x[0-9a-fA-F]+>|\b\w+(?:Error|Exception)\b|"
    r"File \"[^\"]+\", line \d+|\b(?:PlanError|DeadlineResult|AgreementDraft|Segment)\(|\{'\w+': |\bNone\b"
)


def _tokens(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")}


def assert_clean_text(reply: str, *inputs: str) -> None:
    """``reply`` is not empty and holds no English error words, exception or repr (unless echoed from ``inputs``)."""
    assert isinstance(reply, str) and reply.strip(), f"empty reply to {inputs!r}"
    own = _tokens(reply) - set().union(set(), *(_tokens(text) for text in inputs))
    assert not own & ENGLISH_OR_TECHNICAL, f"English or technical words {own & ENGLISH_OR_TECHNICAL} in {reply!r}"
    for match in _RAW_REPR.finditer(reply):
        assert any(match.group() in text for text in inputs), f"raw exception or repr {match.group()!r} in {reply!r}"


def assert_danish_reply(reply: str, *inputs: str) -> None:
    """``reply`` is a clear Danish answer: not empty, Danish words of its own, no English or technical text.

    Words echoed from ``inputs`` (what the consultant typed) are not held against the reply,
    and do not count as its Danish either.
    """
    assert_clean_text(reply, *inputs)
    own = _tokens(reply) - set().union(set(), *(_tokens(text) for text in inputs))
    assert own & DANISH_MARKERS or re.search(r"[æøåÆØÅ]", " ".join(own)), f"not Danish: {reply!r}"
