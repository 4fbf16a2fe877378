"""The review pages: who sees which conversation, the list's filters and pages, a conversation's
page, the team's trends and their CSV, and reviewing an uploaded transcript.

Conversations are the recorded ones in ``tests/data/review/``, replayed through Rasa's tracker
store (``review_seed``), as the Rasa server would have stored them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.store.tables.review import TrackerEvent
from bot.store.uow import SqlAlchemyUnitOfWork

from .review_seed import GUIDE_RECORDING, PRACTICE_RECORDING, replay, review_id

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "transcript_erling_sample.txt"
NOT_FOUND = "Samtalen findes ikke, eller du har ikke adgang til den."
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # 10.00 in Copenhagen


def guide_for(web, username: str, start: datetime = MONDAY) -> int:
    return review_id(web.db_url, replay(web.db_url, GUIDE_RECORDING, username, start))


def practice_for(web, username: str, start: datetime = MONDAY + timedelta(days=1)) -> int:
    return review_id(web.db_url, replay(web.db_url, PRACTICE_RECORDING, username, start))


def audit_entries(web, action: str) -> list[tuple[str, str | None]]:
    """(username, detail) of the audit log's entries for ``action``."""
    with SqlAlchemyUnitOfWork(url=web.db_url) as uow:
        return [(e.username, e.detail) for e in uow.reviews.audit_entries() if e.action == action]


def rows_of(html: str) -> list[str]:
    return re.findall(r'<tr data-id="(\d+)">', html)


