"""``python -m bot users ...``: create users, change passwords, set the organisation, list users."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.store.tables.users import ORGANISATIONS as ORGANISATION_CHOICES
from bot.users.passwords import ROLES


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise SystemExit("Ingen terminal at spørge i: brug --password-stdin og send adgangskoden på stdin.")
    first = getpass.getpass("Adgangskode: ")
    second = getpass.getpass("Gentag adgangskoden: ")
    if first != second:
        raise SystemExit("Adgangskoderne er ikke ens. Prøv igen.")
    return first


def _database_url(args: argparse.Namespace) -> str:
    from bot.settings import get_settings
    from bot.store.migrate import upgrade

    url = args.database_url or get_settings().database_url
    upgrade(url)  # idempotent: creating a user on a fresh machine creates the schema first
    return url


def _create(args: argparse.Namespace) -> int:
    from bot.users.accounts import UserError, create_user

    password = _read_password(args)
    try:
        user = create_user(
            args.username,
            args.role,
            password,
            team=args.team,
            url=_database_url(args),
            organisation=args.organisation,
        )
    except UserError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 1
    team = f", team {user.team}" if user.team else ""
    organisation = f", {user.organisation}" if user.organisation else ""
    print(f"Brugeren »{user.username}« er oprettet ({user.role}{team}{organisation}).")
    return 0


def _organisation(args: argparse.Namespace) -> int:
    from bot.users.accounts import UserError, set_organisation

    try:
        user = set_organisation(args.username, args.organisation, url=_database_url(args))
    except UserError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 1
    if user.organisation:
        print(f"»{user.username}« hører nu til {user.organisation_label.lower()}.")
    else:
        print(f"»{user.username}« har ingen organisation – guiden foreslår jobcentrets samtaler.")
    return 0


def _password(args: argparse.Namespace) -> int:
    from bot.users.accounts import UserError, set_password

    password = _read_password(args)
    try:
        user = set_password(args.username, password, url=_database_url(args))
    except UserError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 1
    print(f"Adgangskoden for »{user.username}« er skiftet; brugerens gamle sessioner er logget ud.")
    return 0


def _list(args: argparse.Namespace) -> int:
    from bot.users.accounts import list_users

    users = list_users(url=_database_url(args))
    if not users:
        print("Ingen brugere endnu.")
    for user in users:
        inactive = "" if user.active else " (deaktiveret)"
        print(f"{user.username:<20} {user.role:<11} {user.organisation or '':<10} {user.team or ''}{inactive}")
    return 0


def add_users_parser(commands) -> None:
    users = commands.add_parser("users", help="web users (konsulent, elev, supervisor)")
    sub = users.add_subparsers(dest="users_command", required=True)

    create = sub.add_parser("create", help="create a user (asks for the password)")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--team", default=None)
    create.add_argument(
        "--organisation",
        default=None,
        choices=ORGANISATION_CHOICES,
        help="jobcenter or a-kasse (the guide proposes that side's conversations)",
    )
    create.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    create.add_argument("--database-url", default=None, help="default: DATABASE_URL / settings")
    create.set_defaults(func=_create)

    password = sub.add_parser("password", help="set a new password (logs the user's sessions out)")
    password.add_argument("--username", required=True)
    password.add_argument("--password-stdin", action="store_true")
    password.add_argument("--database-url", default=None)
    password.set_defaults(func=_password)

    organisation = sub.add_parser("organisation", help="set a user's organisation: jobcenter, a-kasse or ingen")
    organisation.add_argument("--username", required=True)
    organisation.add_argument("--organisation", required=True, choices=(*ORGANISATION_CHOICES, "ingen"))
    organisation.add_argument("--database-url", default=None)
    organisation.set_defaults(func=_organisation)

    listing = sub.add_parser("list", help="list users")
    listing.add_argument("--database-url", default=None)
    listing.set_defaults(func=_list)


def add_web_parser(commands) -> None:
    web = commands.add_parser("web", help="start the web cockpit")
    web.add_argument("--host", default=None, help="default: WEB_HOST (127.0.0.1)")
    web.add_argument("--port", type=int, default=None, help="default: WEB_PORT (8000)")
    web.add_argument("--quiet", action="store_true", help="no start-up message (make run prints its own)")
    web.set_defaults(func=_web)


def _web(args: argparse.Namespace) -> int:
    from bot.web.server import run_web

    return run_web(args.host, args.port, quiet=args.quiet)
