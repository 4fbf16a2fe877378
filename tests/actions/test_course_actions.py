"""The course through the actions, with the real domain: types, the joint agenda, corrections, references."""

from __future__ import annotations

import pytest

from actions.guide import ActionGotoStep, ActionSetCourse, ActionShowMore, ActionShowTool, ActionStartConversation
from actions.plan import ActionRecordAgreement, ActionSaveAgreementAnyway
from bot.guide.content import KNOWLEDGE_IDS, load_guide
from bot.users.accounts import create_user
from tests.actions.helpers import Dialogue

WEEK = 60 * 24 * 7  # minutes


def course_of(payloads):
    return next(p["course"] for p in payloads if "course" in p)


@pytest.fixture
def a_kasse(plan_store):
    create_user("ulla", "konsulent", "rigtig-hemmelig-42", team="Nord", url=plan_store, organisation="a-kasse")
    return "ulla"


@pytest.fixture
def jobcentre(plan_store):
    create_user("jonas", "konsulent", "rigtig-hemmelig-42", team="Nord", url=plan_store, organisation="jobcenter")
    return "jonas"


def test_the_new_action_is_in_the_domain(domain):
    assert ActionSetCourse().name() in domain["actions"] and "set_course" in domain["intents"]
    assert {f"tool_{t}" for t in KNOWLEDGE_IDS} <= set(domain["intents"])


def test_an_a_kasse_cv_conversation_shows_its_own_preparation(domain, a_kasse):
    dialogue = Dialogue(domain, sender=f"{a_kasse}:c1")
    texts, payloads = dialogue.say(ActionStartConversation(), "cv-samtale med B-12", "start_conversation", 0)
    text = texts[0]
    assert "Samtaletype: CV-samtalen." in text and "Skriv »mere«" in text
    assert "dagsorden" not in text
    more, _ = dialogue.say(ActionShowMore(), "mere", "show_more", 1)
    assert "Få et retvisende og fyldigt CV på plads" in more[0] and "Hjemmeopgave til borgeren:" in more[0]
    assert "dagsorden" not in more[0]
    course = course_of(payloads)
    assert course["type"] == "cv_samtale" and not course["joint"] and course["organisation"] == "a-kasse"
    assert course["agenda"] == [] and len(course["focus"]) == 3


def test_a_joint_conversation_shows_its_agenda_and_checklist(domain, a_kasse):
    dialogue = Dialogue(domain, sender=f"{a_kasse}:f1")
    texts, payloads = dialogue.say(
        ActionStartConversation(), "ny fællessamtale med B-12 om jobsøgningsstrategi", "start_conversation", 0
    )
    text = texts[0]
    assert "fællessamtale med a-kassen" in text and "Skriv »mere«" in text
    more, _ = dialogue.say(ActionShowMore(), "mere", "show_more", 1)
    assert "☐ 1. Baggrund:" in more[0] and "A-kassen (dig):" in more[0]
    course = course_of(payloads)
    assert course["joint"] and [a["title"] for a in course["agenda"]][-1] == "Nye aftaler" and course["plan"]
    texts, payloads = dialogue.say(ActionShowTool(), "hvordan fordeler vi ordet", "tool_faellessamtale", 2)
    assert texts[0].startswith("Fællessamtalen med a-kassen – trin 2")
    assert "☐ 3. Opfølgning:" in texts[0] and "Skriv »det er en fællessamtale«" not in texts[0]
    texts, payloads = dialogue.say(
        ActionRecordAgreement(), "aftale: jeg sender to jobopslag inden fredag", "record_agreement", 5
    )
    dialogue.say(ActionSaveAgreementAnyway(), "gem alligevel", "save_anyway", 6)
    texts, payloads = dialogue.say(
        ActionRecordAgreement(), "aftale: jobcentret booker en praktik inden fredag", "record_agreement", 7
    )
    dialogue.say(ActionSaveAgreementAnyway(), "gem alligevel", "save_anyway", 8)
    from bot.plan.service import get_plan_service

    owners = [a.owner for a in get_plan_service().show_plan("B-12", "ulla").agreements]
    assert owners == ["a-kasse", "jobcenter"]  # "jeg" is the a-kasse consultant in this conversation


def test_the_third_jobcentre_conversation_shows_what_is_due_and_what_was_agreed(domain, jobcentre):
    first = Dialogue(domain, sender=f"{jobcentre}:1")
    first.say(ActionStartConversation(), "ny samtale med B-12 i 4. ledighedsuge", "start_conversation", 0)
    second = Dialogue(domain, sender=f"{jobcentre}:2")
    second.say(ActionStartConversation(), "ny samtale med B-12", "start_conversation", 4 * WEEK)
    second.say(
        ActionRecordAgreement(),
        "aftale: hun kontakter tre virksomheder i transportbranchen inden fredag",
        "record_agreement",
        4 * WEEK + 10,
    )
    second.say(ActionSaveAgreementAnyway(), "gem alligevel", "save_anyway", 4 * WEEK + 11)
    third = Dialogue(domain, sender=f"{jobcentre}:3")
    texts, payloads = third.say(ActionStartConversation(), "ny samtale med borger B-12", "start_conversation", 8 * WEEK)
    text = texts[0]
    assert "Samtaletype: 3. samtale i jobcentret (foreslået – ret med »det er …«)." in text
    assert "Borgeren er i 12. ledighedsuge – i modellen er det tid til:" in text
    more, _ = third.say(ActionShowMore(), "mere", "show_more", 8 * WEEK + 0.5)
    assert "Følg op på hjemmeopgaven fra 2. samtale i jobcentret" in more[0]
    course = course_of(payloads)
    assert (
        course["type"] == "jobcenter_3"
        and course["week"] == 12
        and {"id": "jobcenter_3", "title": "3. samtale i jobcentret"} in course["due"]
    )
    assert course["follow_up"]["title"] == "2. samtale i jobcentret"
    assert "Aftale 1: kontakter tre virksomheder i transportbranchen" in text
    assert "Aftalt sidst (samtale nr. 2, 2. samtale i jobcentret" in more[0]
    texts, payloads = third.say(ActionGotoStep(), "trin 2", "goto_step", 8 * WEEK + 1)
    assert "Samtaletype: 3. samtale i jobcentret" in texts[0] and course_of(payloads)["type"] == "jobcenter_3"


