"""The plan page and its PDF, read from the plan store through bot.plan's service."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

from bot.store.uow import SqlAlchemyUnitOfWork
from bot.web.plans import Agreement, PlanDocument, Reading, scaling_chart

from .plan_seed import seed_plan


async def test_the_consultant_sees_the_plan_with_chart_and_abc(client, web):
    seed_plan(web.db_url, "mette")
    await client.login("mette")
    response = await client.get("/plan/b-12")  # references are case-insensitive
    html = await response.text()
    assert response.status == 200
    assert "<h1>Plan for B-12</h1>" in html
    assert "B-12 sender tre uopfordrede ansøgninger inden fredag" in html
    assert "21. november 2025" in html  # the deadline, in Danish
    assert "pædagogmedhjælper" in html and "tre nye brancher" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<circle") == 4 and svg.count("<polyline") == 2  # two readings per kind
    assert 'stroke-dasharray="6 4"' in svg  # confidence is dashed
    assert "style=" not in html  # CSP: no inline styles
    assert 'href="/plan/B-12/pdf"' in html
    # The course: the seed's two conversations were proposed as the jobcentre's first and second.
    course = html[html.index('<ol class="timeline"') : html.index("</ol>", html.index('<ol class="timeline"'))]
    assert course.count('class="timeline-done"') == 2 and "Holdt 19. november 2025" in course
    assert '<li class="timeline-next"><span class="timeline-title">3. samtale i jobcentret' in course
    assert '<li class="timeline-next"><span class="timeline-title">CV-samtalen' in course
    assert "Ledighedsugen er ikke registreret." in html


async def test_the_pdf_downloads_with_danish_letters(client, web):
    seed_plan(web.db_url, "mette")
    await client.login("mette")
    response = await client.get("/plan/B-12/pdf")
    body = await response.read()
    assert response.status == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="plan-B-12.pdf"'
    assert body.startswith(b"%PDF") and len(body) > 5000
    assert b"DejaVu" in body  # the embedded font that has æ, ø and å


async def test_a_supervisor_of_the_team_sees_it_others_do_not(client, other_client, web):
    seed_plan(web.db_url, "mette")
    await client.login("sara")  # supervisor, team Nord (mette's team)
    assert (await client.get("/plan/B-12")).status == 200
    assert (await client.get("/plan/B-12/pdf")).status == 200
    await other_client.login("sven")  # supervisor, team Syd
    response = await other_client.get("/plan/B-12")
    assert response.status == 404 and "ingen plan" in await response.text()
    assert (await other_client.get("/plan/B-12/pdf")).status == 404


async def test_another_consultant_gets_not_found(client, web):
    seed_plan(web.db_url, "mette")
    await client.login("kim")
    assert (await client.get("/plan/B-12")).status == 404
    assert (await client.get("/plan/Ukendt")).status == 404


async def test_the_plan_page_needs_a_login(client):
    response = await client.get("/plan/B-12")
    assert response.status == 303 and response.headers["Location"] == "/login?next=/plan/B-12"


async def test_markup_in_plan_data_is_escaped(db_url, fake_rasa):
    """Whatever the store holds is shown as text (Jinja autoescape)."""
    from sanic import Sanic

    from bot.web.app import WebConfig, create_app
    from tests.web.conftest import SECRET, Client
    from tests.web.fake_rasa import free_port

    markup = "<script>alert(1)</script>"
    document = PlanDocument(
        citizen_ref="B-1",
        contract=None,
        agreements=(Agreement("1", markup, "borger", date(2025, 12, 5), "open", {}, ()),),
        scaling=(Reading("importance", 5, markup, datetime(2025, 11, 19, tzinfo=UTC)),),
        jobs={"A": markup, "B": None, "C": None},
    )

    class Source:
        def load(self, citizen_ref, user):
            return document

        def pdf(self, citizen_ref, user):
            return None

        def payload(self, citizen_ref, user):
            return None

    Sanic.test_mode = True
    app = create_app(
        WebConfig(secret=SECRET, rasa_url=fake_rasa.url, action_url=None, database_url=db_url), plan_source=Source()
    )
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    client = Client(f"http://127.0.0.1:{port}")
    try:
        await client.login("mette")
        html = await (await client.get("/plan/B-1")).text()
        assert "<script>alert" not in html
        assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
        assert "5. december 2025" in html
    finally:
        await client.close()
        await server.before_stop()
        await server.close()


def test_the_chart_puts_higher_values_higher_and_one_column_per_moment():
    first = datetime(2025, 11, 19, 9, tzinfo=UTC)
    later = datetime(2025, 11, 26, 9, tzinfo=UTC)
    chart = scaling_chart(
        [
            Reading("importance", 4, None, first),
            Reading("confidence", 3, None, first),
            Reading("importance", 7, "bedre", later),
        ]
    )
    importance, confidence = chart.series
    assert [p.value for p in importance.points] == [4, 7]
    assert importance.points[1].y < importance.points[0].y  # 7 is drawn above 4
    assert importance.points[0].x == confidence.points[0].x  # same moment, same column
    assert [label for label, _x in chart.x_ticks] == ["19/11", "26/11"]
    assert "Vigtighed 7 (26. november 2025 kl. 10.00): bedre" == importance.points[1].label
    assert re.fullmatch(r"[\d. ,]+", importance.polyline)
    assert scaling_chart([]) is None


def test_readings_from_the_same_minute_share_a_column_labelled_with_the_danish_clock():
    """The issue: importance 7 and confidence 3 from one minute at opposite ends, under "2/12 … 2/12"."""
    chart = scaling_chart(
        [
            Reading("importance", 7, None, datetime(2025, 12, 2, 5, 53, 10, tzinfo=UTC)),
            Reading("confidence", 3, None, datetime(2025, 12, 2, 5, 53, 40, tzinfo=UTC)),
        ]
    )
    importance, confidence = chart.series
    assert importance.points[0].x == confidence.points[0].x == (chart.left + chart.right) / 2
    assert [label for label, _x in chart.x_ticks] == ["06.53"]  # 05:53 UTC is 06.53 in Copenhagen


def test_a_day_is_labelled_once():
    day = datetime(2025, 12, 2, 9, tzinfo=UTC)
    chart = scaling_chart(
        [
            Reading("importance", 4, None, day),
            Reading("importance", 6, None, day.replace(hour=9, minute=20)),
            Reading("importance", 7, None, datetime(2025, 12, 9, 9, tzinfo=UTC)),
        ]
    )
    assert [label for label, _x in chart.x_ticks] == ["2/12", "9/12"]


async def test_the_cockpit_starts_with_the_stored_plan_for_its_citizen(client, other_client, web):
    seed_plan(web.db_url, "mette")
    await client.login("mette")
    conversation = (await client.start("B-12"))["conversation"]["id"]
    html = await (await client.get(f"/samtale/{conversation}")).text()
    data = json.loads(
        re.search(r'<script type="application/json" id="cockpit-data">(.*?)</script>', html, re.S).group(1)
    )
    assert data["plan"]["citizen_ref"] == "B-12"
    assert data["plan"]["agreements"][0]["deadline"] == "2025-11-21" and data["plan"]["agreements"][0]["id"] == 1
    assert data["plan"]["jobs"]["A"] == "pædagogmedhjælper"
    assert [r["value"] for r in data["plan"]["scaling"]] == [4, 3, 7, 6]
    await other_client.login("kim")  # another consultant's citizen with the same reference: nothing
    theirs = (await other_client.start("B-12"))["conversation"]["id"]
    html = await (await other_client.get(f"/samtale/{theirs}")).text()
    assert '"plan": null' in html


async def test_a_konsulent_of_the_team_sees_it_without_having_met_the_citizen(client, web):
    """The access policy is the team's (bot.users.access), and every read is audited without the ref."""
    seed_plan(web.db_url, "mette")
    await client.login("lone")  # konsulent, team Nord; never held a conversation with B-12
    assert (await client.get("/plan/B-12")).status == 200
    assert (await client.get("/plan/B-12/pdf")).status == 200
    with SqlAlchemyUnitOfWork(url=web.db_url) as uow:
        reads = [(e.username, e.action, e.detail) for e in uow.reviews.audit_entries() if e.username == "lone"]
    assert sorted(action for _, action, _ in reads) == ["plan_pdf", "plan_read"]
    assert all("B-12" not in detail for _, _, detail in reads)


async def test_a_trainee_gets_403_for_any_plan(client, web):
    seed_plan(web.db_url, "mette")
    await client.login("emil")
    assert (await client.get("/plan/B-12")).status == 403
    assert (await client.get("/plan/B-12/pdf")).status == 403
