"""The cockpit: the guide's chat beside the nine steps, and the JSON it talks to.

    GET  /                     the cockpit, no conversation open
    GET  /samtale/<id>         the cockpit on one of your conversations (others': 404)
    POST /api/conversations    start a guide conversation or a practice
    POST /api/message          one message to the guide, in one of your conversations
    GET  /api/health           whether Rasa and the action server answer

The browser never talks to Rasa: messages are forwarded server-side as
``<username>:<conversation id>`` (``bot.core.sender``).
"""

from __future__ import annotations

import logging
from typing import Any

from sanic import Sanic, response
from sanic.request import Request

from bot.core.citizen_ref import citizen_ref_problem
from bot.core.sender import format_sender
from bot.guide.content import Guide
from bot.guide.parsing import parse_conversation_start
from bot.plan.course_phrases import CourseChoice
from bot.plan.progression import MAX_WEEK
from bot.users.access import PLAN_ROLES
from bot.users.accounts import (
    Conversation,
    User,
    new_conversation_id,
    owned_conversation,
    recent_conversations,
    save_conversation,
    touch_conversation,
)
from bot.web.context import context
from bot.web.errors import HttpError
from bot.web.rasa import RasaUnavailable, to_items
from bot.web.requests import db, in_thread, json_body, login_required, render, require_user

log = logging.getLogger(__name__)

RANDOM_CASE = "tilfaeldig"
RANDOM_CASE_MESSAGE = "øv med en tilfældig borger"
QUICK_ACTIONS = (  # button label, message sent, shortcut
    ("Næste trin", "næste trin", "Alt+N"),
    ("Timeout", "timeout", "Alt+T"),
    ("Skalaspørgsmål", "skalaspørgsmål", "Alt+S"),
    ("Afslutning", "afslutning", "Alt+A"),
    ("Vis plan", "vis plan", "Alt+P"),
)
MIN_BOOKED, MAX_BOOKED = 5, 240
RECENT_CONVERSATIONS = 8

MSG_DOWN = "Guiden svarer ikke lige nu. Din tekst er gemt i feltet – prøv igen om lidt."
MSG_ACTIONS_DOWN = (
    "Guiden svarer ikke lige nu (handlingsserveren er nede). Din tekst er gemt i feltet – prøv igen om lidt."
)
MSG_NOT_YOURS = "Samtalen findes ikke, eller den er ikke din."


# --- pages --------------------------------------------------------------------------
@login_required
async def index(request: Request) -> response.HTTPResponse:
    return await cockpit(request, None)


@login_required
async def conversation_page(request: Request, conversation_id: str) -> response.HTTPResponse:
    conversation = await db(request, owned_conversation, request.ctx.user, conversation_id)
    if conversation is None:
        raise HttpError(404, MSG_NOT_YOURS)
    return await cockpit(request, conversation)


async def cockpit(request: Request, conversation: Conversation | None) -> response.HTTPResponse:
    ctx, user = context(request), request.ctx.user
    guide, config = ctx.guide, ctx.config
    recent = await db(request, recent_conversations, user, RECENT_CONVERSATIONS)
    plan = await stored_plan(request, conversation)
    return render(
        request,
        "cockpit.html",
        conversation=conversation,
        recent=recent,
        steps=[guide.step(n) for n in sorted(guide.steps)],
        topics=list(guide.topics.values()),
        cases=tuple(ctx.case_names.items()),
        case_names={**ctx.case_names, RANDOM_CASE: "tilfældig borger"},
        random_case=RANDOM_CASE,
        quick_actions=QUICK_ACTIONS,
        can_see_plans=user.role in PLAN_ROLES,
        organisation_label=user.organisation_label,
        config=config,
        cockpit_data={
            "conversation": conversation_json(conversation),
            "steps": {n: guide.step(n).title for n in guide.steps},
            "maxChars": config.max_message_chars,
            "timeoutIntervalMin": config.timeout_interval_min,
            "closureMarginMin": config.closure_margin_min,
            "defaultBookedMin": config.default_booked_min,
            "canSeePlans": user.role in PLAN_ROLES,
            "username": user.username,
            "plan": plan,
        },
    )