def test_the_type_is_corrected_in_the_chat(domain):
    dialogue = Dialogue(domain)
    dialogue.say(ActionStartConversation(), "ny samtale med B-12", "start_conversation", 0)
    texts, payloads = dialogue.say(ActionSetCourse(), "det er 3. samtale", "set_course", 1)
    assert texts[0].startswith("Forløbet er opdateret.\nSamtaletype: 3. samtale i jobcentret.")
    assert course_of(payloads)["type"] == "jobcenter_3" and payloads[0]["guide"]["step"] == 2
    texts, payloads = dialogue.say(ActionSetCourse(), "det er en fællessamtale", "set_course", 2)
    assert course_of(payloads)["joint"] and "☐ 5. Nye aftaler:" in texts[0]
    texts, _ = dialogue.say(ActionSetCourse(), "det er 9. samtale", "set_course", 3)
    assert "der er ingen nr. 9" in texts[0]


def test_a_correction_without_a_citizen_says_what_is_needed(domain):
    dialogue = Dialogue(domain)
    dialogue.say(ActionStartConversation(), "ny samtale", "start_conversation", 0)
    texts, payloads = dialogue.say(ActionSetCourse(), "det er 3. samtale", "set_course", 1)
    assert "jeg skal kende referencen" in texts[0] and all("course" not in p for p in payloads)


def test_a_type_without_a_citizen_still_shows_its_focus(domain):
    texts, payloads = Dialogue(domain).say(ActionStartConversation(), "ny fællessamtale", "start_conversation", 0)
    assert "Samtaletype: fællessamtale med a-kassen." in texts[0] and "☐ 1. Baggrund:" in texts[0]
    assert course_of(payloads)["joint"] and "Uden en reference" in texts[0]


@pytest.mark.parametrize(
    "text, ref",
    [
        ("ny samtale med borger B-12 om cv", "B-12"),
        ("samtale med B-12", "B-12"),
        ("ny samtale borger 4711", "4711"),
    ],
)
def test_references_as_consultants_write_them_are_kept(domain, text, ref):
    dialogue = Dialogue(domain)
    texts, payloads = dialogue.say(ActionStartConversation(), text, "start_conversation", 0)
    assert dialogue.slots["citizen_ref"] == ref and texts[0].startswith(f"Ny samtale med {ref}")
    assert any("plan" in p for p in payloads)


def test_a_name_is_refused_at_once_and_never_stored(domain):
    from bot.plan.errors import PlanError
    from bot.plan.service import get_plan_service

    dialogue = Dialogue(domain)
    texts, payloads = dialogue.say(ActionStartConversation(), "ny samtale med Jens om cv", "start_conversation", 0)
    assert texts[0].split("\n")[0].startswith("»Jens« ligner et navn")
    assert dialogue.slots["citizen_ref"] is None and all("plan" not in p for p in payloads)
    with pytest.raises(PlanError):
        get_plan_service().show_plan("Jens", "konsulent-1")


def test_the_joint_tool_offers_to_mark_a_running_conversation(domain):
    dialogue = Dialogue(domain)
    dialogue.say(ActionStartConversation(), "ny samtale med B-12", "start_conversation", 0)
    texts, _ = dialogue.say(ActionShowTool(), "a-kassens konsulent er her også", "tool_faellessamtale", 1)
    assert "Skriv »det er en fællessamtale«" in texts[0] and "☐ 1. Baggrund:" in texts[0]


@pytest.mark.parametrize("tool_id", KNOWLEDGE_IDS)
def test_each_knowledge_tool_answers_with_its_source(domain, tool_id):
    tool = load_guide().tool(tool_id)
    dialogue = Dialogue(domain)
    texts, payloads = dialogue.say(ActionShowTool(), "hjælp", f"tool_{tool_id}", 1)
    assert texts[0].startswith(f"{tool.title} – trin {tool.step} (håndbogen s.") and "»mere«" in texts[0]
    assert payloads[0]["guide"]["tool"] == tool_id and payloads[0]["guide"]["step"] == tool.step
    more, _ = dialogue.say(ActionShowMore(), "mere", "show_more", 2)
    assert more[0].startswith(tool.title) and f"Kilde: {tool.source}" in more[0]
