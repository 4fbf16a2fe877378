"""The web cockpit: a Sanic app with Jinja templates and a little plain JavaScript.

Pages: ``/login``, ``/`` (cockpit), ``/samtale/<id>`` (cockpit on one of your
conversations), ``/plan/<ref>`` and ``/plan/<ref>/pdf``, and the review pages under
``/gennemgang`` (``bot.web.review_pages``). JSON: ``POST /api/conversations``
(start a guide conversation or a practice), ``POST /api/message``, ``GET /api/health``.
Every POST needs the session's CSRF token (form field ``csrf_token`` or header
``X-CSRF-Token``). The browser never talks to Rasa; this app forwards server-side.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

from bot.core.citizen_ref import citizen_ref_problem
from bot.guide.content import load_guide
from bot.guide.parsing import parse_conversation_start
from bot.practice.case import case_names
from bot.users import accounts as user_store
from bot.users.passwords import dummy_hash, normalise_username, password_fingerprint, verify_password
from bot.web.auth import SESSION_COOKIE, SessionData, SessionSigner, csrf_matches
from bot.web.errors import HttpError
from bot.web.plans import JOB_LABELS, JOB_LEVELS, PlanSource, StorePlanSource, scaling_chart
from bot.web.rasa import RasaClient, RasaUnavailable, to_items
from bot.web.review_pages import UPLOAD_PATH, UPLOAD_TOO_LARGE, PageTools, register_review_pages

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES = WEB_DIR / "templates"
STATIC = WEB_DIR / "static"

RANDOM_CASE = "tilfaeldig"
RANDOM_CASE_MESSAGE = "øv med en tilfældig borger"
QUICK_ACTIONS = (  # button label, message sent, shortcut
    ("Næste trin", "næste trin", "Alt+N"),
    ("Timeout", "timeout", "Alt+T"),
    ("Skalaspørgsmål", "skalaspørgsmål", "Alt+S"),
    ("Afslutning", "afslutning", "Alt+A"),
    ("Vis plan", "vis plan", "Alt+P"),
)
PLAN_ROLES = ("konsulent", "supervisor")
MIN_BOOKED, MAX_BOOKED = 5, 240
LOGIN_FAILURES_ALLOWED, LOGIN_WINDOW_S = 5, 600

MSG_DOWN = "Guiden svarer ikke lige nu. Din tekst er gemt i feltet – prøv igen om lidt."
MSG_ACTIONS_DOWN = (
    "Guiden svarer ikke lige nu (handlingsserveren er nede). Din tekst er gemt i feltet – prøv igen om lidt."
)
MSG_LOGGED_OUT = "Du er ikke logget ind (længere). Genindlæs siden og log ind igen."
MSG_CSRF = "Siden er for gammel eller blev ikke sendt fra Samtaleguide. Genindlæs siden og prøv igen."

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


@dataclass(frozen=True)
class WebConfig:
    secret: str
    rasa_url: str
    action_url: str | None
    database_url: str | None = None  # None: settings.database_url (through bot.store)
    max_message_chars: int = 1000
    default_booked_min: int = 45
    timeout_interval_min: int = 15
    closure_margin_min: int = 10
    production: bool = False
    rasa_timeout_s: float = 60

    @classmethod
    def from_settings(cls, settings, secret: str) -> WebConfig:
        return cls(
            secret=secret,
            rasa_url=settings.rasa_url,
            action_url=settings.action_url,
            database_url=settings.database_url,
            max_message_chars=settings.max_message_chars,
            default_booked_min=settings.default_booked_min,
            timeout_interval_min=settings.timeout_interval_min,
            closure_margin_min=settings.closure_margin_min,
            production=settings.production,
        )


_app_numbers = itertools.count(1)


def create_app(config: WebConfig, plan_source: PlanSource | None = None, name: str | None = None) -> Sanic:
    app = Sanic(name or f"samtaleguide_web_{next(_app_numbers)}")
    app.config.REQUEST_MAX_SIZE = 256 * 1024
    app.config.KEEP_ALIVE_TIMEOUT = 15
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.config = config
    app.ctx.signer = SessionSigner(config.secret)
    app.ctx.rasa = RasaClient(config.rasa_url, config.action_url, timeout_s=config.rasa_timeout_s)
    app.ctx.plans = plan_source or StorePlanSource(config.database_url)
    app.ctx.failures = defaultdict(deque)
    guide = load_guide()
    dummy_hash()  # computed now, so the first failed login is not faster than the others
    jinja = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    db_url = config.database_url

    async def db(fn: Callable, *args, **kwargs):
        """Run a (blocking) store call in a worker thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(fn, *args, url=db_url, **kwargs))

    def render(request: Request, template: str, status: int = 200, **context: Any) -> response.HTTPResponse:
        session: SessionData | None = getattr(request.ctx, "session", None)
        html = jinja.get_template(template).render(
            user=getattr(request.ctx, "user", None), csrf_token=session.csrf if session else "", **context
        )
        return response.html(html, status=status)

    # --- lifecycle --------------------------------------------------------------------
    @app.listener("before_server_start")
    async def _start(app_, _loop):
        await app_.ctx.rasa.start()

    @app.listener("after_server_stop")
    async def _stop(app_, _loop):
        await app_.ctx.rasa.close()

    # --- session and headers ---------------------------------------------------------
    @app.middleware("request")
    async def load_session(request: Request):
        request.ctx.session = app.ctx.signer.loads(request.cookies.get(SESSION_COOKIE))
        request.ctx.session_changed = False
        request.ctx.user = None
        if request.path.startswith("/static/"):
            return
        session = request.ctx.session
        if session is not None and session.username:
            user = await db(user_store.find_user, session.username)
            if user is not None and session.fingerprint == password_fingerprint(user.password_hash):
                request.ctx.user = user
            else:  # deleted, deactivated or a changed password: log out
                request.ctx.session = None

    @app.middleware("response")
    async def finish(request: Request, resp: response.HTTPResponse):
        headers = resp.headers
        headers["Content-Security-Policy"] = CSP
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if config.production:
            headers["Strict-Transport-Security"] = "max-age=31536000"
        if not request.path.startswith("/static/"):
            headers["Cache-Control"] = "no-store"
        if getattr(request.ctx, "session_changed", False):
            session = request.ctx.session
            if session is None:
                resp.cookies[SESSION_COOKIE] = ""
                resp.cookies[SESSION_COOKIE]["max-age"] = 0
            else:
                resp.cookies[SESSION_COOKIE] = app.ctx.signer.dumps(session)
                resp.cookies[SESSION_COOKIE]["max-age"] = app.ctx.signer.max_age_s
            cookie = resp.cookies[SESSION_COOKIE]
            cookie["path"] = "/"
            cookie["httponly"] = True
            cookie["samesite"] = "Lax"
            if config.production:
                cookie["secure"] = True

    def ensure_session(request: Request) -> SessionData:
        if request.ctx.session is None:
            request.ctx.session = SessionData.anonymous()
            request.ctx.session_changed = True
        return request.ctx.session

    def wants_json(request: Request) -> bool:
        return request.path.startswith("/api/")

    @app.exception(HttpError)
    async def http_error(request: Request, error: HttpError):
        if wants_json(request):
            return response.json({"error": error.message, "code": error.code, **error.extra}, status=error.status_code)
        return render(
            request, "error.html", status=error.status_code, message=error.message, status_code=error.status_code
        )

    @app.exception(SanicException)
    async def sanic_error(request: Request, error: SanicException):
        status = getattr(error, "status_code", 500) or 500
        message = {
            404: "Siden findes ikke.",
            405: "Den handling findes ikke her.",
            413: "Forespørgslen er for stor.",
        }.get(status, "Der gik noget galt. Prøv igen.")
        if status == 413 and request.path == UPLOAD_PATH:
            message = UPLOAD_TOO_LARGE
        return await http_error(request, HttpError(status, message))

    @app.exception(Exception)
    async def crash(request: Request, error: Exception):
        log.exception("web request failed: %s %s", request.method, request.path)
        return await sanic_error(request, SanicException("Der gik noget galt.", status_code=500))

    # --- guards -----------------------------------------------------------------------
    def require_user(request: Request) -> user_store.User:
        if request.ctx.user is None:
            raise HttpError(401, MSG_LOGGED_OUT, "logged_out")
        return request.ctx.user

    def check_origin(request: Request) -> None:
        origin = request.headers.get("origin")
        if origin and origin != "null":
            host = request.headers.get("host", "")
            if origin.split("://", 1)[-1] != host:
                raise HttpError(403, MSG_CSRF, "csrf")

    def check_csrf(request: Request, token: str | None) -> None:
        check_origin(request)
        if not csrf_matches(request.ctx.session, token):
            raise HttpError(403, MSG_CSRF, "csrf")

    def json_body(request: Request) -> dict[str, Any]:
        user = require_user(request)
        del user
        check_csrf(request, request.headers.get("x-csrf-token"))
        if "application/json" not in (request.headers.get("content-type") or ""):
            raise HttpError(415, "Forespørgslen skal være JSON.", "bad_request")
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - Sanic raises InvalidUsage for broken JSON
            body = None
        if not isinstance(body, dict):
            raise HttpError(400, "Forespørgslen kunne ikke læses.", "bad_request")
        return body

    def login_redirect(request: Request) -> response.HTTPResponse:
        target = request.path + (f"?{request.query_string}" if request.query_string else "")
        return response.redirect(f"/login?next={quote(target, safe='/')}", status=303)

    # --- pages ------------------------------------------------------------------------
    @app.get("/healthz")
    async def healthz(_request: Request):
        return response.text("ok")

    @app.get("/login")
    async def login_page(request: Request):
        if request.ctx.user is not None:
            return response.redirect(_safe_next(request.args.get("next")), status=303)
        ensure_session(request)
        return render(request, "login.html", next=_safe_next(request.args.get("next")), error=None, username="")

    @app.post("/login")
    async def login(request: Request):
        session = ensure_session(request)
        form = request.form
        next_url = _safe_next(form.get("next"))
        if not csrf_matches(request.ctx.session, form.get("csrf_token")) or request.ctx.session_changed:
            return render(
                request,
                "login.html",
                status=403,
                next=next_url,
                username="",
                error="Login-formularen var for gammel. Prøv igen.",
            )
        username = normalise_username(form.get("username") or "")[:40]
        password = form.get("password") or ""
        key = f"{request.remote_addr or request.ip}|{username}"
        now = time.monotonic()
        if len(app.ctx.failures) > 10_000:  # forget old failures rather than grow without bound
            for stale in [k for k, v in app.ctx.failures.items() if not v or now - v[-1] > LOGIN_WINDOW_S]:
                del app.ctx.failures[stale]
        failures = app.ctx.failures[key]
        while failures and now - failures[0] > LOGIN_WINDOW_S:
            failures.popleft()
        if len(failures) >= LOGIN_FAILURES_ALLOWED:
            return render(
                request,
                "login.html",
                status=429,
                next=next_url,
                username=username,
                error="For mange forkerte forsøg. Vent et par minutter, og prøv igen.",
            )
        user = await db(user_store.find_user, username) if username else None
        loop = asyncio.get_running_loop()
        ok = await loop.run_in_executor(None, verify_password, password, user.password_hash if user else dummy_hash())
        if user is None or not ok:
            failures.append(now)
            return render(
                request,
                "login.html",
                status=401,
                next=next_url,
                username=username,
                error="Forkert brugernavn eller adgangskode.",
            )
        app.ctx.failures.pop(key, None)
        request.ctx.session = session.logged_in(user.username, password_fingerprint(user.password_hash))
        request.ctx.session_changed = True
        return response.redirect(next_url, status=303)

    @app.post("/logout")
    async def logout(request: Request):
        check_csrf(request, request.form.get("csrf_token"))
        request.ctx.session = SessionData.anonymous()
        request.ctx.session_changed = True
        return response.redirect("/login", status=303)

    async def cockpit(request: Request, conversation: user_store.Conversation | None):
        user = request.ctx.user
        recent = await db(user_store.recent_conversations, user, 8)
        plan = None  # the stored plan, so a new tab or a reload shows the panels at once
        if conversation is not None and conversation.citizen_ref and user.role in PLAN_ROLES:
            loop = asyncio.get_running_loop()
            try:
                plan = await loop.run_in_executor(None, app.ctx.plans.payload, conversation.citizen_ref, user)
            except Exception:  # noqa: BLE001 - the cockpit works without it
                log.exception("could not read the plan for the cockpit")
        return render(
            request,
            "cockpit.html",
            conversation=conversation,
            recent=recent,
            steps=[guide.step(n) for n in sorted(guide.steps)],
            topics=list(guide.topics.values()),
            cases=tuple(case_names().items()),
            case_names={**case_names(), RANDOM_CASE: "tilfældig borger"},
            random_case=RANDOM_CASE,
            quick_actions=QUICK_ACTIONS,
            can_see_plans=user.role in PLAN_ROLES,
            config=config,
            cockpit_data={
                "conversation": _conversation_json(conversation),
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

    @app.get("/")
    async def index(request: Request):
        if request.ctx.user is None:
            return login_redirect(request)
        return await cockpit(request, None)

    @app.get("/samtale/<conversation_id:str>")
    async def conversation_page(request: Request, conversation_id: str):
        if request.ctx.user is None:
            return login_redirect(request)
        conversation = await db(user_store.owned_conversation, request.ctx.user, conversation_id)
        if conversation is None:
            raise HttpError(404, "Samtalen findes ikke, eller den er ikke din.")
        return await cockpit(request, conversation)

    def plan_reader(request: Request) -> user_store.User:
        user = request.ctx.user
        if user.role not in PLAN_ROLES:
            raise HttpError(403, "Planer for borgere kan kun ses af konsulenter og supervisorer.")
        return user

    def no_plan(citizen_ref: str) -> HttpError:
        return HttpError(404, f"Der er ingen plan for »{citizen_ref[:40]}«, som du har adgang til.")

    async def readable_plan(request: Request, citizen_ref: str, read):
        """``read(citizen_ref, user)`` off the event loop, for a user allowed to see that plan."""
        user = plan_reader(request)
        result = await asyncio.get_running_loop().run_in_executor(None, read, citizen_ref, user)
        if result is None:
            raise no_plan(citizen_ref)
        return result

    @app.get("/plan/<citizen_ref:str>")
    async def plan_page(request: Request, citizen_ref: str):
        if request.ctx.user is None:
            return login_redirect(request)
        document = await readable_plan(request, citizen_ref, app.ctx.plans.load)
        return render(
            request,
            "plan.html",
            plan=document,
            chart=scaling_chart(document.scaling),
            job_levels=JOB_LEVELS,
            job_labels=JOB_LABELS,
            readings=sorted(document.scaling, key=lambda r: (r.at is None, r.at)),
        )

    @app.get("/plan/<citizen_ref:str>/pdf")
    async def plan_pdf_download(request: Request, citizen_ref: str):
        if request.ctx.user is None:
            return login_redirect(request)
        filename, pdf = await readable_plan(request, citizen_ref, app.ctx.plans.pdf)
        filename = re.sub(r"[^A-Za-z0-9_.-]", "_", filename)
        return response.raw(
            pdf, content_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )

    # --- JSON API ---------------------------------------------------------------------
    async def forward(user: user_store.User, conversation_id: str, message: str) -> list[dict[str, Any]]:
        try:
            replies = await app.ctx.rasa.send(f"{user.username}:{conversation_id}", message)
        except RasaUnavailable as error:
            log.warning("forwarding failed: %s", error)
            if error.part == "store" and error.message:  # e.g. a full disk: waiting will not help, say why
                text = f"{error.message} Din tekst er gemt i feltet."
            else:
                text = MSG_ACTIONS_DOWN if error.part == "actions" else MSG_DOWN
            raise HttpError(503, text, "unavailable", part=error.part) from error
        return to_items(replies)

    def check_message(message: Any) -> str:
        if not isinstance(message, str) or not message.strip():
            raise HttpError(422, "Skriv en besked først.", "empty")
        message = message.strip()
        if len(message) > config.max_message_chars:
            raise HttpError(
                422,
                f"Beskeden er for lang ({len(message)} tegn). Skriv højst {config.max_message_chars} tegn ad gangen.",
                "too_long",
                limit=config.max_message_chars,
                length=len(message),
            )
        return message

    @app.post("/api/message")
    async def api_message(request: Request):
        body = json_body(request)
        user = request.ctx.user
        message = check_message(body.get("message"))
        conversation = await db(user_store.owned_conversation, user, str(body.get("conversation") or ""))
        if conversation is None:
            raise HttpError(404, "Samtalen findes ikke, eller den er ikke din. Start en ny samtale.", "no_conversation")
        items = await forward(user, conversation.id, message)
        await db(user_store.touch_conversation, user, conversation.id)
        return response.json({"items": items})

    @app.post("/api/conversations")
    async def api_start(request: Request):
        body = json_body(request)
        user = request.ctx.user
        kind = body.get("kind")
        conversation_id = user_store.new_conversation_id()
        if kind == "guide":
            citizen_ref, topic_id, booked, message = _guide_start(body, guide)
            details = {"citizen_ref": citizen_ref, "topic": topic_id, "booked_min": booked}
        elif kind == "practice":
            case_id = str(body.get("case") or "")
            names = case_names()
            if case_id == RANDOM_CASE:
                message = RANDOM_CASE_MESSAGE
            elif case_id in names:
                message = f"øv med {names[case_id]}"
            else:
                raise HttpError(422, "Vælg en af borgerne, eller vælg en tilfældig borger.", "invalid")
            details = {"case_id": case_id}
        else:
            raise HttpError(422, "Vælg enten en ny samtale eller en øvelse.", "invalid")
        items = await forward(user, conversation_id, message)
        conversation = await db(user_store.save_conversation, user, conversation_id, kind, **details)
        return response.json(
            {
                "conversation": _conversation_json(conversation),
                "message": message,
                "url": f"/samtale/{conversation.id}",
                "items": items,
            }
        )

    @app.get("/api/health")
    async def api_health(request: Request):
        require_user(request)
        health = await app.ctx.rasa.health()
        if not health["ok"]:
            health["message"] = MSG_DOWN if not health["rasa"] else MSG_ACTIONS_DOWN
        return response.json(health)

    register_review_pages(
        app,
        PageTools(
            render=render,
            db=db,
            check_csrf=check_csrf,
            login_redirect=login_redirect,
            guide=guide,
            case_names=case_names(),
        ),
    )
    app.static("/static", str(STATIC), name="static")
    return app


def _guide_start(body: dict[str, Any], guide) -> tuple[str, str, int, str]:
    citizen_ref = str(body.get("citizen_ref") or "").strip()
    topic_id = str(body.get("topic") or "")
    try:
        booked = int(body.get("booked_min"))
    except (TypeError, ValueError):
        booked = 0
    if citizen_ref_problem(citizen_ref) or " " in citizen_ref or not any(c.isalpha() for c in citizen_ref):
        raise HttpError(
            422,
            "Borgerreferencen skal være 1-40 tegn (bogstaver, tal og bindestreg) med mindst ét "
            "bogstav, fx B-12. Skriv aldrig CPR-nummer.",
            "invalid",
            field="citizen_ref",
        )
    if topic_id not in guide.topics:
        raise HttpError(422, "Vælg et emne for samtalen.", "invalid", field="topic")
    if not MIN_BOOKED <= booked <= MAX_BOOKED:
        raise HttpError(
            422, f"Den bookede tid skal være {MIN_BOOKED}-{MAX_BOOKED} minutter.", "invalid", field="booked_min"
        )
    topic = guide.topic(topic_id)
    message = f"ny samtale med {citizen_ref} om {topic.title.lower()} {booked} min"
    # The guide must read back exactly what the form said, or the reference is ambiguous.
    parsed = parse_conversation_start(message, guide)
    if parsed.citizen_ref != citizen_ref or parsed.topic != topic_id or parsed.booked_min != booked:
        raise HttpError(
            422,
            f"Guiden kan ikke bruge »{citizen_ref}« som reference. Brug fx B-12 eller initialer med tal.",
            "invalid",
            field="citizen_ref",
        )
    return citizen_ref, topic_id, booked, message


def _conversation_json(conversation: user_store.Conversation | None) -> dict[str, Any] | None:
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


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