async def stored_plan(request: Request, conversation: Conversation | None) -> dict | None:
    """The conversation's stored plan, so a new tab or a reload shows the panels at once."""
    user = request.ctx.user
    if conversation is None or not conversation.citizen_ref or user.role not in PLAN_ROLES:
        return None
    try:
        return await in_thread(context(request).plans.payload, conversation.citizen_ref, user)
    except Exception:  # noqa: BLE001 - the cockpit works without it
        log.exception("could not read the plan for the cockpit")
        return None


# --- JSON API -----------------------------------------------------------------------
async def api_message(request: Request) -> response.HTTPResponse:
    body = json_body(request)
    user = request.ctx.user
    message = check_message(request, body.get("message"))
    conversation = await db(request, owned_conversation, user, str(body.get("conversation") or ""))
    if conversation is None:
        raise HttpError(404, f"{MSG_NOT_YOURS} Start en ny samtale.", "no_conversation")
    items = await forward(request, user, conversation.id, message)
    await db(request, touch_conversation, user, conversation.id)
    return response.json({"items": items})


async def api_start(request: Request) -> response.HTTPResponse:
    body = json_body(request)
    user = request.ctx.user
    kind = body.get("kind")
    conversation_id = new_conversation_id()
    if kind == "guide":
        message, details = guide_start(body, context(request).guide)
    elif kind == "practice":
        message, details = practice_start(body, context(request).case_names)
    else:
        raise HttpError(422, "Vælg enten en ny samtale eller en øvelse.", "invalid")
    items = await forward(request, user, conversation_id, message)
    conversation = await db(request, save_conversation, user, conversation_id, kind, **details)
    return response.json(
        {
            "conversation": conversation_json(conversation),
            "message": message,
            "url": f"/samtale/{conversation.id}",
            "items": items,
        }
    )


async def api_health(request: Request) -> response.HTTPResponse:
    require_user(request)
    health = await context(request).rasa.health()
    if not health["ok"]:
        health["message"] = MSG_DOWN if not health["rasa"] else MSG_ACTIONS_DOWN
    return response.json(health)


async def forward(request: Request, user: User, conversation_id: str, message: str) -> list[dict[str, Any]]:
    try:
        replies = await context(request).rasa.send(format_sender(user.username, conversation_id), message)
    except RasaUnavailable as error:
        log.warning("forwarding failed: %s", error)
        if error.part == "store" and error.message:  # e.g. a full disk: waiting will not help, say why
            text = f"{error.message} Din tekst er gemt i feltet."
        else:
            text = MSG_ACTIONS_DOWN if error.part == "actions" else MSG_DOWN
        raise HttpError(503, text, "unavailable", part=error.part) from error
    return to_items(replies)


def check_message(request: Request, message: Any) -> str:
    if not isinstance(message, str) or not message.strip():
        raise HttpError(422, "Skriv en besked først.", "empty")
    message = message.strip()
    limit = context(request).config.max_message_chars
    if len(message) > limit:
        raise HttpError(
            422,
            f"Beskeden er for lang ({len(message)} tegn). Skriv højst {limit} tegn ad gangen.",
            "too_long",
            limit=limit,
            length=len(message),
        )
    return message


