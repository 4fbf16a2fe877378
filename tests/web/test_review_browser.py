"""The review pages in headless Chromium: the list with a filter, a conversation's page, the team's
trends, and a transcript upload. The web app runs as its own process (``python -m bot web``);
the recorded conversations are replayed through Rasa's tracker store beforehand.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bot.store.engine import dispose_engines
from bot.store.migrate import upgrade
from bot.users.accounts import create_user

from .browser_helpers import ARTIFACTS, PASSWORD, TIMEOUT_MS, login, start_web, stop
from .fake_rasa import FakeRasa
from .review_seed import GUIDE_RECORDING, PRACTICE_RECORDING, replay

expect.set_options(timeout=TIMEOUT_MS)
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "transcript_erling_sample.txt"
CODER_TIMEOUT_MS = 90_000
REFUSED_ON_PURPOSE = re.compile(
    r"status of 422"
)  # a bad upload comes back as the form with its message  # the first upload loads spaCy and trains the coder in the web app's process


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("review-browser")
    db_url = f"sqlite:///{tmp / 'web.db'}"
    upgrade(db_url)
    for username, role, team in (
        ("mette", "konsulent", "Nord"),
        ("sara", "supervisor", "Nord"),
        ("kim", "konsulent", "Syd"),
    ):
        create_user(username, role, PASSWORD, team=team, url=db_url)
    replay(db_url, GUIDE_RECORDING, "mette", datetime(2026, 11, 16, 9, 0, tzinfo=UTC))
    replay(db_url, PRACTICE_RECORDING, "mette", datetime(2026, 11, 17, 13, 30, tzinfo=UTC))
    replay(db_url, PRACTICE_RECORDING, "kim", datetime(2026, 11, 18, 8, 0, tzinfo=UTC))
    dispose_engines()
    fake = FakeRasa().start()
    process, url, _log = start_web(tmp, fake.url, fake.url, db_url)
    try:
        yield {"url": url}
    finally:
        stop(process)
        fake.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error" and not REFUSED_ON_PURPOSE.search(message.text) and page.errors.append(message.text)
        ),
    )
    yield page
    assert page.errors == [], page.errors  # no script errors, no CSP violations, no 404s
    context.close()


def rows(page):
    return page.locator("#review-table tbody tr")


def test_the_list_filters_and_opens_a_conversation_with_its_timeline(page, site):
    login(page, site["url"], "mette")
    page.get_by_role("link", name="Gennemgang").click()
    expect(page.locator("h1")).to_have_text("Gennemgang af samtaler")
    expect(rows(page)).to_have_count(2)  # kim's practice is not mette's
    page.select_option("#f-type", "ovelse")
    page.get_by_role("button", name="Vis").click()
    expect(page).to_have_url(re.compile(r"/gennemgang\?.*type=ovelse"))
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("Stine")
    expect(rows(page).first).to_contain_text("17.11.2026 kl. 14.30")
    page.get_by_role("link", name="Nulstil").click()
    expect(rows(page)).to_have_count(2)
    page.get_by_role("link", name="16.11.2026 kl. 10.00").click()

    expect(page.locator("h1")).to_have_text("Samtale med B-12")
    timeline = page.locator("svg#timeline")
    expect(timeline).to_be_visible()
    expect(timeline.locator("rect.step-bar")).to_have_count(9)
    expect(timeline.locator("g.timeout-marker")).to_have_count(1)
    expect(timeline.locator("title").first).to_have_text(re.compile("Tidslinje"))
    green = page.locator(".metric.metric-green").first
    expect(green).to_contain_text("grøn")
    expect(green).to_have_css("background-color", "rgb(227, 244, 232)")  # the stylesheet applies (CSP)
    timeouts = page.locator('.metric[data-metric="timeouts"]')  # one timeout is enough: no interval
    expect(timeouts).to_contain_text("grøn")
    expect(timeouts.locator(".metric-source")).to_have_text("Kilde: Håndbogen, trin 6: Lav timeouts undervejs, s. 15")
    expect(page.locator("#agreements tbody tr")).to_have_count(2)
    expect(page.locator("#agreements")).to_contain_text("B-12 sender tre uopfordrede ansøgninger inden fredag")
    expect(page.locator("#agreements")).to_contain_text("20. november 2026")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-conversation.png"), full_page=True)


def test_a_practice_page_shows_the_coded_lines(page, site):
    login(page, site["url"], "mette")
    page.goto(site["url"] + "/gennemgang?type=ovelse")
    page.locator("#review-table tbody tr a").first.click()
    expect(page.locator("h1")).to_have_text("Øvelse med Stine")
    expect(page.locator("#transcript .speaker-K").first.locator(".code-label")).to_have_text("åbent spørgsmål")
    expect(page.locator(".metric.metric-red").first).to_contain_text("rød")


def test_a_supervisor_sees_the_teams_trends(page, site):
    login(page, site["url"], "sara")
    page.get_by_role("link", name="Team").click()
    expect(page.locator("h1")).to_have_text("Teamets udvikling – Nord")
    score = page.locator('svg.trend-chart[data-column="practice_score"]')
    expect(score).to_be_visible()
    expect(score.locator("g.trend-line")).to_have_count(1)
    expect(page.locator(".trend-grid")).not_to_contain_text("kim")
    page.screenshot(path=str(ARTIFACTS / "review-team.png"), full_page=True)


def test_an_uploaded_transcript_is_shown_with_its_codes(page, site):
    login(page, site["url"], "mette")
    page.goto(site["url"] + "/gennemgang/upload")
    expect(page.locator("#privacy-note")).to_contain_text("Udskriften gemmes ikke.")
    page.set_input_files("#upload-file", str(SAMPLE))
    # The first upload trains the coder in the web process: wait for the page, not for the click.
    page.get_by_role("button", name="Gennemgå udskriften").click(no_wait_after=True)
    first = page.locator("#transcript .speaker-K").first
    expect(first).to_contain_text("Goddag Erling, velkommen.", timeout=CODER_TIMEOUT_MS)
    expect(first.locator(".code-label").first).to_be_visible()
    expect(page.locator("#transcript .speaker-K .code-label", has_text="skalaspørgsmål").first).to_be_visible()
    expect(page.locator("#transcript .speaker-K .code-label", has_text="skala spurgt opad")).to_have_count(1)
    expect(page.locator("#metrics-supplementary .metric")).to_have_count(2)  # MITI, shown apart
    expect(page.locator(".scoring li").first).to_have_text("Hver måling giver point: grøn 1, gul ½ og rød 0.")
    expect(page.locator("#metrics .metric")).not_to_have_count(0)
    expect(page.locator("#privacy-note")).to_contain_text("Udskriften gemmes ikke.")
    page.screenshot(path=str(ARTIFACTS / "review-upload.png"), full_page=True)


def test_a_file_without_turns_gets_a_message_on_the_form(page, site, tmp_path):
    notes = tmp_path / "noter.txt"
    notes.write_text("Noter fra mødet.\nHun vil gerne søge job.\n", encoding="utf-8")
    login(page, site["url"], "mette")
    page.goto(site["url"] + "/gennemgang/upload")
    page.set_input_files("#upload-file", str(notes))
    page.get_by_role("button", name="Gennemgå udskriften").click()
    expect(page.locator("#upload-error")).to_contain_text(
        "begynde med »K:« (konsulenten), »A:« (a-kassens konsulent i en fællessamtale) eller »B:« (borgeren)"
    )
    expect(page.locator("#upload-file")).to_be_visible()


def test_the_pages_fit_a_narrow_window_beside_a_video_call(page, site):
    page.set_viewport_size({"width": 480, "height": 800})
    login(page, site["url"], "mette")
    for path in ("/gennemgang", "/gennemgang/upload"):
        page.goto(site["url"] + path)
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 480, path  # the table scrolls, not the page
    page.screenshot(path=str(ARTIFACTS / "review-upload-480.png"), full_page=True)


def _fits(page, width: int, where: str) -> None:
    overflow = page.evaluate(
        """w => Array.from(document.querySelectorAll('body *'))
              .filter(e => { const r = e.getBoundingClientRect(); return r.right > w + 1 && getComputedStyle(e).position !== 'absolute'
                              && !e.closest('.table-scroll, .chart-scroll, .sr-only'); })
              .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
        width,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (where, overflow)


def test_no_review_page_scrolls_sideways_at_420_px(page, site):
    """The issue: at 420 px the review pages scrolled sideways (only tables and charts may scroll)."""
    page.set_viewport_size({"width": 420, "height": 800})
    login(page, site["url"], "sara")
    page.goto(site["url"] + "/gennemgang")
    expect(page.locator("h1")).to_be_visible()
    _fits(page, 420, "/gennemgang")
    conversation = page.locator("#review-table tbody tr a").first.get_attribute("href")
    for path in (conversation, "/gennemgang/team", "/gennemgang/upload"):
        page.goto(site["url"] + path)
        expect(page.locator("h1")).to_be_visible()
        _fits(page, 420, path)
    page.screenshot(path=str(ARTIFACTS / "review-team-420.png"), full_page=True)
