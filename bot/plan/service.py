"""Application services the Rasa actions call: each call is one unit of work = one transaction.

A conversation is identified by ``sender_id`` (the external conversation id, unique per
conversation); a citizen by the consultant's pseudonymous reference. Every method either
returns plain views (``bot.plan.views``) or raises ``PlanError`` with a Danish message;
after an error nothing has been written.

Concurrent calls are safe: on SQLite every unit of work holds the write lock from its
start (BEGIN IMMEDIATE); on PostgreSQL the citizen row is locked before anything is
numbered per citizen, and a unique-key race (two first conversations for a new citizen,
a retried action) is retried in a fresh unit of work.
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from bot.core.citizen_ref import citizen_key, citizen_ref_problem, normalise_citizen_ref
from bot.core.folding import fold
from bot.core.personal_data import find_cpr_numbers
from bot.core.sender import username_of
from bot.plan.agreements import AgreementAnswers, AgreementDraft, apply_answers, parse_agreement
from bot.plan.course_phrases import CourseChoice
from bot.plan.deadlines import QuestionReason, local_date, parse_deadline
from bot.plan.entries import parse_contract, parse_jobs, parse_scaling
from bot.plan.errors import PlanError
from bot.plan.progression import (
    CourseDecision,
    Held,
    check_week,
    decide,
    jobcentre_conversation,
    load_progression,
    previous_of,
    unemployed_since,
    week_on,
)
from bot.plan.text import clean_input
from bot.plan.views import (
    AgreementOutcome,
    AgreementView,
    ClosingSummary,
    ContractOutcome,
    ContractView,
    ConversationView,
    CourseView,
    JobsOutcome,
    JobView,
    NoteView,
    Opening,
    PlanView,
    ScalingView,
)
from bot.store.failures import LOG_REASONS, OTHER, REASONS, UNREACHABLE, advice, failure_kind, is_transient
from bot.store.tables.plan import (
    Agreement,
    Citizen,
    Contract,
    Conversation,
    JobPlanEntry,
    Note,
    ScalingReading,
    utc_now,
)
from bot.store.uow import SqlAlchemyUnitOfWork
from bot.users.access import AccessDenied, Actor, actor_for, may_use, plan_team, team_key

log = logging.getLogger(__name__)

MSG_NO_LONGER_YOURS = (
    "Borgeren i denne samtale hører ikke (længere) til dit team, så planen kan du ikke se eller ændre. "
    "Start en ny samtale, eller tal med din supervisor."
)
EVALUATION_QUESTION = "Fik vi talt om det, vi satte os for i starten – og hvad tager du med dig herfra?"
RECONNECT_WINDOW_S = 15.0  # a PostgreSQL restart takes a few seconds; retry connection failures this long
_RETRYABLE_PG_CODES = {"40001", "40P01", "23505"}  # serialization failure, deadlock, unique violation
_SCHEMA_MISSING = re.compile(r"no such table|relation \S+ does not exist", re.IGNORECASE)
STATUS_WORDS = {
    "done": "done",
    "gjort": "done",
    "færdig": "done",
    "faerdig": "done",
    "ja": "done",
    "not_done": "not_done",
    "ikke gjort": "not_done",
    "ikke_gjort": "not_done",
    "nej": "not_done",
    "open": "open",
    "åben": "open",
    "aaben": "open",
}

T = TypeVar("T")
UowFactory = Callable[[], SqlAlchemyUnitOfWork]
Timestamp = datetime | float | int | None
Clock = Callable[[], datetime]


# --- input checks -----------------------------------------------------------------------------------
def validate_citizen_ref(ref: str | None, *, new: bool = True) -> str:
    """The reference as the store keeps it; ``new=False`` to look up one that is already there."""
    problem = citizen_ref_problem(ref, new=new)
    if problem:
        raise PlanError(problem)
    return normalise_citizen_ref(ref)


def _validate_sender(sender_id: str | None) -> str:
    sender_id = (sender_id or "").strip()
    if not sender_id or len(sender_id) > 128:
        raise PlanError("Samtalen mangler et gyldigt id – start samtalen igen.")
    return sender_id


def _validate_consultant(consultant: str | None) -> str:
    consultant = " ".join((consultant or "").split())
    if not consultant or len(consultant) > 64 or find_cpr_numbers(consultant):
        raise PlanError("Jeg mangler et gyldigt konsulent-id (højst 64 tegn, intet CPR-nummer).")
    return consultant


def _validate_booked(booked_min: int | None) -> int | None:
    if booked_min is None:
        return None
    try:
        minutes = int(booked_min)
    except (TypeError, ValueError):
        minutes = 0
    if not 1 <= minutes <= 480:
        raise PlanError("Den bookede tid skal være mellem 1 og 480 minutter.")
    return minutes


def as_utc(moment: Timestamp) -> datetime:
    """Rasa timestamps (seconds since the epoch) or aware datetimes, as aware UTC."""
    if moment is None:
        return utc_now()
    if isinstance(moment, (int, float)):
        return datetime.fromtimestamp(moment, UTC)
    if moment.tzinfo is None:
        raise PlanError("Tidspunktet mangler en tidszone.")  # a programming error, said plainly
    return moment.astimezone(UTC)


def _idempotency_key(conversation: Conversation, body: str, explicit: str | None) -> str:
    """One per conversation and agreement text, or per conversation and caller-given key."""
    seed = (
        f"{conversation.external_id}\nkey\n{explicit}"
        if explicit
        else f"{conversation.external_id}\ntext\n{fold(body)}"
    )
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


# --- the service ----------------------------------------------------------------------------------------
class PlanService:
    def __init__(self, uow_factory: UowFactory | None = None, clock: Clock = utc_now, retries: int = 6) -> None:
        self._uow_factory = uow_factory or SqlAlchemyUnitOfWork
        self._clock = clock  # when records are made; injectable for tests and replays
        self._retries = retries

    # --- transactions ---------------------------------------------------------------------------------
    def _run(self, work: Callable[[SqlAlchemyUnitOfWork], T]) -> T:
        """Run ``work`` in a fresh unit of work, retrying races; a failure leaves no trace.

        A database that cannot be reached (PostgreSQL restarting) is retried for up to
        ``RECONNECT_WINDOW_S``; every other failure becomes a ``PlanError`` that says what is
        wrong (read-only, disk full, ...) and is logged for the operator.
        """
        attempt = 0
        reconnect_deadline = time.monotonic() + RECONNECT_WINDOW_S
        while True:
            attempt += 1
            try:
                with self._uow_factory() as uow:
                    return work(uow)
            except PlanError:
                raise
            except (IntegrityError, OperationalError, DBAPIError) as error:
                if _schema_missing(error):
                    raise PlanError(
                        "Databasen er ikke sat op endnu – kør »python -m bot db upgrade« og prøv igen. Intet er gemt."
                    ) from error
                kind = failure_kind(error)
                if is_transient(kind) and time.monotonic() < reconnect_deadline:
                    log.warning("plan store: %s (%s); retrying", LOG_REASONS[kind], getattr(error, "orig", error))
                    time.sleep(min(0.25 * attempt, 2.0))
                    continue
                if attempt >= self._retries or not _retryable(error):
                    log.error("plan store write failed: %s", LOG_REASONS[kind], exc_info=error)
                    if kind == OTHER:
                        raise PlanError("Det lykkedes ikke at gemme – intet er ændret. Prøv igen om lidt.") from error
                    raise PlanError(
                        f"Det kunne ikke gemmes, fordi {REASONS[kind]} – intet er ændret. {advice(kind)}"
                    ) from error
                time.sleep(random.uniform(0.01, 0.05) * attempt)
            except SQLAlchemyError as error:
                if is_transient(failure_kind(error)) and time.monotonic() < reconnect_deadline:
                    log.warning("plan store: %s (%s); retrying", LOG_REASONS[UNREACHABLE], error)
                    time.sleep(min(0.25 * attempt, 2.0))
                    continue
                log.exception("plan store failed")
                raise PlanError("Der gik noget galt i databasen – intet er ændret. Prøv igen om lidt.") from error
            except Exception as error:  # a bug must not reach the consultant as a stack trace
                log.exception("plan service failed")
                raise PlanError("Der gik noget galt – intet er ændret. Prøv igen om lidt.") from error

    # --- access (bot.users.access: the one policy) ---------------------------------------------------
    @staticmethod
    def _actor(uow: SqlAlchemyUnitOfWork, username: str) -> Actor:
        return actor_for(username, uow.users.role_and_team)

    def _plan_team(self, uow: SqlAlchemyUnitOfWork, username: str) -> str:
        """The team whose citizens ``username`` may use, or a PlanError with the Danish reason."""
        try:
            return plan_team(self._actor(uow, username))
        except AccessDenied as denied:
            raise PlanError(denied.message) from None

    def _conversation(self, uow: SqlAlchemyUnitOfWork, sender_id: str) -> Conversation:
        """The running conversation, if its consultant may (still) use the citizen's plan."""
        conversation = uow.conversations.by_external_id(_validate_sender(sender_id))
        if conversation is None:
            raise PlanError(
                "Jeg kender ikke den samtale endnu. Start den med borgerens reference, fx »ny samtale med B-12«."
            )
        if not may_use(self._actor(uow, conversation.consultant_id), conversation.citizen.team):
            raise PlanError(MSG_NO_LONGER_YOURS)
        return conversation

    def _citizen(self, uow: SqlAlchemyUnitOfWork, ref: str, username: str) -> Citizen:
        """``username``'s team's citizen ``ref``; another team's is as unknown as one that does not exist."""
        citizen = uow.citizens.get(validate_citizen_ref(ref, new=False), self._plan_team(uow, username))
        if citizen is None:
            raise PlanError(f"Jeg kender ingen borger med referencen »{ref}« i dit team.")
        return citizen

    # --- conversations ---------------------------------------------------------------------------------
    def start_conversation(
        self,
        sender_id: str,
        consultant: str,
        citizen_ref: str,
        topic: str | None = None,
        booked_min: int | None = None,
        started_at: Timestamp = None,
        number_in_course: int | None = None,
        course: CourseChoice | None = None,
    ) -> Opening:
        """Start (or resume) a conversation; its type is ``course`` if said, else the course's proposal."""
        sender_id, consultant = _validate_sender(sender_id), _validate_consultant(consultant)
        ref, booked, started = validate_citizen_ref(citizen_ref), _validate_booked(booked_min), as_utc(started_at)
        topic = clean_input(topic, "emnet")[:80] if topic else None
        if number_in_course is not None and number_in_course < 1:
            raise PlanError("Nummeret i forløbet skal være 1 eller mere.")
        week = check_week(course.week) if course and course.week else None

        def work(uow: SqlAlchemyUnitOfWork) -> Opening:
            existing = uow.conversations.by_external_id(sender_id)
            if existing is not None and not may_use(self._actor(uow, existing.consultant_id), existing.citizen.team):
                raise PlanError(MSG_NO_LONGER_YOURS)
            if existing is not None:
                if existing.citizen.ref_key != citizen_key(ref):
                    raise PlanError(
                        f"Denne samtale er allerede i gang med »{existing.citizen.ref}«. Afslut den først, "
                        "og start så en ny."
                    )
                return self._opening(uow, existing, is_new_citizen=False, resumed=True)
            team = self._plan_team(uow, consultant)
            citizen = uow.citizens.get(ref, team)
            is_new = citizen is None
            citizen = uow.citizens.lock(citizen or uow.citizens.create(ref, self._clock(), team=team))
            if week:
                citizen.unemployed_since = unemployed_since(week, local_date(started))
            organisation = _organisation_of(uow, consultant)
            held = [c.course_type for c in uow.conversations.for_citizen(citizen.id) if c.course_type]
            decision = decide(course, held, organisation, week_on(citizen.unemployed_since, local_date(started)))
            conversation = Conversation(
                external_id=sender_id,
                consultant_id=consultant,
                citizen=citizen,
                topic=topic,
                booked_min=booked,
                started_at=started,
                number_in_course=number_in_course or uow.conversations.last_number(citizen.id) + 1,
                course_type=decision.type_id,
                joint=decision.joint,
                organisation=organisation,
            )
            uow.conversations.add(conversation)
            uow.flush()
            opening = self._opening(uow, conversation, is_new, False, decision)
            uow.commit()
            return opening

        return self._run(work)

    def opening_summary(self, sender_id: str) -> Opening:
        """The same overview as at the start, for step 2 (preparation) in a running conversation."""
        return self._run(lambda uow: self._opening(uow, self._conversation(uow, sender_id), False, True))

    def _opening(
        self,
        uow: SqlAlchemyUnitOfWork,
        conversation: Conversation,
        is_new_citizen: bool,
        resumed: bool,
        decision: CourseDecision | None = None,
    ) -> Opening:
        citizen_id = conversation.citizen_id
        last_contract = uow.contracts.latest_before(conversation)
        earlier = [c for c in uow.conversations.for_citizen(citizen_id) if c.started_at < conversation.started_at]
        last = earlier[-1] if earlier else None
        return Opening(
            conversation=ConversationView.of(conversation),
            is_new_citizen=is_new_citizen,
            resumed=resumed,
            open_agreements=tuple(AgreementView.of(a) for a in uow.agreements.for_citizen(citizen_id, "open")),
            latest_scaling={k: ScalingView.of(r) for k, r in uow.scaling.latest_per_kind(citizen_id).items()},
            job_plan={level: JobView.of(job) for level, job in uow.jobs.active_for_citizen(citizen_id).items()},
            last_contract=ContractView.of(last_contract) if last_contract else None,
            course=_course_view(conversation, earlier, decision),
            last_conversation=ConversationView.of(last) if last else None,
            last_agreements=tuple(
                AgreementView.of(a)
                for a in uow.agreements.for_citizen(citizen_id)
                if last and a.conversation_id == last.id
            ),
        )

    def set_course(self, sender_id: str, choice: CourseChoice) -> Opening:
        """The consultant corrects the type ("det er 3. samtale", "det er en fællessamtale") or the week."""
        if not choice.says_anything:
            raise PlanError("Skriv fx »det er 3. samtale«, »det er cv-samtalen« eller »12. ledighedsuge«.")
        week = check_week(choice.week) if choice.week else None

        def work(uow: SqlAlchemyUnitOfWork) -> Opening:
            conversation = self._conversation(uow, sender_id)
            citizen, on = uow.citizens.lock(conversation.citizen), local_date(conversation.started_at)
            if week:
                citizen.unemployed_since = unemployed_since(week, on)
            decision = None
            if choice.type_id or choice.jobcentre_number or choice.availability or choice.joint:
                decision = _corrected(uow, conversation, choice, week_on(citizen.unemployed_since, on))
                if decision.type_id:
                    conversation.course_type, conversation.joint = decision.type_id, decision.joint
            uow.flush()
            opening = self._opening(uow, conversation, False, True, decision)
            uow.commit()
            return opening

        return self._run(work)

    def set_course_number(self, sender_id: str, number: int) -> Opening:
        """ "det er 3. samtale": this is the n-th jobcentre conversation of the course (1-6)."""
        return self.set_course(sender_id, CourseChoice(type_id=jobcentre_conversation(int(number)).id))

    def set_next_conversation(self, sender_id: str, when: date | str, today: date | None = None) -> ConversationView:
        """The next booked conversation's date (a date, or Danish text such as "d. 12/12")."""
        if isinstance(when, date):
            return self._update_conversation(sender_id, next_conversation_on=when)

        def work(uow: SqlAlchemyUnitOfWork) -> ConversationView:
            conversation = self._conversation(uow, sender_id)
            result = parse_deadline(clean_input(when, "datoen"), today or local_date(conversation.started_at))
            if result.date is None:
                raise PlanError(
                    result.question or "Den dato kunne jeg ikke læse. Skriv fx »d. 12/12« eller »om to uger«."
                )
            conversation.next_conversation_on = result.date
            view = ConversationView.of(conversation)
            uow.commit()
            return view

        return self._run(work)

    def end_conversation(self, sender_id: str, ended_at: Timestamp = None) -> ConversationView:
        return self._update_conversation(sender_id, ended_at=as_utc(ended_at))

    def _update_conversation(self, sender_id: str, **values) -> ConversationView:
        def work(uow: SqlAlchemyUnitOfWork) -> ConversationView:
            conversation = self._conversation(uow, sender_id)
            for name, value in values.items():
                setattr(conversation, name, value)
            uow.flush()
            view = ConversationView.of(conversation)
            uow.commit()
            return view

        return self._run(work)

    # --- contract -------------------------------------------------------------------------------------
    def record_contract(self, sender_id: str, text: str) -> ContractOutcome:
        """Save (or complete) this conversation's contract; later parts fill in or replace earlier ones."""
        parsed = parse_contract(text)

        def work(uow: SqlAlchemyUnitOfWork) -> ContractOutcome:
            conversation = self._conversation(uow, sender_id)
            contract = uow.contracts.for_conversation(conversation.id)
            if contract is None:
                contract = Contract(conversation=conversation, created_at=self._clock())
                uow.contracts.add(contract)
            for part in ("about", "goal", "how"):
                if getattr(parsed, part):
                    setattr(contract, part, getattr(parsed, part))
            contract.updated_at = self._clock()
            uow.flush()
            view = ContractView.of(contract)
            missing = tuple(q for part, q in _CONTRACT_QUESTIONS.items() if not getattr(contract, part))
            uow.commit()
            return ContractOutcome(contract=view, missing_questions=missing)

        return self._run(work)

    # --- agreements -------------------------------------------------------------------------------------
    def check_agreement(
        self, sender_id: str, text: str, today: date | None = None, answers: AgreementAnswers | None = None
    ) -> AgreementDraft:
        """The parsed agreement and what is missing, without saving anything."""

        def work(uow: SqlAlchemyUnitOfWork) -> AgreementDraft:
            conversation = self._conversation(uow, sender_id)
            day = today or local_date(conversation.started_at)
            return parse_agreement(text, day, conversation.next_conversation_on, answers)

        return self._run(work)

    def record_agreement(
        self,
        sender_id: str,
        text: str,
        today: date | None = None,
        answers: AgreementAnswers | None = None,
        save_anyway: bool = False,
        idempotency_key: str | None = None,
    ) -> AgreementOutcome:
        """Save the agreement when it is SMART (or ``save_anyway``); otherwise return what to ask.

        Call again with the same ``text`` and the answers collected so far. The same
        agreement in the same conversation (or the same ``idempotency_key``) is saved once.
        """

        def work(uow: SqlAlchemyUnitOfWork) -> AgreementOutcome:
            conversation = self._conversation(uow, sender_id)
            day = today or local_date(conversation.started_at)
            initial = parse_agreement(text, day, conversation.next_conversation_on)
            draft = apply_answers(initial, answers, day) if answers else initial
            existing = uow.agreements.by_idempotency_key(_idempotency_key(conversation, draft.text, idempotency_key))
            if existing is not None:
                return AgreementOutcome(draft=draft, saved=AgreementView.of(existing), duplicate=True)
            if not draft.is_complete and not save_anyway:
                return AgreementOutcome(draft=draft)
            if initial.deadline_reason is QuestionReason.NEXT_CONVERSATION_UNKNOWN and draft.deadline:
                conversation.next_conversation_on = draft.deadline
            agreement = self._new_agreement(uow, conversation, draft, idempotency_key)
            view = AgreementView.of(agreement)
            uow.commit()
            return AgreementOutcome(draft=draft, saved=view)

        return self._run(work)

    def _new_agreement(
        self, uow: SqlAlchemyUnitOfWork, conversation: Conversation, draft: AgreementDraft, explicit_key: str | None
    ) -> Agreement:
        citizen = uow.citizens.lock(conversation.citizen)
        agreement = Agreement(
            citizen_id=citizen.id,
            conversation=conversation,
            number=uow.agreements.next_number(citizen.id),
            text=draft.text,
            owner=_owner(draft.owner.value, conversation.organisation),
            action=draft.action,
            quantity=draft.quantity,
            deadline=draft.deadline,
            status="open",
            missing=[part.part.value for part in draft.missing],
            idempotency_key=_idempotency_key(conversation, draft.text, explicit_key),
            created_at=self._clock(),
            **draft.flags,
        )
        uow.agreements.add(agreement)
        uow.flush()
        return agreement

    def mark_agreement(
        self, citizen_ref: str, which: int | str, status: str | bool, note: str | None = None, *, username: str
    ) -> AgreementView:
        """Follow up: set an agreement (by number, "aftale 2", or words from its text) done / not done."""
        new_status = _status(status)
        note = clean_input(note, "noten") if note else None

        def work(uow: SqlAlchemyUnitOfWork) -> AgreementView:
            citizen = self._citizen(uow, citizen_ref, username)
            agreement = _find_agreement(uow, citizen, which)
            agreement.status = new_status
            agreement.status_note = note
            agreement.status_changed_at = self._clock()
            uow.flush()
            view = AgreementView.of(agreement)
            uow.commit()
            return view

        return self._run(work)

    # --- scaling, jobs, notes ------------------------------------------------------------------------------
    def record_scaling(self, sender_id: str, text: str) -> tuple[ScalingView, ...]:
        readings = parse_scaling(text)

        def work(uow: SqlAlchemyUnitOfWork) -> tuple[ScalingView, ...]:
            conversation = self._conversation(uow, sender_id)
            rows = [
                ScalingReading(
                    citizen_id=conversation.citizen_id,
                    conversation_id=conversation.id,
                    kind=reading.kind.value,
                    value=reading.value,
                    reason=reading.reason,
                    created_at=self._clock(),
                )
                for reading in readings
            ]
            for row in rows:
                uow.scaling.add(row)
            uow.flush()
            views = tuple(ScalingView.of(row) for row in rows)
            uow.commit()
            return views

        return self._run(work)

    def record_job(self, sender_id: str, text: str) -> JobsOutcome:
        """A, B or C job titles; a new title for a level replaces the active one (history is kept)."""
        jobs = parse_jobs(text)

        def work(uow: SqlAlchemyUnitOfWork) -> JobsOutcome:
            conversation = self._conversation(uow, sender_id)
            citizen = uow.citizens.lock(conversation.citizen)
            before = uow.jobs.active_for_citizen(citizen.id)
            previous = [before[job.level.value] for job in jobs if job.level.value in before]
            entries = [
                JobPlanEntry(
                    citizen_id=citizen.id,
                    conversation_id=conversation.id,
                    level=job.level.value,
                    title=job.title,
                    created_at=self._clock(),
                )
                for job in jobs
            ]
            for entry in entries:
                uow.jobs.add(entry)
            outcome = JobsOutcome(
                saved=tuple(JobView.of(e) for e in entries if e.active),
                replaced=tuple(JobView.of(row) for row in previous),
            )
            uow.commit()
            return outcome

        return self._run(work)

    def add_note(self, sender_id: str, text: str) -> NoteView:
        """A free note for the consultant (kept out of the citizen's exported plan)."""
        body = clean_input(text, "noten")

        def work(uow: SqlAlchemyUnitOfWork) -> NoteView:
            conversation = self._conversation(uow, sender_id)
            note = Note(
                citizen_id=conversation.citizen_id, conversation_id=conversation.id, text=body, created_at=self._clock()
            )
            uow.notes.add(note)
            uow.flush()
            view = NoteView.of(note)
            uow.commit()
            return view

        return self._run(work)

    # --- reading ------------------------------------------------------------------------------------------
    def show_plan(self, citizen_ref: str, username: str, purpose: str = "plan_read") -> PlanView:
        """The whole plan of ``username``'s team's citizen ``citizen_ref``; the read is audited.

        ``purpose`` is the audit action: ``plan_read`` (chat, page, payload) or ``plan_pdf``.
        """

        def work(uow: SqlAlchemyUnitOfWork) -> PlanView:
            citizen = self._citizen(uow, citizen_ref, username)
            view = self._plan_view(uow, citizen)
            uow.reviews.audit(username_of(username), purpose, None, f"borger #{citizen.id}")
            uow.commit()
            return view

        return self._run(work)

    def operator_plan(self, citizen_ref: str, team: str | None = None) -> PlanView:
        """The plan for the operator's export (no user): the citizen ``citizen_ref`` of ``team``.

        Without ``team`` the reference must be unique across teams; the export is audited.
        """

        def work(uow: SqlAlchemyUnitOfWork) -> PlanView:
            ref = validate_citizen_ref(citizen_ref, new=False)
            found = [c for c in uow.citizens.in_every_team(ref) if team is None or c.team == team_key(team)]
            if not found:
                raise PlanError(f"Jeg kender ingen borger med referencen »{ref}«.")
            if len(found) > 1:
                raise PlanError(f"»{ref}« findes i {len(found)} teams. Vælg teamet med --team.")
            view = self._plan_view(uow, found[0])
            uow.reviews.audit("operatør", "plan_export", None, f"borger #{found[0].id}")
            uow.commit()
            return view

        return self._run(work)

    def move_citizen(self, citizen_ref: str, to_team: str, by: str) -> str:
        """A supervisor moves their team's citizen to ``to_team``; audited. Returns the new team.

        The citizen's conversations, agreements and readings move along; from now on the other
        team's konsulenter and supervisors use the plan, and this team's no longer can.
        """
        target = team_key(to_team)
        if not target or len(target) > 60:
            raise PlanError("Skriv navnet på det team, borgeren skal flyttes til (højst 60 tegn).")

        def work(uow: SqlAlchemyUnitOfWork) -> str:
            actor = self._actor(uow, by)
            if not actor.is_supervisor:
                raise PlanError("Kun en supervisor kan flytte en borger til et andet team.")
            citizen = self._citizen(uow, citizen_ref, by)
            if citizen.team == target:
                raise PlanError(f"Borgeren hører allerede til team {target}.")
            if uow.citizens.get(citizen.ref, target) is not None:
                raise PlanError(
                    f"Team {target} har allerede en borger med referencen »{citizen.ref}«. Intet er flyttet."
                )
            uow.reviews.audit(actor.username, "citizen_moved", None, f"borger #{citizen.id} til team {target}")
            citizen.team = target
            uow.commit()
            return target

        return self._run(work)

    @staticmethod
    def _plan_view(uow: SqlAlchemyUnitOfWork, citizen: Citizen) -> PlanView:
        return PlanView(
            citizen_ref=citizen.ref,
            conversations=tuple(ConversationView.of(c) for c in uow.conversations.for_citizen(citizen.id)),
            agreements=tuple(AgreementView.of(a) for a in uow.agreements.for_citizen(citizen.id)),
            scaling=tuple(ScalingView.of(r) for r in uow.scaling.for_citizen(citizen.id)),
            job_history=tuple(JobView.of(j) for j in uow.jobs.history(citizen.id)),
            contracts=tuple(ContractView.of(c) for c in uow.contracts.for_citizen(citizen.id)),
            notes=tuple(NoteView.of(n) for n in uow.notes.for_citizen(citizen.id)),
            unemployed_since=citizen.unemployed_since,
        )

    def closing_summary(self, sender_id: str) -> ClosingSummary:
        """Step 9: the contract against what was reached, the agreements with dates, the evaluation question."""

        def work(uow: SqlAlchemyUnitOfWork) -> ClosingSummary:
            conversation = self._conversation(uow, sender_id)
            contract = uow.contracts.for_conversation(conversation.id)
            everything = uow.agreements.for_citizen(conversation.citizen_id)
            new = [a for a in everything if a.conversation_id == conversation.id]
            followed = [
                a
                for a in everything
                if a.conversation_id != conversation.id
                and a.status_changed_at
                and a.status_changed_at >= conversation.started_at
            ]
            still_open = [a for a in everything if a.conversation_id != conversation.id and a.status == "open"]
            return ClosingSummary(
                conversation=ConversationView.of(conversation),
                contract=ContractView.of(contract) if contract else None,
                new_agreements=tuple(AgreementView.of(a) for a in new),
                followed_up=tuple(AgreementView.of(a) for a in followed),
                still_open=tuple(AgreementView.of(a) for a in still_open),
                scaling=tuple(ScalingView.of(r) for r in uow.scaling.for_conversation(conversation.id)),
                jobs=tuple(JobView.of(j) for j in uow.jobs.for_conversation(conversation.id) if j.active),
                evaluation_question=EVALUATION_QUESTION,
            )

        return self._run(work)


