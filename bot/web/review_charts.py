"""Inline SVG pictures of the review pages, computed here and drawn by the templates.

``timeline_chart`` is one conversation's nine steps over time (``_timeline_chart.html``);
``trend_charts`` are a team's weekly trends, one line per consultant (``_trend_chart.html``).
Colours are SVG presentation attributes (the CSP allows no inline styles), and every picture
carries a text description, so nothing is said by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.review.conversation_review import ConversationReview
from bot.review.service import TREND_COLUMNS, TeamTrends
from bot.web.formatting import day_month_year, decimal, minutes, week_label

STEPS = tuple(range(1, 10))
TIMEOUT_STEP, CLOSURE_STEP = 6, 9
BAR_COLOURS = {TIMEOUT_STEP: "#c96a00", CLOSURE_STEP: "#1d7a3a"}
BAR_COLOUR = "#1f5fa8"
TICK_STEPS_MIN = (1, 2, 5, 10, 15, 20, 30, 60)


# --- one conversation's timeline ---------------------------------------------------------------
@dataclass(frozen=True)
class Lane:
    step: int
    label: str
    y: float  # top of the lane
    visited: bool


@dataclass(frozen=True)
class Bar:
    step: int
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Marker:
    x: float
    title: str


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    left: int
    right: int
    top: int  # first lane
    bottom: int  # below the last lane
    lane_height: int
    tools_y: int  # the row of tool markers above the lanes
    lanes: tuple[Lane, ...]
    bars: tuple[Bar, ...]
    timeouts: tuple[Marker, ...]
    tools: tuple[Marker, ...]
    ticks: tuple[tuple[str, float], ...]
    booked_x: float | None
    description: str


def _axis_minutes(review: ConversationReview) -> float:
    ends = [visit.end_s / 60 for visit in review.timeline]
    return max([review.duration_s / 60, float(review.booked_min or 0), 1.0] + ends)


def _tick_step(total_min: float) -> int:
    return next((step for step in TICK_STEPS_MIN if total_min / step <= 9), 120)


def timeline_chart(
    review: ConversationReview, step_titles: Mapping[int, str], tool_titles: Mapping[str, str], width: int = 900
) -> TimelineChart:
    left, right, lane_height, tools_y, top = 310, width - 20, 24, 22, 40
    bottom = top + lane_height * len(STEPS)
    total = _axis_minutes(review)
    scale = (right - left) / total

    def x_of(seconds: float) -> float:
        return left + min(seconds / 60, total) * scale

    visited = set(review.steps_visited)
    lanes = tuple(
        Lane(n, f"{n} {step_titles.get(n, '')}".strip(), top + (n - 1) * lane_height, n in visited) for n in STEPS
    )
    bars = tuple(
        Bar(
            v.step,
            x_of(v.start_s),
            top + (v.step - 1) * lane_height + 5,
            max(3.0, x_of(v.end_s) - x_of(v.start_s)),
            lane_height - 10,
            BAR_COLOURS.get(v.step, BAR_COLOUR),
            f"Trin {v.step} – {step_titles.get(v.step, '')}: {minutes(v.start_s / 60)} til {minutes(v.end_s / 60)}",
        )
        for v in review.timeline
        if 1 <= v.step <= 9
    )
    timeouts = tuple(Marker(x_of(at), f"Timeout efter {minutes(at / 60)}") for at in review.timeouts)
    tools = tuple(
        Marker(x_of(at), f"{tool_titles.get(tool, tool)} efter {minutes(at / 60)}") for tool, at in review.tools
    )
    step = _tick_step(total)
    ticks = tuple((f"{m} min", left + m * scale) for m in range(0, int(total) + 1, step))
    booked_x = left + review.booked_min * scale if review.booked_min else None
    return TimelineChart(
        width,
        bottom + 52,
        left,
        right,
        top,
        bottom,
        lane_height,
        tools_y,
        lanes,
        bars,
        timeouts,
        tools,
        ticks,
        booked_x,
        timeline_description(review, step_titles, tool_titles),
    )


def timeline_description(
    review: ConversationReview, step_titles: Mapping[int, str], tool_titles: Mapping[str, str]
) -> str:
    if not review.timeline:
        return "Der er ingen trin registreret i samtalen."
    parts = [
        f"Trin {v.step} ({step_titles.get(v.step, '')}) fra {minutes(v.start_s / 60)} til {minutes(v.end_s / 60)}"
        for v in review.timeline
    ]
    text = "; ".join(parts) + "."
    if review.timeouts:
        text += " Timeouts efter " + ", ".join(minutes(at / 60) for at in review.timeouts) + "."
    if review.tools:
        text += (
            " Værktøjer: " + ", ".join(f"{tool_titles.get(t, t)} ({minutes(at / 60)})" for t, at in review.tools) + "."
        )
    return text


# --- a team's trends ---------------------------------------------------------------------------
SHARE_COLUMNS = frozenset({"closure_rate", "smart_share", "open_question_share"})
LINE_STYLES = (  # colour, dash pattern (None: solid); cycled over the consultants
    ("#1f5fa8", None),
    ("#c96a00", "6 4"),
    ("#1d7a3a", "2 3"),
    ("#7a5bb5", "8 3 2 3"),
    ("#b3261e", None),
    ("#00838f", "6 4"),
    ("#5d4037", "2 3"),
    ("#455a64", "8 3 2 3"),
)


def trend_value(column: str, value: float | None) -> str:
    """A trend value as the page shows it: "50 %", "1,5:1", "72", "0,5"."""
    if value is None:
        return "–"
    if column in SHARE_COLUMNS:
        return f"{round(100 * value)} %"
    if column == "reflection_question_ratio":
        return f"{decimal(value)}:1"
    return decimal(value)


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class TrendLine:
    consultant: str
    colour: str
    dash: str | None
    segments: tuple[str, ...]  # polyline points; a week without a value breaks the line
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class TrendChart:
    column: str
    label: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    y_ticks: tuple[tuple[str, float], ...]
    x_ticks: tuple[tuple[str, float], ...]
    lines: tuple[TrendLine, ...]
    description: str
    table: tuple[tuple[str, tuple[str, ...]], ...]  # (week, value per consultant)
    consultants: tuple[str, ...]


def _y_max(column: str, values: Sequence[float]) -> float:
    if column in SHARE_COLUMNS:
        return 1.0
    if column == "practice_score":
        return 100.0
    top = max(values, default=0.0)
    for ceiling in (1, 2, 3, 4, 5, 8, 10, 15, 20, 30, 50, 100, 200, 500):
        if top <= ceiling:
            return float(ceiling)
    return float(top)


def _tick_values(column: str, y_max: float) -> list[float]:
    if column == "conversations":  # whole conversations only
        step = max(1, round(y_max / 4))
        return [float(v) for v in range(0, int(y_max) + 1, step)]
    return [y_max * k / 4 for k in range(5)]


def tick_label(column: str, value: float) -> str:
    if column in SHARE_COLUMNS:
        return trend_value(column, value)
    text = decimal(value, 2)
    return f"{text}:1" if column == "reflection_question_ratio" else text


def _has_data(trends: TeamTrends, column: str) -> bool:
    return any(v is not None for c in trends.by_consultant for v in trends.series(c, column))


def trend_charts(trends: TeamTrends, width: int = 620, height: int = 240) -> list[TrendChart]:
    """One chart per trend column that has a value in some week."""
    return [
        trend_chart(trends, column, label, width, height)
        for column, label in TREND_COLUMNS
        if _has_data(trends, column)
    ]


def trend_chart(trends: TeamTrends, column: str, label: str, width: int = 620, height: int = 240) -> TrendChart:
    left, right, top, bottom = 56, width - 16, 14, height - 58
    consultants = tuple(trends.by_consultant)
    series = {c: trends.series(c, column) for c in consultants}
    y_max = _y_max(column, [v for values in series.values() for v in values if v is not None])
    count = len(trends.weeks)

    def x_of(index: int) -> float:
        return (left + right) / 2 if count == 1 else left + 12 + index * (right - left - 24) / (count - 1)

    def y_of(value: float) -> float:
        return bottom - min(value, y_max) / y_max * (bottom - top)

    lines = tuple(
        _trend_line(consultant, series[consultant], trends.weeks, column, LINE_STYLES[i % len(LINE_STYLES)], x_of, y_of)
        for i, consultant in enumerate(consultants)
    )
    every = max(1, -(-count // 10))
    x_ticks = tuple((week_label(w), x_of(i)) for i, w in enumerate(trends.weeks) if i % every == 0)
    y_ticks = tuple((tick_label(column, value), y_of(value)) for value in _tick_values(column, y_max))
    table = tuple(
        (week_label(w), tuple(trend_value(column, series[c][i]) for c in consultants))
        for i, w in enumerate(trends.weeks)
    )
    description = "; ".join(
        f"{c}: " + ", ".join(f"{week} {values[k]}" for week, values in table) for k, c in enumerate(consultants)
    )
    return TrendChart(
        column,
        label,
        width,
        height,
        left,
        right,
        top,
        bottom,
        y_ticks,
        x_ticks,
        lines,
        f"{label} pr. uge. {description}.",
        table,
        consultants,
    )


def _trend_line(
    consultant: str,
    values: Sequence[float | None],
    weeks: Sequence[date],
    column: str,
    style: tuple[str, str | None],
    x_of,
    y_of,
) -> TrendLine:
    segments, current, points = [], [], []
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        x, y = x_of(index), y_of(value)
        current.append(f"{x:.1f},{y:.1f}")
        points.append(
            TrendPoint(
                x,
                y,
                f"{consultant}, {week_label(weeks[index])} ({day_month_year(weeks[index])}): "
                f"{trend_value(column, value)}",
            )
        )
    if current:
        segments.append(current)
    return TrendLine(consultant, style[0], style[1], tuple(" ".join(s) for s in segments if len(s) > 1), tuple(points))
