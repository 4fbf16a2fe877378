"""Starting, supervising and stopping the product's servers, for every script that needs them.

``make run`` (``bot.launcher``), the scale-out topology (``bot.cluster``), the benchmarks
(``bot.bench``), the review recordings and the end-to-end tests all start the action server,
the Rasa server and the web cockpit the same way, from here.

``Supervisor`` keeps a set of ``Server`` children running: one that dies is started again, the
reason (exit code or signal, the last lines of its log) is reported, and only a server that keeps
dying soon after each start makes it give up (``RestartPolicy``). ``make run`` and the cluster
topology both use it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PROJECT_ROOT

STARTUP_TIMEOUT_S = 300
TRACKER_STORE = "bot.rasa.tracker_store.RedactingSQLTrackerStore"  # as in endpoints.yml


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def venv_bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def wait_until_up(url: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"{what} did not answer on {url} within {STARTUP_TIMEOUT_S} s")


def server_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a server: ``env`` (or this process's) plus the tokens the servers share."""
    from bot import keys

    return {**keys.server_environment(), **(env if env is not None else os.environ)}


def start_action_server(port: int, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """``popen``: further ``subprocess.Popen`` options (where the output goes, a session of its own)."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "actions", "--port", str(port)], cwd=PROJECT_ROOT, env=server_env(env), **popen
    )


def start_rasa_server(
    model: Path, port: int, endpoints: Path, env: dict[str, str] | None = None, **popen
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            venv_bin("rasa"),
            "run",
            "--model",
            str(model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(PROJECT_ROOT / "credentials.yml"),
        ],
        cwd=PROJECT_ROOT,
        env=server_env(env),
        **popen,
    )


def start_guide_servers(
    model: Path, action_port: int, rasa_port: int, endpoints: Path, env: dict[str, str] | None = None
) -> list[subprocess.Popen]:
    """The action server, then the Rasa server, each waited for; both stopped again if either fails."""
    processes: list[subprocess.Popen] = []
    try:
        processes.append(start_action_server(action_port, env))
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[-1], "Action-serveren")
        processes.append(start_rasa_server(model, rasa_port, endpoints, env))
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[-1], "Rasa-serveren")
    except BaseException:
        stop_all(processes)
        raise
    return processes


def start_web_server(port: int, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "web", "--port", str(port), "--quiet"],
        cwd=PROJECT_ROOT,
        env=server_env(env),
        **popen,
    )


ACTION_AUTH_HEADER = "Authorization: Bearer ${ACTION_SERVER_TOKEN}"  # unquoted: Rasa fills in plain scalars only


def write_endpoints(action_port: int, path: Path, action_host: str = "127.0.0.1") -> Path:
    """An endpoints file like ``endpoints.yml`` for an action server on another address or port."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'action_endpoint:\n  url: "http://{action_host}:{action_port}/webhook"\n'
        f"  headers:\n    {ACTION_AUTH_HEADER}\n"
        f"tracker_store:\n  type: {TRACKER_STORE}\n",
        encoding="utf-8",
    )
    return path


