"""A citizen's plan, for consultants and supervisors (``bot.web.plans`` says who sees which).

    GET /plan/<ref>        the plan as a page: contract, agreements, scaling chart, A/B/C jobs
    GET /plan/<ref>/pdf    the same plan as the "Min plan" PDF

Trainees get 403; a plan you may not see is "not found", like one that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sanic import Sanic, response
from sanic.request import Request

from bot.users.access import PLAN_ROLES
from bot.users.accounts import User
from bot.web.context import context
from bot.web.errors import HttpError
from bot.web.plans import JOB_LABELS, JOB_LEVELS, scaling_chart
from bot.web.requests import in_thread, login_required, render


def plan_reader(request: Request) -> User:
    user = request.ctx.user
    if user.role not in PLAN_ROLES:
        raise HttpError(403, "Planer for borgere kan kun ses af konsulenter og supervisorer.")
    return user


async def readable_plan(request: Request, citizen_ref: str, read: Callable[[str, User], Any]) -> Any:
    """``read(citizen_ref, user)`` off the event loop, for a user allowed to see that plan."""
    result = await in_thread(read, citizen_ref, plan_reader(request))
    if result is None:
        raise HttpError(404, f"Der er ingen plan for »{citizen_ref[:40]}«, som du har adgang til.")
    return result


@login_required
async def plan_page(request: Request, citizen_ref: str) -> response.HTTPResponse:
    document = await readable_plan(request, citizen_ref, context(request).plans.load)
    return render(
        request,
        "plan.html",
        plan=document,
        chart=scaling_chart(document.scaling),
        job_levels=JOB_LEVELS,
        job_labels=JOB_LABELS,
        readings=sorted(document.scaling, key=lambda r: (r.at is None, r.at)),
    )


@login_required
async def plan_pdf_download(request: Request, citizen_ref: str) -> response.HTTPResponse:
    filename, pdf = await readable_plan(request, citizen_ref, context(request).plans.pdf)
    filename = re.sub(r"[^A-Za-z0-9_.-]", "_", filename)
    return response.raw(
        pdf, content_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def register(app: Sanic) -> None:
    app.get("/plan/<citizen_ref:str>")(plan_page)
    app.get("/plan/<citizen_ref:str>/pdf")(plan_pdf_download)
