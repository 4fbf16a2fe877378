"""Issue 14's "done when" in a real browser: the cockpit, the web app, Rasa with the trained model
and the action server, for a whole 30-minute conversation (the servers' clock is moved on,
tests/support/servers.py). Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bot.users.accounts import create_user
from tests.plan.pdf_text import contains
from tests.support.servers import start_shifted_servers

from .browser_helpers import ARTIFACTS, PASSWORD, TIMEOUT_MS, login, send, start_conversation, start_web, step, stop

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"
TOOL_TITLES = {
    "udfordrende_samtale": "Den udfordrende samtale",
    "forberedelse": "Forberedelse",
    "smart_maal": "SMART-mål",
    "aabne_spoergsmaal": "Åbne spørgsmål",
    "skalaspoergsmaal": "Skalaspørgsmål",
    "ugu": "UGU",
}
QUOTED = [
    ("hun græder", ("udfordrende_samtale",)),
    ("jeg har ikke kigget i hans joblog endnu", ("forberedelse",)),
    ("aftalen er »søge mere«, det er for vagt", ("smart_maal",)),
    ("han siger ikke så meget", ("aabne_spoergsmaal", "udfordrende_samtale")),
    ("hun tror ikke på det", ("skalaspoergsmaal",)),
    ("jeg taler for meget", ("ugu",)),
]

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not MODEL.exists(), reason="no trained model (make train)")]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("guide-browser")
    servers = start_shifted_servers(MODEL, tmp)
    create_user("mette", "konsulent", PASSWORD, team="Nord", url=servers.db_url)
    web, url, _log = start_web(tmp, servers.rasa_url, servers.action_url, servers.db_url)
    try:
        yield {"url": url, "servers": servers}
    finally:
        stop(web)
        servers.stop()


def _page(browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a freshly loaded model answers slowly at first
    return context, page


def _first_reply_fits(page) -> None:
    """The start message is read without scrolling: its bubble lies inside the chat's visible area."""
    box = page.locator("#messages").bounding_box()
    reply = page.locator("#messages .msg.guide").first.bounding_box()
    assert reply["y"] >= box["y"] - 1 and reply["y"] + reply["height"] <= box["y"] + box["height"] + 1, (reply, box)


def _agrees_with_the_list(page) -> None:
    """``hvor er vi?`` and the step list name the same current step and the same visited steps."""
    send(page, "hvor er vi?")
    text = page.locator("#messages .msg.guide").last.inner_text()
    current = int(re.search(r"I er på trin (\d)", text).group(1))
    expect(step(page, current)).to_have_class(re.compile(r"\bcurrent\b"))
    expect(page.locator("#steps li.current")).to_have_count(1)
    said = re.search(r"Besøgte trin: ([^.–]*)", text).group(1)
    visited = sorted(int(n) for n in re.findall(r"\d", said))
    listed = sorted(int(li.get_attribute("data-step")) for li in page.locator("#steps li.visited").all())
    assert listed == visited, (listed, text)
    if "Ikke besøgt" in text:
        expect(page.locator("#step-hint")).not_to_contain_text("Alle ni trin")


def _tool_answered(page, tools) -> str:
    """The tool the guide showed at once, or the one clicked among its choices."""
    titles = [TOOL_TITLES[t] for t in tools]
    reply = page.locator("#messages .msg.guide").last.locator(".body").inner_text()
    if any(reply.startswith(title) for title in titles):
        return "at once"
    # Only choices offered for this message count: an earlier offer's buttons are disabled.
    buttons = page.locator("#messages .msg.choices").last.locator("button:not([disabled])")
    for index in range(buttons.count()):
        label = buttons.nth(index).inner_text()
        if any(title in label for title in titles):
            buttons.nth(index).click()
            expect(page.locator("#thinking")).to_have_count(0)
            answer = page.locator("#messages .msg.guide").last.locator(".body").inner_text()
            assert any(answer.startswith(t) for t in titles), answer[:80]
            return "chosen"
    pytest.fail(f"none of {titles} shown or offered; the reply began: {reply[:120]!r}")


