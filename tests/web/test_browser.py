"""The cockpit in headless Chromium (Debian's, driven by Playwright), against a fake Rasa.

The web app runs as its own process (``python -m bot web``), exactly as ``make run``
starts it; the fake Rasa runs in this process so a test can stop and start it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.users.accounts import create_user

from .browser_helpers import (
    ARTIFACTS,
    EXPECTED_CONSOLE,
    PASSWORD,
    TIMEOUT_MS,
    login,
    send,
    start_conversation,
    start_web,
    step,
    stop,
)
from .fake_rasa import FakeRasa
from .plan_seed import seed_plan

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    db_url = f"sqlite:///{tmp / 'web.db'}"
    upgrade(db_url)
    for username, role, team in (("mette", "konsulent", "Nord"), ("emil", "elev", "Nord")):
        create_user(username, role, PASSWORD, team=team, url=db_url)
    seed_plan(db_url, "mette")
    dispose_engines()
    fake = FakeRasa().start()
    process, url, _log = start_web(tmp, fake.url, fake.url, db_url)
    try:
        yield {"url": url, "fake": fake, "db_url": db_url}
    finally:
        stop(process)
        fake.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="da-DK", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.errors = []
    page.dialogs = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error" and not EXPECTED_CONSOLE.search(message.text) and page.errors.append(message.text)
        ),
    )

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    assert page.errors == [], page.errors  # no script errors, no CSP violations, no 404s
    context.close()


# --- tests ----------------------------------------------------------------------------------
def test_login_start_and_the_checklist_follows_the_guide(page, site):
    login(page, site["url"])
    start_conversation(page, "B-12", "brancheskift", 30)
    expect(page).to_have_url(re.compile(r"/samtale/[0-9a-f]{32}$"))
    expect(page.locator("#chat-title")).to_have_text("Samtale med B-12")
    expect(page.locator("#chat-sub")).to_have_text("Brancheskift · 30 min")
    expect(page.locator("#messages .msg.user").first).to_have_text(
        re.compile("ny samtale med B-12 om brancheskift 30 min")
    )
    expect(page.locator("#clock-booked")).to_have_text("af 30 min")
    expect(step(page, 3)).to_have_class(re.compile(r"\bnext\b"))
    send(page, "næste trin")
    expect(step(page, 3)).to_have_class(re.compile(r"\bcurrent\b"))
    expect(step(page, 2)).to_have_class(re.compile(r"\bvisited\b"))
    expect(step(page, 2)).not_to_have_class(re.compile(r"\bcurrent\b"))
    expect(step(page, 4)).to_have_class(re.compile(r"\bnext\b"))
    expect(page.locator("#step-hint")).to_contain_text("Nu: Trin 3 – Lav kontrakten. Foreslået næste: Trin 4")
    page.get_by_role("button", name="Næste trin").click()
    expect(step(page, 4)).to_have_class(re.compile(r"\bcurrent\b"))
    expect(page.locator("#messages .msg.guide").last).to_contain_text("Trin 4 – Begynd med at være undersøgende")
    # The chat survives a reload (this tab keeps it).
    page.reload()
    expect(page.locator("#messages .msg.guide").last).to_contain_text("Trin 4")
    expect(step(page, 4)).to_have_class(re.compile(r"\bcurrent\b"))


def test_an_agreement_appears_in_the_panel_with_its_date(page, site):
    login(page, site["url"])
    start_conversation(page, "C-3")
    send(page, "aftale: Sender tre ansøgninger senest 2025-12-05")
    agreement = page.locator("#agreements li").first
    expect(agreement).to_contain_text("Sender tre ansøgninger senest 2025-12-05")
    expect(agreement.locator(".deadline")).to_have_text("5. december 2025")
    expect(agreement.locator(".status")).to_have_text("Åben")
    expect(agreement.locator(".smart-part.ok")).to_have_count(4)  # realistic is not known yet
    expect(page.locator("#agreements-empty")).to_be_hidden()
    send(page, "kontrakt: vi taler om jobsøgning")
    expect(page.locator("#contract")).to_contain_text("en plan for næste uge")
    send(page, "vigtighed 7 fordi hun savner kollegaer")
    expect(page.locator("#scaling li").first).to_contain_text("Vigtighed 7/10")
    expect(page.locator("#scaling li").first).to_contain_text("hun savner kollegaer")
    send(page, "A-job: pædagogmedhjælper")
    expect(page.locator('#jobs dd[data-level="A"]')).to_have_text("pædagogmedhjælper")
    expect(page.locator("#plan-link")).to_have_attribute("href", "/plan/C-3")


def test_markup_is_shown_as_text_and_never_run(page, site):
    login(page, site["url"])
    start_conversation(page, "D-4")
    markup = "<script>alert(1)</script>"
    send(page, markup)
    expect(page.locator("#messages .msg.user").last.locator(".body")).to_have_text(markup)
    expect(page.locator("#messages .msg.guide").last.locator(".body")).to_have_text(f"Du skrev: {markup}")
    send(page, '<img src=x onerror="alert(2)">')
    expect(page.locator("#messages .msg.user").last.locator(".body")).to_have_text('<img src=x onerror="alert(2)">')
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("#messages script, #messages img").count() == 0


def test_a_practice_ends_with_a_readable_feedback_card(page, site):
    login(page, site["url"], "emil")
    page.check('#start-practice input[value="fatima"]')
    page.click("#start-practice button[type=submit]")
    expect(page.locator("#messages .msg.guide").last).to_contain_text("Du øver med Fatima")  # the briefing
    expect(page.locator("#chat-title")).to_have_text("Øvelse med Fatima")
    expect(page.get_by_role("button", name="Næste trin")).to_be_hidden()  # guide buttons are off in practice
    send(page, "Hvad vil du gerne tale om i dag?")
    citizen = page.locator("#messages .msg.borger")
    expect(citizen.last).to_contain_text("Det har jeg ikke tænkt over")
    expect(citizen.last.locator(".who")).to_have_text("Fatima")
    page.locator("#end-practice").click()
    card = page.locator("#messages .feedback")
    expect(card).to_be_visible()
    expect(card.locator("h3")).to_have_text("Feedback på øvelsen")
    expect(card.locator("tr.rating-green")).to_have_count(1)
    expect(card.locator("tr.rating-yellow .rating")).to_have_text("Gul")
    expect(card.locator("tr.rating-red")).to_contain_text("Timeouts")
    expect(card.locator(".suggestion .instead")).to_contain_text(
        "Prøv i stedet: »Hvordan har din jobsøgning været siden sidst?«"
    )
    expect(card.locator("details.as-text summary")).to_have_text("Vis feedbacken som tekst")
    expect(page.locator("#messages .msg.guide").last).not_to_contain_text("Feedback på samtalen")  # no double text
    expect(page.locator("#end-practice")).to_be_hidden()
    expect(page.locator("#practice-status")).to_contain_text("er slut")


def test_the_practice_shows_the_case_briefing_and_live_coaching(page, site):
    login(page, site["url"], "emil")
    page.check('#start-practice input[value="fatima"]')
    page.click("#start-practice button[type=submit]")
    briefing = page.locator("#practice-briefing")
    expect(briefing).to_be_visible()
    expect(page.locator("#briefing-who")).to_contain_text("Fatima, 49 år")
    expect(page.locator("#briefing-booked")).to_contain_text("har selv booket samtalen")
    expect(page.locator("#briefing-preparation li")).to_have_count(2)
    expect(page.locator("#briefing-file li").first).to_have_text("Syv år som stuepige.")
    toggle = page.locator("#coaching-toggle")
    expect(toggle).not_to_be_checked()
    send(page, "Hvad vil du gerne tale om i dag?")
    expect(page.locator("#messages .msg.borger").last).to_be_visible()
    expect(page.locator("#messages .msg.coach")).to_have_count(0)
    toggle.click()  # the box follows the reply: checked once the guide has switched coaching on
    expect(toggle).to_be_checked()
    expect(page.locator("#messages .msg.guide").last).to_contain_text("Coaching er slået til")
    send(page, "Hvordan var det på hotellet?")
    coach = page.locator("#messages .msg.coach")
    expect(coach).to_have_count(1)
    expect(coach).to_contain_text("Din replik: åbent spørgsmål.")
    # The note sits right after the trainee's line it is about, not among the guide's messages.
    expect(page.locator("#messages .msg.user + .msg.coach")).to_have_count(1)
    expect(page.locator("#messages .msg.guide").last).not_to_contain_text("Din replik")
    toggle.click()
    expect(page.locator("#messages .msg.guide").last).to_contain_text("Coaching er slået fra")
    send(page, "Og kunderne?")
    expect(page.locator("#messages .msg.borger").last).to_contain_text("Og kunderne")
    expect(coach).to_have_count(1)
    page.reload()  # the case card and the coaching notes survive a reload of the tab
    expect(page.locator("#practice-briefing")).to_be_visible()
    expect(page.locator("#messages .msg.coach")).to_have_count(1)


def _stored_feedback(name: str) -> dict:
    return json.loads((Path(__file__).parent / "data" / name).read_text())["feedback"]


def _practice_card(page, site, line: str):
    """A practice with Stine of one line, ended: the feedback card (the fake Rasa sends its payload)."""
    login(page, site["url"], "emil")
    page.check('#start-practice input[value="stine"]')
    page.click("#start-practice button[type=submit]")
    send(page, line)
    expect(page.locator("#messages .msg.borger").first).to_be_visible()
    page.locator("#end-practice").click()
    return page.locator("#messages .feedback")


def test_the_practice_modules_own_feedback_shape_is_shown_too(page, site):
    """A payload stored before the engine (schema /1): metrics with "status" and "thresholds" (tests/web/data)."""
    payload = _stored_feedback("practice_feedback.json")
    site["fake"].feedback = payload
    try:
        card = _practice_card(page, site, "Hej Stine. Hvad vil du gerne have ud af samtalen i dag?")
        expect(card.locator(".summary")).to_have_text(f"Samlet: {payload['score']}/100 (rød)")
        expect(card.locator("tr")).to_have_count(1 + len(payload["metrics"]))
        expect(card.locator('tr[data-metric="open_question_share"]')).to_contain_text("Åbne spørgsmål")
        expect(card.locator('tr[data-metric="open_question_share"] .threshold')).to_have_text(
            "godt ≥ 70 %, rimeligt ≥ 50 %"
        )
        expect(card.locator('tr[data-metric="contract"]')).to_have_class("rating-green")
        expect(card.locator(".suggestion .said").first).to_contain_text("Har du søgt nogen job?")
        expect(card.locator(".points").first).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        expect(card.locator('tr[data-metric="reflection_question_ratio"] .threshold')).to_have_text(
            "godt ≥ 2:1, rimeligt ≥ 1:1"
        )
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "feedback-card.png"))
    finally:
        from .fake_rasa import FEEDBACK

        site["fake"].feedback = FEEDBACK


def test_the_judgement_engines_card_shows_sources_supplementary_metrics_apart_and_the_scoring(page, site):
    """A payload of schema samtaleguide.feedback/2 (bot.judgement; tests/web/data/practice_feedback_v2.json)."""
    payload = _stored_feedback("practice_feedback_v2.json")
    site["fake"].feedback = payload
    try:
        card = _practice_card(page, site, "Har du søgt nogen job siden sidst?")
        expect(card.locator(".summary")).to_have_text(f"Samlet: {payload['score']}/100 (rød)")
        main, extra = card.locator("table.metrics").nth(0), card.locator("table.supplementary")
        expect(main.locator("tbody tr")).to_have_count(9)  # the handbook's elements
        expect(extra.locator("tbody tr")).to_have_count(3)  # MITI twice and the exercise's own
        expect(card.get_by_role("heading", name="Supplerende målinger – vejer mindre")).to_be_visible()
        expect(main.locator('tr[data-metric="timeouts"] .source')).to_have_text(
            "Kilde: Håndbogen, trin 6: Lav timeouts undervejs, s. 15"
        )
        expect(main.locator('tr[data-metric="timeouts"] .threshold')).to_contain_text("intet interval")
        expect(extra.locator('tr[data-metric="reflection_question_ratio"] .source')).to_contain_text("MITI 4.2.1")
        expect(main.locator('tr[data-metric="scaling"] .value')).to_have_text("ikke brugt (valgfrit)")
        expect(card.locator(".suggestion .instead").nth(1)).to_contain_text(
            "»Du har booket en samtale om jobsøgningsstrategi. Hvad vil du gerne have med dig herfra i dag?«"
        )
        card.locator("details.scoring summary").click()
        expect(card.locator(".scoring-rules li").first).to_have_text("Hver måling giver point: grøn 1, gul ½ og rød 0.")
        card.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "feedback-card-engine.png"))
    finally:
        from .fake_rasa import FEEDBACK

        site["fake"].feedback = FEEDBACK


def test_keyboard_first(page, site):
    login(page, site["url"])
    start_conversation(page, "E-5")
    page.locator("#chat-title").click()
    page.keyboard.press("Control+k")
    expect(page.locator("#input")).to_be_focused()
    page.locator("#chat-title").click()
    page.keyboard.press("/")
    expect(page.locator("#input")).to_be_focused()
    expect(page.locator("#input")).to_have_value("")  # the slash was not typed
    page.keyboard.type("første linje")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("anden linje")
    expect(page.locator("#input")).to_have_value("første linje\nanden linje")
    page.keyboard.press("Enter")
    expect(page.locator("#messages .msg.user").last.locator(".body")).to_have_text("første linje\nanden linje")
    expect(page.locator("#input")).to_have_value("")
    expect(page.locator("#thinking")).to_have_count(0)
    page.locator("#chat-title").click()
    page.keyboard.press("Alt+n")  # the shortcut of »Næste trin«
    expect(step(page, 3)).to_have_class(re.compile(r"\bcurrent\b"))
    expect(page.locator(".composer-help")).to_contain_text("Ctrl+K eller / går til feltet")


def test_a_too_long_message_is_refused_before_sending_and_kept(page, site):
    login(page, site["url"])
    start_conversation(page, "F-6")
    before = len(site["fake"].received)
    text = "ø" * 1001
    page.fill("#input", text)
    expect(page.locator("#counter")).to_have_text("1001/1000")
    expect(page.locator("#counter")).to_have_class(re.compile(r"\bover\b"))
    page.press("#input", "Enter")
    expect(page.locator("#composer-error")).to_have_text(
        "Beskeden er for lang (1001 tegn). Skriv højst 1000 tegn ad gangen."
    )
    expect(page.locator("#input")).to_have_value(text)
    assert len(site["fake"].received) == before


def test_rasa_down_shows_a_banner_keeps_the_text_and_recovers(page, site):
    login(page, site["url"])
    start_conversation(page, "G-7")
    fake = site["fake"]
    fake.stop()
    try:
        page.fill("#input", "næste trin")
        page.press("#input", "Enter")
        banner = page.locator("#banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Guiden svarer ikke lige nu")
        expect(page.locator("#input")).to_have_value("næste trin")
        expect(page.locator("#send")).to_be_disabled()
        expect(page.locator("#messages .msg.user.pending")).to_have_count(0)
    finally:
        fake.start()
    expect(banner).to_contain_text("Guiden svarer igen", timeout=15_000)  # the health poll noticed
    expect(page.locator("#send")).to_be_enabled()
    page.press("#input", "Enter")
    expect(step(page, 3)).to_have_class(re.compile(r"\bcurrent\b"))
    expect(banner).to_be_hidden(timeout=15_000)


def test_action_server_down_is_a_banner_too(page, site):
    login(page, site["url"])
    start_conversation(page, "H-8")
    site["fake"].actions_up = False
    try:
        page.fill("#input", "næste trin")
        page.press("#input", "Enter")
        expect(page.locator("#banner")).to_contain_text("handlingsserveren er nede")
        expect(page.locator("#input")).to_have_value("næste trin")
    finally:
        site["fake"].actions_up = True
    expect(page.locator("#banner")).to_contain_text("Guiden svarer igen", timeout=15_000)


def test_the_clock_warns_like_the_guide(page, site):
    login(page, site["url"])
    start_conversation(page, "J-9", minutes=60)
    site["fake"].travel(16)
    send(page, "hvor er vi?")
    expect(page.locator("#clock")).to_have_class(re.compile(r"\bwarn-timeout\b"))
    expect(page.locator("#clock-warning")).to_have_text(re.compile(r"^1[67] min uden timeout – tag en timeout$"))
    expect(step(page, 6)).to_have_class(re.compile(r"\bnext\b"))
    expect(page.locator("#clock-left")).to_have_text(re.compile(r"^4[34] min tilbage$"))
    send(page, "timeout")
    expect(page.locator("#clock-warning")).to_be_hidden()
    site["fake"].travel(35)  # 51 of 60 minutes: closure comes first
    send(page, "hvor er vi?")
    expect(page.locator("#clock")).to_have_class(re.compile(r"\bwarn-closure\b"))
    expect(page.locator("#clock-warning")).to_have_text("Tid til afslutning (trin 9)")
    expect(step(page, 9)).to_have_class(re.compile(r"\bnext\b"))


def test_a_conversation_with_a_known_citizen_shows_the_stored_plan(page, site):
    login(page, site["url"])
    start_conversation(page, "B-12")
    page.reload()  # a new page reads the plan store (the fake Rasa sends no plan here)
    expect(page.locator("#agreements li").first).to_contain_text("B-12 sender tre uopfordrede ansøgninger")
    expect(page.locator("#agreements .deadline").first).to_have_text("21. november 2025")
    expect(page.locator('#jobs dd[data-level="A"]')).to_have_text("pædagogmedhjælper")
    expect(page.locator("#scaling li")).to_have_count(4)
    expect(page.locator("#plan-link")).to_have_attribute("href", "/plan/B-12")


def test_the_plan_page_has_a_chart_prints_and_downloads(page, site):
    login(page, site["url"])
    page.goto(site["url"] + "/plan/B-12")
    expect(page.locator("h1")).to_have_text("Plan for B-12")
    expect(page.locator("svg.chart circle")).to_have_count(4)
    expect(page.locator(".agreements-table")).to_contain_text("21. november 2025")
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("#pdf-link")).to_be_hidden()
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("#pdf-link")
    assert download.value.suggested_filename == "plan-B-12.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_screenshots_at_1366x768_and_in_a_narrow_window(browser, site):
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height, name in ((1366, 768, "cockpit-1366x768.png"), (480, 900, "cockpit-480.png")):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
        page = context.new_page()
        login(page, site["url"])
        start_conversation(page, "K-10", "jobsoegningsstrategi", 45)
        for text in (
            "næste trin",
            "kontrakt: vi taler om jobsøgning",
            "aftale: Sender tre ansøgninger senest 2025-12-05",
            "vigtighed 6 fordi hun gerne vil tilbage",
            "tro 4",
            "A-job: lagerarbejder",
            "næste trin",
        ):
            send(page, text)
        expect(step(page, 4)).to_have_class(re.compile(r"\bcurrent\b"))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"horizontal scrolling at {width} px"
        if width < 800:
            # Narrow: the steps become a strip above the chat, the chat stays usable.
            steps_box, chat_box = page.locator("#steps-panel").bounding_box(), page.locator(".chat").bounding_box()
            assert steps_box["y"] < chat_box["y"] and chat_box["width"] > width * 0.9
            expect(page.locator("#input")).to_be_visible()
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            assert 0 <= page.locator("#clock").bounding_box()["y"] < 48  # the top bar stays in sight
            page.evaluate("window.scrollTo(0, 0)")
            page.locator("#messages").evaluate("m => m.scrollTop = m.scrollHeight")
        else:
            for selector in ("#input", "#steps", "#clock", ".quick"):
                box = page.locator(selector).bounding_box()
                assert box["y"] + box["height"] <= height, f"{selector} is below the fold"
        page.screenshot(path=str(ARTIFACTS / name))
        context.close()
    assert (ARTIFACTS / "cockpit-1366x768.png").stat().st_size > 10_000


# --- issue 14 ---------------------------------------------------------------------------------
def _boxes_overlap(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_choices_are_buttons_and_one_click_picks(page, site):
    login(page, site["url"])
    start_conversation(page, "Q-1")
    send(page, "hmm, hun græder")
    buttons = page.locator("#messages .msg.choices button")
    expect(buttons).to_have_count(3)
    expect(buttons.nth(0)).to_have_text("1) Den udfordrende samtale (trin 8)")
    buttons.nth(1).click()
    expect(page.locator("#messages .msg.user").last.locator(".body")).to_have_text("2")
    expect(page.locator("#messages .msg.guide").last).to_contain_text("motiverende_sprog")
    expect(buttons.nth(0)).to_be_disabled()  # an offer holds only until the next message
    expect(step(page, 2)).to_have_class(re.compile(r"\bcurrent\b"))  # a tool alongside does not move the step


def test_the_clock_stops_when_the_conversation_ends(page, site):
    login(page, site["url"])
    start_conversation(page, "Q-2", minutes=30)
    site["fake"].travel(22)
    send(page, "afslut samtalen")
    expect(page.locator("#clock-left")).to_have_text("Samtalen er afsluttet")
    frozen = page.locator("#clock-time").inner_text()
    assert frozen.startswith("22:")
    page.wait_for_timeout(2100)
    assert page.locator("#clock-time").inner_text() == frozen  # no longer ticking
    expect(page.locator("#step-hint")).to_contain_text("Samtalen er afsluttet.")


def test_the_step_hint_never_claims_steps_that_were_not_visited(page, site):
    login(page, site["url"])
    start_conversation(page, "Q-3")
    send(page, "afslutning")  # straight to the closure from step 2
    expect(step(page, 9)).to_have_class(re.compile(r"\bcurrent\b"))
    expect(page.locator("#step-hint")).to_contain_text("Ikke besøgt: trin 1, 3, 4, 5, 6, 7 og 8.")
    expect(page.locator("#step-hint")).not_to_contain_text("Alle")


def test_at_420_px_nothing_in_the_top_bar_overlaps_and_nothing_scrolls_sideways(browser, site):
    context = browser.new_context(viewport={"width": 420, "height": 800}, locale="da-DK")
    page = context.new_page()
    try:
        login(page, site["url"])
        start_conversation(page, "Q-4", minutes=30)
        site["fake"].travel(21)  # the closure warning makes the clock as wide as it gets
        send(page, "hvor er vi?")
        expect(page.locator("#clock-warning")).to_be_visible()
        nav = page.get_by_role("link", name="Gennemgang").bounding_box()
        for selector in ("#clock-time", "#clock-left", "#clock-warning"):
            assert not _boxes_overlap(nav, page.locator(selector).bounding_box()), selector
        assert page.evaluate("document.documentElement.scrollWidth") <= 420
        page.screenshot(path=str(ARTIFACTS / "cockpit-420-topbar.png"))
        page.goto(site["url"] + "/plan/Q-4")
        expect(page.locator("h1")).to_have_text("Plan for Q-4")
        assert page.evaluate("document.documentElement.scrollWidth") <= 420, "the plan page scrolls sideways"
    finally:
        context.close()


def test_the_retry_button_reads_on_the_red_banner(page, site):
    login(page, site["url"])
    page.evaluate("document.getElementById('banner').hidden = false")
    colours = page.locator("#banner-retry").evaluate(
        "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
    )
    assert colours[0] != colours[1], colours  # white on white before issue 14
    assert colours[1] == "rgb(255, 255, 255)" and colours[0] != "rgb(255, 255, 255)"


def test_after_logout_neither_the_back_button_nor_the_old_cookie_shows_the_cockpit(page, site):
    login(page, site["url"])
    expect(page.locator("#messages")).to_be_visible()
    before = [c for c in page.context.cookies() if c["name"] == "sg_session"]
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.go_back()  # the cockpit is not kept (Cache-Control: no-store): it is asked for again
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.locator("#username")).to_be_visible()
    expect(page.locator("#messages")).to_have_count(0)
    page.context.add_cookies(before)  # the cookie from before the logout, put back by hand
    page.goto(site["url"] + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.locator("#messages")).to_have_count(0)
