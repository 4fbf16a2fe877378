"""Puts a small plan for a citizen into the store, the way the plan actions will."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.plan.agreements import AgreementAnswers
from bot.plan.service import PlanService
from bot.store.uow import SqlAlchemyUnitOfWork

YES = AgreementAnswers(accepted="ja", realistic="ja")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def seed_plan(url: str, username: str, citizen_ref: str = "B-12", conversation_id: str = "a" * 32) -> str:
    """Two conversations with contract, agreements, three scaling readings and an ABC plan."""
    clock = Clock(datetime(2025, 11, 19, 9, 0, tzinfo=UTC))
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=url), clock=clock)
    first = f"{username}:{conversation_id}"
    service.start_conversation(first, username, citizen_ref, "jobsøgning", 45, clock.now)
    service.record_contract(
        first, "kontrakt: vi taler om jobsøgning, målet er tre nye brancher, vi gør det ved at bruge ABC-planen"
    )
    service.record_agreement(
        first, f"aftale: {citizen_ref} sender tre uopfordrede ansøgninger inden fredag", answers=YES
    )
    service.record_scaling(first, "vigtighed 4 fordi hun savner kollegaer")
    service.record_scaling(first, "tro 3")
    service.record_job(first, "A-job: pædagogmedhjælper")
    service.end_conversation(first, clock.now + timedelta(minutes=40))
    clock.now += timedelta(days=7)
    second = f"{username}:{'b' * 32}"
    service.start_conversation(second, username, citizen_ref, "jobsøgning", 45, clock.now)
    service.record_scaling(second, "vigtighed 7 fordi hun har fået en samtale")
    service.record_scaling(second, "tro 6")
    return first
