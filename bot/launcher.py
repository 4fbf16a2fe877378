"""Starts the action server, the Rasa server and the web cockpit together (``make run``).

All three run as child processes of this one, supervised (``bot.processes.Supervisor``): a
server that dies is started again and the reason is printed; only one that keeps dying right
after each start stops the lot. Ctrl+C stops them all. The Rasa server listens on 127.0.0.1
only and exposes just the REST channel (no ``--enable-api``); browsers talk to the web cockpit
(``WEB_PORT``, default 8000), which forwards to Rasa server-side.
"""

from __future__ import annotations

import os
import signal
import sys
from functools import partial
from pathlib import Path

from bot import keys
from bot.processes import (
    RestartPolicy,
    Server,
    Supervisor,
    start_action_server,
    start_rasa_server,
    start_web_server,
    stop_all,
    write_endpoints,
)
from bot.settings import PROJECT_ROOT, Settings, get_settings


def guide_servers(model: Path, settings: Settings, endpoints: Path) -> list[Server]:
    """The action server, the Rasa server and the web cockpit, in the order they are started."""
    return [
        Server(
            "Handlingsserveren", settings.action_port, partial(start_action_server, settings.action_port), "/health"
        ),
        Server("Rasa-serveren", settings.rasa_port, partial(start_rasa_server, model, settings.rasa_port, endpoints)),
        Server(
            "Webcockpittet",
            settings.web_port,
            partial(start_web_server, settings.web_port),
            "/healthz",
            host=settings.web_host,
        ),
    ]


def serve(model: Path, policy: RestartPolicy | None = None) -> int:
    settings = get_settings()
    os.umask(0o077)  # what the servers create (database, secrets, files) is the owner's alone
    keys.private_dir(settings.data_dir)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    endpoints = PROJECT_ROOT / "endpoints.yml"
    if settings.action_port != 5055:
        endpoints = write_endpoints(settings.action_port, PROJECT_ROOT / "build" / "endpoints.local.yml")
    servers = guide_servers(model, settings, endpoints)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if not settings.production:
            # The embedded default: the plan store's schema is brought up to date before anything uses it.
            from bot.store.migrate import upgrade

            upgrade(settings.database_url)
        for server in servers:
            server.start()
            server.wait_until_up()
        print(_how_to_use_the_web(settings), flush=True)
        print(_how_to_talk(settings.rasa_port), flush=True)
        Supervisor(servers, policy).run()  # returns only when a server keeps dying; it has said why
        return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        print(f"Kunne ikke starte: {error}", file=sys.stderr)
        return 1
    finally:
        stop_all([server.process for server in servers if server.process is not None])


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
