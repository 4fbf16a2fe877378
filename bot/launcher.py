"""Starts the action server, the Rasa server and the web cockpit together (``make run``).

All three run as child processes of this one; Ctrl+C stops them. The Rasa server listens on
127.0.0.1 only and exposes just the REST channel (no ``--enable-api``); browsers talk to the
web cockpit (``WEB_PORT``, default 8000), which forwards to Rasa server-side.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot import keys
from bot.processes import start_guide_servers, start_web_server, stop_all, wait_until_up, write_endpoints
from bot.settings import PROJECT_ROOT, get_settings


def serve(model: Path) -> int:
    settings = get_settings()
    os.umask(0o077)  # what the servers create (database, secrets, files) is the owner's alone
    keys.private_dir(settings.data_dir)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    endpoints = PROJECT_ROOT / "endpoints.yml"
    if settings.action_port != 5055:
        endpoints = write_endpoints(settings.action_port, PROJECT_ROOT / "build" / "endpoints.local.yml")
    processes: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if not settings.production:
            # The embedded default: the plan store's schema is brought up to date before anything uses it.
            from bot.store.migrate import upgrade

            upgrade(settings.database_url)
        processes += start_guide_servers(model, settings.action_port, settings.rasa_port, endpoints)
        web = start_web_server(settings.web_port)
        processes.append(web)
        wait_until_up(f"http://{settings.web_host}:{settings.web_port}/healthz", web, "Webcockpittet")
        print(_how_to_use_the_web(settings), flush=True)
        print(_how_to_talk(settings.rasa_port), flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        print("En af serverne stoppede; stopper resten.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        print(f"Kunne ikke starte: {error}", file=sys.stderr)
        return 1
    finally:
        stop_all(processes)


def _how_to_use_the_web(settings) -> str:
    lines = ["", f"Webcockpit: http://{settings.web_host}:{settings.web_port}/  (åbn i browseren)"]
    try:
        from bot.users.accounts import count_users

        users = count_users(url=settings.database_url)
    except Exception:  # noqa: BLE001 - only the hint depends on it
        users = 0
    if users == 0:
        python = Path(sys.executable)
        python = python.relative_to(PROJECT_ROOT) if python.is_relative_to(PROJECT_ROOT) else python
        lines += [
            "  Der er ingen brugere endnu. Opret den første i en anden terminal (du bliver spurgt om en adgangskode):",
            f"    {python} -m bot users create --username NAVN --role konsulent",
            "  Roller: konsulent, elev, supervisor. Log derefter ind i browseren.",
        ]
    return "\n".join(lines)


def _token_file() -> str:
    """Where the REST token is kept in development (REST_TOKEN in production), for the hint."""
    from bot import keys

    path = get_settings().data_dir / keys.REST.file_name
    return str(path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path)


def _how_to_talk(port: int) -> str:
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    return "\n".join(
        [
            "",
            "Samtaleguide kører.",
            f"  REST: POST {url}",
            f"""  Prøv: curl -s {url} -H 'Content-Type: application/json' \\""",
            f"""          -H "Authorization: Bearer $(cat {_token_file()})" \\""",
            """          -d '{"sender": "mette:1", "message": "hvordan laver jeg kontrakten?"}'""",
            "  Stop med Ctrl+C.",
            "",
        ]
    )
