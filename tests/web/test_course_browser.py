"""The course in a real browser through the real servers (web app, Rasa with the trained model,
action server): an a-kasse consultant's CV-samtale and fællessamtale, a jobcentre consultant's third
conversation, a reference written as consultants write it, and the knowledge tools."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bot.processes import stop_all

from .browser_helpers import MODEL, REAL_SERVER_MARKS, TIMEOUT_MS, login, send, start_real_site

pytestmark = REAL_SERVER_MARKS


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    users = {
        "ulla": {"team": "Nord", "organisation": "a-kasse"},
        "jonas": {"team": "Nord", "organisation": "jobcenter"},
    }
    processes, url = start_real_site(tmp_path_factory.mktemp("course"), MODEL, users)
    try:
        yield url
    finally:
        stop_all(processes)


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(60_000)  # the first replies of a freshly loaded model are slow
    expect.set_options(timeout=60_000)
    yield page
    expect.set_options(timeout=TIMEOUT_MS)
    context.close()


def start(page: Page, ref: str, topic: str = "jobsoegningsstrategi", course_type: str = "", joint=False, week=""):
    if not page.locator("#start-panel").evaluate("d => d.open"):
        page.click("#start-panel summary")
    page.fill("#citizen-ref", ref)
    page.select_option("#topic", topic)
    page.select_option("#course-type", course_type)
    page.set_checked("#joint", joint)
    page.fill("#week", week)
    page.click("#start-guide button[type=submit]")
    expect(page.locator("#course-panel")).to_be_visible()


def last_guide(page: Page):
    return page.locator("#messages .msg.guide").last


def test_an_a_kasse_cv_samtale_and_a_faellessamtale_have_their_own_preparation(page, site):
    login(page, site, "ulla")
    start(page, "A-101", topic="cv_og_ansoegning", course_type="cv_samtale")
    panel = page.locator("#course-panel")
    expect(panel.locator(".course-title")).to_contain_text("CV-samtalen")
    expect(panel).to_contain_text("Få et retvisende og fyldigt CV på plads")
    expect(panel).not_to_contain_text("Dagsorden")
    expect(page.locator("#messages .msg.guide").first).to_contain_text("Samtaletype: CV-samtalen.")
    focus = panel.locator('ul[data-group="focus"] input[type=checkbox]')
    expect(focus).to_have_count(3)
    focus.first.check()
    page.reload()  # the ticks stay in the tab
    expect(page.locator('#course-panel ul[data-group="focus"] input[type=checkbox]').first).to_be_checked()

    start(page, "A-102", joint=True)
    expect(panel.locator(".course-title")).to_contain_text("fællessamtale med a-kassen")
    agenda = panel.locator('ul[data-group="agenda"] li')
    expect(agenda).to_have_count(5)
    expect(agenda.first).to_contain_text("Baggrund")
    expect(panel.locator("dl.roles")).to_contain_text("A-kassen")
    expect(panel.locator('ul[data-group="plan"] li')).to_have_count(4)
    expect(page.locator("#messages .msg.guide").first).to_contain_text("Skriv »mere«")
    send(page, "mere")  # the start message is brief; the agenda as a checklist comes with »mere«
    expect(last_guide(page)).to_contain_text("☐ 1. Baggrund:")
    expect(last_guide(page)).to_contain_text("A-kassen (dig):")
    send(page, "aftale: jeg sender to jobopslag til hende inden fredag")
    send(page, "gem alligevel")
    expect(page.locator("#agreements li").first.locator(".owner")).to_contain_text("A-kassen")


def test_the_third_jobcentre_conversation_shows_what_is_due_and_what_was_agreed(page, site):
    login(page, site, "jonas")
    start(page, "J-300", week="4")
    expect(page.locator("#course-panel .course-title")).to_contain_text("1. samtale i jobcentret")
    start(page, "J-300", week="8")
    expect(page.locator("#course-panel .course-title")).to_contain_text("2. samtale i jobcentret")
    send(page, "aftale: hun kontakter tre virksomheder i transportbranchen inden fredag")
    send(page, "gem alligevel")
    start(page, "J-300", week="12")
    panel = page.locator("#course-panel")
    expect(panel.locator(".course-title")).to_contain_text("3. samtale i jobcentret")
    expect(panel.locator(".badge").first).to_have_text("forslag")
    expect(panel.locator(".course-week")).to_contain_text("12. ledighedsuge – tid til: ")
    expect(panel.locator(".course-week")).to_contain_text("3. samtale i jobcentret")
    expect(panel).to_contain_text("Følg op: hjemmeopgaven fra 2. samtale i jobcentret")
    opening = page.locator("#messages .msg.guide").first
    expect(opening).to_contain_text("Aftale 1: kontakter tre virksomheder i transportbranchen")
    send(page, "mere")
    expect(last_guide(page)).to_contain_text("Aftalt sidst (samtale nr. 2, 2. samtale i jobcentret")
    send(page, "det er 4. samtale")
    expect(panel.locator(".course-title")).to_contain_text("4. samtale i jobcentret")
    expect(panel.locator(".badge")).to_have_count(0)
    with page.expect_popup() as popup:
        page.click("#plan-link")
    plan = popup.value
    today = plan.locator(".timeline li.timeline-today")  # all three were held today in this test
    expect(today).to_have_count(3)
    expect(today.last).to_contain_text("4. samtale i jobcentret")
    nexts = plan.locator(".timeline li.timeline-next")  # one per side: the jobcentre's and the a-kasse's
    expect(nexts).to_have_count(2)
    expect(nexts.filter(has_text="3. samtale i jobcentret")).to_have_count(1)
    expect(plan.locator(".course-week")).to_have_text("12. ledighedsuge i dag.")


def test_a_reference_as_consultants_write_it_and_a_name(page, site):
    login(page, site, "jonas")
    start(page, "J-400")
    send(page, "ny samtale med borger B-12 om cv")
    expect(last_guide(page)).to_contain_text("Ny samtale med B-12 om CV og ansøgning")
    send(page, "ny samtale med Jens om cv")
    expect(last_guide(page)).to_contain_text("»Jens« ligner et navn")


@pytest.mark.parametrize(
    "name, situation, title",
    [
        ("fællessamtale", "a-kassens konsulent er her også", "Fællessamtalen med a-kassen"),
        ("tværfaglighed", "han drikker for meget", "Tværfagligt samarbejde"),
        ("tænk virksomhederne med", "hvad lægger arbejdsgiverne vægt på", "Tænk virksomhederne med"),
        ("tænk ud af boksen", "hun søger kun på jobnet", "Tænk ud af boksen"),
        ("via uddannelse i job", "han er ordblind", "Via uddannelse i job"),
        ("digitale værktøjer", "hun har ingen computer derhjemme", "De digitale værktøjer"),
    ],
)
def test_each_knowledge_tool_answers_its_name_and_a_situation(page, site, name, situation, title):
    login(page, site, "jonas")
    start(page, "J-500")
    for text in (name, situation):
        send(page, text)
        expect(last_guide(page)).to_contain_text(title)
