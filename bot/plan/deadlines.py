"""Danish deadlines ("inden fredag", "om to uger", "uge 50") turned into dates.

``parse_deadline(text, today)`` finds every deadline phrase in ``text`` with a table of
rules (most specific first; a later rule never re-reads words an earlier one took) and
returns one of three things:

* a date,
* a question in Danish, when the text names a deadline that cannot be pinned down without
  guessing ("snart", "3/13", "d. 31/2", two different dates, "inden næste samtale" with no
  known date, "næste torsdag" said on a Tuesday),
* nothing, when the text names no deadline at all.

Conventions (Danish everyday use, chosen so that nothing is silently guessed):

* A bare weekday ("fredag", "på fredag", "inden fredag", "senest fredag") is the next such
  day *after* today: said on a Friday, "på fredag" means Friday next week. "inden fredag"
  is read as "by Friday", the way consultants use it.
* "næste mandag" is the Monday of next week. When the named day is still to come this week
  ("næste torsdag" on a Tuesday) both this and next week's day are plausible, so we ask.
* "i næste uge" is Friday of next week; "sidst på ugen" is Friday of this week (the coming
  Friday when said at the weekend).
* "uge 50" is Friday of ISO week 50, in next year when that Friday has passed.
* A day of the month alone ("den 20.") is the coming one: this month's, or next month's when
  it has passed; "den 1. i næste måned" is the first of next month.
* A day and month without a year ("1. december", "d. 3/12", "3.12") is this year's, or next
  year's when it passed more than two months ago; a date passed more recently is asked about
  (most likely a typo). "inden jul" is 24 December.
* Words like "efter", "omkring", "tidligst" or "starten af" in front of a deadline make it
  imprecise, so we ask.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from bot.core.danish_time import (  # noqa: F401  (local_date re-exported)
    LOCAL_TZ,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    local_date,
)
from bot.core.folding import Folded, fold, fold_with_origin
from bot.core.numbers import CARDINAL_PATTERN, number_value
from bot.plan.text import correct_typos

FRIDAY = 4
RECENT_PAST_DAYS = 60  # a date without a year that passed less than this long ago is asked about

_WEEKDAYS = {fold(name): i for i, name in enumerate(WEEKDAY_NAMES)}  # folded: "loerdag"
_WEEKDAY_ABBREVIATIONS = {"tirs": 1, "ons": 2, "tors": 3, "fre": 4, "loer": 5, "soen": 6}
_MONTHS = {fold(name): i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
# Words kept as they are or used as targets for light typo correction ("fredga" → "fredag").
_TYPO_VOCABULARY = (
    *_WEEKDAYS,
    *_MONTHS,
    "morgen",
    "imorgen",
    "overmorgen",
    "iovermorgen",
    "naeste",
    "senest",
    "samtale",
    "samtalen",
    "inden",
    "weekenden",
    "juleaften",
)


class QuestionReason(str, Enum):
    VAGUE = "vague"
    HEDGED = "hedged"
    INVALID_DATE = "invalid_date"
    PAST_DATE = "past_date"
    CONFLICT = "conflict"
    AMBIGUOUS_WEEKDAY = "ambiguous_weekday"
    NEXT_CONVERSATION_UNKNOWN = "next_conversation_unknown"


@dataclass(frozen=True)
class DeadlineResult:
    """Exactly one of: ``date`` set, ``question`` set, or neither (no deadline in the text)."""

    date: date | None = None
    question: str | None = None
    reason: QuestionReason | None = None
    phrase: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # where the deadline words are in the input text

    @property
    def needs_question(self) -> bool:
        return self.question is not None

    @property
    def found(self) -> bool:
        return self.date is not None or self.question is not None


# --- formatting -----------------------------------------------------------------------------
def format_date(day: date, today: date | None = None) -> str:
    """ "fredag d. 28. november" (with the year when it is not ``today``'s year or unknown)."""
    text = f"{WEEKDAY_NAMES[day.weekday()]} d. {day.day}. {MONTH_NAMES[day.month - 1]}"
    return text if today is not None and today.year == day.year else f"{text} {day.year}"


# --- calendar helpers ------------------------------------------------------------------------
def next_weekday(today: date, weekday: int) -> date:
    """The next ``weekday`` strictly after today (today's own weekday gives next week's)."""
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def weekday_of_week(today: date, weekday: int, weeks_ahead: int) -> date:
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead)
    return monday + timedelta(days=weekday)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


