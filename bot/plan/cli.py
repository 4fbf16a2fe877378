"""``python -m bot db upgrade`` and ``python -m bot plan export`` (registered in bot/__main__.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.store.migrate import upgrade

    url = upgrade(args.url, args.revision)
    print(f"Databasen er opdateret ({_safe(url)}).")
    return 0


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _plan_move(args: argparse.Namespace) -> int:
    from bot.plan.errors import PlanError
    from bot.plan.service import PlanService
    from bot.store.uow import SqlAlchemyUnitOfWork

    try:
        team = PlanService(lambda: SqlAlchemyUnitOfWork(url=args.url)).move_citizen(args.citizen, args.to_team, args.by)
    except PlanError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(f"Borgeren er flyttet til team {team}.")
    return 0


def _plan_export(args: argparse.Namespace) -> int:
    from bot.plan.errors import PlanError
    from bot.plan.export import default_filename, render_export
    from bot.plan.service import PlanService
    from bot.store.uow import SqlAlchemyUnitOfWork

    service = PlanService(lambda: SqlAlchemyUnitOfWork(url=args.url))
    try:
        plan = service.operator_plan(args.citizen, args.team)
        data = render_export(plan, args.format, today=date.today())
    except PlanError as error:
        print(error.message, file=sys.stderr)
        return 1
    out = args.out or (default_filename(plan.citizen_ref, "pdf") if args.format == "pdf" else None)
    if out is None or out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    print(f"Planen for {plan.citizen_ref} er gemt i {out}.", file=sys.stderr)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="the plan store's database").add_subparsers(dest="db_command", required=True)
    upgrade = db.add_parser("upgrade", help="run the Alembic migrations (alembic upgrade head)")
    upgrade.add_argument("--url", default=None, help="database URL (default: DATABASE_URL or the SQLite file)")
    upgrade.add_argument("--revision", default="head")
    upgrade.set_defaults(func=_db_upgrade)

    plan = commands.add_parser("plan", help="the citizen's plan").add_subparsers(dest="plan_command", required=True)
    export = plan.add_parser("export", help="export a citizen's plan as JSON, Markdown or PDF")
    export.add_argument("--citizen", required=True, help="the citizen's reference")
    export.add_argument("--format", choices=("json", "md", "pdf"), default="json")
    export.add_argument("--out", default=None, help="file to write (default: stdout; PDF: plan-<ref>.pdf)")
    export.add_argument("--url", default=None, help="database URL (default: DATABASE_URL or the SQLite file)")
    export.add_argument("--team", default=None, help="the citizen's team, when the reference exists in several")
    export.set_defaults(func=_plan_export)
    move = plan.add_parser("move", help="a supervisor moves a citizen of their team to another team (audited)")
    move.add_argument("--citizen", required=True, help="the citizen's reference")
    move.add_argument("--to-team", required=True, help="the team that takes over the citizen")
    move.add_argument("--by", required=True, help="the supervisor's user name")
    move.add_argument("--url", default=None, help="database URL (default: DATABASE_URL or the SQLite file)")
    move.set_defaults(func=_plan_move)
