"""Concurrent conversations neither lose nor duplicate writes (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.plan.agreements import AgreementAnswers
from bot.plan.service import PlanService
from bot.store.tables.plan import Agreement, Citizen, Conversation, ScalingReading
from bot.store.uow import SqlAlchemyUnitOfWork

CONVERSATIONS = 20
AGREEMENTS_EACH = 10
CITIZENS = 5  # four conversations per citizen run at the same time
START = datetime(2025, 11, 19, 9, 0, tzinfo=UTC)
YES = AgreementAnswers(accepted="ja", realistic="ja")


pytestmark = pytest.mark.usefixtures("plan_users")


def _run_in_threads(count: int, work) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            work(index)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a conversation thread hung"
    return errors


def test_twenty_conversations_with_ten_agreements_each(database_url):
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=database_url))

    def conversation(index: int) -> None:
        sender = f"samtale-{index}"
        citizen = f"Borger {index % CITIZENS + 1}"
        service.start_conversation(
            sender, f"kons-{index % 3}", citizen, "jobsøgning", 45, START + timedelta(minutes=index)
        )
        for n in range(AGREEMENTS_EACH):
            text = f"Borgeren sender {n + 1} ansøgninger til firma nr. {index}x{n} på fredag"
            assert service.record_agreement(sender, text, answers=YES).saved is not None
            assert service.record_agreement(sender, text, answers=YES).duplicate  # the action is retried
        service.record_scaling(sender, f"tro {index % 10 + 1}")

    errors = _run_in_threads(CONVERSATIONS, conversation)
    assert not errors, errors[:3]

    with SqlAlchemyUnitOfWork(url=database_url) as uow:
        session = uow.session
        assert (
            session.execute(select(func.count()).select_from(Agreement)).scalar_one() == CONVERSATIONS * AGREEMENTS_EACH
        )
        assert session.execute(select(func.count()).select_from(Conversation)).scalar_one() == CONVERSATIONS
        assert session.execute(select(func.count()).select_from(Citizen)).scalar_one() == CITIZENS
        assert session.execute(select(func.count()).select_from(ScalingReading)).scalar_one() == CONVERSATIONS
        numbers = defaultdict(list)
        for citizen_id, number in session.execute(select(Agreement.citizen_id, Agreement.number)):
            numbers[citizen_id].append(number)
        per_citizen = CONVERSATIONS // CITIZENS * AGREEMENTS_EACH
        assert all(sorted(n) == list(range(1, per_citizen + 1)) for n in numbers.values())
        course = defaultdict(list)
        for citizen_id, number in session.execute(select(Conversation.citizen_id, Conversation.number_in_course)):
            course[citizen_id].append(number)
        assert all(sorted(n) == [1, 2, 3, 4] for n in course.values())


def test_the_same_agreement_sent_at_once_is_saved_once(database_url):
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=database_url))
    service.start_conversation("s1", "k", "B-12", None, 45, START)
    outcomes = []

    def record(_index: int) -> None:
        outcomes.append(
            service.record_agreement("s1", "Stine ringer til Netto i dag", answers=YES, idempotency_key="msg-1")
        )

    assert not _run_in_threads(10, record)
    assert sum(not o.duplicate for o in outcomes) == 1
    assert {o.saved.number for o in outcomes} == {1}
    with SqlAlchemyUnitOfWork(url=database_url) as uow:
        assert uow.agreements.count() == 1


def test_a_new_citizen_started_from_two_places_at_once_exists_once(database_url):
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=database_url))
    openings = []

    def start(index: int) -> None:
        openings.append(service.start_conversation(f"s{index}", "k", "Ny Borger 1", None, 45, START))

    assert not _run_in_threads(8, start)
    assert sorted(o.conversation.number_in_course for o in openings) == list(range(1, 9))
    assert sum(o.is_new_citizen for o in openings) == 1