# --- rule machinery ----------------------------------------------------------------------------
@dataclass(frozen=True)
class _Context:
    today: date
    next_conversation: date | None
    folded: Folded


@dataclass(frozen=True)
class _Found:
    date: date | None = None
    question: str | None = None
    reason: QuestionReason | None = None

    @property
    def is_soft(self) -> bool:
        """Vague words give way to a real date in the same text ("snarest, senest fredag")."""
        return self.reason is QuestionReason.VAGUE


Resolver = Callable[[re.Match, _Context], "_Found | None"]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern
    resolve: Resolver


def _ask(reason: QuestionReason, question: str) -> _Found:
    return _Found(question=question, reason=reason)


def _phrase(match: re.Match, ctx: _Context) -> str:
    return ctx.folded.source_text(*match.span()).strip()


def _vague(match: re.Match, ctx: _Context) -> _Found:
    return _ask(QuestionReason.VAGUE, f"»{_phrase(match, ctx)}« er ikke en dato. Hvornår skal det senest være gjort?")


def _dated(day: date | None) -> _Found:
    return _Found(date=day)


def _checked_date(year: int | None, month: int, day: int, match: re.Match, ctx: _Context) -> _Found:
    """A date from numbers: invalid → ask; recently passed → ask; long passed without year → next year."""
    explicit_year = year is not None
    try:
        candidate = date(year if explicit_year else ctx.today.year, month, day)
    except ValueError:
        return _ask(
            QuestionReason.INVALID_DATE, f"»{_phrase(match, ctx)}« er ikke en gyldig dato. Hvilken dato mener du?"
        )
    if candidate >= ctx.today:
        return _dated(candidate)
    if explicit_year or (ctx.today - candidate).days <= RECENT_PAST_DAYS:
        return _ask(
            QuestionReason.PAST_DATE,
            f"{format_date(candidate, ctx.today)} er allerede passeret. Hvilken dato mener du?",
        )
    try:
        return _dated(candidate.replace(year=candidate.year + 1))
    except ValueError:  # 29 February
        return _ask(
            QuestionReason.INVALID_DATE, f"»{_phrase(match, ctx)}« er ikke en gyldig dato. Hvilken dato mener du?"
        )


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return value + 2000 if value < 100 else value


def _weekday_number(word: str) -> int:
    word = word.rstrip(".")
    if word.endswith("en") and word[:-2] in _WEEKDAYS:
        word = word[:-2]
    return _WEEKDAYS.get(word, _WEEKDAY_ABBREVIATIONS.get(word, -1))


def _month_number(word: str) -> int:
    word = word.rstrip(".")
    return _MONTHS.get(word) or _MONTH_ABBREVIATIONS.get(word, 0)


# --- resolvers ---------------------------------------------------------------------------------
def _weekday_with_date(match: re.Match, ctx: _Context) -> _Found:
    named = _weekday_number(match.group("wd"))
    groups = match.groupdict()
    month = _month_number(groups["mname"]) if groups.get("mname") else int(groups["month"])
    found = _checked_date(_year(match.group("year")), month, int(match.group("day")), match, ctx)
    if found.date is not None and found.date.weekday() != named:
        actual = WEEKDAY_NAMES[found.date.weekday()]
        return _ask(
            QuestionReason.INVALID_DATE,
            f"{found.date.day}/{found.date.month} er en {actual}, ikke en {WEEKDAY_NAMES[named]}. Hvilken dag mener du?",
        )
    return found