# --- starting a conversation --------------------------------------------------------
def practice_start(body: dict[str, Any], case_names: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The message that starts the practice, and what is stored with the conversation."""
    case_id = str(body.get("case") or "")
    if case_id == RANDOM_CASE:
        message = RANDOM_CASE_MESSAGE
    elif case_id in case_names:
        message = f"øv med {case_names[case_id]}"
    else:
        raise HttpError(422, "Vælg en af borgerne, eller vælg en tilfældig borger.", "invalid")
    return message, {"case_id": case_id}


def guide_start(body: dict[str, Any], guide: Guide) -> tuple[str, dict[str, Any]]:
    """The message that starts the guide conversation, and what is stored with it."""
    citizen_ref = str(body.get("citizen_ref") or "").strip()
    topic_id = str(body.get("topic") or "")
    try:
        booked = int(body.get("booked_min"))
    except (TypeError, ValueError):
        booked = 0
    problem = citizen_ref_problem(citizen_ref)
    if problem or " " in citizen_ref:
        raise HttpError(
            422,
            problem or "Borgerreferencen skal være ét ord uden mellemrum, fx B-12. Skriv aldrig CPR-nummer.",
            "invalid",
            field="citizen_ref",
        )
    if topic_id not in guide.topics:
        raise HttpError(422, "Vælg et emne for samtalen.", "invalid", field="topic")
    if not MIN_BOOKED <= booked <= MAX_BOOKED:
        raise HttpError(
            422, f"Den bookede tid skal være {MIN_BOOKED}-{MAX_BOOKED} minutter.", "invalid", field="booked_min"
        )
    course = course_from_form(body)
    kind = COURSE_TYPES[course.type_id or ""] if not course.joint else _joint_phrase(course.type_id)
    week = f" i {course.week}. ledighedsuge" if course.week else ""
    message = f"ny {kind} med {citizen_ref} om {guide.topic(topic_id).title.lower()} {booked} min{week}"
    # The guide must read back exactly what the form said, or the reference is ambiguous.
    parsed = parse_conversation_start(message, guide)
    said = (parsed.course.type_id, parsed.course.joint, parsed.course.week)
    if parsed.citizen_ref != citizen_ref or parsed.topic != topic_id or parsed.booked_min != booked:
        raise HttpError(
            422,
            f"Guiden kan ikke bruge »{citizen_ref}« som reference. Brug fx B-12 eller et sagsnummer.",
            "invalid",
            field="citizen_ref",
        )
    if said != (course.type_id, course.joint, course.week):  # a programming error in COURSE_TYPES
        raise HttpError(422, "Samtaletypen kunne ikke læses. Vælg den igen.", "invalid", field="course_type")
    return message, {"citizen_ref": citizen_ref, "topic": topic_id, "booked_min": booked}


# The start form's conversation types, and how the chat says them ("" lets the course propose).
COURSE_TYPES = {
    "": "samtale",
    **{f"jobcenter_{n}": f"{n}. samtale" for n in range(1, 7)},
    "cv_samtale": "cv-samtale",
    "raadighed_1": "første rådighedssamtale",
    "raadighed_2": "anden rådighedssamtale",
    "faellessamtale_16": "fællessamtale før 16. ledighedsmåned",
}
JOINT_TYPES = {"", *(f"jobcenter_{n}" for n in range(1, 7)), "faellessamtale_16"}


def _joint_phrase(type_id: str | None) -> str:
    if type_id and type_id.startswith("jobcenter_"):
        return f"{type_id.removeprefix('jobcenter_')}. fællessamtale"
    return COURSE_TYPES[type_id] if type_id else "fællessamtale"


def course_from_form(body: dict[str, Any]) -> CourseChoice:
    """The type, the joint flag and the week of unemployment from the start form (all optional)."""
    type_id = str(body.get("course_type") or "")
    if type_id not in COURSE_TYPES:
        raise HttpError(422, "Vælg en samtaletype på listen.", "invalid", field="course_type")
    joint = body.get("joint") in (True, "true", "on", "1") or type_id == "faellessamtale_16"
    if joint and type_id not in JOINT_TYPES:
        raise HttpError(
            422, "CV-samtalen og rådighedssamtalerne holder a-kassen alene.", "invalid", field="course_type"
        )
    raw_week = body.get("week")
    week = None
    if raw_week not in (None, ""):
        try:
            week = int(raw_week)
        except (TypeError, ValueError):
            week = 0
        if not 1 <= week <= MAX_WEEK:
            raise HttpError(422, f"Ledighedsugen skal være et tal mellem 1 og {MAX_WEEK}.", "invalid", field="week")
    return CourseChoice(type_id=type_id or None, joint=joint, week=week)


def conversation_json(conversation: Conversation | None) -> dict[str, Any] | None:
    if conversation is None:
        return None
    return {
        "id": conversation.id,
        "kind": conversation.kind,
        "citizen_ref": conversation.citizen_ref,
        "topic": conversation.topic,
        "booked_min": conversation.booked_min,
        "case": conversation.case_id,
        "created_at": conversation.created_at.isoformat() if conversation.created_at else None,
    }


def register(app: Sanic) -> None:
    app.get("/")(index)
    app.get("/samtale/<conversation_id:str>")(conversation_page)
    app.post("/api/conversations")(api_start)
    app.post("/api/message")(api_message)
    app.get("/api/health")(api_health)
