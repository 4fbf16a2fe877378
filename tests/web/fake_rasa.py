"""A scripted stand-in for Rasa's REST channel (and the action server's /health).

Runs an aiohttp server on 127.0.0.1 in a thread of its own, so synchronous browser tests
and asynchronous unit tests can both use it. It can be stopped and started again on the
same port (Rasa down / back up) and can pretend the action server is down (Rasa then
answers with an empty list, as the real one does when a custom action fails).

It speaks the payloads the real actions send or will send: ``guide`` (every step reply),
``plan`` (agreements, scaling, contract, ABC jobs), ``practice`` (citizen replies) and
``feedback`` (end of a practice).
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.processes import free_port

STEP_TITLES = {
    1: "Den ledige booker selv",
    2: "Forbered dig til samtalen",
    3: "Lav kontrakten",
    4: "Begynd med at være undersøgende",
    5: "Giv relevant information og rådgivning",
    6: "Lav timeouts undervejs",
    7: "Brug sproget til at skabe motivation",
    8: "Vær bevidst om din dobbeltrolle",
    9: "Lav en god afslutning",
}
CASES = {"stine": "Stine", "fatima": "Fatima", "anders": "Anders", "erling": "Erling", "malou": "Malou"}
FEEDBACK = {
    "summary": "Du lavede en kontrakt og lyttede godt, men stillede mange lukkede spørgsmål.",
    "metrics": [
        {
            "id": "reflection_question_ratio",
            "label": "Refleksioner pr. spørgsmål",
            "value": 1.5,
            "rating": "yellow",
            "threshold": "godt ≥ 2:1, rimeligt ≥ 1:1",
        },
        {
            "id": "open_question_share",
            "label": "Åbne spørgsmål",
            "value": "80 %",
            "rating": "green",
            "threshold": "godt ≥ 70 %",
        },
        {"id": "timeouts", "label": "Timeouts", "value": 0, "rating": "red", "threshold": "mindst én"},
    ],
    "suggestions": [
        {"quote": "Har du søgt nogen job?", "instead": "Hvordan har din jobsøgning været siden sidst?"},
    ],
}


@dataclass
class Conversation:
    step: int | None = None
    visited: list[int] = field(default_factory=list)
    booked: int = 45
    started: float = field(default_factory=time.time)
    citizen_ref: str | None = None
    practice: str | None = None
    practice_active: bool = False
    coaching: bool = False
    agreements: list[dict] = field(default_factory=list)
    scaling: list[dict] = field(default_factory=list)
    contract: dict | None = None
    jobs: dict = field(default_factory=lambda: {"A": None, "B": None, "C": None})
    ended: float | None = None
    offer: list[str] = field(default_factory=list)


class FakeRasa:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.actions_up = True
        self.channel_error: tuple[str, str] | None = None  # (code, Danish text) for a 503 like bot.rasa.channel's
        self.delay_s = 0.0
        self.feedback: dict[str, Any] = FEEDBACK  # what "feedback" answers with (the brief's shape by default)
        self.received: list[dict[str, Any]] = []
        self.conversations: dict[str, Conversation] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    # --- lifecycle (thread-safe) ---------------------------------------------------------
    def _call(self, coro) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    def start(self) -> FakeRasa:
        self._call(self._start())
        return self

    def stop(self) -> None:
        self._call(self.stop_all())

    def close(self) -> None:
        try:
            self.stop()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)

    async def _start(self) -> None:
        if self._runner is not None:
            return
        app = web.Application()
        app.router.add_get("/", self._hello)
        app.router.add_get("/health", self._health)
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await self._site.start()

    async def stop_all(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._site = None

    def travel(self, minutes: float) -> None:
        """Every conversation started ``minutes`` earlier (the clock rules without waiting)."""
        for conversation in self.conversations.values():
            conversation.started -= minutes * 60

    # --- handlers ------------------------------------------------------------------------
    async def _hello(self, _request: web.Request) -> web.Response:
        return web.Response(text="Hello from Rasa: 3.6.21 (fake)")

    async def _health(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"}, status=200 if self.actions_up else 503)

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.channel_error:  # answer as the guide's REST channel (bot.rasa.channel) does when something fails
            code, text = self.channel_error
            return web.json_response(
                [{"recipient_id": body["sender"], "text": text, "custom": {"error": {"code": code}}}], status=503
            )
        if not self.actions_up:
            return web.json_response([])
        sender, message = body["sender"], body["message"]
        conversation = self.conversations.setdefault(sender, Conversation())
        replies = self.reply(conversation, message)
        return web.json_response([{"recipient_id": sender, **r} for r in replies])

    # --- the script --------------------------------------------------------------------
    def reply(self, c: Conversation, message: str) -> list[dict[str, Any]]:
        text = message.strip()
        low = text.lower()
        start = re.match(r"ny samtale med (\S+) om (.+?) (\d+) min$", low)
        if start:
            c.citizen_ref = text.split()[3]
            c.booked = int(start.group(3))
            c.started = time.time()
            c.visited = []
            c.ended = None
            return self._step(c, 2, "forberedelse")
        if low in ("næste trin", "videre", "hvad nu?"):
            return self._step(c, (c.step or 1) + 1 if (c.step or 1) < 9 else 9, None)
        if low == "hvor er vi?":
            return self._step(c, c.step or 1, None, keep_current=True, text="Status.")
        if low == "afslut samtalen":
            c.ended = time.time()
            return self._step(c, c.step or 1, None, keep_current=True, text="Samtalen er afsluttet i guiden.")
        if low == "hmm, hun græder":  # the guide is unsure: numbered choices (actions/guide.py ActionGuideFallback)
            c.offer = ["udfordrende_samtale", "motiverende_sprog", "timeout"]
            return self._choices(c)
        if low in ("1", "2", "3") and c.offer:
            tool = c.offer[int(low) - 1]
            c.offer = []
            return self._step(
                c,
                {"udfordrende_samtale": 8, "motiverende_sprog": 7, "timeout": 6}[tool],
                tool,
                keep_current=True,
                text=f"Værktøj: {tool}",
            )
        if low == "timeout":
            return self._step(c, 6, "timeout", keep_current=True)
        if low == "afslutning":
            return self._step(c, 9, "afslutning")
        if low == "skalaspørgsmål":
            return self._step(c, 4, "skalaspoergsmaal", keep_current=True)
        if low.startswith("aftale:"):
            deadline = re.search(r"(\d{4}-\d{2}-\d{2})", text)
            body = text.split(":", 1)[1].strip()
            c.agreements.append(
                {
                    "id": len(c.agreements) + 1,
                    "text": body,
                    "owner": "borger",
                    "deadline": deadline.group(1) if deadline else None,
                    "status": "open",
                    "smart": {
                        "specific": True,
                        "measurable": True,
                        "time_bound": bool(deadline),
                        "accepted": True,
                        "realistic": None,
                    },
                    "missing": [] if deadline else ["en frist"],
                }
            )
            return [{"text": f"Aftalen er gemt: {body}"}, {"custom": {"plan": self._plan(c)}}]
        scaling = re.match(r"(vigtighed|tro) (\d+)(?: fordi (.+))?$", low)
        if scaling:
            c.scaling.append(
                {
                    "kind": "importance" if scaling.group(1) == "vigtighed" else "confidence",
                    "value": int(scaling.group(2)),
                    "reason": scaling.group(3) or "",
                    "at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                }
            )
            return [{"text": "Skalering gemt."}, {"custom": {"plan": self._plan(c)}}]
        if low.startswith("kontrakt:"):
            c.contract = {"about": "jobsøgning", "goal": "en plan for næste uge", "how": "vi gennemgår jobloggen"}
            return [{"text": "Kontrakten er gemt."}, {"custom": {"plan": self._plan(c)}}]
        if low.startswith("a-job:"):
            c.jobs["A"] = text.split(":", 1)[1].strip()
            return [{"text": "A-jobbet er gemt."}, {"custom": {"plan": self._plan(c)}}]
        if low == "vis plan":
            return [{"text": f"Planen for {c.citizen_ref or 'borgeren'}."}, {"custom": {"plan": self._plan(c)}}]
        practice = re.match(r"øv med (.+)$", low)
        if practice:  # shaped like actions/practice.py: text and payload in one message
            name = practice.group(1)
            case = next((k for k, v in CASES.items() if v.lower() == name), "stine")
            c.practice, c.practice_active = case, True
            briefing = {
                "name": CASES[case],
                "age": 49,
                "summary": "Nyledig efter et par år i et supermarked.",
                "booked": f"{CASES[case]} har selv booket samtalen.",
                "why": "Hun ved ikke, hvad hun skal søge nu.",
                "on_file": ["Syv år som stuepige.", "To år ved kassen."],
                "preparation": ["Hvad kunne en realkompetencevurdering give hende?", "Hvilke job er der i området?"],
                "greeting": "Goddag.",
            }
            return [
                {
                    "text": f"Du øver med {CASES[case]}. Start samtalen, når du er klar.",
                    "custom": {
                        "practice": {
                            "case": case,
                            "active": True,
                            "speaker": "briefing",
                            "briefing": briefing,
                            "coaching": False,
                        }
                    },
                }
            ]
        if low in {"coaching til", "coaching fra"} and c.practice and c.practice_active:
            c.coaching = low == "coaching til"
            return [
                {
                    "text": "Coaching er slået til." if c.coaching else "Coaching er slået fra.",
                    "custom": {
                        "practice": {"case": c.practice, "active": True, "speaker": "guide", "coaching": c.coaching}
                    },
                }
            ]
        if low == "feedback" and c.practice:
            c.practice_active = False
            return [
                {
                    "text": "Feedback på samtalen: her er din feedback.",
                    "custom": {"feedback": {**self.feedback, "case": c.practice}},
                },
                {"custom": {"practice": {"case": c.practice, "active": False, "speaker": "guide"}}},
            ]
        if c.practice and c.practice_active:
            replies = [
                {
                    "text": f"Tja … {text[:60]}? Det har jeg ikke tænkt over.",
                    "custom": {"practice": {"case": c.practice, "active": True, "speaker": "borger"}},
                }
            ]
            if c.coaching:  # shaped like actions/practice.py's live coaching
                coding = {"code": "aabent_spoergsmaal", "label": "åbent spørgsmål", "codes": ["aabent_spoergsmaal"]}
                replies.append(
                    {
                        "text": "Din replik: åbent spørgsmål.",
                        "custom": {
                            "practice": {"case": c.practice, "active": True, "speaker": "coach", "coding": coding}
                        },
                    }
                )
            return replies
        return [{"text": f"Du skrev: {text}"}]

    def _step(
        self, c: Conversation, step: int, tool: str | None, keep_current: bool = False, text: str | None = None
    ) -> list[dict]:
        if step not in c.visited:
            c.visited = sorted({*c.visited, step})
        if not keep_current:
            c.step = step
        return [
            {"text": text or f"Trin {step} – {STEP_TITLES[step]}\nGør sådan:\n• et godt råd"},
            {"custom": {"guide": self._guide(c, step, tool, [tool] if tool else [])}},
        ]

    def _guide(self, c: Conversation, step: int | None, tool: str | None, candidates: list[str]) -> dict:
        """The payload's shape as bot.guide.session.GuideState.payload sends it (the fake's own step rule)."""
        now = c.ended or time.time()
        current = c.step
        ahead = [n for n in range(1, 10) if n not in c.visited and current is not None and n > current]
        next_step = None if current == 9 else ahead[0] if ahead else 9
        return {
            "step": step,
            "current_step": current,
            "tool": tool,
            "candidates": candidates,
            "visited": list(c.visited),
            "unvisited": [n for n in range(1, 10) if n not in c.visited],
            "next_step": next_step,
            "started": True,
            "elapsed_min": int((now - c.started) // 60),
            "booked_min": c.booked,
            "ended": c.ended is not None,
        }

    def _choices(self, c: Conversation) -> list[dict]:
        labels = {
            "udfordrende_samtale": "Den udfordrende samtale (trin 8)",
            "motiverende_sprog": "Motiverende sprog (trin 7)",
            "timeout": "Timeout (trin 6)",
        }
        guide = self._guide(c, None, None, list(c.offer))
        guide["choices"] = [
            {"n": n, "id": t, "intent": f"tool_{t}", "label": labels[t]} for n, t in enumerate(c.offer, 1)
        ]
        lines = [
            "Jeg er ikke sikker på, hvad du mener. Mente du:",
            *[f"{n}) {labels[t]}" for n, t in enumerate(c.offer, 1)],
        ]
        return [{"text": "\n".join(lines)}, {"custom": {"guide": guide}}]

    def _plan(self, c: Conversation) -> dict[str, Any]:
        return {
            "citizen_ref": c.citizen_ref or "ukendt",
            "contract": c.contract,
            "agreements": c.agreements,
            "scaling": c.scaling,
            "jobs": c.jobs,
        }