def _weekday_in_relative_week(match: re.Match, ctx: _Context) -> _Found:
    weekday = _weekday_number(match.group("wd"))
    weeks_ahead = 0 if match.group("which") == "denne" else 1
    day = weekday_of_week(ctx.today, weekday, weeks_ahead)
    if day < ctx.today:
        return _ask(
            QuestionReason.PAST_DATE, f"{format_date(day, ctx.today)} er allerede passeret. Hvilken dag mener du?"
        )
    return _dated(day)


def _weekday_in_numbered_week(match: re.Match, ctx: _Context) -> _Found:
    return _iso_week_day(int(match.group("week")), _weekday_number(match.group("wd")), match, ctx)


def _iso_week_day(week: int, weekday: int, match: re.Match, ctx: _Context) -> _Found:
    for year in (ctx.today.year, ctx.today.year + 1):
        try:
            day = date.fromisocalendar(year, week, weekday + 1)
        except ValueError:
            return _ask(QuestionReason.INVALID_DATE, f"Uge {week} findes ikke i {year}. Hvilken uge mener du?")
        if day >= ctx.today:
            return _dated(day)
        if (ctx.today - day).days <= RECENT_PAST_DAYS:
            return _ask(QuestionReason.PAST_DATE, f"Uge {week} er allerede gået. Hvilken uge eller dato mener du?")
    return _ask(QuestionReason.INVALID_DATE, f"Uge {week} kan jeg ikke finde. Hvilken uge mener du?")


def _week_number(match: re.Match, ctx: _Context) -> _Found:
    return _iso_week_day(int(match.group("week")), FRIDAY, match, ctx)


def _next_conversation(match: re.Match, ctx: _Context) -> _Found:
    if ctx.next_conversation is not None and ctx.next_conversation >= ctx.today:
        return _dated(ctx.next_conversation)
    return _ask(QuestionReason.NEXT_CONVERSATION_UNKNOWN, "Hvornår er næste samtale?")


def _days_ahead(days: int) -> Resolver:
    return lambda match, ctx: _dated(ctx.today + timedelta(days=days))


def _count_ahead(match: re.Match, ctx: _Context) -> _Found | None:
    count = number_value(match.group("n"))
    unit = match.group("unit")
    if count is None or count == 0:
        return None
    if unit.startswith("maaned"):
        return _dated(add_months(ctx.today, count))
    return _dated(ctx.today + timedelta(days=count * (7 if unit.startswith("uge") else 1)))


def _friday_next_week(match: re.Match, ctx: _Context) -> _Found:
    return _dated(weekday_of_week(ctx.today, FRIDAY, 1))


def _end_of_this_week(match: re.Match, ctx: _Context) -> _Found:
    weeks_ahead = 1 if ctx.today.weekday() > FRIDAY else 0
    return _dated(weekday_of_week(ctx.today, FRIDAY, weeks_ahead))


def _end_of_this_month(match: re.Match, ctx: _Context) -> _Found:
    return _dated(end_of_month(ctx.today))


def _end_of_named_month(match: re.Match, ctx: _Context) -> _Found:
    month = _month_number(match.group("mname"))
    year = ctx.today.year + (1 if month < ctx.today.month else 0)
    return _dated(end_of_month(date(year, month, 1)))


def _fixed_day(month: int, day: int) -> Resolver:
    def resolve(match: re.Match, ctx: _Context) -> _Found:
        candidate = date(ctx.today.year, month, day)
        return _dated(candidate if candidate >= ctx.today else candidate.replace(year=ctx.today.year + 1))

    return resolve


def _day_month_name(match: re.Match, ctx: _Context) -> _Found:
    return _checked_date(
        _year(match.group("year")), _month_number(match.group("mname")), int(match.group("day")), match, ctx
    )


def _numeric_date(match: re.Match, ctx: _Context) -> _Found | None:
    before = ctx.folded.text[: match.start()]
    if re.search(r"(?:\bkl\.?|\bklokken|/|\d)\s*$", before):
        return None  # a time of day ("kl. 10.30") or part of something longer
    return _checked_date(_year(match.group("year")), int(match.group("month")), int(match.group("day")), match, ctx)


