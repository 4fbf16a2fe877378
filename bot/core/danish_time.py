"""Danish time: the one time zone every time a person sees is shown in, and the Danish names.

Times are stored in UTC; whatever a consultant, a trainee or a supervisor reads — a clock on the
plan page, a deadline, a review timeline — is Copenhagen time, through ``local``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
WEEKDAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTH_NAMES = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def local(moment: datetime) -> datetime:
    """``moment`` (aware) in Copenhagen time."""
    return moment.astimezone(LOCAL_TZ)


def local_day(timestamp: float) -> date:
    """The Copenhagen date of a Unix timestamp (Rasa's event times)."""
    return datetime.fromtimestamp(timestamp, LOCAL_TZ).date()


def long_date(day: date) -> str:
    """16. november 2026"""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"
