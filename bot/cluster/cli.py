"""``python -m bot cluster run|up|down`` and ``python -m bot faults <scenario>``."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT

STATE_POINTER = PROJECT_ROOT / "build" / "cluster.json"  # written by `cluster up`, read by `cluster down`


def _run(args: argparse.Namespace) -> int:
    from bot.cluster.services import ServiceError
    from bot.cluster.topology import Cluster

    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    cluster = Cluster(
        Path(args.model),
        run_dir=Path(args.run_dir) if args.run_dir else None,
        replicas=args.replicas,
        action_servers=args.action_servers,
        keep=args.keep,
        public_host=args.public_host,
    )
    try:
        print("Starter PostgreSQL, Redis, handlingsservere, Rasa-replikaer og HAProxy …", flush=True)
        cluster.start()
        print(cluster.summary(), flush=True)
        if args.state:
            Path(args.state).write_text(
                (cluster.run_dir / "cluster.json").read_text(encoding="utf-8"), encoding="utf-8"
            )
        cluster.wait()  # returns only when the supervisor gives up on a server; it has said why
        return 1
    except KeyboardInterrupt:
        return 0
    except ServiceError as error:
        print(f"Kunne ikke starte klyngen: {error}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
        if args.state:
            Path(args.state).unlink(missing_ok=True)


def _up(args: argparse.Namespace) -> int:
    """``cluster run`` in the background; returns when it is up (or failed)."""
    if STATE_POINTER.exists():
        print(
            f"En klynge kører allerede ({STATE_POINTER}); stop den med `python -m bot cluster down`.", file=sys.stderr
        )
        return 1
    STATE_POINTER.parent.mkdir(parents=True, exist_ok=True)
    log = PROJECT_ROOT / "build" / "cluster.log"
    command = [
        sys.executable,
        "-m",
        "bot",
        "cluster",
        "run",
        "--model",
        args.model,
        "--state",
        str(STATE_POINTER),
        "--replicas",
        str(args.replicas),
        "--action-servers",
        str(args.action_servers),
        "--public-host",
        args.public_host,
    ]
    with open(log, "wb") as out:
        runner = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    while not STATE_POINTER.exists():
        if runner.poll() is not None:
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            return 1
        time.sleep(1)
    state = json.loads(STATE_POINTER.read_text(encoding="utf-8"))
    print(f"Klyngen kører (runner pid {runner.pid}, log {log}):")
    print(json.dumps(state, indent=2))
    return 0


def _down(_args: argparse.Namespace) -> int:
    if not STATE_POINTER.exists():
        print("Ingen klynge startet med `cluster up`.", file=sys.stderr)
        return 1
    pid = json.loads(STATE_POINTER.read_text(encoding="utf-8"))["runner_pid"]
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        STATE_POINTER.unlink(missing_ok=True)
        return 0
    deadline = time.monotonic() + 120
    while STATE_POINTER.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    print("Klyngen er stoppet." if not STATE_POINTER.exists() else "Klyngen stoppede ikke inden for 2 minutter.")
    return 0 if not STATE_POINTER.exists() else 1


def _balancer_config(args: argparse.Namespace) -> int:
    """HAProxy's configuration for a real deployment, from the same builder as the topology's."""
    from bot.cluster import balancer

    pools = balancer.deployment_pools(
        args.rest_bind,
        args.rasa,
        args.actions_bind,
        args.action,
        args.web_bind,
        args.web,
        Path(args.tls_certificate) if args.tls_certificate else None,
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = balancer.write_config(out, pools, args.health_bind, Path(args.stats_socket))
    problem = balancer.check_config(path) if args.check else None
    if problem:
        print(f"HAProxy afviser {path}: {problem}", file=sys.stderr)
        return 1
    print(f"Skrev {path} og fejlsvarene i {out / 'errors'}.")
    return 0


def _faults(args: argparse.Namespace) -> int:
    from bot.cluster.faults import run_scenarios

    return run_scenarios(args.scenario, Path(args.model), Path(args.out) if args.out else None)


def add_commands(commands: argparse._SubParsersAction) -> None:
    from bot.cluster.faults import SCENARIOS

    cluster = commands.add_parser(
        "cluster", help="two Rasa replicas and two action servers behind HAProxy, on PostgreSQL + Redis"
    )
    sub = cluster.add_subparsers(dest="cluster_command", required=True)
    for name, func, text in (
        ("run", _run, "start the topology in the foreground; Ctrl+C stops all of it"),
        ("up", _up, "start it in the background (state in build/cluster.json)"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--model", default="models/samtaleguide.tar.gz")
        command.add_argument("--replicas", type=int, default=2)
        command.add_argument("--action-servers", type=int, default=2)
        command.add_argument(
            "--public-host", default="127.0.0.1", help="where the REST pool listens (0.0.0.0: other machines too)"
        )
        if name == "run":
            command.add_argument(
                "--run-dir", default=None, help="default: a fresh temporary folder, removed at the end"
            )
            command.add_argument("--keep", action="store_true", help="keep the run folder (logs, database) at the end")
            command.add_argument("--state", default=None, help=argparse.SUPPRESS)
        command.set_defaults(func=func)
    sub.add_parser("down", help="stop the topology started with `up`").set_defaults(func=_down)
    config = sub.add_parser("balancer-config", help="write HAProxy's configuration for a real deployment")
    config.add_argument("--out", required=True, help="folder for haproxy.cfg and errors/, e.g. /etc/haproxy")
    config.add_argument("--rest-bind", required=True, help="public address of the REST channel, e.g. 0.0.0.0:8443")
    config.add_argument("--rasa", action="append", required=True, help="a Rasa replica's private host:port")
    config.add_argument("--actions-bind", required=True, help="private address the replicas call, e.g. 10.0.1.10:5055")
    config.add_argument("--action", action="append", required=True, help="an action server's private host:port")
    config.add_argument("--web-bind", default=None, help="public address of the web cockpit, e.g. 0.0.0.0:443")
    config.add_argument("--web", action="append", default=None, help="a web cockpit's private host:port")
    config.add_argument("--tls-certificate", default=None, help="PEM with certificate and key for the public pools")
    config.add_argument("--health-bind", default="127.0.0.1:8404", help="HAProxy's own /healthz")
    config.add_argument("--stats-socket", default="/run/haproxy/admin.sock")
    config.add_argument("--no-check", dest="check", action="store_false", help="do not run `haproxy -c` on the result")
    config.set_defaults(func=_balancer_config)

    faults = commands.add_parser("faults", help="fault scenarios with measured outcomes")
    faults.add_argument("scenario", choices=[*SCENARIOS, "all"])
    faults.add_argument("--model", default="models/samtaleguide.tar.gz")
    faults.add_argument("--out", default=None, help="also write the outcomes as JSON here")
    faults.set_defaults(func=_faults)