def _day_of_next_month(match: re.Match, ctx: _Context) -> _Found:
    """ "den 1. i næste måned"."""
    first = add_months(ctx.today.replace(day=1), 1)
    return _checked_date(first.year, first.month, int(match.group("day")), match, ctx)


def _day_of_month(match: re.Match, ctx: _Context) -> _Found:
    """ "den 20." without a month: the coming 20th (this month's, else next month's)."""
    day = int(match.group("day"))
    for months_ahead in (0, 1, 2):
        first = add_months(ctx.today.replace(day=1), months_ahead)
        if day <= calendar.monthrange(first.year, first.month)[1] and date(first.year, first.month, day) >= ctx.today:
            return _dated(date(first.year, first.month, day))
    return _ask(QuestionReason.INVALID_DATE, f"»{_phrase(match, ctx)}« er ikke en gyldig dato. Hvilken dato mener du?")


def _next_named_weekday(match: re.Match, ctx: _Context) -> _Found:
    weekday = _weekday_number(match.group("wd"))
    next_week = weekday_of_week(ctx.today, weekday, 1)
    if weekday <= ctx.today.weekday():
        return _dated(next_week)
    this_week = weekday_of_week(ctx.today, weekday, 0)
    return _ask(
        QuestionReason.AMBIGUOUS_WEEKDAY,
        f"Mener du {format_date(this_week, ctx.today)} eller {format_date(next_week, ctx.today)}?",
    )


def _weekday(match: re.Match, ctx: _Context) -> _Found:
    return _dated(next_weekday(ctx.today, _weekday_number(match.group("wd"))))


# --- the table -----------------------------------------------------------------------------------
_B = r"(?<![a-z0-9])"
_E = r"(?![a-z0-9])"
_WD = r"(?P<wd>(?:mandag|tirsdag|onsdag|torsdag|fredag|loerdag|soendag)(?:en)?)"
_WD_ABBR = r"(?P<wd>(?:tirs|ons|tors|fre|loer|soen)\.?)"
_MONTH = r"(?P<mname>" + "|".join(sorted([*_MONTHS, *_MONTH_ABBREVIATIONS], key=len, reverse=True)) + r")\.?"
_DAY_PREFIX = r"(?:(?:den|d)\.?\s*)?"
_NUMERIC = r"(?P<day>\d{1,2})\s*[/.]\s*(?P<month>\d{1,2})(?:\s*[/.\-]\s*(?P<year>\d{4}|\d{2}))?(?![\d/])"
_DAY_MONTH = r"(?P<day>\d{1,2})\.?\s*" + _MONTH + r"(?:\s+(?P<year>\d{4}))?"
_N = rf"(?P<n>{CARDINAL_PATTERN})"
_UNIT = r"(?P<unit>dage|dag|uger|uge|maaneder|maaned)(?:s tid|ns tid)?"
_UPCOMING = r"(?:de\s+)?(?:naeste|kommende)\s+"


def _rule(name: str, pattern: str, resolve: Resolver) -> _Rule:
    return _Rule(name, re.compile(_B + pattern + _E), resolve)


