"""Danish time: the one time zone every time a person sees is shown in, and the Danish names.

Times are stored in UTC; whatever a consultant, a trainee or a supervisor reads — a clock on the
plan page, a deadline, a review timeline, the cockpit — is Copenhagen time, through ``to_local``,
never the server's own time zone (``astimezone`` without an argument).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
WEEKDAY_NAMES = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTH_NAMES = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def to_local(moment: datetime | float) -> datetime:
    """A moment (aware datetime, naive UTC datetime, or epoch seconds) in Copenhagen time."""
    if isinstance(moment, (int, float)):
        return datetime.fromtimestamp(moment, LOCAL_TZ)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ)


def local(moment: datetime) -> datetime:
    """``moment`` (aware) in Copenhagen time."""
    return to_local(moment)


def local_date(moment: datetime | float) -> date:
    """The Copenhagen calendar date of a moment (see ``to_local``)."""
    return to_local(moment).date()


def local_day(timestamp: float) -> date:
    """The Copenhagen date of a Unix timestamp (Rasa's event times)."""
    return local_date(timestamp)


def clock(moment: datetime | float) -> str:
    """ "06.53": Danish clock time, hours and minutes with a full stop."""
    return f"{to_local(moment):%H.%M}"


def long_date(day: date) -> str:
    """16. november 2026"""
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"
