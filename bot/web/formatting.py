"""Danish formatting for the review pages: local times, durations, decimal commas, weeks."""

from __future__ import annotations

import re
from datetime import date, datetime

from bot.core.danish_time import (  # noqa: F401 - LOCAL_TZ for the review routes
    LOCAL_TZ,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    local,
)

_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def short_datetime(moment: datetime) -> str:
    """16.11.2026 kl. 10.05 (Danish time)."""
    at = local(moment)
    return f"{at:%d.%m.%Y} kl. {at:%H.%M}"


def long_datetime(moment: datetime) -> str:
    """mandag 16. november 2026 kl. 10.05 (Danish time)."""
    at = local(moment)
    return f"{WEEKDAY_NAMES[at.weekday()]} {at.day}. {MONTH_NAMES[at.month - 1]} {at.year} kl. {at:%H.%M}"


def day_clock(moment: datetime) -> str:
    """07.12. kl. 06.53 (Danish time) – the cockpit's list of recent conversations."""
    at = local(moment)
    return f"{at:%d.%m.} kl. {at:%H.%M}"


def day_month_year(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def decimal(value: float, digits: int = 1) -> str:
    """1,5 – a decimal comma, and no ",0" on whole numbers."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def decimal_commas(text: str) -> str:
    """Decimal points between digits turned into commas ("0.3:1" → "0,3:1")."""
    return _DECIMAL_POINT.sub(",", text)


def minutes(value: float) -> str:
    """A length in minutes: "0,5 min", "7,5 min", "12 min"."""
    return f"{decimal(value) if value < 10 else round(value)} min"


def duration(seconds: int | float) -> str:
    """A conversation's length: "under 1 min", "34 min", "1 t 5 min"."""
    total_min = int(seconds / 60 + 0.5)  # half a minute up, not to the even one
    if seconds < 60:
        return "under 1 min"
    hours, rest = divmod(total_min, 60)
    return f"{hours} t {rest} min" if hours else f"{rest} min"


def clock_offset(seconds: float | None) -> str:
    """Time into the conversation: "12:05" (mm:ss) or "1:02:03"."""
    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def week_label(monday: date) -> str:
    """ "uge 47" (ISO week)."""
    return f"uge {monday.isocalendar()[1]}"


# The templates' filters for moments: every time a person sees is Danish time.
TIME_FILTERS = {"short_datetime": short_datetime, "long_datetime": long_datetime, "day_clock": day_clock}