def svg_of(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[html.rindex("<svg", 0, start) : html.index("</svg>", start)]


# --- access ---------------------------------------------------------------------------------
async def test_the_review_pages_need_a_login(client):
    for path in ("/gennemgang", "/gennemgang/1", "/gennemgang/team", "/gennemgang/upload"):
        response = await client.get(path)
        assert response.status == 303 and response.headers["Location"] == f"/login?next={path}"


async def test_a_consultant_cannot_open_another_consultants_conversation_by_url(client, web):
    theirs = guide_for(web, "kim")
    await client.login("mette")
    response = await client.get(f"/gennemgang/{theirs}")
    assert response.status == 404 and NOT_FOUND in await response.text()
    missing = await client.get("/gennemgang/999999")  # the same answer as for one that does not exist
    assert missing.status == 404 and NOT_FOUND in await missing.text()
    assert (await client.get("/gennemgang/99999999999999999999")).status == 404
    assert rows_of(await (await client.get("/gennemgang")).text()) == []


async def test_a_trainee_sees_only_their_own(client, web):
    mine, mettes = practice_for(web, "emil"), practice_for(web, "mette")
    await client.login("emil")
    assert (await client.get(f"/gennemgang/{mine}")).status == 200
    assert (await client.get(f"/gennemgang/{mettes}")).status == 404
    assert rows_of(await (await client.get("/gennemgang")).text()) == [str(mine)]


async def test_a_supervisor_opens_the_teams_conversations_but_not_another_teams(client, other_client, web):
    mettes, kims = guide_for(web, "mette"), guide_for(web, "kim")
    await client.login("sara")  # supervisor, team Nord (mette's)
    assert (await client.get(f"/gennemgang/{mettes}")).status == 200
    assert (await client.get(f"/gennemgang/{kims}")).status == 404
    assert rows_of(await (await client.get("/gennemgang")).text()) == [str(mettes)]
    await other_client.login("sven")  # supervisor, team Syd (kim's)
    assert (await other_client.get(f"/gennemgang/{kims}")).status == 200
    assert (await other_client.get(f"/gennemgang/{mettes}")).status == 404
    assert len(audit_entries(web, "open")) == 2  # every opening is audited, refusals are not


async def test_the_team_page_is_for_supervisors_only(client, other_client):
    await client.login("mette")
    for path in ("/gennemgang/team", "/gennemgang/team.csv"):
        response = await client.get(path)
        assert response.status == 403 and "kun ses af supervisorer" in await response.text()
    await other_client.login("emil")
    assert (await other_client.get("/gennemgang/team")).status == 403


async def test_the_header_links_to_the_review_pages(client, other_client):
    await client.login("mette")
    html = await (await client.get("/")).text()
    assert 'href="/gennemgang"' in html and 'href="/gennemgang/team"' not in html
    await other_client.login("sara")
    html = await (await other_client.get("/")).text()
    assert 'href="/gennemgang"' in html and 'href="/gennemgang/team"' in html


# --- one conversation -------------------------------------------------------------------------
async def test_a_guide_conversation_shows_timeline_metrics_agreements_and_transcript(client, web):
    conversation = guide_for(web, "mette")
    await client.login("mette")
    response = await client.get(f"/gennemgang/{conversation}")
    html = await response.text()
    assert response.status == 200
    assert "<h1>Samtale med B-12</h1>" in html
    assert "mandag 16. november 2026 kl. 10.00" in html  # Danish time
    assert "Jobsøgningsstrategi" in html and "45 min" in html
    svg = svg_of(html, "timeline-title")
    assert '<title id="timeline-title">' in svg and '<desc id="timeline-desc">Trin 2 (Forbered dig til samtalen)' in svg
    assert svg.count('class="step-bar"') == 9 and 'data-step="6"' in svg
    assert svg.count('class="timeout-marker"') == 1 and svg.count('class="tool-marker"') == 9
    assert "Lav en god afslutning" in svg and "Timeout efter 15 min" in svg
    assert 'class="metric metric-green" data-metric="contract"' in html
    assert 'class="metric metric-green" data-metric="timeouts"' in html  # no interval: one timeout is enough
    assert ">grøn</span>" in html  # the status in words, not only in colour
    assert (
        "Håndbogen sætter intet interval" in html and "Kilde: Håndbogen, trin 6: Lav timeouts undervejs, s. 15" in html
    )
    assert "B-12 sender tre uopfordrede ansøgninger inden fredag" in html and "20. november 2026" in html
    assert html.count("✓ SMART") == 2
    assert "Vigtighed" in html and "4/10" in html and "Tro på det" in html and "6/10" in html
    assert "hvordan laver jeg kontrakten?" in html and "Kontrakten (trin 3 – Lav kontrakten)" in html
    assert "[CPR-nummer]" in html  # the log was redacted before it was stored
    assert "style=" not in html


async def test_an_agreement_saved_anyway_shows_what_was_missing(client, web):
    from bot.plan.service import PlanService
    from bot.store.uow import SqlAlchemyUnitOfWork

    sender = replay(web.db_url, GUIDE_RECORDING, "mette", MONDAY)
    conversation = review_id(web.db_url, sender)
    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=web.db_url))
    service.record_agreement(
        f"{sender}:{int(MONDAY.timestamp())}", "aftale: B-12 ringer til a-kassen", save_anyway=True
    )
    await client.login("mette")
    html = await (await client.get(f"/gennemgang/{conversation}")).text()
    assert "B-12 ringer til a-kassen" in html and "Mangler: en frist" in html and "✗ ikke SMART" in html


async def test_a_practice_shows_codes_feedback_and_score(client, web):
    conversation = practice_for(web, "emil")
    await client.login("emil")
    html = await (await client.get(f"/gennemgang/{conversation}")).text()
    assert "<h1>Øvelse med Stine</h1>" in html and "50/100" in html
    assert "Hej Stine. Hvad vil du gerne have ud af de næste 20 minutter?" in html
    assert (
        '<span class="code-label">åbent spørgsmål</span>' in html
        and '<span class="code-label">refleksion</span>' in html
    )
    assert "Det gik godt" in html and "Det kan du arbejde med" in html
    assert 'data-metric="reflection_question_ratio"' in html and ">0,3<" in html  # decimal comma
    assert "Supplerende målinger – vejer mindre" not in html  # a payload stored before the engine: as it was
    assert 'class="metric metric-red" data-metric="contract"' in html and ">rød</span>" in html
    assert svg_of(html, "timeline-title").count('class="step-bar"') == 4


