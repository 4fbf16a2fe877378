"""Fault scenarios, scripted: ``python -m bot faults <scenario>|all [--out FILE]``.

Each scenario returns its measured outcome as a dict (printed as JSON) with ``"ok"`` and the
list of ``"problems"`` found; the tests in ``tests/test_cluster.py`` run the same functions.

Cluster scenarios (two Rasa replicas and two action servers behind HAProxy, PostgreSQL, Redis;
the topology's supervisor restarts whatever is killed):

* ``one-action-server-down`` – SIGKILL one of the two action servers while conversations run;
* ``action-servers-down`` – SIGKILL both while conversations run; the supervisor restarts them;
* ``rasa-replica-down`` – SIGKILL one of the two Rasa replicas while conversations run through
  the balancer; the others go on through the other replica, the supervisor restarts the dead one;
* ``postgres-restart`` / ``postgres-crash`` – restart PostgreSQL (``pg_ctl -m fast`` / ``-m
  immediate``, i.e. a crash) while conversations run; ``postgres-outage`` – crash it and keep it
  down for ``POSTGRES_OUTAGE_S`` before starting it again;
* ``postgres-read-only`` – the database turns read-only (as after a fail-over to a standby);
* ``redis-down`` – the lock store stops and comes back.

Single-server scenarios (``make run``'s layout on its default SQLite file, in a small tmpfs
when we are root, so the file system can be made read-only or full):

* ``sqlite-read-only`` – the SQLite file's file system becomes read-only mid-conversation;
* ``sqlite-disk-full`` – the disk holding the SQLite file fills up mid-conversation.

The consultants behave as the web cockpit lets them: a message that gets an error is sent
again (the text stays in the field) until it is answered, for at most ``RESEND_FOR_S``.
Afterwards ``bot.cluster.traffic.check_database`` compares PostgreSQL with what was sent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.cluster.traffic import (
    Turn,
    agreement_script,
    check_database,
    ensure_consultant,
    new_sender,
    send,
    unconfirmed_agreements,
)

RESEND_FOR_S = 90.0
POSTGRES_OUTAGE_S = 8.0  # within the servers' 15 s reconnect window
RESEND_PAUSE_S = 1.0


# --- consultants that send again ----------------------------------------------------------------------
class Progress:
    """Counts finished requests across the conversation threads; ``reached`` is set at ``target``."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.count = 0
        self.reached = threading.Event()
        self._lock = threading.Lock()

    def tick(self) -> None:
        with self._lock:
            self.count += 1
            if self.count >= self.target:
                self.reached.set()


