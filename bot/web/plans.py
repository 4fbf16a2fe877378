"""A citizen's plan for the web: read through ``bot.plan``'s service, shown as a page and PDF.

The cockpit's panels are filled client-side from the ``{"plan": {...}}`` payloads the plan
actions attach to their replies (``bot.plan.payload``); a freshly opened cockpit starts with
the same payload read from the store. The plan page (``/plan/<ref>``) reads the stored plan
with ``PlanService.show_plan`` and downloads it with ``bot.plan.export`` (the same
"Min plan" PDF as ``python -m bot plan export``).

Who may see a plan: the consultant who held one of the citizen's conversations (the plan
store's ``consultant_id``, or a Rasa sender id ``<username>:<conversation>`` from this web
app), and supervisors of that consultant's team. Anyone else gets "not found".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from bot.core.danish_time import MONTH_NAMES, to_local
from bot.plan.course_render import TIMELINE_LABELS, plan_timeline
from bot.plan.deadlines import local_date
from bot.plan.errors import PlanError
from bot.plan.progression import week_on
from bot.plan.render import MISSING_LABELS
from bot.plan.render import OWNER_LABELS as PLAN_OWNER_LABELS
from bot.plan.views import PlanView
from bot.users.accounts import User

STATUS_LABELS = {"open": "Åben", "done": "Gennemført", "not_done": "Ikke gennemført"}
OWNER_LABELS = {owner: label.capitalize() for owner, label in PLAN_OWNER_LABELS.items()}
SMART_PARTS = (  # letter, key, Danish name
    ("S", "specific", "Specifik"),
    ("M", "measurable", "Målbar"),
    ("A", "accepted", "Accepteret"),
    ("R", "realistic", "Realistisk"),
    ("T", "time_bound", "Tidsbestemt"),
)
SCALING_LABELS = {"importance": "Vigtighed", "confidence": "Tro på det"}
JOB_LEVELS = ("A", "B", "C")
JOB_LABELS = {"A": "A-job (drømmejobbet)", "B": "B-job (realistisk nu)", "C": "C-job (kan tages nu)"}


def danish_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)  # Danish time, never the server's zone
    return f"{value.day}. {MONTH_NAMES[value.month - 1]} {value.year}"


# --- what the page shows ------------------------------------------------------------
@dataclass(frozen=True)
class Contract:
    about: str | None
    goal: str | None
    how: str | None
    conversation_number: int | None = None
    conversation_date: datetime | None = None


@dataclass(frozen=True)
class Agreement:
    id: str
    text: str
    owner: str | None
    deadline: date | None
    status: str
    smart: dict[str, bool | None]
    missing: tuple[str, ...]  # Danish phrases

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def owner_label(self) -> str:
        return OWNER_LABELS.get(self.owner or "", self.owner or "")

    @property
    def deadline_label(self) -> str:
        return danish_date(self.deadline) if self.deadline else "ingen frist"

    @property
    def smart_parts(self) -> list[tuple[str, str, bool | None]]:
        return [(letter, name, self.smart.get(key)) for letter, key, name in SMART_PARTS]


@dataclass(frozen=True)
class Reading:
    kind: str
    value: int
    reason: str | None
    at: datetime | None

    @property
    def kind_label(self) -> str:
        return SCALING_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class CourseRow:
    """One conversation of the course model on the plan page: done, today, next, later or passed."""

    title: str
    status: str
    when: str  # the model's window ("Omkring 12. ledighedsuge")
    dates: tuple[date, ...]
    joint: bool

    @property
    def status_label(self) -> str:
        held = ", ".join(danish_date(day) for day in self.dates)
        label = TIMELINE_LABELS[self.status].capitalize()
        return f"{label} {held}" if held and self.status == "done" else label


@dataclass(frozen=True)
class PlanDocument:
    citizen_ref: str
    contract: Contract | None  # the latest
    agreements: tuple[Agreement, ...]
    scaling: tuple[Reading, ...]
    jobs: dict[str, str | None]
    conversations: int = 0
    course: tuple[CourseRow, ...] = ()
    week: int | None = None  # the week of unemployment today


def document_from_view(view: PlanView) -> PlanDocument:
    latest = view.contracts[-1] if view.contracts else None
    contract = None
    if latest is not None:
        contract = Contract(latest.about, latest.goal, latest.how, latest.conversation_number, latest.conversation_date)
    agreements = tuple(
        Agreement(
            id=str(a.number),
            text=a.text,
            owner=a.owner,
            deadline=a.deadline,
            status=a.status,
            smart=dict(a.smart),
            missing=tuple(MISSING_LABELS.get(m, m) for m in a.missing),
        )
        for a in view.agreements
    )
    readings = tuple(Reading(r.kind, r.value, r.reason, r.created_at) for r in view.scaling)
    active = view.job_plan
    jobs = {level: (active[level].title if level in active else None) for level in JOB_LEVELS}
    today = local_date(datetime.now(UTC))
    course = tuple(
        CourseRow(e.conversation.title, e.status, e.conversation.when, e.dates, e.joint)
        for e in plan_timeline(view, today)
    )
    week = week_on(view.unemployed_since, today)
    return PlanDocument(view.citizen_ref, contract, agreements, readings, jobs, len(view.conversations), course, week)


# --- where plans come from ----------------------------------------------------------
class PlanSource(Protocol):
    def load(self, citizen_ref: str, user: User) -> PlanDocument | None:
        """The plan ``user`` may see for ``citizen_ref``; None when unknown or not theirs."""

    def pdf(self, citizen_ref: str, user: User) -> tuple[str, bytes] | None:
        """(file name, PDF) for the same plan, or None."""

    def payload(self, citizen_ref: str, user: User) -> dict | None:
        """The same plan as the ``plan`` payload the actions send (the cockpit's panels), or None."""


class StorePlanSource:
    """Plans from the plan store, through ``bot.plan.service.PlanService``."""

    def __init__(self, database_url: str | None = None) -> None:
        from bot.plan.service import PlanService
        from bot.store.uow import SqlAlchemyUnitOfWork

        self.database_url = database_url
        self.service = PlanService(lambda: SqlAlchemyUnitOfWork(url=database_url))

    def _view(self, citizen_ref: str, user: User, purpose: str = "plan_read") -> PlanView | None:
        """The plan as the access policy (``bot.users.access``) lets ``user`` see it, or None."""
        try:
            return self.service.show_plan(citizen_ref, user.username, purpose)
        except PlanError:
            return None

    def load(self, citizen_ref: str, user: User) -> PlanDocument | None:
        view = self._view(citizen_ref, user)
        return document_from_view(view) if view is not None else None

    def payload(self, citizen_ref: str, user: User) -> dict | None:
        from bot.plan.payload import plan_payload

        view = self._view(citizen_ref, user)
        return plan_payload(view)["plan"] if view is not None else None

    def pdf(self, citizen_ref: str, user: User) -> tuple[str, bytes] | None:
        from bot.plan.export import default_filename, render_export

        view = self._view(citizen_ref, user, "plan_pdf")
        if view is None:
            return None
        today = local_date(datetime.now(UTC))
        return default_filename(view.citizen_ref, "pdf"), render_export(view, "pdf", today)


# --- the scaling chart (inline SVG, drawn by templates/_scaling_chart.html) ------------
@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: int
    label: str


@dataclass(frozen=True)
class ChartSeries:
    kind: str
    label: str
    colour: str
    dashed: bool
    points: tuple[ChartPoint, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    y_ticks: tuple[tuple[int, float], ...]
    x_ticks: tuple[tuple[str, float], ...]
    series: tuple[ChartSeries, ...]
    description: str


SERIES_STYLE = {"importance": ("#1f5fa8", False), "confidence": ("#c96a00", True)}
_EPOCH = datetime.min.replace(tzinfo=UTC)


def _column(at: datetime | None) -> datetime | None:
    """Readings taken in the same minute (importance, then confidence) share one column."""
    return to_local(at).replace(second=0, microsecond=0) if at is not None else None


def _x_labels(moments: list[datetime | None]) -> list[str]:
    """Clock times when every reading is from one day ("06.53"); else the day, once per day ("2/12")."""
    days = {m.date() for m in moments if m is not None}
    if len(days) <= 1:
        return [f"{m:%H.%M}" if m else "" for m in moments]
    labels, seen = [], set()
    for moment in moments:
        day = moment.date() if moment else None
        labels.append(f"{moment.day}/{moment.month}" if moment and day not in seen else "")
        seen.add(day)
    return labels


def scaling_chart(readings: Iterable[Reading], width: int = 560, height: int = 220) -> Chart | None:
    """Both kinds on one 1-10 scale, one column per minute in which readings were taken (Danish time)."""
    readings = sorted(readings, key=lambda r: r.at or _EPOCH)
    if not readings:
        return None
    left, right, top, bottom = 40, width - 16, 16, height - 40
    moments: list[datetime | None] = []
    for reading in readings:
        column = _column(reading.at)
        if column is None or column not in moments:
            moments.append(column)
    count = len(moments)

    def x_of(index: int) -> float:
        return (left + right) / 2 if count == 1 else left + 14 + index * (right - left - 28) / (count - 1)

    def y_of(value: int) -> float:
        return top + (10 - value) * (bottom - top) / 10

    series = []
    for kind, (colour, dashed) in SERIES_STYLE.items():
        points = []
        for position, reading in enumerate(readings):
            if reading.kind != kind:
                continue
            column = _column(reading.at)
            index = moments.index(column) if column is not None else position
            label = f"{reading.kind_label} {reading.value}"
            if reading.at:
                label += f" ({danish_date(reading.at)} kl. {to_local(reading.at):%H.%M})"
            if reading.reason:
                label += f": {reading.reason}"
            points.append(ChartPoint(x_of(min(index, count - 1)), y_of(reading.value), reading.value, label))
        if points:
            series.append(ChartSeries(kind, SCALING_LABELS[kind], colour, dashed, tuple(points)))
    every = max(1, -(-count // 8))
    labels = _x_labels(moments)
    x_ticks = tuple((labels[i], x_of(i)) for i in range(count) if i % every == 0 and labels[i])
    y_ticks = tuple((v, y_of(v)) for v in (0, 2, 4, 6, 8, 10))
    description = "; ".join(f"{s.label}: " + ", ".join(str(p.value) for p in s.points) for s in series)
    return Chart(width, height, left, right, top, bottom, y_ticks, x_ticks, tuple(series), description)
