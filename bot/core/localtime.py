"""The one time zone for every time a person sees: Europe/Copenhagen.

Times are stored in UTC (``bot.store.tables.base``) and event timestamps are seconds since the
epoch; whatever is shown to a consultant, a supervisor or a citizen – a date, a clock time on
the plan page, the review page, the cockpit – is converted here, never with the server's own
time zone (``astimezone`` without an argument).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
LOCAL_TZ_NAME = "Europe/Copenhagen"


def to_local(moment: datetime | float) -> datetime:
    """A moment (aware datetime, naive UTC datetime, or epoch seconds) in Danish time."""
    if isinstance(moment, (int, float)):
        return datetime.fromtimestamp(moment, LOCAL_TZ)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TZ)


def local_date(moment: datetime | float) -> date:
    return to_local(moment).date()


def local_date_of(timestamp: float) -> date:
    return to_local(timestamp).date()


def clock(moment: datetime | float) -> str:
    """ "06.53": Danish clock time, hours and minutes with a full stop."""
    return f"{to_local(moment):%H.%M}"
