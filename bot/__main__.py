"""Command line: ``python -m bot <command>``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cluster.cli import add_commands as add_cluster_commands
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


def _actions(args: argparse.Namespace) -> int:
    from bot.rasa.action_server import serve

    return serve(args.port)


def _bench_nlu(args: argparse.Namespace) -> int:
    from bot.bench.nlu import run_cross_validation

    return run_cross_validation(folds=args.folds)


def _bench_nlu_eval(args: argparse.Namespace) -> int:
    from bot.bench.nlu_eval import run_yardstick

    return run_yardstick(Path(args.model) if args.model else None, with_cv=args.with_cv)


def _bench_holdout(args: argparse.Namespace) -> int:
    from bot.bench.holdout import run_holdout

    return run_holdout(args.model, args.files)


def _bench_review(args: argparse.Namespace) -> int:
    from bot.bench.review import run_review_benchmark

    return run_review_benchmark(args.conversations, args.turns, args.database_url)


def _bench_feedback(args: argparse.Namespace) -> int:
    from bot.bench.feedback import run_feedback_gold

    return run_feedback_gold(args.split, with_speed=args.speed)


def _bench_load(args: argparse.Namespace) -> int:
    from bot.bench.load import run_load_benchmark

    levels = tuple(int(x) for x in args.levels.split(",") if x.strip())
    low, high = (float(x) for x in args.think.split(","))
    return run_load_benchmark(levels, args.seconds, (low, high), args.with_training)


def _bench_practice(args: argparse.Namespace) -> int:
    from bot.bench.practice import run_practice_benchmark

    return run_practice_benchmark(latency=not args.no_latency, docs=args.docs)


def _bench_all(args: argparse.Namespace) -> int:
    from bot.bench.report import run_all

    return run_all(skip_nlu=args.skip_nlu)


def _bench_report(_args: argparse.Namespace) -> int:
    from bot.bench.report import write_report

    return write_report()


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
    actions = commands.add_parser("actions", help="the action server (on ACTION_HOST, behind ACTION_SERVER_TOKEN)")
    actions.add_argument("--port", type=int, default=5055)
    actions.set_defaults(func=_actions)

    bench = commands.add_parser("bench", help="measurements").add_subparsers(dest="bench_command", required=True)
    nlu = bench.add_parser("nlu", help="k-fold cross-validated NLU scores")
    nlu.add_argument("--folds", type=int, default=5)
    nlu.set_defaults(func=_bench_nlu)
    nlu_eval = bench.add_parser("nlu-eval", help="top-1/top-3/offered on the frozen situation yardstick")
    nlu_eval.add_argument("--model", default=None, help="evaluate this model instead of training one on data/")
    nlu_eval.add_argument("--with-cv", action="store_true", help="run the 5-fold cross-validation first")
    nlu_eval.set_defaults(func=_bench_nlu_eval)
    holdout = bench.add_parser("holdout", help="held-out NLU accuracy of the trained model, per file and intent")
    holdout.add_argument("--model", default="models/samtaleguide.tar.gz")
    holdout.add_argument("files", nargs="*", help="glob patterns; default: the held-out files in tests/data")
    holdout.set_defaults(func=_bench_holdout)
    review = bench.add_parser("review", help="review pages with many stored conversations")
    review.add_argument("--conversations", type=int, default=1000)
    review.add_argument("--turns", type=int, default=40)
    review.add_argument("--database-url", default=None, help="default: a scratch SQLite file")
    review.set_defaults(func=_bench_review)
    feedback = bench.add_parser("feedback", help="the judgement engine against the feedback gold set")
    feedback.add_argument(
        "--split",
        default="dev",
        help="dev, heldout, heldout2, heldout3, all (= dev,heldout) or a comma list; never tune on a held-out one",
    )
    feedback.add_argument("--speed", action="store_true", help="also time the engine on a 40-turn transcript")
    feedback.set_defaults(func=_bench_feedback)
    load = bench.add_parser("load", help="REST and web latency at 1/10/50 consultants, agreement saves, memory")
    load.add_argument("--levels", default="1,10,50", help="simulated consultants per level, comma-separated")
    load.add_argument("--seconds", type=float, default=120, help="duration of each level and path")
    load.add_argument("--think", default="3,10", help="think time between messages: min,max seconds")
    load.add_argument("--with-training", action="store_true", help="also time `rasa train --force`")
    load.set_defaults(func=_bench_load)
    practice = bench.add_parser("practice", help="simulated citizens: topical answers, verbatim repeats, REST latency")
    practice.add_argument("--no-latency", action="store_true", help="skip starting the servers")
    practice.add_argument("--docs", action="store_true", help="also write a dated copy to docs/measurements/")
    practice.set_defaults(func=_bench_practice)
    everything = bench.add_parser("all", help="NLU CV, load, training time and review pages; then the combined report")
    everything.add_argument("--skip-nlu", action="store_true", help="use the last build/reports/nlu-cv.json")
    everything.set_defaults(func=_bench_all)
    bench.add_parser("report", help="combine the reports in build/reports/ into bench.md/json").set_defaults(
        func=_bench_report
    )
    add_plan_commands(commands)  # db upgrade, plan export
    add_practice_commands(commands)  # coder eval
    add_review_commands(commands)  # review transcript/reindex/delete-citizen/purge/audit/record
    add_web_parser(commands)  # web (the cockpit)
    add_users_parser(commands)  # users create/password/list
    add_cluster_commands(commands)  # cluster run/up/down, faults <scenario>
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