def test_a_whole_conversation_in_the_cockpit(browser, real):
    expect.set_options(timeout=60_000)
    context, page = _page(browser, 1366, 768)
    clock = real["servers"].clock
    try:
        login(page, real["url"])
        start_conversation(page, "B-41", "brancheskift", 30)
        _first_reply_fits(page)
        page.screenshot(path=str(ARTIFACTS / "guide-start-1366.png"))
        _agrees_with_the_list(page)

        for message, tools in QUOTED:
            send(page, message)
            _tool_answered(page, tools)
            expect(page.locator("#messages .msg.guide").last).not_to_contain_text("hvilken borger det gælder")
        _agrees_with_the_list(page)

        clock.advance(3)
        send(page, "aftale: B-41 kigger lidt på nogle jobs")
        expect(page.locator("#messages .msg.guide").last).to_contain_text("Hvad skal der konkret ske")
        send(page, "gem alligevel")
        agreement = page.locator("#agreements li").first
        # S, M and T (no deadline) are not green; A and R were never asked, so they are open, not red.
        expect(agreement.locator(".smart-part.no")).to_have_count(3)
        expect(agreement.locator(".smart-part.no")).to_have_text(["S", "M", "T"])
        expect(step(page, 9)).to_have_class(re.compile(r"\bvisited\b"))
        expect(step(page, 9)).not_to_have_class(re.compile(r"\bcurrent\b"))
        _agrees_with_the_list(page)

        clock.advance(14)  # minute 17: a timeout is due
        page.get_by_role("button", name="Næste trin").click()
        expect(page.locator("#thinking")).to_have_count(0)
        expect(page.locator("#messages .msg.guide").last).to_contain_text("Timeout")
        _agrees_with_the_list(page)

        clock.advance(4)  # minute 21: the closure
        send(page, "næste trin")
        expect(step(page, 9)).to_have_class(re.compile(r"\bcurrent\b"))
        _agrees_with_the_list(page)

        clock.advance(6)
        send(page, "afslut samtalen")
        expect(page.locator("#clock-left")).to_have_text("Samtalen er afsluttet")
        frozen = page.locator("#clock-time").inner_text()
        assert frozen.startswith("27:")
        page.wait_for_timeout(2100)
        assert page.locator("#clock-time").inner_text() == frozen

        with page.expect_download() as download:
            page.click("#plan-pdf")
        pdf = Path(download.value.path()).read_bytes()
        assert contains(pdf, "Du har aftalt at kigge lidt på nogle jobs") and contains(pdf, "Det har du aftalt")
        assert not contains(pdf, "Mangler") and not contains(pdf, "B-41 kigger")
        page.screenshot(path=str(ARTIFACTS / "guide-end-1366.png"))
    finally:
        expect.set_options(timeout=TIMEOUT_MS)
        context.close()


@pytest.mark.parametrize("width, height", [(420, 860), (1366, 768)])
def test_the_start_message_with_last_time_fits_one_screen(browser, real, width, height):
    """A citizen with a plan from last time (the conversation above, or one made here)."""
    expect.set_options(timeout=60_000)
    context, page = _page(browser, width, height)
    try:
        login(page, real["url"])
        start_conversation(page, "B-52", "jobsoegningsstrategi", 30)
        for message in (
            "kontrakt: vi taler om brancher, målet er at finde to mulige brancher",
            "aftale: B-52 sender tre ansøgninger inden fredag",
            "gem alligevel",
            "aftale: B-52 ringer til to vikarbureauer inden fredag",
            "gem alligevel",
            "vigtighed 7 tro 3",
            "A-job: lagerarbejder",
        ):
            send(page, message)
        send(page, "afslut samtalen")
        start_conversation(page, "B-52", "jobsoegningsstrategi", 30)
        first = page.locator("#messages .msg.guide").first
        expect(first).to_contain_text("Fra sidst")
        expect(first).to_contain_text("sender tre ansøgninger")
        _first_reply_fits(page)
        page.screenshot(path=str(ARTIFACTS / f"guide-start-with-history-{width}.png"))
    finally:
        expect.set_options(timeout=TIMEOUT_MS)
        context.close()
