"""The supervisor (``bot.processes.Supervisor``) with small fake servers: fast, no Rasa.

Each fake is a Python child that answers HTTP on its port (or not), then, depending on its
part, lives on, exits with a code after a while, crashes before it ever answers, or never
answers at all. The restart policy is scaled down to fractions of a second.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from bot.processes import GaveUp, RestartPolicy, Server, Supervisor, exit_reason, free_port, stop_all

FAKE_SERVER = """
import http.server, sys, threading, time
port, part, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
print(f"fake {part} starting", flush=True)
if part == "crash":
    print("Traceback: the fake fell over at 010203-1234", flush=True)
    sys.exit(3)
class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
if part != "mute":
    server = http.server.HTTPServer(("127.0.0.1", port), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
if part == "exits":
    time.sleep(seconds)
    print("fake giving up", flush=True)
    sys.exit(3)
threading.Event().wait()
"""

FAST = RestartPolicy(first_delay_s=0.05, max_delay_s=0.2, quick_s=5.0, give_up_after=3, startup_timeout_s=5.0)


def _launch(port: int, part: str, seconds: float, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", FAKE_SERVER, str(port), part, str(seconds)], **popen)


def fake(tmp_path: Path, name: str, part: str = "lives", seconds: float = 0.0) -> Server:
    port = free_port()
    return Server(name, port, partial(_launch, port, part, seconds), log_file=tmp_path / f"{name}.log")


class Recorder:
    """Collects the supervisor's messages; ``supervise`` runs it in a thread."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)

    def text(self) -> str:
        return "\n".join(self.messages)


@pytest.fixture
def supervise():
    started: list[tuple[Supervisor, threading.Event, threading.Thread, list[Server]]] = []
    outcome: dict[Supervisor, str | None] = {}

    def begin(servers: list[Server], policy: RestartPolicy = FAST, wait: bool = True) -> tuple[Supervisor, Recorder]:
        """Start ``servers`` (and wait until they answer, unless ``wait`` is False), then supervise them."""
        for server in servers:
            server.start()
        for server in servers if wait else []:
            server.wait_until_up()
        recorder = Recorder()
        supervisor = Supervisor(servers, policy, report=recorder)
        stop = threading.Event()
        thread = threading.Thread(
            target=lambda: outcome.update({supervisor: supervisor.run(stop, interval_s=0.02)}), daemon=True
        )
        thread.start()
        started.append((supervisor, stop, thread, servers))
        return supervisor, recorder

    def result(supervisor: Supervisor, timeout_s: float = 20.0) -> str | None:
        for other, _stop, thread, _servers in started:
            if other is supervisor:
                thread.join(timeout_s)
                assert not thread.is_alive(), "the supervisor did not give up"
        return outcome[supervisor]

    begin.result = result
    yield begin
    for _supervisor, stop, thread, servers in started:
        stop.set()
        thread.join(5)
        stop_all([s.process for s in servers if s.process is not None])


def test_a_server_killed_by_a_signal_is_restarted_and_answers_again_the_others_untouched(tmp_path, supervise):
    victim, bystander = fake(tmp_path, "rasa-1"), fake(tmp_path, "rasa-2")
    supervisor, said = supervise([victim, bystander])
    bystander_pid, victim_pid = bystander.process.pid, victim.process.pid

    supervisor.kill("rasa-1")

    assert supervisor.wait_until_up("rasa-1", 10)
    assert victim.answers() and victim.process.pid != victim_pid
    assert supervisor.restarts("rasa-1") == 1 and supervisor.restarts("rasa-2") == 0
    assert 0 < supervisor.outage_s("rasa-1") < 10 and supervisor.outage_s("rasa-2") is None
    assert bystander.process.pid == bystander_pid
    assert "rasa-1 stoppede (signal SIGKILL)" in said.text()
    assert "rasa-1 svarer igen efter genstart nr. 1" in said.text()
    assert "fake lives starting" in said.text()  # the log's last lines come with the reason


def test_a_death_noticed_by_polling_is_restarted_too(tmp_path, supervise):
    victim = fake(tmp_path, "action-1")
    supervisor, said = supervise([victim])
    victim.process.send_signal(signal.SIGTERM)  # not through the supervisor: it has to notice

    deadline = time.monotonic() + 10
    while supervisor.restarts("action-1") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert supervisor.wait_until_up("action-1", 10)
    assert "action-1 stoppede (signal SIGTERM)" in said.text()


def test_a_server_that_keeps_dying_soon_after_start_makes_it_give_up_with_a_danish_reason(tmp_path, supervise):
    flaky = fake(tmp_path, "rasa-1", "exits", 1.2)
    steady = fake(tmp_path, "rasa-2")
    supervisor, said = supervise([flaky, steady])

    message = supervise.result(supervisor)

    assert message.startswith("rasa-1 er stoppet 3 gange i træk kort efter start (senest: exitkode 3).")
    assert "Genstarter ikke igen; stopper alle servere." in message
    assert "fake giving up" in message  # the last log lines say what it printed
    assert supervisor.restarts("rasa-1") == FAST.give_up_after - 1
    assert said.messages[-1] == message
    assert said.text().count("rasa-1 stoppede (exitkode 3)") == FAST.give_up_after - 1


def test_a_server_that_crashes_before_it_ever_answers_gives_up_and_its_log_is_redacted(tmp_path, supervise):
    crasher = fake(tmp_path, "web", "crash")
    supervisor, said = supervise([crasher], wait=False)

    message = supervise.result(supervisor)

    assert "web er stoppet 3 gange i træk" in message
    assert "mens den startede" in said.text()
    assert "010203-1234" not in said.text() and "[CPR-nummer]" in said.text()


def test_a_restart_that_never_answers_is_killed_and_counted(tmp_path, supervise):
    mute = fake(tmp_path, "action-2")  # answers the first time only
    policy = RestartPolicy(first_delay_s=0.05, max_delay_s=0.1, quick_s=5.0, give_up_after=2, startup_timeout_s=0.5)
    supervisor, said = supervise([mute], policy)
    mute.launch = partial(_launch, mute.port, "mute", 0.0)

    supervisor.kill("action-2")
    message = supervise.result(supervisor)

    assert "svarede ikke inden for under et sekund" in message
    assert not mute.running


def test_a_server_that_ran_long_enough_starts_the_count_afresh(tmp_path, supervise):
    policy = RestartPolicy(first_delay_s=0.05, max_delay_s=0.1, quick_s=0.2, give_up_after=2, startup_timeout_s=5.0)
    dies_daily = fake(tmp_path, "action-1", "exits", 1.0)  # lives longer than quick_s each time
    supervisor, said = supervise([dies_daily], policy)

    deadline = time.monotonic() + 15
    while supervisor.restarts("action-1") < 4 and time.monotonic() < deadline:
        time.sleep(0.05)

    assert supervisor.restarts("action-1") >= 4  # more deaths than give_up_after, and still supervised
    assert "Genstarter ikke igen" not in said.text()


def test_run_returns_none_when_told_to_stop(tmp_path):
    server = fake(tmp_path, "rasa-1")
    server.start()
    try:
        server.wait_until_up()
        stop = threading.Event()
        stop.set()
        assert Supervisor([server], FAST, report=lambda _m: None).run(stop, interval_s=0.01) is None
        assert server.running  # stopping the supervision leaves the servers to their owner
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("quick_deaths", "delay"), [(0, 1.0), (1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 30.0), (9, 30.0)]
)
def test_the_wait_before_a_restart_doubles_with_each_quick_death_up_to_the_cap(quick_deaths, delay):
    assert RestartPolicy().delay_s(quick_deaths) == delay


