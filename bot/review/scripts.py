"""Scripted conversations, sent through the real servers to record logs and to load-test.

``python -m bot review record --out tests/data/review`` starts the action and Rasa servers on a
scratch database, holds the conversations below through the REST channel and writes each
sender's stored (redacted) events to ``<name>.json``. The review tests and the review
benchmark replay those recordings, so they exercise exactly what the real stack stores.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import uuid
from pathlib import Path

from bot.keys import rest_headers

GUIDE_CONVERSATION = (  # a consultant using the guide through a 45-minute conversation with B-12
    "ny samtale med B-12 om jobsøgningsstrategi 45 min",
    "hvordan laver jeg kontrakten?",
    "kontrakt: vi taler om hendes jobsøgning, målet er en plan for de næste to uger, vi gennemgår jobloggen",
    "hun ringer fra 22 33 44 55 og skriver fra stine.b@example.dk",
    "hendes cpr er 010190-1234",
    "hvordan spørger jeg åbent ind til hvad hun har prøvet?",
    "hun siger hun ikke gider søge mere",
    "skalaspørgsmål",
    "vigtighed 4 fordi hun savner kollegaer",
    "tro 6 hun har gjort det før",
    "timeout",
    "hvordan giver jeg information om jobmessen uden at belære?",
    "A-job: pædagogmedhjælper",
    "B-job: butiksassistent",
    "han bliver vred når jeg nævner rådighed",
    "afslutning",
    "aftale: B-12 sender tre uopfordrede ansøgninger inden fredag",
    "ja",
    "ja",
    "aftale: B-12 opdaterer sit cv",
    "om 14 dage",
    "ja",
    "ja",
    "afslut samtalen",
)

PRACTICE_CONVERSATION = (  # a trainee practising with Stine, ending with feedback
    "øv med Stine",
    "Hej Stine. Hvad vil du gerne have ud af de næste 20 minutter?",
    "Hvad fylder mest for dig i jobsøgningen lige nu?",
    "Så det er svært at få hverdagen med Alma til at hænge sammen med et job.",
    "Hvad betyder det for dig at være en god mor?",
    "På en skala fra 1 til 10, hvor vigtigt er det for dig at komme i job?",
    "Hvorfor er du på 6 og ikke på 3?",
    "Lad os lige tage en timeout: er vi på rette spor?",
    "Må jeg fortælle dig lidt om jobmessen på torsdag?",
    "Hvad tænker du om det?",
    "Hvad kunne være et første skridt for dig inden vi ses næste gang?",
    "Så for at opsummere: du vil søge to stillinger med arbejdstid der passer med SFO'en inden fredag. Hvordan har samtalen været for dig?",
    "stop øvelsen",
)

SCRIPTS = {"guide_conversation": GUIDE_CONVERSATION, "practice_conversation": PRACTICE_CONVERSATION}


def record(out_dir: Path, model: Path) -> list[Path]:
    import requests

    from bot.processes import free_port, start_guide_servers, stop_all, write_endpoints
    from bot.store.engine import dispose_engines
    from bot.store.migrate import upgrade
    from bot.store.repositories.review import EVENT_ID
    from bot.store.uow import SqlAlchemyUnitOfWork
    from bot.users.accounts import create_user

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'record.db'}"
        upgrade(url)
        # The recordings act for a konsulent: plan commands need a user (bot.users.access).
        create_user("optager", "konsulent", secrets.token_urlsafe(24), team="Optagelse", url=url)
        action_port, rasa_port = free_port(), free_port()
        env = {**os.environ, "DATABASE_URL": url}
        processes = start_guide_servers(
            model, action_port, rasa_port, write_endpoints(action_port, Path(tmp) / "endpoints.yml"), env
        )
        webhook = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        written = []
        try:
            for name, lines in SCRIPTS.items():
                sender = f"optager:{uuid.uuid4().hex}"
                for line in lines:
                    requests.post(
                        webhook, json={"sender": sender, "message": line}, headers=rest_headers(), timeout=120
                    ).raise_for_status()
                with SqlAlchemyUnitOfWork(url=url) as uow:
                    events = [{k: v for k, v in e.items() if k != EVENT_ID} for e in uow.reviews.events_for(sender)]
                path = out_dir / f"{name}.json"
                path.write_text(
                    json.dumps({"sender_id": sender, "events": events}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8",
                )
                written.append(path)
        finally:
            stop_all(processes)
            dispose_engines()
    return written
