"""``python -m bot review ...``: transcripts, the log index, deletion, retention, the audit log."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path


def _by(args: argparse.Namespace) -> str:
    return args.by or f"kommandolinje:{getpass.getuser()}"


def _transcript(args: argparse.Namespace) -> int:
    from bot.practice.transcript import main_review_transcript

    return main_review_transcript(args.file, as_json=args.json)


def _reindex(args: argparse.Namespace) -> int:
    from bot.review.service import reindex

    print(f"Gennemgangsoversigten er genopbygget for {reindex(url=args.database_url)} afsendere.")
    return 0


def _delete_citizen(args: argparse.Namespace) -> int:
    from bot.review.service import delete_citizen

    try:
        report = delete_citizen(args.citizen_ref, by=_by(args), url=args.database_url)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    print("Slettet:")
    print("\n".join(f"  {line}" for line in report.lines()))
    return 0


def _purge(args: argparse.Namespace) -> int:
    from bot.review.service import purge_older_than
    from bot.settings import get_settings

    days = args.days if args.days is not None else get_settings().retention_days
    try:
        report = purge_older_than(days, by=_by(args), url=args.database_url)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    from bot.core.danish_time import to_local

    print(f"Slettet alt ældre end {days} dage (før {to_local(report.cutoff):%d.%m.%Y kl. %H.%M}, dansk tid):")
    print("\n".join(f"  {line}" for line in report.lines()))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from bot.core.danish_time import to_local
    from bot.store.uow import SqlAlchemyUnitOfWork

    with SqlAlchemyUnitOfWork(url=args.database_url) as uow:
        for entry in uow.reviews.audit_entries(limit=args.limit):
            target = f" samtale {entry.conversation_id}" if entry.conversation_id else ""
            print(
                f"{to_local(entry.at):%Y-%m-%d %H:%M:%S}  {entry.username:<20} {entry.action:<15}{target}  {entry.detail or ''}"
            )
    return 0


def _choices(args: argparse.Namespace) -> int:
    from bot.review.choices import logged_choices, to_nlu_yaml

    text = to_nlu_yaml(logged_choices(url=args.database_url))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Skrevet: {args.out}")
    else:
        print(text, end="")
    return 0


def _record(args: argparse.Namespace) -> int:
    from bot.review.scripts import record

    for path in record(Path(args.out), Path(args.model)):
        print(f"Skrevet: {path}")
    return 0


def add_commands(commands) -> None:
    review = commands.add_parser("review", help="review conversations: transcripts, logs, deletion, retention")
    sub = review.add_subparsers(dest="review_command", required=True)
    tr = sub.add_parser("transcript", help="code a K:/B: transcript and print the feedback metrics")
    tr.add_argument("file", help="plain-text transcript: lines 'K: ...' / 'B: ...', optionally '[mm:ss]' first")
    tr.add_argument("--json", action="store_true", help="print utterances with codes and the feedback as JSON")
    tr.set_defaults(func=_transcript)

    def with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--database-url", default=None, help="default: DATABASE_URL or the SQLite file in var/")
        return parser

    with_db(sub.add_parser("reindex", help="rebuild the review index from the stored events")).set_defaults(
        func=_reindex
    )
    delete = with_db(sub.add_parser("delete-citizen", help="delete everything about one citizen reference"))
    delete.add_argument("citizen_ref")
    delete.add_argument("--by", help="who asked (written to the audit log)")
    delete.set_defaults(func=_delete_citizen)
    purge = with_db(sub.add_parser("purge", help="delete conversations and plans older than N days"))
    purge.add_argument("--days", type=int, default=None, help="default: RETENTION_DAYS (365)")
    purge.add_argument("--by", help="who asked (written to the audit log)")
    purge.set_defaults(func=_purge)
    audit = with_db(sub.add_parser("audit", help="who opened, exported or deleted what (newest first)"))
    audit.add_argument("--limit", type=int, default=100)
    audit.set_defaults(func=_audit)
    choices = with_db(sub.add_parser("choices", help="the choices picked when the guide was unsure, as NLU YAML"))
    choices.add_argument("--out", help="write to this file instead of printing")
    choices.set_defaults(func=_choices)
    rec = sub.add_parser("record", help="record the scripted conversations through the real servers (dev)")
    rec.add_argument("--out", default="tests/data/review")
    rec.add_argument("--model", default="models/samtaleguide.tar.gz")
    rec.set_defaults(func=_record)
