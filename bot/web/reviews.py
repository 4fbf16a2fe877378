"""What the review pages show: filters read from the query string, list rows, a conversation's parts.

Everything here is plain Python over ``bot.review``'s shapes; ``bot.web.routes.reviews`` wires it
to routes and templates. Filter values that cannot be used are dropped with a Danish message
(``ListQuery.errors``), so a mistyped date never becomes a server error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from bot.plan.render import MISSING_LABELS
from bot.review.conversation_review import AgreementFacts, ConversationReview, ScalingFacts
from bot.review.service import ConversationSummary
from bot.review.transcript_upload import MAX_UPLOAD_BYTES
from bot.store.repositories.review import ReviewFilter
from bot.users.passwords import USERNAME_PATTERN
from bot.web.formatting import (
    LOCAL_TZ,
    clock_offset,
    day_month_year,
    duration,
    long_datetime,
    minutes,
    short_datetime,
)
from bot.web.plans import OWNER_LABELS, SCALING_LABELS, STATUS_LABELS

TYPE_PARAMS = {"guide": "guide", "ovelse": "practice"}  # query value -> review mode
TYPE_LABELS = {"guide": "Samtale", "practice": "Øvelse"}
STATUS_DA = {"green": "grøn", "yellow": "gul", "red": "rød"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y")
MAX_PAGE = 100_000
UPLOAD_FIELD = "udskrift"
UPLOAD_PATH = "/gennemgang/upload"
UPLOAD_TOO_LARGE = (
    f"Filen er for stor. Den må højst fylde {MAX_UPLOAD_BYTES // 1024} KB. Gå tilbage, og vælg "
    "en mindre fil – eller del udskriften op."
)


# --- the filters --------------------------------------------------------------------------------
class FilterError(ValueError):
    """A filter value that cannot be used; the message is Danish."""


def _shown(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:40] + "…"


def parse_date(raw: str, label: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
        if 2000 <= day.year <= 2100:
            return day
    raise FilterError(f"{label} »{_shown(raw)}« kan ikke læses som en dato. Skriv den som dd.mm.åååå, fx 16.11.2026.")


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in Danish time, in UTC (the index stores UTC)."""
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    since: datetime | None = None
    until: datetime | None = None  # exclusive: the day after "til"
    params: dict[str, str] = field(default_factory=dict)  # the usable values, for links
    errors: tuple[str, ...] = ()


def parse_period(args: Mapping[str, str]) -> Period:
    days, params, errors = {}, {}, []
    for name, label in (("fra", "Fra-datoen"), ("til", "Til-datoen")):
        raw = args.get(name, "")
        if not raw:
            continue
        try:
            days[name] = parse_date(raw, label)
            params[name] = days[name].isoformat()
        except FilterError as error:
            errors.append(str(error))
    if "fra" in days and "til" in days and days["fra"] > days["til"]:
        errors.append("Fra-datoen ligger efter til-datoen. Byt om på dem, eller ret en af dem.")
        days, params = {}, {}
    since = local_midnight(days["fra"]) if "fra" in days else None
    until = local_midnight(days["til"] + timedelta(days=1)) if "til" in days else None
    return Period(since, until, params, tuple(errors))


@dataclass(frozen=True)
class ListQuery:
    where: ReviewFilter
    page: int
    values: dict[str, str]  # as typed, for the form
    params: dict[str, str]  # the usable filters, for the paging links
    errors: tuple[str, ...] = ()

    def link(self, page: int) -> str:
        return "/gennemgang?" + urlencode({**self.params, "side": str(page)})

    @property
    def filtered(self) -> bool:
        return bool(self.params)

    def without_consultant(self) -> ListQuery:
        error = f"Der er ingen samtaler for »{_shown(self.where.consultant or '')}«, som du har adgang til."
        params = {k: v for k, v in self.params.items() if k != "konsulent"}
        return replace(self, where=replace(self.where, consultant=None), params=params, errors=self.errors + (error,))


def _consultant(raw: str) -> str:
    username = raw.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise FilterError(f"»{_shown(raw)}« er ikke et brugernavn. Vælg en konsulent på listen.")
    return username


