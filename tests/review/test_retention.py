"""Deleting a citizen leaves nothing of them; purging removes what is older than the retention."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.__main__ import main
from bot.plan.service import PlanService
from bot.review.service import Viewer, delete_citizen, list_conversations, open_conversation, purge_older_than
from bot.store.engine import get_engine
from bot.store.repositories.review import ReviewFilter
from bot.store.uow import SqlAlchemyUnitOfWork
from bot.users.accounts import create_user, save_conversation

from .conftest import T0, replay

DAY = 86400


def _plan(url: str, sender: str, consultant: str, ref: str, started: float) -> None:
    service = PlanService(uow_factory=functools.partial(SqlAlchemyUnitOfWork, url=url))
    key = f"{sender}:{int(started)}"
    service.start_conversation(key, consultant, ref, booked_min=45, started_at=datetime.fromtimestamp(started, UTC))
    service.record_contract(key, "kontrakt: vi taler om jobsøgning, målet er en plan, vi gennemgår jobloggen")
    service.record_agreement(key, f"aftale: {ref} sender tre ansøgninger inden fredag", save_anyway=True)
    service.record_scaling(key, "vigtighed 4 fordi hun savner kollegaer")
    service.record_job(key, "A-job: pædagogmedhjælper")
    service.add_note(key, f"{ref} ringer selv tilbage på 22 33 44 55")


def _rows_mentioning(url: str, needle: str) -> list[str]:
    with get_engine(url).connect() as connection:
        if url.startswith("sqlite"):
            tables = [r[0] for r in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        else:
            tables = [
                r[0] for r in connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))
            ]
        return [
            f"{table}: {row}"
            for table in tables
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            if needle.lower() in str(row).lower()
        ]


@pytest.fixture
def two_citizens(database_url, guide_recording):
    """B-12's conversation (plan, log, a cockpit conversation) and C-3's, where B-12 is mentioned."""
    user = create_user("mette", "konsulent", "rigtig-hemmelig-42", team="Team Nord", url=database_url)
    replay(database_url, guide_recording, "mette:b12")
    _plan(database_url, "mette:b12", "mette", "B-12", T0)
    save_conversation(
        user, "a" * 32, "guide", citizen_ref="B-12", topic="brancheskift", booked_min=45, url=database_url
    )
    events = [
        {"event": "user", "text": "ny samtale med C-3", "timestamp": T0 + DAY},
        {"event": "slot", "name": "guide_started_at", "value": T0 + DAY, "timestamp": T0 + DAY},
        {"event": "slot", "name": "citizen_ref", "value": "C-3", "timestamp": T0 + DAY},
        {"event": "user", "text": "vis plan for b-12 og C-3", "timestamp": T0 + DAY + 60},
    ]
    from bot.review.replay import store

    with SqlAlchemyUnitOfWork(url=database_url) as uow:
        store(uow.session, "mette:c3", events)
        uow.commit()
    _plan(database_url, "mette:c3", "mette", "C-3", T0 + DAY)
    return database_url


def test_deleting_a_citizen_leaves_nothing_of_them(two_citizens):
    url = two_citizens
    assert _rows_mentioning(url, "B-12")  # the seed really holds B-12 in several tables
    report = delete_citizen("b-12", by="supervisor-sara", url=url)

    assert _rows_mentioning(url, "B-12") == []
    assert report.conversation_logs == 1 and report.events > 300 and report.mentions_scrubbed == 1
    assert report.web_conversations == 1
    assert report.plan_rows == {
        "contract": 1,
        "agreement": 1,
        "scaling_reading": 1,
        "job_plan_entry": 1,
        "note": 1,
        "conversation": 1,
        "citizen": 1,
    }
    assert _rows_mentioning(url, "C-3") and _rows_mentioning(url, "[slettet borger]")
    page = list_conversations(Viewer("mette", "konsulent"), ReviewFilter(), url=url)
    assert [row.citizen_ref for row in page.rows] == ["C-3"]
    with SqlAlchemyUnitOfWork(url=url) as uow:
        [entry] = uow.reviews.audit_entries()
        assert (entry.username, entry.action) == ("supervisor-sara", "delete_citizen")
        assert "B-12" not in (entry.detail or "")


def test_delete_citizen_from_the_command_line(two_citizens, capsys):
    assert main(["review", "delete-citizen", "B-12", "--database-url", two_citizens, "--by", "sara"]) == 0
    out = capsys.readouterr().out
    assert "Samtalelogs slettet: 1" in out and "Aftaler slettet: 1" in out
    assert _rows_mentioning(two_citizens, "B-12") == []


def test_deleting_an_unknown_citizen_reports_nothing_deleted(database_url):
    report = delete_citizen("X-99", by="sara", url=database_url)
    assert report.conversation_logs == 0 and sum(report.plan_rows.values()) == 0


def test_purge_deletes_only_what_is_older_than_the_retention(two_citizens):
    url = two_citizens
    report = purge_older_than(30, by="sara", url=url, now=lambda: T0 + 40 * DAY)
    assert report.conversation_logs == 2 and report.plan_rows["citizen"] == 2
    assert _rows_mentioning(url, "B-12") == [] and _rows_mentioning(url, "C-3") == []


def test_purge_keeps_recent_conversations(two_citizens):
    url = two_citizens
    report = purge_older_than(30, by="sara", url=url, now=lambda: T0 + 30.5 * DAY)
    assert report.conversation_logs == 1 and report.plan_rows["citizen"] == 1
    assert _rows_mentioning(url, "C-3") and not [r for r in _rows_mentioning(url, "B-12") if not r.startswith("events")]


def test_opening_a_conversation_is_audited_and_limited_to_the_team(two_citizens):
    url = two_citizens
    create_user("sara", "supervisor", "rigtig-hemmelig-42", team="Team Nord", url=url)
    create_user("ole", "supervisor", "rigtig-hemmelig-42", team="Team Syd", url=url)
    create_user("kim", "konsulent", "rigtig-hemmelig-42", team="Team Nord", url=url)
    rows = list_conversations(Viewer("sara", "supervisor", "Team Nord"), ReviewFilter(), url=url).rows
    assert {row.citizen_ref for row in rows} == {"B-12", "C-3"}
    assert list_conversations(Viewer("ole", "supervisor", "Team Syd"), ReviewFilter(), url=url).total == 0
    assert list_conversations(Viewer("kim", "konsulent", "Team Nord"), ReviewFilter(), url=url).total == 0
    opened = open_conversation(Viewer("sara", "supervisor", "Team Nord"), rows[-1].id, url=url)
    assert opened.review.citizen_ref == opened.summary.citizen_ref
    from bot.review.service import ReviewAccessError

    for outsider in (Viewer("ole", "supervisor", "Team Syd"), Viewer("kim", "konsulent", "Team Nord")):
        with pytest.raises(ReviewAccessError):
            open_conversation(outsider, rows[-1].id, url=url)
    with SqlAlchemyUnitOfWork(url=url) as uow:
        assert [(e.username, e.action, e.conversation_id) for e in uow.reviews.audit_entries()] == [
            ("sara", "open", rows[-1].id)
        ]
