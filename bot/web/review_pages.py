"""The review pages: logged conversations, one conversation, the team's trends, a transcript upload.

    GET  /gennemgang                 the conversations you may see (filters and pages in the query)
    GET  /gennemgang/<id>            one conversation: timeline, metrics, agreements, transcript
    GET  /gennemgang/team            supervisors: the team's trends per week (SVG)
    GET  /gennemgang/team.csv        the same as CSV for Excel (audited)
    GET  /gennemgang/upload          a form for a transcript file
    POST /gennemgang/upload          the transcript reviewed like a practice (not stored; audited)

Who sees what is decided by ``bot.review.service`` (a consultant or trainee their own, a
supervisor also their team's); a conversation you may not see is "not found", like one that
does not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sanic import Sanic, response
from sanic.request import Request

from bot.guide.content import Guide
from bot.review.service import (
    PAGE_SIZE,
    ReviewAccessError,
    Viewer,
    list_conversations,
    open_conversation,
    record_audit,
    team_trends,
    trends_csv_rows,
)
from bot.review.transcript_upload import (
    MAX_UPLOAD_BYTES,
    UploadError,
    code_labels,
    feedback_notes,
    review_upload,
)
from bot.store.repositories.review import ReviewFilter
from bot.web.errors import HttpError
from bot.web.formatting import LOCAL_TZ, clock_offset, decimal_commas
from bot.web.review_charts import timeline_chart, trend_charts
from bot.web.reviews import (
    STATUS_DA,
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
PLAN_ROLES = ("konsulent", "supervisor")  # who may open /plan/<ref> (bot.web.app)
UPLOAD_FIELD = "udskrift"
UPLOAD_PATH = "/gennemgang/upload"
UPLOAD_TOO_LARGE = (
    f"Filen er for stor. Den må højst fylde {MAX_UPLOAD_BYTES // 1024} KB. Gå tilbage, og vælg "
    "en mindre fil – eller del udskriften op."
)


@dataclass(frozen=True)
class PageTools:
    """The pieces of ``create_app`` the review pages use."""

    render: Callable[..., response.HTTPResponse]
    db: Callable  # await db(fn, *args): a store call in a worker thread, with the app's database URL
    check_csrf: Callable[[Request, str | None], None]
    login_redirect: Callable[[Request], response.HTTPResponse]
    guide: Guide
    case_names: dict[str, str]  # practice case id -> name


def viewer_of(request: Request) -> Viewer:
    user = request.ctx.user
    return Viewer(user.username, user.role, user.team)


def supervisor_of(request: Request) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.is_supervisor:
        raise HttpError(403, SUPERVISORS_ONLY)
    return viewer


async def in_thread(fn: Callable, *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


def register_review_pages(app: Sanic, tools: PageTools) -> None:
    guide, case_names = tools.guide, tools.case_names
    step_titles = {n: guide.step(n).title for n in guide.steps}
    tool_titles = {tool_id: tool.title for tool_id, tool in guide.tools.items()}

    def topic_title(topic_id: str | None) -> str | None:
        return guide.topics[topic_id].title if topic_id in guide.topics else topic_id

    @app.get("/gennemgang")
    async def review_list(request: Request):
        if request.ctx.user is None:
            return tools.login_redirect(request)
        viewer = viewer_of(request)
        query = parse_list_query(query_args(request.args), case_names)
        page = await tools.db(list_conversations, viewer, query.where, query.page, PAGE_SIZE)
        if query.where.consultant and query.where.consultant not in page.consultants:
            query = query.without_consultant()
            page = await tools.db(list_conversations, viewer, query.where, query.page, PAGE_SIZE)
        if page.total and query.page > page.pages:  # past the end (rows were deleted, or a typed URL)
            page = await tools.db(list_conversations, viewer, query.where, page.pages, PAGE_SIZE)
        return tools.render(
            request,
            "reviews.html",
            status=400 if query.errors else 200,
            query=query,
            page=page,
            rows=[list_row(summary, case_names) for summary in page.rows],
            case_names=case_names,
            show_consultants=viewer.is_supervisor or len(page.consultants) > 1,
        )

    def conversation_context(opened, role: str) -> dict[str, Any]:
        review = opened.review
        case_name = case_names.get(review.case_id or "")
        return dict(
            summary=opened.summary,
            review=review,
            title=conversation_title(review, case_name),
            facts=conversation_facts(opened.summary, review, topic_title(review.topic), case_name),
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

    @app.get("/gennemgang/<review_id:int>")
    async def review_page(request: Request, review_id: int):
        if request.ctx.user is None:
            return tools.login_redirect(request)
        if not 0 < review_id <= MAX_REVIEW_ID:
            raise HttpError(404, NOT_FOUND)
        try:
            opened = await tools.db(open_conversation, viewer_of(request), review_id)
        except ReviewAccessError:
            raise HttpError(404, NOT_FOUND) from None
        return tools.render(request, "review.html", **conversation_context(opened, request.ctx.user.role))

    async def trends_of(request: Request, period: Period):
        where = ReviewFilter(since=period.since, until=period.until)
        return await tools.db(team_trends, supervisor_of(request), where)

    @app.get("/gennemgang/team")
    async def team_page(request: Request):
        if request.ctx.user is None:
            return tools.login_redirect(request)
        supervisor_of(request)
        period = parse_period(query_args(request.args))
        trends = await trends_of(request, period)
        return tools.render(
            request,
            "review_team.html",
            status=400 if period.errors else 200,
            period=period,
            values=query_args(request.args),
            charts=trend_charts(trends),
            team=request.ctx.user.team,
            csv_query=urlencode(period.params),
        )

    @app.get("/gennemgang/team.csv")
    async def team_csv(request: Request):
        if request.ctx.user is None:
            return tools.login_redirect(request)
        supervisor_of(request)
        period = parse_period(query_args(request.args))
        if period.errors:
            raise HttpError(400, " ".join(period.errors))
        rows = trends_csv_rows(await trends_of(request, period))
        await tools.db(record_audit, viewer_of(request), "export", f"teamudvikling: {len(rows) - 1} rækker")
        filename = export_filename(datetime.now(LOCAL_TZ).date())
        return response.raw(
            csv_bytes(rows),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    def upload_form(request: Request, error: str | None = None, status: int = 200) -> response.HTTPResponse:
        return tools.render(
            request,
            "review_upload.html",
            status=status,
            error=error,
            report=None,
            max_kb=MAX_UPLOAD_BYTES // 1024,
            field=UPLOAD_FIELD,
        )

    @app.get(UPLOAD_PATH)
    async def upload_page(request: Request):
        if request.ctx.user is None:
            return tools.login_redirect(request)
        return upload_form(request)

    @app.post(UPLOAD_PATH)
    async def upload(request: Request):
        if request.ctx.user is None:
            return tools.login_redirect(request)
        tools.check_csrf(request, request.form.get("csrf_token"))
        file = request.files.get(UPLOAD_FIELD) if request.files else None
        try:
            report = await in_thread(review_upload, file.name if file else None, file.body if file else None)
        except UploadError as error:
            return upload_form(request, str(error), status=422)
        await tools.db(record_audit, viewer_of(request), "upload", f"{report.turns} replikker")
        return tools.render(
            request,
            "review_upload.html",
            report=report,
            error=None,
            status_da=STATUS_DA,
            number_text=decimal_commas,
            clock=clock_offset,
            max_kb=MAX_UPLOAD_BYTES // 1024,
            field=UPLOAD_FIELD,
        )
