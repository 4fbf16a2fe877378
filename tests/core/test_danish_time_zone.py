"""One time zone for every time a person sees (issue 14): Europe/Copenhagen, never the server's."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.core.danish_time import clock, local_date, local_day, to_local
from bot.web.formatting import TIME_FILTERS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WINTER = datetime(2025, 12, 2, 5, 53, tzinfo=UTC)  # 06.53 in Copenhagen (CET)
SUMMER = datetime(2025, 7, 2, 5, 53, tzinfo=UTC)  # 07.53 in Copenhagen (CEST)


@pytest.mark.parametrize("moment, text", [(WINTER, "06.53"), (SUMMER, "07.53"), (WINTER.timestamp(), "06.53")])
def test_the_clock_is_danish_time(moment, text):
    assert clock(moment) == text


def test_a_naive_moment_from_the_store_is_utc():
    assert clock(WINTER.replace(tzinfo=None)) == "06.53"


def test_the_date_turns_at_danish_midnight():
    late = datetime(2025, 12, 2, 23, 30, tzinfo=UTC)  # already 3 December in Copenhagen
    assert local_date(late) == date(2025, 12, 3) == local_day(late.timestamp())
    assert to_local(late).utcoffset().total_seconds() == 3600


def test_the_page_filters_show_the_same_time_as_the_review_pages():
    assert TIME_FILTERS["short_datetime"](WINTER) == "02.12.2025 kl. 06.53"
    assert TIME_FILTERS["day_clock"](WINTER) == "02.12. kl. 06.53"


def test_no_template_or_module_converts_with_the_servers_own_zone():
    offenders = []
    for path in [*PROJECT_ROOT.glob("bot/**/*.py"), *PROJECT_ROOT.glob("bot/web/templates/*.html")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.astimezone\(\)", text):
            offenders.append(str(path.relative_to(PROJECT_ROOT)))
    assert offenders == []
