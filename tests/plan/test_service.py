"""The plan services end to end on a real (SQLite) store."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot.plan import render
from bot.plan.agreements import AgreementAnswers
from bot.plan.errors import PlanError
from bot.plan.service import EVALUATION_QUESTION, PlanService
from bot.store.repositories.plan import JobPlanRepository
from bot.store.tables.plan import Agreement, Citizen, Contract, Conversation, JobPlanEntry, Note, ScalingReading
from bot.store.uow import SqlAlchemyUnitOfWork

from .conftest import START

YES = AgreementAnswers(accepted="ja", realistic="ja")
WEDNESDAY = date(2025, 11, 19)
NEXT_WEDNESDAY = date(2025, 11, 26)


def count(uow_factory, model) -> int:
    with uow_factory() as uow:
        return uow.session.execute(select(func.count()).select_from(model)).scalar_one()


def rows(uow_factory, model):
    """Loaded rows, detached so they can be read after the unit of work has closed."""
    with uow_factory() as uow:
        loaded = uow.session.execute(select(model).order_by(model.id)).scalars().all()
        uow.session.expunge_all()
        return loaded


def start(service, sender="s1", ref="B-12", **kwargs):
    return service.start_conversation(sender, "kons-7", ref, kwargs.pop("topic", "jobsøgning"), 45, START, **kwargs)


def first_conversation(service, clock):
    """The issue's scenario: a contract, three agreements (one answered in the follow-up),
    two scaling readings and an A and a B job."""
    start(service)
    service.record_contract(
        "s1", "kontrakt: vi taler om jobsøgning, målet er tre nye brancher, vi gør det ved at bruge ABC-planen"
    )
    clock.advance(minutes=10)
    first = service.record_agreement("s1", "aftale: Stine sender tre uopfordrede ansøgninger inden fredag", answers=YES)
    asked = service.record_agreement("s1", "borgeren ringer til 2 vikarbureauer", answers=YES)
    answered = service.record_agreement(
        "s1",
        "borgeren ringer til 2 vikarbureauer",
        answers=AgreementAnswers(deadline="i næste uge", accepted="ja", realistic="ja"),
    )
    third = service.record_agreement("s1", "jeg (konsulenten) finder tre praktiksteder til mandag", answers=YES)
    service.record_scaling("s1", "vigtighed 4 fordi hun savner kollegaer")
    service.record_scaling("s1", "tro 6")
    service.record_job("s1", "A-job: pædagogmedhjælper")
    service.record_job("s1", "b job lagerarbejder")
    clock.advance(minutes=30)
    service.end_conversation("s1", clock())
    return first, asked, answered, third


def test_first_conversation_leaves_exactly_those_records(service, clock, uow_factory):
    first, asked, answered, third = first_conversation(service, clock)
    assert asked.saved is None and asked.question == "Hvornår skal det være gjort?"
    assert (first.saved.number, answered.saved.number, third.saved.number) == (1, 2, 3)
    counts = {
        m.__tablename__: count(uow_factory, m)
        for m in (Citizen, Conversation, Contract, Agreement, ScalingReading, JobPlanEntry, Note)
    }
    assert counts == {
        "citizen": 1,
        "conversation": 1,
        "contract": 1,
        "agreement": 3,
        "scaling_reading": 2,
        "job_plan_entry": 2,
        "note": 0,
    }
    agreements = rows(uow_factory, Agreement)
    assert [(a.owner, a.quantity, a.deadline, a.status) for a in agreements] == [
        ("borger", 3, date(2025, 11, 21), "open"),
        ("borger", 2, date(2025, 11, 28), "open"),
        ("konsulent", 3, date(2025, 11, 24), "open"),
    ]
    assert all(a.missing == [] and a.accepted and a.realistic for a in agreements)
    assert agreements[0].created_at == datetime(2025, 11, 19, 9, 10, tzinfo=UTC)
    conversation = rows(uow_factory, Conversation)[0]
    assert conversation.ended_at == datetime(2025, 11, 19, 9, 40, tzinfo=UTC)
    assert [(r.kind, r.value, r.reason) for r in rows(uow_factory, ScalingReading)] == [
        ("importance", 4, "hun savner kollegaer"),
        ("confidence", 6, None),
    ]


def test_next_conversation_opens_with_what_was_agreed(service, clock):
    first_conversation(service, clock)
    clock.now = datetime(2025, 11, 26, 9, 0, tzinfo=UTC)
    opening = service.start_conversation("s2", "kons-7", "b-12", None, 30, clock())
    assert not opening.is_new_citizen and not opening.resumed
    assert opening.conversation.number_in_course == 2
    assert [a.number for a in opening.open_agreements] == [1, 2, 3]
    assert {k: v.value for k, v in opening.latest_scaling.items()} == {"importance": 4, "confidence": 6}
    assert {k: v.title for k, v in opening.job_plan.items()} == {"A": "pædagogmedhjælper", "B": "lagerarbejder"}
    assert opening.last_contract.goal == "tre nye brancher"
    assert opening.course_step.jobcentre_number == 2
    text = render.render_opening(opening, NEXT_WEDNESDAY)
    assert "Samtale nr. 2 med B-12." in text
    assert (
        "1. B-12: sender tre uopfordrede ansøgninger – senest fredag d. 21. november (åben, fristen er overskredet)"
        in text
    )
    assert (
        "3. Konsulenten: finder tre praktiksteder – senest mandag d. 24. november (åben, fristen er overskredet)"
        in text
    )
    assert "ABC-jobplan: A-job: pædagogmedhjælper, B-job: lagerarbejder" in text
    assert "\n\n" not in text


def test_a_new_citizen_opens_with_the_first_course_conversation(service):
    opening = start(service)
    assert opening.is_new_citizen and opening.conversation.number_in_course == 1
    assert opening.open_agreements == () and opening.last_contract is None
    text = render.render_opening(opening, WEDNESDAY)
    assert "B-12 er ny her" in text and "1. samtale i jobcentret" in text


def test_starting_again_is_idempotent_but_not_with_another_citizen(service, uow_factory):
    start(service)
    again = start(service)
    assert again.resumed and count(uow_factory, Conversation) == 1
    with pytest.raises(PlanError, match="allerede i gang med »B-12«"):
        start(service, ref="K-7")


def test_number_in_the_store_and_the_course_type_are_separate(service):
    opening = start(service, number_in_course=3)
    assert opening.conversation.number_in_course == 3 and opening.conversation.course_type == "jobcenter_1"
    corrected = service.set_course_number("s1", 4)
    assert corrected.conversation.course_type == "jobcenter_4" and corrected.conversation.number_in_course == 3
    assert start(service, sender="s2").conversation.course_type == "jobcenter_5"
    for wrong in (0, 7):
        with pytest.raises(PlanError, match="6 samtaler i jobcentret"):
            service.set_course_number("s1", wrong)


@pytest.mark.parametrize("ref", ["010190-1234", "0101901234", "Stine 010190 1234"])
def test_cpr_numbers_are_never_stored(service, uow_factory, ref):
    with pytest.raises(PlanError, match="CPR"):
        start(service, ref=ref)
    assert count(uow_factory, Citizen) == 0


@pytest.mark.parametrize("ref", ["", "x" * 41, "<script>", "Stine;DROP"])
def test_bad_references(service, ref):
    with pytest.raises(PlanError):
        start(service, ref=ref)


def test_unknown_conversation_and_citizen(service):
    with pytest.raises(PlanError, match="Jeg kender ikke den samtale"):
        service.record_agreement("nope", "Stine sender tre ansøgninger i dag")
    with pytest.raises(PlanError, match="ingen borger med referencen »Ahmed«"):
        service.show_plan("Ahmed", "kons-7")


def test_incomplete_agreement_is_not_saved_until_answered_or_saved_anyway(service, uow_factory):
    start(service)
    outcome = service.record_agreement("s1", "a-kassen vurderer cv'et")
    assert outcome.saved is None and [m.part.value for m in outcome.missing] == ["time_bound", "accepted", "realistic"]
    assert count(uow_factory, Agreement) == 0
    assert "Før jeg gemmer: Hvornår skal det være gjort?" in render.render_agreement_outcome(outcome, WEDNESDAY, "B-12")
    saved = service.record_agreement("s1", "a-kassen vurderer cv'et", save_anyway=True)
    assert saved.saved.missing == ("time_bound", "accepted", "realistic")
    stored = rows(uow_factory, Agreement)[0]
    assert (stored.time_bound, stored.accepted, stored.realistic, stored.missing) == (
        False,
        None,
        None,
        ["time_bound", "accepted", "realistic"],
    )
    assert "Gemt uden: en frist" in render.render_agreement_outcome(saved, WEDNESDAY, "B-12")


def test_a_retried_action_does_not_duplicate(service, uow_factory):
    start(service)
    text = "Stine sender tre ansøgninger inden fredag"
    first = service.record_agreement("s1", text, answers=YES)
    again = service.record_agreement("s1", text, answers=YES)
    assert again.duplicate and again.saved.number == first.saved.number
    keyed = [
        service.record_agreement("s1", "Stine ringer til Netto i dag", answers=YES, idempotency_key="msg-42")
        for _ in range(3)
    ]
    assert [k.duplicate for k in keyed] == [False, True, True]
    assert count(uow_factory, Agreement) == 2
    assert "allerede som nr. 1" in render.render_agreement_outcome(again, WEDNESDAY)


def test_next_conversation_date_is_learned_from_the_answer(service, uow_factory):
    start(service)
    text = "Stine sender tre ansøgninger inden næste samtale"
    assert service.record_agreement("s1", text, answers=YES).question == "Hvornår er næste samtale?"
    saved = service.record_agreement(
        "s1", text, answers=AgreementAnswers(deadline="d. 3/12", accepted="ja", realistic="ja")
    )
    assert saved.saved.deadline == date(2025, 12, 3)
    assert rows(uow_factory, Conversation)[0].next_conversation_on == date(2025, 12, 3)
    later = service.record_agreement("s1", "Stine ringer til Netto inden næste samtale", answers=YES)
    assert later.saved.deadline == date(2025, 12, 3)


def test_set_next_conversation_from_text(service):
    start(service)
    assert service.set_next_conversation("s1", "om to uger").next_conversation_on == date(2025, 12, 3)
    assert service.set_next_conversation("s1", date(2025, 12, 10)).next_conversation_on == date(2025, 12, 10)
    with pytest.raises(PlanError, match="snart"):
        service.set_next_conversation("s1", "snart")


def test_today_is_the_conversations_danish_date(service):
    service.start_conversation("late", "k", "B-12", None, 45, datetime(2025, 11, 19, 23, 30, tzinfo=UTC))
    saved = service.record_agreement("late", "Stine sender en ansøgning i morgen", answers=YES)
    assert saved.saved.deadline == date(2025, 11, 21)  # it was already Thursday in Denmark


def test_rasa_timestamps_are_accepted(service):
    opening = service.start_conversation("ts", "k", "B-12", None, 45, START.timestamp())
    assert opening.conversation.started_at == START


def test_mark_agreements(service, clock):
    first_conversation(service, clock)
    clock.now = datetime(2025, 11, 26, 9, 0, tzinfo=UTC)
    service.start_conversation("s2", "kons-7", "B-12", None, 30, clock())
    clock.advance(minutes=5)
    done = service.mark_agreement("b-12", 1, "gjort", "tre sendt, et svar", username="kons-7")
    assert (done.status, done.status_note) == ("done", "tre sendt, et svar")
    assert service.mark_agreement("B-12", "aftale 3", False, username="kons-7").status == "not_done"
    assert service.mark_agreement("B-12", "vikarbureauer", True, username="kons-7").number == 2
    with pytest.raises(PlanError, match="ingen aftale nr. 9"):
        service.mark_agreement("B-12", 9, "gjort", username="kons-7")
    with pytest.raises(PlanError, match="Skriv, om aftalen"):
        service.mark_agreement("B-12", 1, "måske", username="kons-7")
    with pytest.raises(PlanError, match="kan ikke finde"):
        service.mark_agreement("B-12", "cykeltur", "gjort", username="kons-7")
    text = render.render_marked(done, NEXT_WEDNESDAY, "B-12")
    assert text.startswith("Aftale 1 er sat til »gjort«.")


def test_mark_by_words_that_fit_several_asks_which(service):
    start(service)
    service.record_agreement("s1", "Stine ringer til Netto i dag", answers=YES)
    service.record_agreement("s1", "Stine ringer til Føtex i dag", answers=YES)
    with pytest.raises(PlanError, match="Flere aftaler passer"):
        service.mark_agreement("B-12", "ringer", "gjort", username="kons-7")
    assert service.mark_agreement("B-12", "føtex", "gjort", username="kons-7").number == 2


def test_jobs_replace_the_active_one_and_keep_history(service, clock):
    start(service)
    service.record_job("s1", "A-job: pædagogmedhjælper, B-job: lager")
    clock.advance(minutes=1)
    outcome = service.record_job("s1", "A: butiksassistent")
    assert [(j.level, j.title) for j in outcome.replaced] == [("A", "pædagogmedhjælper")]
    assert "(Før: A-job pædagogmedhjælper – gemt i historikken)" in render.render_jobs(outcome)
    plan = service.show_plan("B-12", "kons-7")
    assert {k: v.title for k, v in plan.job_plan.items()} == {"A": "butiksassistent", "B": "lager"}
    assert [(j.title, j.active) for j in plan.job_history] == [
        ("pædagogmedhjælper", False),
        ("lager", True),
        ("butiksassistent", True),
    ]


def test_contract_is_completed_in_steps(service):
    start(service)
    first = service.record_contract("s1", "kontrakt: vi taler om cv'et")
    assert first.missing_questions == ("Hvad skal samtalen føre til?", "Hvordan griber I det an?")
    second = service.record_contract("s1", "kontrakt: målet er et cv, der er klar til at sende")
    assert (second.contract.about, second.contract.goal) == ("cv'et", "et cv, der er klar til at sende")
    assert "Kontrakten er gemt: I taler om cv'et, målet er et cv, der er klar til at sende." in render.render_contract(
        second
    )


def test_notes_are_kept_for_the_consultant(service, uow_factory):
    start(service)
    assert (
        service.add_note("s1", "Hun vil gerne have hjælp til LinkedIn").text == "Hun vil gerne have hjælp til LinkedIn"
    )
    assert [n.text for n in service.show_plan("B-12", "kons-7").notes] == ["Hun vil gerne have hjælp til LinkedIn"]
    with pytest.raises(PlanError, match="CPR"):
        service.add_note("s1", "cpr 010190-1234")
    assert count(uow_factory, Note) == 1


def test_show_plan(service, clock):
    first_conversation(service, clock)
    plan = service.show_plan("b-12", "kons-7")
    assert plan.citizen_ref == "B-12" and len(plan.agreements) == 3 and len(plan.contracts) == 1
    text = render.render_plan(plan, WEDNESDAY)
    assert text.startswith("Plan for B-12")
    assert "2. B-12: ringer til 2 vikarbureauer – senest fredag d. 28. november (åben)" in text
    assert "Seneste skalering: vigtighed 4/10 – hun savner kollegaer" in text
    assert "\n\n" not in text


def test_closing_summary(service, clock):
    first_conversation(service, clock)
    summary = service.closing_summary("s1")
    assert summary.contract.about == "jobsøgning"
    assert [a.number for a in summary.new_agreements] == [1, 2, 3]
    assert [a.deadline for a in summary.new_agreements] == [date(2025, 11, 21), date(2025, 11, 28), date(2025, 11, 24)]
    assert [(r.kind, r.value) for r in summary.scaling] == [("importance", 4), ("confidence", 6)]
    assert summary.evaluation_question == EVALUATION_QUESTION
    text = render.render_closing(summary, WEDNESDAY)
    assert "Kontrakten: I taler om jobsøgning, målet er tre nye brancher" in text
    assert "1. B-12: sender tre uopfordrede ansøgninger – senest fredag d. 21. november (åben)" in text
    assert text.endswith(EVALUATION_QUESTION)
    assert "\n\n" not in text


def test_closing_summary_of_a_follow_up_conversation(service, clock):
    first_conversation(service, clock)
    clock.now = datetime(2025, 11, 26, 9, 0, tzinfo=UTC)
    service.start_conversation("s2", "kons-7", "B-12", None, 30, clock())
    clock.advance(minutes=5)
    service.mark_agreement("B-12", 1, "gjort", username="kons-7")
    summary = service.closing_summary("s2")
    assert [a.number for a in summary.followed_up] == [1]
    assert [a.number for a in summary.still_open] == [2, 3]
    assert summary.new_agreements == () and summary.contract is None
    assert "Ingen nye aftaler" in render.render_closing(summary, NEXT_WEDNESDAY)


# --- nothing half-written -------------------------------------------------------------------------------
def test_a_failure_half_way_leaves_the_store_unchanged(service, uow_factory, monkeypatch):
    start(service)
    original = JobPlanRepository.add
    calls = []

    def fail_on_second(self, entry):
        calls.append(entry)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        original(self, entry)

    monkeypatch.setattr(JobPlanRepository, "add", fail_on_second)
    with pytest.raises(PlanError, match="intet er ændret"):
        service.record_job("s1", "A-job: kok, B-job: tjener")
    assert count(uow_factory, JobPlanEntry) == 0


def test_a_database_error_becomes_a_danish_message(uow_factory, monkeypatch, clock):
    service = PlanService(uow_factory, clock=clock, retries=2)
    start(service)

    def broken_flush(self):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(SqlAlchemyUnitOfWork, "flush", broken_flush)
    with pytest.raises(PlanError, match="intet er ændret"):
        service.record_scaling("s1", "tro 6")
    monkeypatch.undo()
    assert count(uow_factory, ScalingReading) == 0


def test_missing_schema_says_how_to_fix_it(tmp_path):
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=f"sqlite:///{tmp_path / 'empty.db'}"))
    with pytest.raises(PlanError, match="python -m bot db upgrade"):
        service.show_plan("B-12", "kons-7")


def test_a_no_from_the_citizen_is_shown_and_kept_when_saved_anyway(service, uow_factory):
    start(service)
    text = "Stine sender ti ansøgninger i morgen"
    outcome = service.record_agreement("s1", text, answers=AgreementAnswers(accepted="ja", realistic="nej"))
    assert outcome.saved is None and outcome.question is None and outcome.next_part is None
    rendered = render.render_agreement_outcome(outcome, WEDNESDAY, "B-12")
    assert "Borgeren tror ikke på, at det kan nås." in rendered and "Før jeg gemmer" not in rendered
    saved = service.record_agreement(
        "s1", text, answers=AgreementAnswers(accepted="ja", realistic="nej"), save_anyway=True
    )
    assert saved.saved.smart["realistic"] is False and saved.saved.missing == ("realistic",)
    assert rows(uow_factory, Agreement)[0].realistic is False


def test_follow_up_loop_as_the_rasa_side_would_run_it(service):
    """Ask one question at a time, put each answer into AgreementAnswers, call again."""
    start(service)
    text = "jeg (konsulenten) finder praktiksteder"
    answers: dict[str, str] = {}
    replies = {"measurable": "tre", "time_bound": "inden for 8 dage", "accepted": "ja", "realistic": "det tror hun"}
    field_for = {
        "specific": "action",
        "measurable": "measure",
        "time_bound": "deadline",
        "accepted": "accepted",
        "realistic": "realistic",
    }
    asked = []
    for _ in range(6):
        outcome = service.record_agreement("s1", text, answers=AgreementAnswers(**answers))
        if outcome.saved:
            break
        asked.append(outcome.question)
        answers[field_for[outcome.next_part.value]] = replies[outcome.next_part.value]
    assert asked == [
        "Hvor mange – eller hvordan ser I, at det er gjort?",
        "Hvornår skal det være gjort?",
        "Er borgeren med på aftalen?",
        "Tror borgeren på, at det kan nås?",
    ]
    assert (outcome.saved.owner, outcome.saved.quantity, outcome.saved.deadline) == ("konsulent", 3, date(2025, 11, 27))


# --- the access policy through the service (bot.users.access) ------------------------------------------
NO_SUCH = "Jeg kender ingen borger med referencen »B-12« i dit team."


def test_another_team_sees_nothing_of_a_citizen_not_even_that_it_exists(service, clock):
    service.start_conversation("mette:a:1", "mette", "B-12", None, 45, clock())
    service.record_agreement("mette:a:1", "aftale: hun sender tre ansøgninger inden fredag", save_anyway=True)
    with pytest.raises(PlanError) as nord_only:
        service.show_plan("B-12", "sune")
    with pytest.raises(PlanError) as nobody:
        service.show_plan("B-13", "sune")
    assert nord_only.value.message == NO_SUCH
    assert nobody.value.message == NO_SUCH.replace("B-12", "B-13")  # the same answer as for no one at all
    with pytest.raises(PlanError):
        service.mark_agreement("B-12", 1, "ikke gjort", username="sune")
    assert service.show_plan("B-12", "sara").agreements[0].status == "open"  # Nord's supervisor sees it, unchanged


def test_another_teams_reference_is_another_citizen(service, clock):
    service.start_conversation("mette:a:1", "mette", "B-12", None, 45, clock())
    service.record_agreement("mette:a:1", "aftale: hun sender tre ansøgninger inden fredag", save_anyway=True)
    opening = service.start_conversation("sune:b:1", "sune", "B-12", None, 45, clock())
    assert opening.is_new_citizen and opening.open_agreements == ()
    assert service.show_plan("B-12", "sune").agreements == ()
    assert len(service.show_plan("B-12", "mette").agreements) == 1


@pytest.mark.parametrize(("user", "reason"), [("emil", "Som elev"), ("nobody", "med en bruger i Samtaleguide")])
def test_trainees_and_strangers_use_no_plans(service, clock, user, reason):
    service.start_conversation("mette:a:1", "mette", "B-12", None, 45, clock())
    for attempt in (
        lambda: service.start_conversation(f"{user}:x:1", user, "B-12", None, 45, clock()),
        lambda: service.start_conversation(f"{user}:x:2", user, "B-99", None, 45, clock()),
        lambda: service.show_plan("B-12", user),
        lambda: service.mark_agreement("B-12", 1, "gjort", username=user),
    ):
        with pytest.raises(PlanError) as refused:
            attempt()
        assert reason in refused.value.message and "B-12" not in refused.value.message


def test_a_supervisor_moves_a_citizen_and_the_old_team_loses_it(service, clock):
    service.start_conversation("mette:a:1", "mette", "B-12", None, 45, clock())
    with pytest.raises(PlanError, match="Kun en supervisor"):
        service.move_citizen("B-12", "Syd", "mette")
    assert service.move_citizen("B-12", "Syd", "sara") == "Syd"
    with pytest.raises(PlanError, match="hører ikke \\(længere\\) til dit team"):
        service.record_contract("mette:a:1", "kontrakt: vi taler om cv")  # her running conversation too
    with pytest.raises(PlanError):
        service.show_plan("B-12", "mette")
    assert service.show_plan("B-12", "sune").citizen_ref == "B-12"


def test_a_move_never_merges_two_citizens(service, clock):
    service.start_conversation("mette:a:1", "mette", "B-12", None, 45, clock())
    service.start_conversation("sune:b:1", "sune", "B-12", None, 45, clock())
    with pytest.raises(PlanError, match="har allerede en borger"):
        service.move_citizen("B-12", "Syd", "sara")


def test_reads_and_moves_are_audited_without_the_reference(service, clock, uow_factory):
    service.start_conversation("mette:a:1", "mette", "B-12", None, 45, clock())
    service.show_plan("B-12", "mette")
    service.show_plan("B-12", "sara", "plan_pdf")
    service.move_citizen("B-12", "Syd", "sara")
    with uow_factory() as uow:
        entries = [(e.username, e.action, e.detail) for e in reversed(uow.reviews.audit_entries())]
    assert [(u, a) for u, a, _ in entries] == [("mette", "plan_read"), ("sara", "plan_pdf"), ("sara", "citizen_moved")]
    assert all("B-12" not in (detail or "") and "borger #" in detail for _, _, detail in entries)


def test_the_operator_export_asks_for_the_team_when_a_reference_is_in_two(service, clock):
    service.start_conversation("mette:a:1", "mette", "B-12", None, 45, clock())
    service.start_conversation("sune:b:1", "sune", "B-12", None, 45, clock())
    with pytest.raises(PlanError, match="findes i 2 teams"):
        service.operator_plan("B-12")
    assert service.operator_plan("B-12", "Syd").citizen_ref == "B-12"
    with pytest.raises(PlanError, match="ingen borger"):
        service.operator_plan("B-12", "Vest")
