"""The course in the plan store: types proposed and corrected, weeks, joint conversations, owners."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.plan import render
from bot.plan.agreements import AgreementAnswers
from bot.plan.course_phrases import CourseChoice, parse_course_choice
from bot.plan.course_render import course_payload, render_course_lines
from bot.plan.errors import PlanError
from bot.users.accounts import create_user

from .conftest import START

YES = AgreementAnswers(accepted="ja", realistic="ja")
TODAY = date(2025, 11, 19)


def start(service, sender, consultant="kons-7", ref="B-12", when=START, text=None):
    course = parse_course_choice(text) if text else None
    return service.start_conversation(sender, consultant, ref, None, 45, when, course=course)


def later(weeks: int) -> datetime:
    return START + timedelta(weeks=weeks)


@pytest.fixture
def a_kasse_consultant(plan_db):
    return create_user(
        "ulla", "konsulent", "rigtig-hemmelig-42", team="Nord", url=plan_db, organisation="a-kasse"
    ).username


@pytest.fixture
def jobcentre_consultant(plan_db):
    return create_user(
        "jonas", "konsulent", "rigtig-hemmelig-42", team="Nord", url=plan_db, organisation="jobcenter"
    ).username


def test_an_a_kasse_consultant_is_proposed_the_a_kasse_course(service, a_kasse_consultant):
    first = start(service, "a1", consultant=a_kasse_consultant)
    assert first.course.conversation.id == "cv_samtale" and first.course.proposed
    assert first.conversation.organisation == "a-kasse"
    second = start(service, "a2", consultant=a_kasse_consultant, when=later(4))
    assert second.course.conversation.id == "raadighed_1"
    text = "\n".join(render_course_lines(first.course, TODAY))
    assert "Samtaletype: CV-samtalen (foreslået ud fra forløbet – ret med »det er cv-samtalen«" in text
    assert "Godkend" not in text and "Kilde: Progression i samtaleforløbet med dagpengemodtagere (s. 28-30)" in text


def test_the_jobcentre_course_follows_the_jobcentre_conversations_only(
    service, a_kasse_consultant, jobcentre_consultant
):
    start(service, "a1", consultant=a_kasse_consultant)  # the CV conversation in the a-kasse
    first = start(service, "j1", consultant=jobcentre_consultant, when=later(1))
    assert first.course.conversation.id == "jobcenter_1" and first.conversation.number_in_course == 2
    second = start(service, "j2", consultant=jobcentre_consultant, when=later(5))
    assert second.course.conversation.id == "jobcenter_2"
    assert second.course.previous.id == "jobcenter_1"  # the homework to follow up is the jobcentre's


def test_the_third_jobcentre_conversation_shows_what_is_due_and_what_was_agreed_last_time(service, clock):
    start(service, "j1", text="1. samtale med B-12")
    clock.now = later(5)
    start(service, "j2", when=later(5), text="2. samtale med B-12 i 8. ledighedsuge")
    service.record_agreement("j2", "aftale: hun sender tre uopfordrede ansøgninger inden fredag", answers=YES)
    service.record_agreement("j2", "jobcentret finder to praktiksteder inden fredag", answers=YES)
    service.mark_agreement("B-12", 1, "gjort", username="kons-7")
    third = start(service, "j3", when=later(9))
    assert third.course.conversation.id == "jobcenter_3" and third.course.proposed
    assert third.course.week == 12 and "jobcenter_3" in [c.id for c in third.course.due]
    assert [a.number for a in third.last_agreements] == [1, 2]
    text = render.render_opening(third, TODAY + timedelta(weeks=8))
    assert "Aftalt sidst (samtale nr. 2, 2. samtale i jobcentret," in text
    assert "1. B-12: sender tre uopfordrede ansøgninger" in text and "(gjort)" in text
    assert "2. Jobcentret: finder to praktiksteder" in text
    assert "Borgeren er i 12. ledighedsuge – i modellen er det tid til:" in text and "3. samtale i jobcentret" in text
    assert "Følg op på hjemmeopgaven fra 2. samtale i jobcentret" in text
    assert "Gør C-jobbet i ABC-planen konkret." in text  # homework of the 2nd, followed up in the 3rd
    assert "Følg op på jobsøgningen ud fra jobloggen – konkrete ansøgninger og CV." in text  # focus of the 3rd
    assert "\n\n" not in text


def test_a_joint_conversation_has_its_agenda_roles_and_plan(service, a_kasse_consultant):
    opening = start(service, "f1", consultant=a_kasse_consultant, text="ny fællessamtale med B-12")
    assert opening.course.conversation.id == "jobcenter_1" and opening.course.joint
    assert not opening.course.proposed
    text = "\n".join(render_course_lines(opening.course, TODAY))
    assert "Samtaletype: 1. samtale i jobcentret – fællessamtale med a-kassen." in text
    assert "☐ 1. Baggrund:" in text and "☐ 5. Nye aftaler:" in text
    assert "- A-kassen (dig):" in text.split("Hvem bidrager med hvad:")[1].split("\n")[1]  # her own role first
    assert "Den fælles plan skal rumme:" in text and "Aftal på forhånd mellem jobcentret og a-kassen:" in text
    payload = course_payload(opening.course)["course"]
    assert payload["joint"] and len(payload["agenda"]) == 5 and [r["who"] for r in payload["roles"]][0] == "Jobcentret"
    assert payload["type"] == "jobcenter_1" and payload["plan"]


def test_agreements_in_a_joint_conversation_are_marked_with_their_owner(service, a_kasse_consultant):
    start(service, "f1", consultant=a_kasse_consultant, text="ny fællessamtale med B-12")
    owners = [
        service.record_agreement("f1", text, answers=YES).saved.owner
        for text in (
            "aftale: hun sender tre ansøgninger inden fredag",
            "aftale: jeg sender to jobopslag inden fredag",
            "aftale: jobcentret booker en virksomhedspraktik inden fredag",
            "aftale: a-kassen ringer til to vikarbureauer inden fredag",
        )
    ]
    assert owners == ["borger", "a-kasse", "jobcenter", "a-kasse"]  # "jeg" is the a-kasse consultant


def test_without_an_organisation_jeg_stays_the_consultant(service):
    start(service, "s1")
    assert service.record_agreement("s1", "aftale: jeg sender to jobopslag inden fredag", answers=YES).saved.owner == (
        "konsulent"
    )


def test_the_type_and_the_week_are_corrected(service, clock):
    start(service, "s1")
    corrected = service.set_course("s1", parse_course_choice("det er 3. samtale"))
    assert corrected.course.conversation.id == "jobcenter_3" and not corrected.course.proposed
    joint = service.set_course("s1", parse_course_choice("det er en fællessamtale"))
    assert (joint.course.conversation.id, joint.course.joint) == ("jobcenter_3", True)
    week = service.set_course("s1", parse_course_choice("hun er i 12. ledighedsuge"))
    assert week.course.week == 12 and week.course.conversation.id == "jobcenter_3"  # the type stays
    cv = service.set_course("s1", parse_course_choice("det er cv-samtalen"))
    assert (cv.course.conversation.id, cv.course.joint) == ("cv_samtale", False)  # never joint
    beyond = service.set_course("s1", parse_course_choice("det er 7. samtale"))
    assert "6 samtaler i jobcentret" in beyond.course.note
    with pytest.raises(PlanError, match="det er 3. samtale"):
        service.set_course("s1", CourseChoice())
    with pytest.raises(PlanError, match="mellem 1 og 156"):
        service.set_course("s1", CourseChoice(week=200))


def test_the_week_moves_on_by_itself(service):
    start(service, "s1", text="ny samtale med B-12 i 3. ledighedsuge")
    later_opening = start(service, "s2", when=later(4))
    assert later_opening.course.week == 7 and later_opening.course.conversation.id == "jobcenter_2"


def test_a_correction_needs_a_running_conversation(service):
    with pytest.raises(PlanError, match="kender ikke den samtale"):
        service.set_course("ukendt", parse_course_choice("det er 3. samtale"))


def test_the_plan_holds_the_course(service):
    start(service, "s1", text="cv-samtale med B-12 i 2. ledighedsuge")
    start(service, "s2", when=later(2), text="1. samtale med B-12 som fællessamtale")
    plan = service.show_plan("B-12", "kons-7")
    assert [h.type_id for h in plan.held] == ["cv_samtale", "jobcenter_1"]
    assert plan.held[1].joint and plan.unemployed_since == date(2025, 11, 12)