def stop_all(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- supervision ---------------------------------------------------------------------------------------
@dataclass
class Server:
    """One child server: a name for people, how to start it, where it answers, where its output goes.

    ``launch`` starts the process when given further ``subprocess.Popen`` options, e.g.
    ``functools.partial(start_rasa_server, model, port, endpoints, env)``. With a ``log_file`` the
    output is appended there and the process runs in a session of its own (Ctrl+C reaches only
    the supervisor, which stops it); without one it writes to our terminal and shares our session.
    """

    name: str
    port: int
    launch: Callable[..., subprocess.Popen] = field(repr=False)
    health_path: str = "/"
    log_file: Path | None = None
    host: str = "127.0.0.1"
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def health_url(self) -> str:
        return self.url + self.health_path

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.log_file is None:
            self.process = self.launch()
            return
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            self.process = self.launch(
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_until_up(self) -> None:
        """Block until the health address answers; ``RuntimeError`` (with the log's last lines) if not."""
        try:
            wait_until_up(self.health_url, self.process, self.name)
        except RuntimeError as error:
            tail = "\n".join(self.output_tail(40))
            raise RuntimeError(f"{error}\n--- {self.log_file} ---\n{tail}" if tail else str(error)) from error

    def answers(self, timeout_s: float = 1.0) -> bool:
        """One quick probe of the health address (the supervisor must not block on a slow starter)."""
        try:
            with urllib.request.urlopen(self.health_url, timeout=timeout_s) as answer:
                return answer.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def output_tail(self, lines: int = 15) -> list[str]:
        """The last lines of the log file, personal data redacted ([] without a log file)."""
        if self.log_file is None or not self.log_file.exists():
            return []
        from bot.core.personal_data import redact_text

        with open(self.log_file, "rb") as log:
            log.seek(max(0, log.seek(0, 2) - 16384))
            text = log.read().decode("utf-8", errors="replace")
        return [redact_text(line) for line in text.splitlines()[-lines:]]

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Stop it the hard way (fault scenarios): no shutdown handlers run."""
        if self.running:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None:
            stop_all([self.process])


def exit_reason(returncode: int) -> str:
    """How a child ended, in Danish: ``exitkode 1`` or ``signal SIGKILL``."""
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exitkode {returncode}"


def _seconds(seconds: float) -> str:
    return "under et sekund" if seconds < 1 else f"{round(seconds)} s"


@dataclass(frozen=True)
class RestartPolicy:
    """When a dead server is started again, and when the supervisor gives up.

    A death is *quick* when the server never answered after its start, or died less than
    ``quick_s`` after it first answered. Each quick death in a row doubles the wait before the
    next start (``first_delay_s``, 2×, 4× …, at most ``max_delay_s``); the ``give_up_after``-th
    quick death in a row ends the supervision. A server that ran longer than ``quick_s`` starts
    the count afresh, so a server that dies once a day is restarted for ever. A restart that
    does not answer within ``startup_timeout_s`` is killed and counts as a quick death.
    """

    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    quick_s: float = 60.0
    give_up_after: int = 5
    startup_timeout_s: float = STARTUP_TIMEOUT_S

    def delay_s(self, quick_deaths: int) -> float:
        return min(self.max_delay_s, self.first_delay_s * 2**quick_deaths)


@dataclass
class _Watch:
    """The supervisor's record of one server."""

    server: Server
    state: str = "up"  # "up", "starting" (launched, not answering yet) or "waiting" (dead, restart due)
    since: float = field(default_factory=time.monotonic)  # when the state began; "waiting": when to restart
    quick_deaths: int = 0  # in a row
    restarts: int = 0
    last_reason: str = ""
    died_at: float = 0.0
    outage_s: float | None = None  # from the last death until it answered again (None: never died)


class GaveUp(Exception):
    """A server kept dying soon after each start; the message says which, how and where to look."""


class Supervisor:
    """Keeps ``servers`` (already started and answering) running until ``stop`` is set or it gives up.

    ``check()`` does one round; ``run()`` repeats it (in the calling thread or, for the cluster,
    a thread of its own). Everything that reads or changes a server's state holds ``lock``, so
    the fault scenarios can ``kill`` a server and ``wait_until_up`` for it from another thread.
    ``report`` gets every message (Danish, for the operator): deaths with their reason and the
    log's last lines, restarts, giving up.
    """

    def __init__(
        self,
        servers: list[Server],
        policy: RestartPolicy | None = None,
        report: Callable[[str], None] | None = None,
    ) -> None:
        self.policy = policy or RestartPolicy()
        self.report = report or (lambda message: print(message, file=sys.stderr, flush=True))
        self.lock = threading.RLock()
        self._watches = {server.name: _Watch(server) for server in servers}

    def state(self, name: str) -> str:
        return self._watches[name].state

    def restarts(self, name: str) -> int:
        return self._watches[name].restarts

    def outage_s(self, name: str) -> float | None:
        """Seconds from the server's last death until it answered again (None: not back yet, or never died)."""
        watch = self._watches[name]
        return watch.outage_s if watch.state == "up" else None

    def run(self, stop: threading.Event | None = None, interval_s: float = 0.5) -> str | None:
        """Supervise until ``stop`` is set (returns None) or a server keeps dying (returns why, in Danish)."""
        stop = stop or threading.Event()
        while not stop.wait(interval_s):
            try:
                self.check()
            except GaveUp as error:
                self.report(str(error))
                return str(error)
        return None

    def check(self) -> None:
        now = time.monotonic()
        with self.lock:
            for watch in self._watches.values():
                if watch.state == "waiting":
                    if now >= watch.since:
                        self._launch(watch)
                elif not watch.server.running:
                    self._died(watch, exit_reason(watch.server.process.returncode))
                elif watch.state == "starting":
                    self._check_start(watch, now)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill a server now and count it as a death (fault scenarios); it is restarted like any other."""
        with self.lock:
            watch = self._watches[name]
            watch.server.kill(sig)
            if watch.state != "waiting":
                self._died(watch, exit_reason(watch.server.process.returncode))

    def wait_until_up(self, name: str, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                if self._watches[name].state == "up":
                    return True
            time.sleep(0.2)
        return False

    def _check_start(self, watch: _Watch, now: float) -> None:
        if watch.server.answers():
            took = _seconds(now - watch.since)
            watch.state, watch.since, watch.outage_s = "up", now, now - watch.died_at
            self.report(f"{watch.server.name} svarer igen efter genstart nr. {watch.restarts} (start på {took}).")
        elif now - watch.since > self.policy.startup_timeout_s:
            watch.server.kill()
            self._died(watch, f"svarede ikke inden for {_seconds(self.policy.startup_timeout_s)}")

    def _died(self, watch: _Watch, reason: str) -> None:
        now = time.monotonic()
        ran_s = now - watch.since
        quick = watch.state == "starting" or ran_s < self.policy.quick_s
        watch.quick_deaths = watch.quick_deaths + 1 if quick else 0
        watch.last_reason, watch.died_at = reason, now
        name, tail = watch.server.name, watch.server.output_tail()
        log_lines = f"\n  Sidste linjer i {watch.server.log_file}:\n    " + "\n    ".join(tail) if tail else ""
        if watch.quick_deaths >= self.policy.give_up_after:
            raise GaveUp(
                f"{name} er stoppet {watch.quick_deaths} gange i træk kort efter start (senest: {reason}). "
                "Genstarter ikke igen; stopper alle servere." + log_lines
            )
        delay = self.policy.delay_s(watch.quick_deaths)
        what = "mens den startede" if watch.state == "starting" else f"efter {_seconds(ran_s)}"
        self.report(f"{name} stoppede ({reason}) {what}; genstarter om {_seconds(delay)}.{log_lines}")
        watch.state, watch.since = "waiting", now + delay

    def _launch(self, watch: _Watch) -> None:
        watch.restarts += 1
        try:
            watch.server.start()
        except OSError as error:  # e.g. the program is gone: a death like any other
            watch.state = "starting"
            self._died(watch, f"kunne ikke startes: {error}")
            return
        watch.state, watch.since = "starting", time.monotonic()
