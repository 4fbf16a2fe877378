"""Command line: ``python -m bot <command>``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.plan.cli import add_commands as add_plan_commands
from bot.practice.cli import add_commands as add_practice_commands
from bot.review.cli import add_commands as add_review_commands
from bot.web.cli import add_users_parser, add_web_parser


def _nlp_build(args: argparse.Namespace) -> int:
    from bot.nlp.pipeline import save_pipeline

    out = save_pipeline(Path(args.out))
    print(f"Danish spaCy pipeline saved to {out}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from bot.launcher import serve

    return serve(Path(args.model))


def _bench_nlu(args: argparse.Namespace) -> int:
    from bot.bench.nlu import run_cross_validation

    return run_cross_validation(folds=args.folds)


def _bench_review(args: argparse.Namespace) -> int:
    from bot.bench.review import run_review_benchmark

    return run_review_benchmark(args.conversations, args.turns, args.database_url)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Samtaleguide")
    commands = parser.add_subparsers(dest="command", required=True)

    nlp = commands.add_parser("nlp", help="Danish spaCy pipeline").add_subparsers(dest="nlp_command", required=True)
    build = nlp.add_parser("build", help="build and save the pipeline")
    build.add_argument("--out", default="build/spacy_da")
    build.set_defaults(func=_nlp_build)

    serve = commands.add_parser("serve", help="start the action server and the Rasa server")
    serve.add_argument("--model", default="models/samtaleguide.tar.gz")
    serve.set_defaults(func=_serve)

    bench = commands.add_parser("bench", help="measurements").add_subparsers(dest="bench_command", required=True)
    nlu = bench.add_parser("nlu", help="k-fold cross-validated NLU scores")
    nlu.add_argument("--folds", type=int, default=5)
    nlu.set_defaults(func=_bench_nlu)
    review = bench.add_parser("review", help="review pages with many stored conversations")
    review.add_argument("--conversations", type=int, default=1000)
    review.add_argument("--turns", type=int, default=40)
    review.add_argument("--database-url", default=None, help="default: a scratch SQLite file")
    review.set_defaults(func=_bench_review)
    add_plan_commands(commands)  # db upgrade, plan export
    add_practice_commands(commands)  # coder eval
    add_review_commands(commands)  # review transcript/reindex/delete-citizen/purge/audit/record
    add_web_parser(commands)  # web (the cockpit)
    add_users_parser(commands)  # users create/password/list
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