def play_resending(
    scripts: dict[str, list[str]], route: Callable[[str, int], str], progress: Progress | None = None
) -> dict[str, list[Turn]]:
    """Every script in its own thread; a failed message is sent again until answered (or given up)."""
    results: dict[str, list[Turn]] = {}

    def play(sender: str) -> None:
        turns: list[Turn] = []
        attempt = 0
        for index, message in enumerate(scripts[sender]):
            deadline = time.monotonic() + RESEND_FOR_S
            while True:
                turn = send(route(sender, attempt), sender, message, index)
                attempt += 1
                turns.append(turn)
                if progress is not None:
                    progress.tick()
                if turn.ok or time.monotonic() > deadline:
                    break
                time.sleep(RESEND_PAUSE_S)
        results[sender] = turns

    threads = [threading.Thread(target=play, args=(sender,), daemon=True) for sender in scripts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _summarise(conversations: dict[str, list[Turn]]) -> dict:
    turns = [t for ts in conversations.values() for t in ts]
    failed = [t for t in turns if not t.ok]
    unanswered = [t for ts in conversations.values() for t in ts[-1:] if not t.ok]
    return {
        "conversations": len(conversations),
        "requests": len(turns),
        "answered": sum(1 for t in turns if t.ok),
        "errors": dict(Counter(t.error_code for t in failed)),
        "error_texts": sorted({t.texts[0] for t in failed if t.texts}),
        "slowest_s": max((t.seconds for t in turns), default=0.0),
        "median_s": sorted(t.seconds for t in turns)[len(turns) // 2] if turns else 0.0,
        "gave_up": len(unanswered),
    }


def _danish_errors_only(conversations: dict[str, list[Turn]], allowed: set[str]) -> list[str]:
    problems = []
    for turn in (t for ts in conversations.values() for t in ts if not t.ok):
        if turn.error_code not in allowed:
            problems.append(
                f"{turn.sender} message {turn.index}: unexpected failure {turn.error_code} (HTTP {turn.status})"
            )
        elif not turn.texts or not turn.texts[0].strip():
            problems.append(f"{turn.sender} message {turn.index}: error without a Danish text")
    return problems


def _show_unconfirmed(database_url: str, conversations: dict[str, list[Turn]], webhook: str) -> tuple[dict, list[str]]:
    """Agreements saved while their confirmation was cut off: the plan shows them (``vis plan for <ref>``).

    Adds the ``vis plan`` turns to ``conversations``; returns what was found and any problem.
    """
    missed = unconfirmed_agreements(database_url, conversations)
    problems = []
    for sender, agreements in missed.items():
        for citizen in sorted({a["citizen"] for a in agreements}):
            turn = send(webhook, sender, f"vis plan for {citizen}", len(conversations[sender]))
            conversations[sender].append(turn)
            shown = " ".join(turn.texts)
            for agreement in (a for a in agreements if a["citizen"] == citizen):
                if not turn.ok or agreement["action"] not in shown:
                    problems.append(f"{sender}: saved agreement {agreement['number']} is not shown by »vis plan«")
    found = {
        "unconfirmed_saves": sum(len(a) for a in missed.values()),
        "unconfirmed": [
            f"{a['citizen']} nr. {a['number']}: {a['text']}" for agreements in missed.values() for a in agreements
        ],
    }
    return found, problems


def _transcripts(conversations: dict[str, list[Turn]], problems: list[str]) -> dict[str, list[str]]:
    """The turns of the conversations a problem names (for reading the outcome)."""
    named = {sender for sender in conversations if any(sender in problem for problem in problems)}
    return {
        sender: [
            f"{t.index} {t.message!r} -> {t.status} {t.error_code or ''} {(t.texts or [''])[0][:80]!r}"
            for t in conversations[sender]
        ]
        for sender in named
    }


def _outcome(name: str, measured: dict, done: dict[str, list[Turn]], problems: list[str], **extra) -> dict:
    if not measured.get("requests_during_fault"):
        problems = [*problems, "no request was in flight while the fault was applied"]
    return {
        "scenario": name,
        **measured,
        **_summarise(done),
        **extra,
        "problems": problems,
        "ok": not problems,
        **({"transcripts": _transcripts(done, problems)} if problems else {}),
    }


def _scripts(count: int, shared_citizen: bool = True) -> dict[str, list[str]]:
    """``count`` agreement conversations; the first two share a citizen (numbering across replicas)."""
    run = uuid.uuid4().hex[:4]
    citizens = [f"B-{run}{n}" for n in range(count)]
    if shared_citizen and count > 1:
        citizens[1] = citizens[0]
    return {new_sender("fejl"): agreement_script(citizen) for citizen in citizens}


def _alternating(cluster) -> Callable[[str, int], str]:
    urls = cluster.replica_webhooks
    return lambda _sender, attempt: urls[attempt % len(urls)]


@contextmanager
def _cluster_or(cluster, model: Path) -> Iterator:
    if cluster is not None:
        yield cluster
        return
    from bot.cluster.topology import Cluster

    with Cluster(model) as own:
        yield own


def _during(
    scripts: dict[str, list[str]], route: Callable[[str, int], str], fault: Callable[[], dict], share: float = 0.25
):
    """Play ``scripts`` (resending), apply ``fault`` once requests for ``share`` of the messages are done.

    Counting requests rather than seconds makes the fault land in the middle of the run on a
    fast machine as on a slow one.
    """
    progress = Progress(max(1, int(sum(len(script) for script in scripts.values()) * share)))
    box: dict = {}
    worker = threading.Thread(
        target=lambda: box.update(conversations=play_resending(scripts, route, progress)), daemon=True
    )
    worker.start()
    progress.reached.wait(timeout=300)
    fault_began = time.time()
    measured = fault()
    fault_ended = time.time()
    worker.join()
    conversations = box["conversations"]
    # Requests that were in flight while the fault was being applied: proof that it hit the run.
    measured["requests_during_fault"] = sum(
        1
        for turns in conversations.values()
        for t in turns
        if t.started <= fault_ended and t.started + t.seconds >= fault_began
    )
    return conversations, measured


# --- cluster scenarios --------------------------------------------------------------------------------
def one_action_server_down(cluster=None, model: Path | None = None, conversations: int = 4) -> dict:
    with _cluster_or(cluster, model) as cluster:
        scripts = _scripts(conversations)

        victim = cluster.action_servers[0]

        def fault() -> dict:
            cluster.kill([victim])
            return {"killed": [victim.name]}

        done, measured = _during(scripts, _alternating(cluster), fault)
        problems = _restarted(cluster, victim, measured)
        found, unshown = _show_unconfirmed(cluster.database_url, done, cluster.rest_webhook)
        problems += unshown
        problems += _danish_errors_only(done, {"actions_unavailable"})
        problems += check_database(cluster.database_url, done)
        return _outcome("one-action-server-down", measured, done, problems, **found)


def action_servers_down(cluster=None, model: Path | None = None, conversations: int = 4) -> dict:
    """Both action servers SIGKILLed; the fault lasts until the supervisor has both answering again."""
    with _cluster_or(cluster, model) as cluster:
        scripts = _scripts(conversations)

        def fault() -> dict:
            cluster.kill(cluster.action_servers)
            restarted = cluster.wait_until_restarted(cluster.action_servers)
            return {
                "killed": [s.name for s in cluster.action_servers],
                "restarted": restarted,
                "down_s": round(max(cluster.supervisor.outage_s(s.name) or 0.0 for s in cluster.action_servers), 1),
            }

        done, measured = _during(scripts, _alternating(cluster), fault)
        found, problems = _show_unconfirmed(cluster.database_url, done, cluster.rest_webhook)
        if not measured["restarted"]:
            problems.append("the supervisor did not restart the action servers")
        problems += _danish_errors_only(done, {"actions_unavailable"})
        problems += check_database(cluster.database_url, done)
        summary = _summarise(done)
        if not summary["errors"]:
            problems.append("no request failed: the action servers were not killed in the middle of the run")
        if summary["gave_up"]:
            problems.append(f"{summary['gave_up']} conversations did not continue after the restart")
        return _outcome("action-servers-down", measured, done, problems, **found)


def rasa_replica_down(cluster=None, model: Path | None = None, conversations: int = 8, replica: int = 0) -> dict:
    """SIGKILL one Rasa replica mid-run while every conversation goes through the balancer.

    Requests the dead replica was handling get the balancer's Danish 502 and are sent again; new
    ones go to the other replica. A conversation whose turn died with the replica waits for that
    turn's lock ticket to expire (``TICKET_LOCK_LIFETIME``, 60 s) before its next message is
    handled. Afterwards the supervisor must have restarted the replica, and the balancer must
    send it traffic again. ``replica``: which one (0-based).
    """
    with _cluster_or(cluster, model) as cluster:
        scripts = _scripts(conversations)
        victim = cluster.replicas[replica]
        killed: dict[str, float] = {}

        def fault() -> dict:
            killed["wall"] = time.time()
            cluster.kill([victim])
            return {"killed": [victim.name]}

        done, measured = _during(scripts, lambda _sender, _attempt: cluster.rest_webhook, fault)
        measured["answered_after_the_kill_by"] = dict(
            Counter(t.upstream for ts in done.values() for t in ts if t.ok and t.started > killed["wall"])
        )
        problems = _restarted(cluster, victim, measured)
        problems += _back_in_rotation(cluster, victim, done, measured)
        found, unshown = _show_unconfirmed(cluster.database_url, done, cluster.rest_webhook)
        problems += unshown
        problems += _danish_errors_only(done, {"reply_lost"})
        problems += check_database(cluster.database_url, done)
        if _summarise(done)["gave_up"]:
            problems.append("some conversations did not go on after the replica died")
        return _outcome("rasa-replica-down", measured, done, problems, **found)


def _restarted(cluster, server, measured: dict) -> list[str]:
    """Waits for the supervisor to have ``server`` answering again; notes how long it was down."""
    if not cluster.wait_until_restarted([server]):
        return [f"the supervisor did not restart {server.name}"]
    measured["down_s"] = round(cluster.supervisor.outage_s(server.name), 1)
    measured["restarts"] = cluster.supervisor.restarts(server.name)
    return []


def _back_in_rotation(cluster, server, conversations: dict[str, list[Turn]], measured: dict) -> list[str]:
    """Once the balancer's checks see ``server`` up, it answers some of a new conversation's messages."""
    deadline = time.monotonic() + 30
    while cluster.balancer_states().get(server.name) != "UP" and time.monotonic() < deadline:
        time.sleep(0.2)
    sender = new_sender("tilbage")
    turns = [send(cluster.rest_webhook, sender, "hvor er vi?", i) for i in range(6)]
    conversations[sender] = turns
    measured["answered_after_the_restart_by"] = dict(Counter(t.upstream for t in turns if t.ok))
    if server.name not in measured["answered_after_the_restart_by"]:
        return [f"the balancer sent nothing to {server.name} after its restart: {cluster.balancer_states()}"]
    return []


def postgres_restart(
    cluster=None, model: Path | None = None, conversations: int = 4, mode: str = "fast", down_s: float = 0.0
) -> dict:
    with _cluster_or(cluster, model) as cluster:
        scripts = _scripts(conversations)

        def fault() -> dict:
            return {"mode": mode, "postgres_down_s": cluster.restart_postgres(mode, down_s)}

        done, measured = _during(scripts, _alternating(cluster), fault)
        # The servers' pools reconnect by themselves; this process reads through a fresh engine.
        from bot.store.engine import dispose_engines

        dispose_engines()
        found, problems = _show_unconfirmed(cluster.database_url, done, cluster.rest_webhook)
        problems += _danish_errors_only(done, {"conversation_log_unavailable", "actions_unavailable"})
        problems += check_database(cluster.database_url, done)
        if _summarise(done)["gave_up"]:
            problems.append("some conversations did not continue after the restart")
        name = "postgres-outage" if down_s else "postgres-restart" if mode == "fast" else "postgres-crash"
        return _outcome(name, measured, done, problems, **found)


def postgres_read_only(cluster=None, model: Path | None = None) -> dict:
    """The database refuses writes (a standby after fail-over): the consultant is told, nothing is half-saved."""
    with _cluster_or(cluster, model) as cluster:
        from bot.cluster.topology import DATABASE
        from bot.store.engine import dispose_engines

        sender, citizen = new_sender("skrivebeskyttet"), f"B-{uuid.uuid4().hex[:4]}"
        webhooks = cluster.replica_webhooks
        before = [send(webhooks[0], sender, f"ny samtale med {citizen} om brancheskift 30 min")]
        pg = cluster.postgres

        def read_only(flag: str) -> None:
            pg.execute(f"ALTER DATABASE {DATABASE} SET default_transaction_read_only = {flag}")
            # Sessions keep the setting they started with: end them, the pools reconnect (pool_pre_ping).
            pg.execute(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{DATABASE}' "
                "AND pid <> pg_backend_pid()"
            )

        read_only("on")
        during = [
            send(webhooks[i % 2], sender, message, i)
            for i, message in enumerate([f"aftale: {citizen} sender tre ansøgninger inden fredag", "hvor er vi?"])
        ]
        read_only("off")
        after = []
        for i, message in enumerate(
            [f"aftale: {citizen} sender tre ansøgninger inden fredag", "ja", "ja", "hvor er vi?"]
        ):
            after.append(send(webhooks[i % 2], sender, message, i))
        dispose_engines()
        problems = []
        for turn in during:
            if (
                turn.ok
                or turn.error_code != "conversation_log_unavailable"
                or "skrivebeskyttet" not in " ".join(turn.texts)
            ):
                problems.append(f"while read-only, {turn.message!r} got {turn.status} {turn.error_code}: {turn.texts}")
        if not all(t.ok for t in before + after):
            problems.append(
                f"turns outside the read-only period failed: {[(t.message, t.status) for t in before + after if not t.ok]}"
            )
        if not any(t.saved_agreement for t in after):
            problems.append("the agreement was not saved once the database was writable again")
        problems += check_database(cluster.database_url, {sender: before + during + after})
        return {
            "scenario": "postgres-read-only",
            "during": [{"status": t.status, "code": t.error_code, "text": t.texts} for t in during],
            "after_ok": all(t.ok for t in after),
            "problems": problems,
            "ok": not problems,
        }


def redis_down(cluster=None, model: Path | None = None) -> dict:
    """The lock store is gone for a while: messages are refused in Danish, nothing is handled unlocked."""
    with _cluster_or(cluster, model) as cluster:
        sender, citizen = new_sender("redis"), f"B-{uuid.uuid4().hex[:4]}"
        webhooks = cluster.replica_webhooks
        before = [send(webhooks[0], sender, f"ny samtale med {citizen} om brancheskift 30 min")]
        cluster.redis.stop()
        during = [send(webhooks[i % 2], sender, "næste trin", i + 1) for i in range(2)]
        cluster.redis.start()  # same port: the replicas' clients reconnect by themselves
        after = [
            send(webhooks[i % 2], sender, message, i + 3)
            for i, message in enumerate(
                ["næste trin", f"aftale: {citizen} sender tre ansøgninger inden fredag", "ja", "ja"]
            )
        ]
        problems = []
        for turn in during:
            if turn.ok or turn.error_code != "guide_failed" or not turn.texts:
                problems.append(f"without Redis, {turn.message!r} got {turn.status} {turn.error_code}: {turn.texts}")
        if not all(t.ok for t in before + after):
            problems.append(
                f"turns with Redis up failed: {[(t.message, t.status) for t in before + after if not t.ok]}"
            )
        problems += check_database(cluster.database_url, {sender: before + during + after})
        return {
            "scenario": "redis-down",
            "during": [{"status": t.status, "code": t.error_code, "text": t.texts} for t in during],
            "after_ok": all(t.ok for t in after),
            "problems": problems,
            "ok": not problems,
        }


# --- single-server scenarios on SQLite ------------------------------------------------------------------
@contextmanager
def _small_filesystem(size: str = "8m") -> Iterator[Path]:
    """A tmpfs of ``size`` (root only), so it can be made read-only or filled up."""
    if os.geteuid() != 0:
        raise RuntimeError("the SQLite file-system scenarios mount a small tmpfs and need root")
    where = Path(tempfile.mkdtemp(prefix="samtaleguide-smallfs-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(where)], check=False)
        subprocess.run(["umount", "-l", str(where)], check=False)
        shutil.rmtree(where, ignore_errors=True)


@contextmanager
def _single_node(model: Path, database_url: str, folder: Path) -> Iterator[str]:
    from bot.cluster.services import free_port
    from bot.processes import start_guide_servers, stop_all, write_endpoints
    from bot.store.engine import dispose_engines
    from bot.store.migrate import upgrade

    upgrade(database_url)
    ensure_consultant(database_url)
    dispose_engines()
    env = {**os.environ, "DATABASE_URL": database_url, "RASA_TELEMETRY_ENABLED": "false"}
    action_port, rasa_port = free_port(), free_port()
    processes = start_guide_servers(
        model, action_port, rasa_port, write_endpoints(action_port, folder / "endpoints.yml"), env
    )
    try:
        yield f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
    finally:
        stop_all(processes)


def _sqlite_scenario(
    name: str, model: Path, break_it: Callable[[Path], None], repair: Callable[[Path], None], expected: str
) -> dict:
    from bot.store.engine import dispose_engines

    with _small_filesystem() as small, tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{small / 'samtaleguide.db'}"
        with _single_node(model, url, Path(folder)) as webhook:
            sender, citizen = new_sender("sqlite"), f"B-{uuid.uuid4().hex[:4]}"
            before = [send(webhook, sender, f"ny samtale med {citizen} om brancheskift 30 min")]
            break_it(small)
            during = [
                send(webhook, sender, f"aftale: {citizen} sender tre ansøgninger inden fredag", 1),
                send(webhook, sender, "hvor er vi?", 2),
            ]
            repair(small)
            after = [
                send(webhook, sender, m, 3 + i)
                for i, m in enumerate(
                    [f"aftale: {citizen} sender tre ansøgninger inden fredag", "ja", "ja", "hvor er vi?"]
                )
            ]
        problems = []
        for turn in during:
            text = " ".join(turn.texts)
            if turn.ok or turn.error_code != "conversation_log_unavailable" or expected not in text:
                problems.append(f"while broken, {turn.message!r} got {turn.status} {turn.error_code}: {turn.texts}")
        if not all(t.ok for t in before + after):
            problems.append(
                f"turns outside the fault failed: {[(t.message, t.status, t.texts) for t in before + after if not t.ok]}"
            )
        if not any(t.saved_agreement for t in after):
            problems.append("the agreement was not saved after the repair")
        problems += check_database(url, {sender: before + during + after})
        dispose_engines()
        return {
            "scenario": name,
            "during": [{"status": t.status, "code": t.error_code, "text": t.texts} for t in during],
            "after_ok": all(t.ok for t in after),
            "problems": problems,
            "ok": not problems,
        }


def sqlite_read_only(model: Path) -> dict:
    return _sqlite_scenario(
        "sqlite-read-only",
        model,
        lambda small: subprocess.run(["mount", "-o", "remount,ro", str(small)], check=True),
        lambda small: subprocess.run(["mount", "-o", "remount,rw", str(small)], check=True),
        "ikke kan åbnes",
    )


def fill_disk(folder: Path) -> Path:
    """Write zeros into ``folder/fyld`` until its file system is full; delete the file to make room again."""
    filler_path = folder / "fyld"
    with open(filler_path, "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
        except OSError:
            pass
    return filler_path


def sqlite_disk_full(model: Path) -> dict:
    return _sqlite_scenario("sqlite-disk-full", model, fill_disk, lambda small: (small / "fyld").unlink(), "disken")


# --- the command ---------------------------------------------------------------------------------------
CLUSTER_SCENARIOS: dict[str, Callable] = {
    "one-action-server-down": one_action_server_down,
    "action-servers-down": action_servers_down,
    "rasa-replica-down": rasa_replica_down,
    "postgres-restart": lambda cluster: postgres_restart(cluster, mode="fast"),
    "postgres-crash": lambda cluster: postgres_restart(cluster, mode="immediate"),
    "postgres-outage": lambda cluster: postgres_restart(cluster, mode="immediate", down_s=POSTGRES_OUTAGE_S),
    "postgres-read-only": postgres_read_only,
    "redis-down": redis_down,
}
SQLITE_SCENARIOS: dict[str, Callable[[Path], dict]] = {
    "sqlite-read-only": sqlite_read_only,
    "sqlite-disk-full": sqlite_disk_full,
}
SCENARIOS = (*CLUSTER_SCENARIOS, *SQLITE_SCENARIOS)


def _measured(name: str, run: Callable[[], dict]) -> dict:
    """One scenario's outcome with its duration; one that cannot run is a failed outcome, not the end."""
    began = time.monotonic()
    try:
        outcome = run()
    except (OSError, subprocess.SubprocessError, RuntimeError) as error:
        outcome = {"scenario": name, "problems": [f"could not run: {error}"], "ok": False}
    outcome["seconds"] = round(time.monotonic() - began, 1)
    print(json.dumps(outcome, ensure_ascii=False, indent=2), flush=True)
    return outcome


def run_scenarios(name: str, model: Path, out: Path | None = None) -> int:
    names = list(SCENARIOS) if name == "all" else [name]
    outcomes = []
    cluster_names = [n for n in names if n in CLUSTER_SCENARIOS]
    if cluster_names:
        from bot.cluster.topology import Cluster

        with Cluster(model) as cluster:
            outcomes += [_measured(n, lambda n=n: CLUSTER_SCENARIOS[n](cluster)) for n in cluster_names]
    outcomes += [_measured(n, lambda n=n: SQLITE_SCENARIOS[n](model)) for n in names if n in SQLITE_SCENARIOS]
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(outcomes, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(o["ok"] for o in outcomes) else 1