async def test_a_practice_left_without_ending_says_its_metrics_were_computed_afterwards(client, web):
    from .review_seed import new_sender, recorded_events, store_events

    events = recorded_events(PRACTICE_RECORDING)
    last_user = max(i for i, e in enumerate(events) if e.get("event") == "user")
    sender = new_sender("emil")
    store_events(web.db_url, sender, events[:last_user])  # the trainee closed the tab before "stop øvelsen"
    await client.login("emil")
    html = await (await client.get(f"/gennemgang/{review_id(web.db_url, sender)}")).text()
    assert 'id="computed-afterwards"' in html and "Øvelsen blev ikke afsluttet" in html
    assert 'data-metric="reflection_question_ratio"' in html


# --- the list -----------------------------------------------------------------------------------
@pytest.fixture
def many(web):
    """27 practices of mette over three weeks and 3 guide conversations of lone: 30 for sara.

    (The guide conversations are a konsulent's: an elev's would have no plan, bot.users.access.)"""
    for n in range(27):
        practice_for(web, "mette", MONDAY - timedelta(days=n, hours=n % 5))
    for n in range(3):
        guide_for(web, "lone", MONDAY + timedelta(days=2, hours=n))
    return web


async def test_the_list_pages_by_25_newest_first(client, many):
    await client.login("sara")
    first = await (await client.get("/gennemgang")).text()
    assert "30 samtaler." in first and "side 1 af 2" in first
    assert len(rows_of(first)) == 25
    assert first.index("18.11.2026 kl. 12.00") < first.index("18.11.2026 kl. 10.00")  # newest first
    assert 'href="/gennemgang?side=2" rel="next">Næste →' in first
    second = await (await client.get("/gennemgang?side=2")).text()
    assert len(rows_of(second)) == 5 and "side 2 af 2" in second and 'rel="prev">← Forrige' in second
    assert not set(rows_of(first)) & set(rows_of(second))
    past_the_end = await client.get("/gennemgang?side=9")
    assert past_the_end.status == 200 and "side 2 af 2" in await past_the_end.text()


async def test_the_list_shows_the_columns(client, many):
    await client.login("sara")
    html = await (await client.get("/gennemgang?type=guide")).text()
    row = html[html.index("<tr data-id=") : html.index("</tr>", html.index("<tr data-id="))]
    assert "18.11.2026 kl. 12.00" in row and "<td>lone</td>" in row and "<td>Samtale</td>" in row
    assert "<td>B-12</td>" in row and "35 min" in row
    assert row.count('class="step-mark on"') == 7 and "Besøgte trin: 2, 3, 4, 5, 6, 8, 9" in row
    assert '<span class="yes" aria-hidden="true">✓</span>' in row and ">2/2<" in row


async def test_the_list_filters_by_consultant_type_case_and_period(client, many):
    await client.login("sara")

    async def count(query: str) -> str:
        html = await (await client.get("/gennemgang?" + query)).text()
        return re.search(r'id="review-count">\s*(\d+) samtale', html).group(1)

    assert await count("konsulent=lone") == "3"
    assert await count("type=guide") == "3"
    assert await count("type=ovelse&borger=stine") == "27"
    assert await count("borger=fatima") == "0"
    assert await count("fra=2026-11-10&til=2026-11-16") == "7"  # Danish days, both included
    assert await count("fra=10.11.2026&til=16.11.2026&konsulent=mette") == "7"
    html = await (await client.get("/gennemgang?konsulent=mette&type=ovelse")).text()
    assert 'href="/gennemgang?konsulent=mette&amp;type=ovelse&amp;side=2"' in html  # paging keeps the filters
    assert '<option value="mette" selected>' in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("fra=32.13.2026", "Fra-datoen »32.13.2026« kan ikke læses som en dato"),
        ("til=i går", "Til-datoen »i går« kan ikke læses som en dato"),
        ("fra=2026-11-20&til=2026-11-01", "Fra-datoen ligger efter til-datoen"),
        ("type=telefon", "Ukendt type »telefon«"),
        ("borger=hans", "Ukendt øvelsesborger »hans«"),
        ("type=guide&borger=stine", "En øvelsesborger hører kun til øvelser"),
        ("side=0", "Sidetallet »0« skal være et helt tal"),
        ("side=abc", "Sidetallet »abc« skal være et helt tal"),
        ("konsulent=kim", "Der er ingen samtaler for »kim«, som du har adgang til"),
        ("konsulent=<script>", "»&lt;script&gt;« er ikke et brugernavn"),
    ],
)
async def test_invalid_filters_give_a_danish_message(client, web, query, message):
    practice_for(web, "mette")
    await client.login("sara")
    response = await client.get("/gennemgang?" + query)
    html = await response.text()
    assert response.status == 400 and message in html
    assert 'id="filter-errors"' in html and 'id="review-count"' in html  # the list is still there


