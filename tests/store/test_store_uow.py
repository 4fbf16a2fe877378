"""Repositories and the unit of work, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.core.citizen_ref import citizen_key
from bot.store.tables.plan import Agreement, Citizen, Conversation, JobPlanEntry, Note, ScalingReading

T0 = datetime(2025, 11, 19, 9, 0, tzinfo=UTC)


def _conversation(
    uow, citizen: Citizen, external_id: str = "c1", number: int = 1, started_at: datetime = T0
) -> Conversation:
    conversation = Conversation(
        external_id=external_id, consultant_id="k", citizen=citizen, started_at=started_at, number_in_course=number
    )
    uow.conversations.add(conversation)
    uow.flush()
    return conversation


def _agreement(conversation: Conversation, number: int, key: str, **values) -> Agreement:
    defaults = dict(text="Stine sender tre ansøgninger", owner="borger", status="open", missing=[])
    return Agreement(
        citizen_id=conversation.citizen_id,
        conversation=conversation,
        number=number,
        idempotency_key=key,
        **{**defaults, **values},
    )


def _count(uow_factory, model) -> int:
    with uow_factory() as uow:
        return uow.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_commit_persists(uow_factory):
    with uow_factory() as uow:
        uow.citizens.create("Stine")
        uow.commit()
    with uow_factory() as uow:
        assert uow.citizens.get("stine").ref == "Stine"


def test_leaving_without_commit_rolls_back(uow_factory):
    with uow_factory() as uow:
        uow.citizens.create("Stine")
    assert _count(uow_factory, Citizen) == 0


def test_an_exception_rolls_back_everything(uow_factory):
    with pytest.raises(ZeroDivisionError):
        with uow_factory() as uow:
            citizen = uow.citizens.create("Stine")
            _conversation(uow, citizen)
            raise ZeroDivisionError
    assert _count(uow_factory, Citizen) == 0 and _count(uow_factory, Conversation) == 0


def test_work_after_commit_is_rolled_back(uow_factory):
    with uow_factory() as uow:
        uow.citizens.create("Stine")
        uow.commit()
        uow.citizens.create("Ahmed")
    with uow_factory() as uow:
        assert uow.citizens.get("Stine") and uow.citizens.get("Ahmed") is None


def test_one_session_per_unit_and_no_use_outside(uow_factory):
    first, second = uow_factory(), uow_factory()
    with first, second:
        assert first.session is not second.session
    with pytest.raises(RuntimeError):
        first.commit()


def test_citizen_reference_is_unique_case_insensitively(uow_factory):
    assert citizen_key("  STINE  Hansen ") == "stine hansen"
    with uow_factory() as uow:
        uow.citizens.create("Stine")
        uow.commit()
    with pytest.raises(IntegrityError):
        with uow_factory() as uow:
            uow.citizens.create("sTiNe")
    assert _count(uow_factory, Citizen) == 1


def test_times_are_utc_and_deadlines_dates(uow_factory):
    copenhagen = timezone(timedelta(hours=1))
    with uow_factory() as uow:
        conversation = _conversation(
            uow, uow.citizens.create("Stine"), started_at=datetime(2025, 11, 19, 10, 0, tzinfo=copenhagen)
        )
        uow.agreements.add(_agreement(conversation, 1, "k1", deadline=date(2025, 11, 21), created_at=T0))
        uow.commit()
    with uow_factory() as uow:
        conversation = uow.conversations.by_external_id("c1")
        assert conversation.started_at == T0 and conversation.started_at.tzinfo == UTC
        agreement = uow.agreements.by_number(conversation.citizen_id, 1)
        assert agreement.deadline == date(2025, 11, 21) and type(agreement.deadline) is date
        assert agreement.missing == []


def test_naive_datetimes_are_refused(uow_factory):
    with pytest.raises(Exception, match="naive datetime"):
        with uow_factory() as uow:
            _conversation(uow, uow.citizens.create("Stine"), started_at=datetime(2025, 11, 19, 9, 0))


def test_idempotency_key_is_unique(uow_factory):
    with uow_factory() as uow:
        conversation = _conversation(uow, uow.citizens.create("Stine"))
        uow.agreements.add(_agreement(conversation, 1, "same"))
        uow.commit()
    with pytest.raises(IntegrityError):
        with uow_factory() as uow:
            conversation = uow.conversations.by_external_id("c1")
            uow.agreements.add(_agreement(conversation, 2, "same"))
            uow.flush()
    assert _count(uow_factory, Agreement) == 1


def test_agreement_numbers_per_citizen(uow_factory):
    with uow_factory() as uow:
        conversation = _conversation(uow, uow.citizens.create("Stine"))
        assert uow.agreements.next_number(conversation.citizen_id) == 1
        uow.agreements.add(_agreement(conversation, 1, "a"))
        uow.flush()
        assert uow.agreements.next_number(conversation.citizen_id) == 2
        uow.agreements.add(_agreement(conversation, 1, "b"))
        with pytest.raises(IntegrityError):
            uow.flush()


@pytest.mark.parametrize(
    "values",
    [{"owner": "nabo"}, {"status": "maybe"}, {"quantity": 0}],
)
def test_agreement_checks(uow_factory, values):
    with pytest.raises(IntegrityError):
        with uow_factory() as uow:
            conversation = _conversation(uow, uow.citizens.create("Stine"))
            uow.agreements.add(_agreement(conversation, 1, "k", **values))
            uow.flush()


@pytest.mark.parametrize("kind, value", [("importance", 0), ("importance", 11), ("mood", 5)])
def test_scaling_checks(uow_factory, kind, value):
    with pytest.raises(IntegrityError):
        with uow_factory() as uow:
            conversation = _conversation(uow, uow.citizens.create("Stine"))
            uow.scaling.add(
                ScalingReading(
                    citizen_id=conversation.citizen_id, conversation_id=conversation.id, kind=kind, value=value
                )
            )
            uow.flush()


def test_foreign_keys_are_enforced(uow_factory):
    with pytest.raises(IntegrityError):
        with uow_factory() as uow:
            uow.notes.add(Note(citizen_id=999, text="x"))
            uow.flush()


def test_latest_scaling_per_kind(uow_factory):
    with uow_factory() as uow:
        conversation = _conversation(uow, uow.citizens.create("Stine"))
        for minutes, kind, value in [(0, "importance", 3), (1, "confidence", 5), (2, "importance", 7)]:
            uow.scaling.add(
                ScalingReading(
                    citizen_id=conversation.citizen_id,
                    conversation_id=conversation.id,
                    kind=kind,
                    value=value,
                    created_at=T0 + timedelta(minutes=minutes),
                )
            )
        uow.commit()
        latest = uow.scaling.latest_per_kind(conversation.citizen_id)
        assert {k: r.value for k, r in latest.items()} == {"importance": 7, "confidence": 5}


def test_job_plan_keeps_one_active_per_level_and_the_history(uow_factory):
    with uow_factory() as uow:
        citizen = uow.citizens.create("Stine")
        for title, level in [("pædagogmedhjælper", "A"), ("lager", "B"), ("butik", "A")]:
            uow.jobs.add(JobPlanEntry(citizen_id=citizen.id, level=level, title=title, created_at=T0))
        uow.commit()
        assert {k: v.title for k, v in uow.jobs.active_for_citizen(citizen.id).items()} == {"A": "butik", "B": "lager"}
        assert [(j.title, j.active) for j in uow.jobs.history(citizen.id)] == [
            ("pædagogmedhjælper", False),
            ("lager", True),
            ("butik", True),
        ]


def test_two_active_jobs_of_one_level_are_refused_by_the_database(uow_factory):
    with pytest.raises(IntegrityError):
        with uow_factory() as uow:
            citizen = uow.citizens.create("Stine")
            uow.session.add_all(
                [
                    JobPlanEntry(citizen_id=citizen.id, level="A", title="x", active=True),
                    JobPlanEntry(citizen_id=citizen.id, level="A", title="y", active=True),
                ]
            )
            uow.flush()


def test_conversations_and_contracts_by_citizen(uow_factory):
    from bot.store.tables.plan import Contract

    with uow_factory() as uow:
        citizen = uow.citizens.create("Stine")
        first = _conversation(uow, citizen, "c1", 1, T0)
        second = _conversation(uow, citizen, "c2", 2, T0 + timedelta(days=7))
        uow.contracts.add(Contract(conversation=first, about="cv"))
        uow.commit()
        assert uow.conversations.last_number(citizen.id) == 2
        assert uow.conversations.previous(second).external_id == "c1"
        assert uow.contracts.latest_before(second).about == "cv"
        assert uow.contracts.latest_before(first) is None
        assert [c.external_id for c in uow.conversations.for_citizen(citizen.id)] == ["c1", "c2"]
