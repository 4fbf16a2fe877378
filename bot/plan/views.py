"""Plain, immutable results of the plan services (no ORM objects leave a unit of work)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.plan.agreements import AgreementDraft, MissingPart, SmartPart
from bot.plan.deadlines import local_date
from bot.plan.progression import CourseConversation, Held, load_progression
from bot.store.tables.plan import Agreement, Contract, Conversation, JobPlanEntry, Note, ScalingReading

SMART_PARTS = ("specific", "measurable", "time_bound", "accepted", "realistic")


@dataclass(frozen=True)
class ConversationView:
    external_id: str
    consultant_id: str
    citizen_ref: str
    topic: str | None
    booked_min: int | None
    started_at: datetime
    ended_at: datetime | None
    number_in_course: int
    next_conversation_on: date | None
    course_type: str | None = None  # the progression model's id ("jobcenter_3", "cv_samtale")
    joint: bool = False  # a fællessamtale: the a-kasse takes part
    organisation: str | None = None  # jobcenter | a-kasse: the consultant's side

    @property
    def course(self) -> CourseConversation | None:
        return load_progression().get(self.course_type)

    @classmethod
    def of(cls, row: Conversation) -> ConversationView:
        return cls(
            external_id=row.external_id,
            consultant_id=row.consultant_id,
            citizen_ref=row.citizen.ref,
            topic=row.topic,
            booked_min=row.booked_min,
            started_at=row.started_at,
            ended_at=row.ended_at,
            number_in_course=row.number_in_course,
            next_conversation_on=row.next_conversation_on,
            course_type=row.course_type,
            joint=bool(row.joint),
            organisation=row.organisation,
        )


@dataclass(frozen=True)
class AgreementView:
    number: int
    text: str
    owner: str
    action: str | None
    quantity: int | None
    deadline: date | None
    status: str
    status_note: str | None
    smart: dict[str, bool | None]
    missing: tuple[str, ...]
    created_at: datetime
    status_changed_at: datetime | None = None
    conversation_number: int | None = None

    @classmethod
    def of(cls, row: Agreement) -> AgreementView:
        return cls(
            number=row.number,
            text=row.text,
            owner=row.owner,
            action=row.action,
            quantity=row.quantity,
            deadline=row.deadline,
            status=row.status,
            status_note=row.status_note,
            smart={part: getattr(row, part) for part in SMART_PARTS},
            missing=tuple(row.missing or ()),
            created_at=row.created_at,
            status_changed_at=row.status_changed_at,
            conversation_number=row.conversation.number_in_course if row.conversation else None,
        )

    def is_overdue(self, today: date) -> bool:
        return self.status == "open" and self.deadline is not None and self.deadline < today


@dataclass(frozen=True)
class ScalingView:
    kind: str
    value: int
    reason: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: ScalingReading) -> ScalingView:
        return cls(kind=row.kind, value=row.value, reason=row.reason, created_at=row.created_at)


@dataclass(frozen=True)
class JobView:
    level: str
    title: str
    created_at: datetime
    active: bool

    @classmethod
    def of(cls, row: JobPlanEntry) -> JobView:
        return cls(level=row.level, title=row.title, created_at=row.created_at, active=row.active)


@dataclass(frozen=True)
class ContractView:
    conversation_number: int
    conversation_date: datetime
    about: str | None
    goal: str | None
    how: str | None

    @classmethod
    def of(cls, row: Contract) -> ContractView:
        return cls(
            conversation_number=row.conversation.number_in_course,
            conversation_date=row.conversation.started_at,
            about=row.about,
            goal=row.goal,
            how=row.how,
        )


@dataclass(frozen=True)
class NoteView:
    text: str
    created_at: datetime

    @classmethod
    def of(cls, row: Note) -> NoteView:
        return cls(text=row.text, created_at=row.created_at)


@dataclass(frozen=True)
class CourseView:
    """This conversation's place in the course: its type, the week, and what came before."""

    conversation: CourseConversation | None  # the model conversation (None: the model has no more)
    joint: bool
    proposed: bool  # the guide chose the type from the course; the consultant did not say it
    organisation: str | None
    week: int | None  # the week of unemployment on the day of the conversation
    previous: CourseConversation | None = None  # the last one on the same side: its homework is due now
    previous_on: date | None = None
    note: str | None = None  # why the guide could not take what was said ("the model has six ...")

    @property
    def due(self) -> tuple[CourseConversation, ...]:
        return load_progression().due_in_week(self.week) if self.week else ()


@dataclass(frozen=True)
class Opening:
    """What the assistant says when a conversation starts (or at step 2, preparation)."""

    conversation: ConversationView
    is_new_citizen: bool
    resumed: bool  # the conversation already existed (a retried or repeated start)
    open_agreements: tuple[AgreementView, ...]
    latest_scaling: dict[str, ScalingView]
    job_plan: dict[str, JobView]
    last_contract: ContractView | None
    course: CourseView | None = None
    last_conversation: ConversationView | None = None  # the one before this, on either side
    last_agreements: tuple[AgreementView, ...] = ()  # what was agreed then, whatever its status now

    @property
    def course_step(self) -> CourseConversation | None:
        return self.course.conversation if self.course else None


@dataclass(frozen=True)
class AgreementOutcome:
    """Either ``saved`` (possibly with missing parts, when saved anyway) or the questions to ask."""

    draft: AgreementDraft
    saved: AgreementView | None = None
    duplicate: bool = False  # the same agreement was already saved (a retried action)

    @property
    def missing(self) -> tuple[MissingPart, ...]:
        return self.draft.missing

    @property
    def question(self) -> str | None:
        return None if self.saved else self.draft.next_question

    @property
    def next_part(self) -> SmartPart | None:
        return None if self.saved else self.draft.next_part


@dataclass(frozen=True)
class ContractOutcome:
    contract: ContractView
    missing_questions: tuple[str, ...]


@dataclass(frozen=True)
class JobsOutcome:
    saved: tuple[JobView, ...]
    replaced: tuple[JobView, ...]  # the titles that were active before, now history


@dataclass(frozen=True)
class PlanView:
    citizen_ref: str
    conversations: tuple[ConversationView, ...]
    agreements: tuple[AgreementView, ...]
    scaling: tuple[ScalingView, ...]
    job_history: tuple[JobView, ...]
    contracts: tuple[ContractView, ...]
    notes: tuple[NoteView, ...] = field(default=())
    unemployed_since: date | None = None

    @property
    def held(self) -> tuple[Held, ...]:
        """The conversations with a type, as the course timeline reads them."""
        return tuple(
            Held(c.course_type, local_date(c.started_at), c.joint) for c in self.conversations if c.course_type
        )

    @property
    def open_agreements(self) -> tuple[AgreementView, ...]:
        return tuple(a for a in self.agreements if a.status == "open")

    @property
    def latest_scaling(self) -> dict[str, ScalingView]:
        latest: dict[str, ScalingView] = {}
        for reading in self.scaling:
            latest[reading.kind] = reading
        return latest

    @property
    def job_plan(self) -> dict[str, JobView]:
        return {job.level: job for job in self.job_history if job.active}


@dataclass(frozen=True)
class ClosingSummary:
    conversation: ConversationView
    contract: ContractView | None
    new_agreements: tuple[AgreementView, ...]
    followed_up: tuple[AgreementView, ...]  # status set during this conversation
    still_open: tuple[AgreementView, ...]  # open agreements from earlier conversations
    scaling: tuple[ScalingView, ...]
    jobs: tuple[JobView, ...]
    evaluation_question: str