RULES: tuple[_Rule, ...] = (
    _rule("weekday_with_month_name", _WD + r",?\s+" + _DAY_PREFIX + _DAY_MONTH, _weekday_with_date),
    _rule("weekday_with_numeric_date", _WD + r",?\s+" + _DAY_PREFIX + _NUMERIC, _weekday_with_date),
    _rule(
        "weekday_in_next_or_this_week",
        _WD + r"\s+(?:i\s+)?(?:den\s+)?(?P<which>naeste|denne|kommende)\s+uge",
        _weekday_in_relative_week,
    ),
    _rule("next_or_this_week_weekday", r"(?:i\s+)?(?P<which>naeste|denne)\s+uges?\s+" + _WD, _weekday_in_relative_week),
    _rule("weekday_in_numbered_week", _WD + r"\s+(?:i\s+)?uge\s*(?P<week>\d{1,2})", _weekday_in_numbered_week),
    _rule("day_of_next_month", r"(?:den\s+)?(?P<day>\d{1,2})\.\s+i\s+naeste\s+maaned", _day_of_next_month),
    _rule(
        "next_conversation",
        r"(?:(?:inden|til|foer|ved|senest(?:\s+(?:til|ved))?)\s+(?:den\s+|vores\s+)?naeste\s+(?:samtale|samtalen|moede|gang)"
        r"|naeste\s+gang\s+(?:vi\s+ses|vi\s+moedes|i\s+ses)|inden\s+(?:vi|i)\s+ses\s+igen)",
        _next_conversation,
    ),
    _rule(
        "end_of_next_week",
        r"(?:sidst\s+paa|i\s+slutningen\s+af|slutningen\s+af)\s+(?:den\s+)?naeste\s+uge",
        _friday_next_week,
    ),
    _rule(
        "vague_count",
        r"(?:om|inden\s+for|i\s+loebet\s+af)\s+(?:de\s+naeste\s+)?(?:et\s+par|nogle|faa|flere)\s+" + _UNIT,
        _vague,
    ),
    _rule("in_count", r"om\s+" + _N + r"\s+" + _UNIT, _count_ahead),
    _rule(
        "within_count",
        r"(?:inden\s+for|i\s+loebet\s+af|inden)\s+(?:de\s+)?(?:naeste\s+)?" + _N + r"\s+" + _UNIT,
        _count_ahead,
    ),
    _rule("upcoming_count", _UPCOMING + _N + r"\s+" + _UNIT, _count_ahead),
    _rule("today", r"i\s?(?:dag|aften|eftermiddag|formiddag)", _days_ahead(0)),  # later today is today
    _rule("day_after_tomorrow", r"i\s?overmorgen", _days_ahead(2)),
    _rule("tomorrow", r"i\s?morgen", _days_ahead(1)),
    _rule("next_week", r"(?:i\s+)?(?:den\s+)?(?:naeste|kommende)\s+uge", _friday_next_week),
    _rule(
        "end_of_this_week",
        r"(?:(?:sidst|senere)\s+paa|i\s+slutningen\s+af|inden\s+udgangen\s+af|i\s+loebet\s+af)\s+(?:ugen|denne\s+uge)"
        r"|(?:inden|foer)\s+weekenden|i\s+(?:denne|den\s+her)\s+uge",
        _end_of_this_week,
    ),
    _rule(
        "end_of_this_month",
        r"(?:sidst\s+paa|i\s+slutningen\s+af|(?:inden|ved)\s+udgangen\s+af)\s+(?:maaneden|denne\s+maaned)",
        _end_of_this_month,
    ),
    _rule(
        "end_of_named_month",
        r"(?:sidst\s+i|i\s+slutningen\s+af|(?:inden|ved)\s+udgangen\s+af)\s+" + _MONTH,
        _end_of_named_month,
    ),
    _rule("christmas", r"(?:op\s+til\s+)?(?:jul(?:en)?|juleaften)", _fixed_day(12, 24)),
    _rule("new_year", r"(?:(?:inden|foer|til|senest(?:\s+til)?)\s+nytaar|nytaarsaften)", _fixed_day(12, 31)),
    _rule("week_number", r"uge\s*(?P<week>\d{1,2})(?!\s*[-/]\s*\d)", _week_number),
    _rule("day_month_name", _DAY_PREFIX + _DAY_MONTH, _day_month_name),
    _rule("numeric_date", _DAY_PREFIX + _NUMERIC, _numeric_date),
    _rule("day_of_month", r"den\s+(?P<day>\d{1,2})\.(?!\s*(?:\d|gang))", _day_of_month),
    _rule("next_named_weekday", r"naeste\s+" + _WD, _next_named_weekday),
    _rule("weekday", _WD, _weekday),
    _rule("weekday_abbreviation", r"(?:paa|inden|senest|til|foer)\s+" + _WD_ABBR, _weekday),
    _rule(
        "vague",
        r"(?:snart|snarest|hurtigst\s+muligt|hurtigt|asap|en\s+af\s+dagene|paa\s+et\s+tidspunkt|paa\s+sigt|senere"
        r"|loebende|inden\s+laenge|med\s+tiden|engang|naar\s+(?:hun|han|de|der)\s+(?:kan|har\s+tid|faar\s+tid))",
        _vague,
    ),
)