def _owner(owner: str, organisation: str | None) -> str:
    """ "jeg sender ..." belongs to the consultant's side: the jobcentre or the a-kasse, when known."""
    return organisation if owner == "konsulent" and organisation else owner


def _organisation_of(uow: SqlAlchemyUnitOfWork, consultant: str) -> str | None:
    """The consultant's side (``python -m bot users organisation``); None for senders without a user."""
    user = uow.users.by_username(username_of(consultant))
    return user.organisation if user is not None else None


def _corrected(
    uow: SqlAlchemyUnitOfWork, conversation: Conversation, choice: CourseChoice, week: int | None
) -> CourseDecision:
    """A correction: "det er en fællessamtale" keeps a jobcentre type and only makes it joint."""
    current = load_progression().get(conversation.course_type)
    if choice.joint and not (choice.type_id or choice.jobcentre_number or choice.availability):
        if current is not None and current.kind == "jobcenter":
            return CourseDecision(current.id, True, proposed=False)
    held = [
        c.course_type
        for c in uow.conversations.for_citizen(conversation.citizen_id)
        if c.course_type and c.id != conversation.id
    ]
    return decide(choice, held, conversation.organisation, week)


def _course_view(
    conversation: Conversation, earlier: list[Conversation], decision: CourseDecision | None
) -> CourseView:
    held = [Held(c.course_type, local_date(c.started_at), c.joint) for c in earlier if c.course_type]
    previous = previous_of(conversation.course_type, held)
    progression = load_progression()
    return CourseView(
        conversation=progression.get(conversation.course_type),
        joint=bool(conversation.joint),
        proposed=bool(decision and decision.proposed),
        organisation=conversation.organisation,
        week=week_on(conversation.citizen.unemployed_since, local_date(conversation.started_at)),
        previous=progression.get(previous.type_id) if previous else None,
        previous_on=previous.on if previous else None,
        note=decision.note if decision else None,
    )


