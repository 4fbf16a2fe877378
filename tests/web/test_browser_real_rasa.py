"""One walk through the real servers: the browser, the web app, Rasa with the trained model
and the action server (started like tests/test_rest_e2e.py does)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bot.processes import stop_all

from .browser_helpers import (
    MODEL,
    REAL_SERVER_MARKS,
    TIMEOUT_MS,
    login,
    send,
    start_conversation,
    start_real_site,
    step,
)

pytestmark = REAL_SERVER_MARKS


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    processes, url = start_real_site(tmp_path_factory.mktemp("real"), MODEL, {"mette": {"team": "Nord"}})
    try:
        yield url
    finally:
        stop_all(processes)


def test_a_guide_conversation_through_the_real_servers(browser, real_site):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(60_000)  # the first replies of a freshly loaded model are slow
    expect.set_options(timeout=60_000)
    try:
        login(page, real_site)
        start_conversation(page, "B-7", "brancheskift", 30)
        expect(page.locator("#messages .msg.guide").last).to_contain_text("Trin 2")
        expect(page.locator("#clock-booked")).to_have_text("af 30 min")
        page.get_by_role("button", name="Næste trin").click()
        expect(step(page, 3)).to_have_class(re.compile(r"\bcurrent\b"))
        expect(step(page, 2)).to_have_class(re.compile(r"\bvisited\b"))
        send(page, "gå til trin 5")
        expect(step(page, 5)).to_have_class(re.compile(r"\bcurrent\b"))
        expect(page.locator("#messages .msg.guide").last).to_contain_text("Trin 5")
        send(page, "<script>alert(1)</script>")
        expect(page.locator("#messages .msg.user").last.locator(".body")).to_have_text("<script>alert(1)</script>")
        expect(page.locator("#messages .msg.guide").last).to_contain_text("kode eller HTML")
        expect(step(page, 5)).to_have_class(re.compile(r"\bcurrent\b"))  # the conversation goes on as it was
        send(page, "aftale: B-7 sender tre uopfordrede ansøgninger inden fredag")
        expect(page.locator("#messages .msg.guide").last).to_contain_text("Er borgeren med på aftalen?")
        send(page, "ja")
        expect(page.locator("#messages .msg.guide").last).to_contain_text("Tror borgeren på, at det kan nås?")
        send(page, "ja")
        agreement = page.locator("#agreements li").first
        expect(agreement).to_contain_text("sender tre uopfordrede ansøgninger")
        expect(agreement.locator(".deadline")).not_to_be_empty()
        expect(step(page, 9)).to_have_class(re.compile(r"\bvisited\b"))
    finally:
        expect.set_options(timeout=TIMEOUT_MS)
        context.close()


def test_a_practice_through_the_real_servers_ends_with_feedback(browser, real_site):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    try:
        login(page, real_site)
        page.check('#start-practice input[value="erling"]')
        page.click("#start-practice button[type=submit]")
        expect(page.locator("#chat-title")).to_have_text("Øvelse med Erling")
        citizen = page.locator("#messages .msg.borger")
        before = citizen.count()
        send(page, "Hvad vil du gerne have ud af vores snak i dag?")
        expect(citizen).to_have_count(before + 1)
        send(page, "næste trin")  # said to the citizen, so the citizen answers; no guide step is shown
        expect(citizen).to_have_count(before + 2)
        expect(step(page, 1)).not_to_have_class(re.compile(r"\bcurrent\b"))
        page.locator("#end-practice").click()
        card = page.locator("#messages .feedback")
        expect(card).to_be_visible()
        expect(card.locator("h3")).to_have_text("Feedback på øvelsen")
        expect(card.locator("tr.rating-red").first).to_be_visible()  # a two-line practice leaves a lot red
    finally:
        expect.set_options(timeout=TIMEOUT_MS)
        context.close()