_LEADING_WORDS = re.compile(r"(?:(?<![a-z0-9])(?:senest|inden|foer|til|paa|allerede|helst|gerne|og\s+senest)\s+)+$")
_HEDGE = re.compile(
    r"(?<![a-z0-9])(?:efter|omkring|ca\.?|cirka|maaske|tidligst|ikke\s+foer|(?:i\s+)?starten\s+af|(?:i\s+)?begyndelsen\s+af"
    r"|midt\s+i|foerst\s+paa)\s+$"
)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    found: _Found


def _find_hits(ctx: _Context) -> list[_Hit]:
    hits: list[_Hit] = []
    text = ctx.folded.text
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            if any(match.start() < hit.end and hit.start < match.end() for hit in hits):
                continue
            found = rule.resolve(match, ctx)
            if found is not None:
                hits.append(_Hit(match.start(), match.end(), _hedged(found, match, ctx)))
    return sorted(hits, key=lambda hit: hit.start)


def _hedged(found: _Found, match: re.Match, ctx: _Context) -> _Found:
    if found.reason is QuestionReason.VAGUE or not _HEDGE.search(ctx.folded.text[: match.start()]):
        return found
    return _ask(
        QuestionReason.HEDGED,
        f"»{_phrase_with_hedge(match, ctx)}« er ikke en klar frist. Hvilken dag skal det senest være gjort?",
    )


def _phrase_with_hedge(match: re.Match, ctx: _Context) -> str:
    hedge = _HEDGE.search(ctx.folded.text[: match.start()])
    start = hedge.start() if hedge else match.start()
    return ctx.folded.source_text(start, match.end()).strip()


def _with_leading_words(hit: _Hit, ctx: _Context) -> tuple[int, int]:
    lead = _LEADING_WORDS.search(ctx.folded.text[: hit.start])
    hedge = _HEDGE.search(ctx.folded.text[: hit.start])
    start = lead.start() if lead else hit.start
    if hedge and hit.found.reason is QuestionReason.HEDGED:
        start = min(start, hedge.start())
    return ctx.folded.source_span(start, hit.end)


def _combine(hits: list[_Hit], ctx: _Context) -> DeadlineResult:
    spans = tuple(_with_leading_words(hit, ctx) for hit in hits)
    phrase = " / ".join(ctx.folded.source[s:e].strip() for s, e in spans)
    hard_questions = [hit.found for hit in hits if hit.found.question and not hit.found.is_soft]
    dates = sorted({hit.found.date for hit in hits if hit.found.date is not None})
    if hard_questions:
        first = hard_questions[0]
        return DeadlineResult(question=first.question, reason=first.reason, phrase=phrase, spans=spans)
    if len(dates) > 1:
        listed = " og ".join(format_date(d, ctx.today) for d in dates)
        question = f"Jeg fandt flere frister: {listed}. Hvilken gælder?"
        return DeadlineResult(question=question, reason=QuestionReason.CONFLICT, phrase=phrase, spans=spans)
    if dates:
        return DeadlineResult(date=dates[0], phrase=phrase, spans=spans)
    soft = hits[0].found
    return DeadlineResult(question=soft.question, reason=soft.reason, phrase=phrase, spans=spans)


def parse_deadline(text: str, today: date, next_conversation: date | None = None) -> DeadlineResult:
    """The deadline named in ``text``, relative to ``today`` (the conversation's date)."""
    folded = correct_typos(fold_with_origin(text or ""), _TYPO_VOCABULARY)
    ctx = _Context(today=today, next_conversation=next_conversation, folded=folded)
    hits = _find_hits(ctx)
    return _combine(hits, ctx) if hits else DeadlineResult()