_CONTRACT_QUESTIONS = {
    "about": "Hvad skal I tale om?",
    "goal": "Hvad skal samtalen føre til?",
    "how": "Hvordan griber I det an?",
}


def _status(status: str | bool) -> str:
    if isinstance(status, bool):
        return "done" if status else "not_done"
    value = STATUS_WORDS.get(" ".join(str(status).lower().split()))
    if value is None:
        raise PlanError("Skriv, om aftalen er »gjort« eller »ikke gjort«.")
    return value


def _find_agreement(uow: SqlAlchemyUnitOfWork, citizen: Citizen, which: int | str) -> Agreement:
    number = which if isinstance(which, int) else _agreement_number(str(which))
    if number is not None:
        agreement = uow.agreements.by_number(citizen.id, number)
        if agreement is None:
            raise PlanError(f"{citizen.ref} har ingen aftale nr. {number}.")
        return agreement
    return _match_by_words(uow, citizen, clean_input(str(which), "aftalen"))


def _agreement_number(text: str) -> int | None:
    match = re.fullmatch(r"\s*(?:aftale(?:n)?\s*)?(?:nr\.?\s*)?#?(\d{1,4})\s*\.?\s*", text, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _match_by_words(uow: SqlAlchemyUnitOfWork, citizen: Citizen, words: str) -> Agreement:
    wanted = {w for w in re.findall(r"[a-z0-9]+", fold(words)) if len(w) >= 3}
    candidates = list(uow.agreements.for_citizen(citizen.id, "open")) or list(uow.agreements.for_citizen(citizen.id))
    scored = sorted(
        ((len(wanted & set(re.findall(r"[a-z0-9]+", fold(a.text)))), a) for a in candidates),
        key=lambda pair: (-pair[0], pair[1].number),
    )
    best = [a for score, a in scored if score and score == scored[0][0]]
    if not best:
        raise PlanError(
            f"Jeg kan ikke finde en aftale, der passer til »{words}«. Skriv nummeret, fx »aftale 2 er gjort«."
        )
    if len(best) > 1:
        listed = "; ".join(f"nr. {a.number}: {a.text}" for a in best[:4])
        raise PlanError(f"Flere aftaler passer – hvilken mener du? {listed}")
    return best[0]


def _retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    code = getattr(getattr(error, "orig", None), "pgcode", None)
    return code in _RETRYABLE_PG_CODES or "database is locked" in str(error).lower()


def _schema_missing(error: DBAPIError) -> bool:
    code = getattr(getattr(error, "orig", None), "pgcode", None)
    return code == "42P01" or bool(_SCHEMA_MISSING.search(str(getattr(error, "orig", error))))


@lru_cache(maxsize=1)
def get_plan_service() -> PlanService:
    """The service on the configured database (settings.database_url), for the Rasa actions."""
    return PlanService()