# --- the team -------------------------------------------------------------------------------------
async def test_the_team_page_draws_one_plot_per_trend_with_a_line_per_consultant(client, web):
    practice_for(web, "mette", MONDAY)
    practice_for(web, "mette", MONDAY + timedelta(days=7))
    practice_for(web, "emil", MONDAY + timedelta(days=8))
    guide_for(web, "lone", MONDAY + timedelta(days=8))  # a konsulent: an elev has no plan
    guide_for(web, "kim", MONDAY)  # another team
    await client.login("sara")
    response = await client.get("/gennemgang/team")
    html = await response.text()
    assert response.status == 200
    columns = re.findall(r'<svg class="chart trend-chart" data-column="(\w+)"', html)
    assert set(columns) == {
        "conversations",
        "closure_rate",
        "timeouts_per_conversation",
        "smart_share",
        "practice_score",
        "reflection_question_ratio",
        "open_question_share",
    }
    score = svg_of(html, "trend-practice_score-title")
    assert score.count('class="trend-line"') == 3 and "kim" not in score  # mette, emil, lone
    assert "mette, uge 47 (16. november 2026): 50" in score and "uge 48" in score
    assert '<desc id="trend-practice_score-desc">Øvelsesscore pr. uge.' in score
    assert "style=" not in html
    period = await (await client.get("/gennemgang/team?fra=2026-11-23")).text()
    assert "mette, uge 47" not in period and "mette, uge 48" in period
    assert 'href="/gennemgang/team.csv?fra=2026-11-23"' in period


async def test_the_team_page_says_so_when_the_period_is_empty_or_unreadable(client):
    await client.login("sara")
    assert "Der er ingen samtaler i perioden." in await (await client.get("/gennemgang/team")).text()
    response = await client.get("/gennemgang/team?fra=nu")
    assert response.status == 400 and "Fra-datoen »nu« kan ikke læses som en dato" in await response.text()
    assert (await client.get("/gennemgang/team.csv?fra=nu")).status == 400


async def test_the_csv_export_is_for_excel_and_audited(client, web):
    practice_for(web, "mette", MONDAY)
    guide_for(web, "mette", MONDAY + timedelta(hours=2))
    practice_for(web, "emil", MONDAY + timedelta(days=7))
    await client.login("sara")
    response = await client.get("/gennemgang/team.csv")
    body = await response.read()
    assert response.status == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="teamudvikling-\d{4}-\d{2}-\d{2}\.csv"', response.headers["Content-Disposition"]
    )
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == (
        "konsulent;uge (mandag);Samtaler;Afslutningsrate;Timeouts pr. samtale;Andel SMART-aftaler;"
        "Øvelsesscore;Refleksioner pr. spørgsmål;Andel åbne spørgsmål"
    )
    assert lines[1] == "emil;2026-11-23;1;1,0;0,0;;50,0;0,29;0,8"
    assert lines[2].startswith("mette;2026-11-16;2;1,0;0,5;1,0;50,0;")
    assert lines[3] == ""
    assert audit_entries(web, "export") == [("sara", "teamudvikling: 2 rækker")]


