"""The review pages: logged conversations, one conversation, the team's trends, a transcript upload.

    GET  /gennemgang                 the conversations you may see (filters and pages in the query)
    GET  /gennemgang/<id>            one conversation: timeline, metrics, agreements, transcript
    GET  /gennemgang/team            supervisors: the team's trends per week (SVG)
    GET  /gennemgang/team.csv        the same as CSV for Excel (audited)
    GET  /gennemgang/upload          a form for a transcript file
    POST /gennemgang/upload          the transcript reviewed like a practice (not stored; audited)

Who sees what is decided by ``bot.review.service`` (a consultant or trainee their own, a
supervisor also their team's); a conversation you may not see is "not found", like one that
does not exist. What the pages show is made in ``bot.web.reviews``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sanic import Sanic, response
from sanic.request import Request

from bot.guide.content import Guide
from bot.review.service import (
    PAGE_SIZE,
    OpenedConversation,
    ReviewAccessError,
    TeamTrends,
    Viewer,
    list_conversations,
    open_conversation,
    record_audit,
    team_trends,
    trends_csv_rows,
)
from bot.review.transcript_upload import MAX_UPLOAD_BYTES, UploadError, code_labels, feedback_notes, review_upload
from bot.store.repositories.review import ReviewFilter
from bot.users.access import PLAN_ROLES
from bot.web.context import context
from bot.web.errors import HttpError
from bot.web.formatting import LOCAL_TZ, clock_offset, decimal_commas
from bot.web.requests import check_csrf, db, in_thread, login_required, render
from bot.web.review_charts import timeline_chart, trend_charts
from bot.web.reviews import (
    STATUS_DA,
    UPLOAD_FIELD,
    UPLOAD_PATH,
    Period,
    agreement_rows,
    conversation_facts,
    conversation_title,
    csv_bytes,
    export_filename,
    list_row,
    parse_list_query,
    parse_period,
    query_args,
    reading_rows,
    step_times,
    transcript_entries,
)

NOT_FOUND = "Samtalen findes ikke, eller du har ikke adgang til den."
SUPERVISORS_ONLY = "Teamets udvikling kan kun ses af supervisorer."
MAX_REVIEW_ID = 2**31 - 1


def viewer_of(request: Request) -> Viewer:
    user = request.ctx.user
    return Viewer(user.username, user.role, user.team)


def supervisor_of(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.is_supervisor:
        raise HttpError(403, SUPERVISORS_ONLY)
    return viewer


# --- the list and one conversation --------------------------------------------------
@login_required
async def review_list(request: Request) -> response.HTTPResponse:
    viewer, case_names = viewer_of(request), context(request).case_names
    query = parse_list_query(query_args(request.args), case_names)
    page = await db(request, list_conversations, viewer, query.where, query.page, PAGE_SIZE)
    if query.where.consultant and query.where.consultant not in page.consultants:
        query = query.without_consultant()
        page = await db(request, list_conversations, viewer, query.where, query.page, PAGE_SIZE)
    if page.total and query.page > page.pages:  # past the end (rows were deleted, or a typed URL)
        page = await db(request, list_conversations, viewer, query.where, page.pages, PAGE_SIZE)
    return render(
        request,
        "reviews.html",
        status=400 if query.errors else 200,
        query=query,
        page=page,
        rows=[list_row(summary, case_names) for summary in page.rows],
        case_names=case_names,
        show_consultants=viewer.is_supervisor or len(page.consultants) > 1,
    )


@login_required
async def review_page(request: Request, review_id: int) -> response.HTTPResponse:
    if not 0 < review_id <= MAX_REVIEW_ID:
        raise HttpError(404, NOT_FOUND)
    try:
        opened = await db(request, open_conversation, viewer_of(request), review_id)
    except ReviewAccessError:
        raise HttpError(404, NOT_FOUND) from None
    ctx = context(request)
    return render(
        request, "review.html", **conversation_context(opened, request.ctx.user.role, ctx.guide, ctx.case_names)
    )


def conversation_context(
    opened: OpenedConversation, role: str, guide: Guide, case_names: dict[str, str]
) -> dict[str, Any]:
    review = opened.review
    case_name = case_names.get(review.case_id or "")
    step_titles = {n: guide.step(n).title for n in guide.steps}
    tool_titles = {tool_id: tool.title for tool_id, tool in guide.tools.items()}
    topic_title = guide.topics[review.topic].title if review.topic in guide.topics else review.topic
    return dict(
        summary=opened.summary,
        review=review,
        title=conversation_title(review, case_name),
        facts=conversation_facts(opened.summary, review, topic_title, case_name),
        chart=timeline_chart(review, step_titles, tool_titles),
        step_times=step_times(review, step_titles),
        metrics=review.metrics,
        status_da=STATUS_DA,
        number_text=decimal_commas,
        agreements=agreement_rows(review.agreements),
        readings=reading_rows(review.scaling),
        notes=feedback_notes(review.feedback),
        transcript=transcript_entries(review, case_name, code_labels),
        can_see_plan=role in PLAN_ROLES,
    )


# --- the team's trends --------------------------------------------------------------
def team_period(request: Request) -> Period:
    """The period in the query, for a supervisor (anyone else: 403)."""
    supervisor_of(request)
    return parse_period(query_args(request.args))


async def trends_in(request: Request, period: Period) -> TeamTrends:
    where = ReviewFilter(since=period.since, until=period.until)
    return await db(request, team_trends, supervisor_of(request), where)


@login_required
async def team_page(request: Request) -> response.HTTPResponse:
    period = team_period(request)
    trends = await trends_in(request, period)
    return render(
        request,
        "review_team.html",
        status=400 if period.errors else 200,
        period=period,
        values=query_args(request.args),
        charts=trend_charts(trends),
        team=request.ctx.user.team,
        csv_query=urlencode(period.params),
    )


@login_required
async def team_csv(request: Request) -> response.HTTPResponse:
    period = team_period(request)
    if period.errors:
        raise HttpError(400, " ".join(period.errors))
    rows = trends_csv_rows(await trends_in(request, period))
    await db(request, record_audit, viewer_of(request), "export", f"teamudvikling: {len(rows) - 1} rækker")
    filename = export_filename(datetime.now(LOCAL_TZ).date())
    return response.raw(
        csv_bytes(rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- a transcript upload ------------------------------------------------------------
def upload_form(request: Request, **values: Any) -> response.HTTPResponse:
    """The upload page: the empty form, the form with an error, or a report."""
    values = {"error": None, "report": None, **values}
    return render(request, "review_upload.html", max_kb=MAX_UPLOAD_BYTES // 1024, field=UPLOAD_FIELD, **values)


@login_required
async def upload_page(request: Request) -> response.HTTPResponse:
    return upload_form(request)


@login_required
async def upload(request: Request) -> response.HTTPResponse:
    check_csrf(request, request.form.get("csrf_token"))
    file = request.files.get(UPLOAD_FIELD) if request.files else None
    try:
        report = await in_thread(review_upload, file.name if file else None, file.body if file else None)
    except UploadError as error:
        return upload_form(request, error=str(error), status=422)
    await db(request, record_audit, viewer_of(request), "upload", f"{report.turns} replikker")
    return upload_form(request, report=report, status_da=STATUS_DA, number_text=decimal_commas, clock=clock_offset)


def register(app: Sanic) -> None:
    app.get("/gennemgang")(review_list)
    app.get("/gennemgang/<review_id:int>")(review_page)
    app.get("/gennemgang/team")(team_page)
    app.get("/gennemgang/team.csv")(team_csv)
    app.get(UPLOAD_PATH)(upload_page)
    app.post(UPLOAD_PATH)(upload)