def _mode(raw: str) -> str:
    if raw not in TYPE_PARAMS:
        raise FilterError(f"Ukendt type »{_shown(raw)}«. Vælg »Samtale« eller »Øvelse«.")
    return TYPE_PARAMS[raw]


def _page(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise FilterError(f"Sidetallet »{_shown(raw)}« skal være et helt tal fra 1 og op.")
    return int(raw)


def parse_list_query(args: Mapping[str, str], case_ids: Iterable[str]) -> ListQuery:
    values = {k: args.get(k, "") for k in ("konsulent", "type", "borger", "fra", "til")}
    params, errors, found = {}, [], {}
    for name, read in (("konsulent", _consultant), ("type", _mode), ("side", _page)):
        raw = args.get(name, "")
        if raw:
            try:
                found[name] = read(raw)
                if name != "side":
                    params[name] = raw.strip().lower()
            except FilterError as error:
                errors.append(str(error))
    case_id = values["borger"]
    if case_id and case_id not in set(case_ids):
        errors.append(f"Ukendt øvelsesborger »{_shown(case_id)}«. Vælg en af borgerne på listen.")
        case_id = ""
    if case_id and found.get("type") == "guide":
        errors.append("En øvelsesborger hører kun til øvelser. Vælg typen »Øvelse« eller »Alle«.")
        case_id = ""
    if case_id:
        params["borger"] = case_id
    period = parse_period(args)
    where = ReviewFilter(found.get("konsulent"), found.get("type"), case_id or None, period.since, period.until)
    return ListQuery(where, found.get("side", 1), values, {**params, **period.params}, tuple(errors) + period.errors)


def query_args(args: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The first value of each query parameter, trimmed (Sanic keeps lists)."""
    return {name: (values[0] if values else "").strip()[:200] for name, values in args.items()}


# --- the list ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ListRow:
    id: int
    started: str
    consultant: str
    type_label: str
    subject: str
    duration: str
    steps: tuple[tuple[int, bool], ...]
    timeouts: int
    closure: bool
    agreements: str
    score: str

    @property
    def steps_text(self) -> str:
        visited = [str(n) for n, on in self.steps if on]
        return "Besøgte trin: " + ", ".join(visited) if visited else "Ingen trin registreret"


def list_row(summary: ConversationSummary, case_names: Mapping[str, str]) -> ListRow:
    subject = summary.citizen_ref if summary.mode == "guide" else case_names.get(summary.case_id or "", "")
    visited = set(summary.steps_visited)
    return ListRow(
        id=summary.id,
        started=short_datetime(summary.started_at),
        consultant=summary.consultant,
        type_label=TYPE_LABELS.get(summary.mode, summary.mode),
        subject=subject or "–",
        duration=duration(summary.duration_s),
        steps=tuple((n, n in visited) for n in range(1, 10)),
        timeouts=summary.timeouts,
        closure=summary.closure_completed,
        agreements=f"{summary.smart_agreements}/{summary.agreements}" if summary.agreements else "–",
        score=f"{summary.score}/100" if summary.mode == "practice" and summary.score is not None else "–",
    )


# --- one conversation ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def conversation_title(review: ConversationReview, case_name: str | None) -> str:
    if review.mode == "practice":
        return f"Øvelse med {case_name}" if case_name else "Øvelse"
    return f"Samtale med {review.citizen_ref}" if review.citizen_ref else "Samtale med guiden"


def conversation_facts(
    summary: ConversationSummary, review: ConversationReview, topic_title: str | None, case_name: str | None
) -> tuple[Fact, ...]:
    facts = [
        Fact("Type", "Øvelse" if review.mode == "practice" else "Samtale med guiden"),
        Fact("Konsulent", review.consultant),
        Fact("Start", long_datetime(review.started_at)),
        Fact("Varighed", duration(review.duration_s)),
    ]
    if review.mode == "practice":
        facts.append(Fact("Øvelsesborger", case_name or "–"))
        facts.append(Fact("Score", f"{review.score}/100" if review.score is not None else "ingen feedback"))
    else:
        facts.append(Fact("Borger", review.citizen_ref or "–"))
        facts.append(Fact("Emne", topic_title or "–"))
        facts.append(Fact("Booket tid", f"{review.booked_min} min" if review.booked_min else "–"))
    facts.append(Fact("Replikker fra konsulenten", str(review.user_turns)))
    facts.append(Fact("Afsluttet", "ja" if review.ended else "nej"))
    facts.append(Fact("Afslutning gennemført", "ja" if summary.closure_completed else "nej"))
    return tuple(facts)


@dataclass(frozen=True)
class StepTime:
    step: int
    title: str
    minutes: str | None  # None: not visited
    visits: int


def step_times(review: ConversationReview, step_titles: Mapping[int, str]) -> tuple[StepTime, ...]:
    spent = review.minutes_per_step()
    visits = {n: sum(1 for v in review.timeline if v.step == n) for n in range(1, 10)}
    return tuple(
        StepTime(n, step_titles.get(n, ""), minutes(spent[n]) if n in spent else None, visits[n]) for n in range(1, 10)
    )


@dataclass(frozen=True)
class AgreementRow:
    number: int | None
    text: str
    smart: bool
    missing: tuple[str, ...]
    owner: str
    deadline: str
    status: str


def agreement_rows(agreements: Sequence[AgreementFacts]) -> tuple[AgreementRow, ...]:
    return tuple(
        AgreementRow(
            number=a.number,
            text=a.text,
            smart=a.smart,
            missing=tuple(MISSING_LABELS.get(m, m) for m in a.missing),
            owner=OWNER_LABELS.get(a.owner or "", a.owner or "–"),
            deadline=day_month_year(date.fromisoformat(a.deadline)) if a.deadline else "ingen frist",
            status=STATUS_LABELS.get(a.status or "", a.status or "–"),
        )
        for a in agreements
    )


@dataclass(frozen=True)
class ReadingRow:
    kind: str
    label: str
    value: int
    at: str


def reading_rows(readings: Sequence[ScalingFacts]) -> tuple[ReadingRow, ...]:
    return tuple(
        ReadingRow(r.kind, SCALING_LABELS.get(r.kind, r.kind), r.value, short_datetime(r.at) if r.at else "–")
        for r in readings
    )


@dataclass(frozen=True)
class TranscriptEntry:
    speaker: str  # K / B / G
    who: str
    at: str
    text: str  # the whole text; for the guide's answers only its first line
    more: str  # the rest of a guide answer (shown folded)
    code_labels: tuple[str, ...]


def _judged_labels(review: ConversationReview) -> list[tuple[str, ...]]:
    """What the judgement engine saw in each consultant turn of a practice, in order (its feedback's
    ``turns``); empty for a guide conversation or a payload stored before the engine."""
    turns = (review.feedback or {}).get("turns")
    return [tuple(t.get("labels") or ()) for t in turns if isinstance(t, dict)] if isinstance(turns, list) else []


def transcript_entries(review: ConversationReview, case_name: str | None, code_labels) -> tuple[TranscriptEntry, ...]:
    names = {"K": "Konsulent", "B": case_name or "Borger", "G": "Guiden"}
    judged = _judged_labels(review)
    entries = []
    trainee = 0
    for line in review.transcript:
        text, more = line.text, ""
        if line.speaker == "G" and "\n" in text:
            text, more = text.split("\n", 1)
        codes = code_labels(line.codes or ((line.code,) if line.code else ()))
        if line.speaker == "K" and trainee < len(judged):
            codes, trainee = judged[trainee], trainee + 1
        entries.append(
            TranscriptEntry(
                line.speaker, names.get(line.speaker, line.speaker), clock_offset(line.at_s), text, more, codes
            )
        )
    return tuple(entries)


# --- the export ----------------------------------------------------------------------------------
def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """Rows as CSV for a Danish Excel: ``;`` between fields, UTF-8 with a byte order mark."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_filename(today: date) -> str:
    return f"teamudvikling-{today.isoformat()}.csv"