# --- upload ----------------------------------------------------------------------------------------
async def upload(client, content: bytes, filename: str = "samtale.txt", csrf: bool = True):
    form = aiohttp.FormData()
    if csrf:
        form.add_field("csrf_token", client.csrf)
    form.add_field("udskrift", content, filename=filename, content_type="text/plain")
    response = await client.session.post(client.base + "/gennemgang/upload", data=form, allow_redirects=False)
    await response.read()
    return response


def event_count(web) -> int:
    with SqlAlchemyUnitOfWork(url=web.db_url) as uow:
        return uow.session.execute(select(func.count(TrackerEvent.id))).scalar()


async def test_an_uploaded_transcript_is_coded_and_reviewed_but_not_stored(client, web):
    await client.login("mette")
    form = await (await client.get("/gennemgang/upload")).text()
    assert 'enctype="multipart/form-data"' in form and 'name="csrf_token"' in form
    assert "Udskriften gemmes ikke." in form
    text = SAMPLE.read_text(encoding="utf-8") + "K: Du kan ringe til mig på 22 33 44 55 eller skrive til a@b.dk.\n"
    response = await upload(client, text.encode("utf-8"))
    html = await response.text()
    assert response.status == 200, html
    assert "Udskriften gemmes ikke." in html
    assert "Goddag Erling, velkommen." in html and "Det er folk, der giver dig energi." in html
    assert (
        '<span class="code-label">refleksion</span>' in html
        and '<span class="code-label">skalaspørgsmål</span>' in html
    )
    assert re.search(r'class="metric metric-(green|yellow|red)" data-metric="open_question_share"', html)
    assert "Prøv i stedet" in html and "Det kan du arbejde med" in html
    assert "[telefonnummer]" in html and "[e-mail]" in html and "22 33 44 55" not in html
    assert '<span class="at">00:05</span>' in html
    assert event_count(web) == 0
    assert audit_entries(web, "upload") == [("mette", "25 replikker")]


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"", "tom.txt", "Filen er tom."),
        ("K: Hej, hvordan går det?".encode("utf-16"), "utf16.txt", "Filen kan ikke læses som UTF-8-tekst"),
        ("K: Hvad så, Søren?".encode("latin-1"), "latin1.txt", "Filen kan ikke læses som UTF-8-tekst"),
        (
            "Referat af mødet med borgeren.\nHun vil gerne søge job.".encode(),
            "referat.txt",
            "Hver replik skal stå på sin egen linje og begynde med »K:«",
        ),
        (b"# kun kommentarer\nB: Hej\n", "borger.txt", "ingen konsulentreplikker"),
        (b"K: hej\n" * 30_000, "stor.txt", "Filen er for stor (205 KB). Den må højst fylde 200 KB."),
        (b"K: hej", "samtale.docx", "Udskriften skal være en tekstfil (.txt)"),
    ],
)
async def test_a_bad_file_gets_a_danish_message_on_the_form(client, web, content, filename, message):
    await client.login("mette")
    response = await upload(client, content, filename)
    html = await response.text()
    assert response.status == 422 and message in html
    assert 'id="upload-form"' in html and 'aria-invalid="true"' in html
    assert audit_entries(web, "upload") == []


async def test_an_upload_needs_the_forms_csrf_token(client):
    await client.login("mette")
    response = await upload(client, SAMPLE.read_bytes(), csrf=False)
    assert response.status == 403


async def test_an_upload_without_a_file_asks_for_one(client):
    await client.login("mette")
    response = await client.session.post(client.base + "/gennemgang/upload", data={"csrf_token": client.csrf})
    assert response.status == 422 and "Vælg en fil med udskriften." in await response.text()


async def test_a_file_over_the_request_limit_gets_the_same_message(client):
    await client.login("mette")
    response = await upload(client, b"K: hej\n" * 60_000)  # 420 KB: refused before the handler runs
    assert response.status == 413 and "Filen er for stor. Den må højst fylde 200 KB." in await response.text()