def test_the_default_policy_gives_up_on_the_fifth_quick_death_and_counts_a_minute_as_quick():
    policy = RestartPolicy()
    assert (policy.give_up_after, policy.quick_s) == (5, 60.0)


def test_a_quick_death_is_one_within_quick_s_of_answering(tmp_path):
    """At the edge: 59,9 s after answering is quick, 60,1 s is not."""
    server = fake(tmp_path, "rasa-1")
    supervisor = Supervisor([server], RestartPolicy(), report=lambda _m: None)
    watch = supervisor._watches["rasa-1"]
    for ran_s, quick_deaths in ((59.9, 1), (60.1, 0)):
        watch.state, watch.since, watch.quick_deaths = "up", time.monotonic() - ran_s, 0
        supervisor._died(watch, "exitkode 1")
        assert watch.quick_deaths == quick_deaths
    watch.state, watch.quick_deaths = "up", 4
    watch.since = time.monotonic()
    with pytest.raises(GaveUp, match="stoppet 5 gange i træk"):
        supervisor._died(watch, "exitkode 1")


@pytest.mark.parametrize(
    ("returncode", "reason"),
    [(1, "exitkode 1"), (0, "exitkode 0"), (-9, "signal SIGKILL"), (-15, "signal SIGTERM"), (-200, "signal 200")],
)
def test_exit_reasons_in_danish(returncode, reason):
    assert exit_reason(returncode) == reason


# --- make run (bot.launcher.serve) -------------------------------------------------------------------------
@pytest.fixture
def fake_launch(monkeypatch, tmp_path):
    """``serve`` with fake servers instead of the guide's, no database, and its SIGTERM handler undone."""
    import bot.launcher
    import bot.store.migrate

    monkeypatch.setattr(bot.store.migrate, "upgrade", lambda _url: None)
    monkeypatch.setattr(bot.launcher, "_how_to_use_the_web", lambda _settings: "")
    previous = signal.getsignal(signal.SIGTERM)

    def use(servers: list[Server]) -> None:
        monkeypatch.setattr(bot.launcher, "guide_servers", lambda *_args: servers)

    yield use
    signal.signal(signal.SIGTERM, previous)


def test_make_run_restarts_then_gives_up_on_a_server_that_keeps_dying_and_stops_the_rest(tmp_path, fake_launch, capsys):
    from bot.launcher import serve

    steady, flaky = fake(tmp_path, "Handlingsserveren"), fake(tmp_path, "Rasa-serveren", "exits", 1.2)
    fake_launch([steady, flaky])

    assert serve(Path("model.tar.gz"), FAST) == 1

    err = capsys.readouterr().err
    assert "Rasa-serveren stoppede (exitkode 3)" in err
    assert "Rasa-serveren er stoppet 3 gange i træk kort efter start" in err
    assert "stopper resten" not in err.lower()  # the old "En af serverne stoppede; stopper resten."
    assert not steady.running and not flaky.running


def test_make_run_stops_every_server_on_ctrl_c(tmp_path, fake_launch, monkeypatch):
    import bot.launcher
    from bot.launcher import serve

    servers = [fake(tmp_path, "Handlingsserveren"), fake(tmp_path, "Webcockpittet")]
    fake_launch(servers)

    class CtrlC(Supervisor):
        def run(self, *_args, **_kwargs):
            raise KeyboardInterrupt

    monkeypatch.setattr(bot.launcher, "Supervisor", CtrlC)

    assert serve(Path("model.tar.gz")) == 0
    assert all(server.process is not None and not server.running for server in servers)
