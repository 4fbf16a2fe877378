"""CLI commands of the practice feature: ``coder eval`` and ``review transcript``."""
from __future__ import annotations

import argparse


def _coder_eval(args: argparse.Namespace) -> int:
    from bot.coder.evaluate import main_eval

    return main_eval(as_json=args.json, show_errors=args.errors, no_rules=args.no_rules)


def _review_transcript(args: argparse.Namespace) -> int:
    from bot.practice.transcript import main_review_transcript

    return main_review_transcript(args.file, as_json=args.json)


def add_commands(commands) -> None:
    """Adds ``coder eval`` and ``review transcript FILE [--json]`` to the top-level subparsers."""
    coder = commands.add_parser("coder", help="technique coder for consultant utterances")
    coder_cmds = coder.add_subparsers(dest="coder_command", required=True)
    ev = coder_cmds.add_parser("eval", help="held-out accuracy and Cohen's kappa of the coder")
    ev.add_argument("--json", action="store_true", help="print the result as JSON")
    ev.add_argument("--errors", action="store_true", help="list the held-out utterances coded wrongly")
    ev.add_argument("--no-rules", action="store_true", help="classifier only, without the decisive rules")
    ev.set_defaults(func=_coder_eval)

    review = commands.add_parser("review", help="review real conversations")
    review_cmds = review.add_subparsers(dest="review_command", required=True)
    tr = review_cmds.add_parser("transcript", help="code a K:/B: transcript and print the feedback metrics")
    tr.add_argument("file", help="plain-text transcript: lines 'K: ...' / 'B: ...', optionally '[mm:ss]' first")
    tr.add_argument("--json", action="store_true", help="print utterances with codes and the feedback as JSON")
    tr.set_defaults(func=_review_transcript)
