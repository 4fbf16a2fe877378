"""Unit of work: one session, one transaction ("Architecture Patterns with Python", ch. 6).

One unit of work serves every area of the database (plan, users, review); its repositories
are thin wrappers around the one session, so creating them all costs nothing.

    with SqlAlchemyUnitOfWork() as uow:
        citizen = uow.citizens.get("Stine")
        ...
        uow.commit()

Leaving the block rolls back whatever was not committed, so an exception half-way leaves
the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.store.engine import get_session_factory
from bot.store.repositories.plan import (
    AgreementRepository,
    CitizenRepository,
    ContractRepository,
    ConversationRepository,
    JobPlanRepository,
    NoteRepository,
    ScalingRepository,
)
from bot.store.repositories.review import ReviewRepository
from bot.store.repositories.users import UserRepository, WebConversationRepository, WebSessionRepository

SessionFactory = Callable[[], Session]


class SqlAlchemyUnitOfWork:
    citizens: CitizenRepository
    conversations: ConversationRepository
    contracts: ContractRepository
    agreements: AgreementRepository
    scaling: ScalingRepository
    jobs: JobPlanRepository
    notes: NoteRepository
    users: UserRepository
    web_conversations: WebConversationRepository
    web_sessions: WebSessionRepository
    reviews: ReviewRepository

    def __init__(self, session_factory: SessionFactory | None = None, url: str | None = None) -> None:
        self._session_factory = session_factory or get_session_factory(url)
        self.session: Session | None = None

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        if self.session is not None:
            raise RuntimeError("unit of work already in use")
        self.session = session = self._session_factory()
        self.citizens = CitizenRepository(session)
        self.conversations = ConversationRepository(session)
        self.contracts = ContractRepository(session)
        self.agreements = AgreementRepository(session)
        self.scaling = ScalingRepository(session)
        self.jobs = JobPlanRepository(session)
        self.notes = NoteRepository(session)
        self.users = UserRepository(session)
        self.web_conversations = WebConversationRepository(session)
        self.web_sessions = WebSessionRepository(session)
        self.reviews = ReviewRepository(session)
        return self

    def __exit__(self, *exc_info) -> None:
        session, self.session = self.session, None
        try:
            session.rollback()  # a no-op after commit(); undoes everything otherwise
        finally:
            session.close()

    def flush(self) -> None:
        self._active().flush()

    def commit(self) -> None:
        self._active().commit()

    def rollback(self) -> None:
        self._active().rollback()

    def _active(self) -> Session:
        if self.session is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self.session
