"""CLI commands of the practice feature: ``coder eval`` (``review transcript`` lives in bot.review.cli)."""

from __future__ import annotations

import argparse


def _coder_eval(args: argparse.Namespace) -> int:
    from bot.coder.evaluate import main_eval

    return main_eval(as_json=args.json, show_errors=args.errors, no_rules=args.no_rules)


def add_commands(commands) -> None:
    """Adds ``coder eval`` to the top-level subparsers."""
    coder = commands.add_parser("coder", help="technique coder for consultant utterances")
    coder_cmds = coder.add_subparsers(dest="coder_command", required=True)
    ev = coder_cmds.add_parser("eval", help="held-out accuracy and Cohen's kappa of the coder")
    ev.add_argument("--json", action="store_true", help="print the result as JSON")
    ev.add_argument("--errors", action="store_true", help="list the held-out utterances coded wrongly")
    ev.add_argument("--no-rules", action="store_true", help="classifier only, without the decisive rules")
    ev.set_defaults(func=_coder_eval)
