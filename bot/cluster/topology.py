"""The scale-out topology on one machine, started, supervised and stopped as one (``python -m bot cluster run``).

::

                       HAProxy (bot.cluster.balancer)
    client ──► rest pool ───────► Rasa replica 1 ─┐
      (the only public address)   Rasa replica 2 ─┤
                                                  ▼
               actions pool ◄──── action_endpoint of every replica
                 (internal) ─────► action server 1, action server 2
                                   │
    Rasa replicas ──► Redis (lock store)
    Rasa replicas, action servers ──► PostgreSQL (conversation log + plan store, one database)

One HAProxy process balances both pools (see ``bot.cluster.balancer`` for how, and why
HAProxy). Every Rasa replica has the same endpoints file: the action endpoint is the balancer's
actions pool, the tracker store is ``RedactingSQLTrackerStore`` on ``DATABASE_URL``
(PostgreSQL), the lock store is Redis (``bot.rasa.lock_store.AtomicRedisLockStore``: Rasa's
``RedisLockStore`` with its ticket updates made atomic, see there). The action servers reach
the plan store through the same ``DATABASE_URL``. The schema is migrated once, before any
server starts (as a release step would), and the servers run with
``SAMTALEGUIDE_ENV=production``, so none of them migrates by itself.

Only the balancer's REST pool is meant to be reached from outside (``public_host``; 127.0.0.1
unless told otherwise), and the REST channel behind it wants the bearer token; the replicas, the
action servers and the actions pool listen on 127.0.0.1, and the action servers want the shared
secret, which every replica sends (``headers`` in the endpoints file) and HAProxy passes on. Every process runs in its own session, so Ctrl+C reaches only the runner, which
stops everything in reverse order. While it runs, a ``bot.processes.Supervisor`` in a thread
of its own restarts any replica, action server or the balancer that dies (``logs/supervisor.log``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from bot.cluster import balancer
from bot.cluster.services import PostgresServer, RedisServer, ServiceError, free_port
from bot.cluster.traffic import ensure_consultant
from bot.processes import (
    ACTION_AUTH_HEADER,
    TRACKER_STORE,
    RestartPolicy,
    Server,
    Supervisor,
    start_action_server,
    start_rasa_server,
)
from bot.settings import PROJECT_ROOT

DATABASE = "samtaleguide"
DEFAULT_MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"
WEBHOOK_PATH = "/webhooks/rest/webhook"
LOCK_STORE = "bot.rasa.lock_store.AtomicRedisLockStore"
INTERNAL_HOST = "127.0.0.1"


class Cluster:
    """PostgreSQL, Redis, ``action_servers`` action servers and ``replicas`` Rasa servers behind HAProxy.

    Use as a context manager, or ``start()`` / ``stop()``. ``run_dir`` holds every server's
    log, the endpoints file, ``haproxy.cfg`` and ``cluster.json`` (addresses and process ids);
    by default a fresh temporary folder that ``stop()`` removes unless ``keep`` is set.
    ``public_host``: where the REST pool listens (``0.0.0.0`` to serve other machines).
    """

    def __init__(
        self,
        model: Path = DEFAULT_MODEL,
        run_dir: Path | None = None,
        replicas: int = 2,
        action_servers: int = 2,
        keep: bool = False,
        public_host: str = "127.0.0.1",
        policy: RestartPolicy | None = None,
    ) -> None:
        self.model = Path(model)
        self._own_dir = run_dir is None
        self.run_dir = Path(run_dir) if run_dir else Path(tempfile.mkdtemp(prefix="samtaleguide-cluster-"))
        self.keep = keep
        self.n_replicas = replicas
        self.n_action_servers = action_servers
        self.public_host = public_host
        self.policy = policy
        self.postgres: PostgresServer | None = None
        self.redis: RedisServer | None = None
        self.action_servers: list[Server] = []
        self.replicas: list[Server] = []
        self.balancer: Server | None = None
        self.rest_port = self.actions_port = 0
        self.supervisor: Supervisor | None = None
        self._supervision: threading.Thread | None = None
        self._stop_supervising = threading.Event()
        self.gave_up: str | None = None
        self.started_in_s: float | None = None

    # --- addresses ---------------------------------------------------------------------------------
    @property
    def database_url(self) -> str:
        return self.postgres.url(DATABASE)

    @property
    def rest_url(self) -> str:
        """The balancer's REST pool: the address clients use."""
        host = "127.0.0.1" if self.public_host in ("0.0.0.0", "") else self.public_host
        return f"http://{host}:{self.rest_port}"

    @property
    def rest_webhook(self) -> str:
        return self.rest_url + WEBHOOK_PATH

    @property
    def actions_url(self) -> str:
        """The balancer's internal actions pool, named in every replica's ``action_endpoint``."""
        return f"http://{INTERNAL_HOST}:{self.actions_port}"

    @property
    def stats_socket(self) -> Path:
        return self.run_dir / "haproxy.sock"

    @property
    def logs(self) -> Path:
        return self.run_dir / "logs"

    @property
    def replica_webhooks(self) -> list[str]:
        return [replica.url + WEBHOOK_PATH for replica in self.replicas]

    @property
    def endpoints_file(self) -> Path:
        return self.run_dir / "endpoints.yml"

    def env(self) -> dict[str, str]:
        """What every server gets; ``bot.processes.server_env`` adds ``REST_TOKEN`` and
        ``ACTION_SERVER_TOKEN`` at each start: this process's (its variables, or the development
        files in ``var/``), so the clients it runs (``bot.cluster.traffic``) hold the same token."""
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SAMTALEGUIDE_ENV": "production",  # migrated once above; no server migrates by itself
            "ACTION_HOST": INTERNAL_HOST,  # the action servers' address; only the actions pool calls them
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    # --- starting and stopping ---------------------------------------------------------------------
    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self) -> Cluster:
        began = time.monotonic()
        if not self.model.is_file():
            raise ServiceError(f"No trained model at {self.model}; run `make train` first.")
        if balancer.haproxy_binary() is None:
            raise ServiceError("haproxy not found; install it with `make haproxy` (apt-get install haproxy).")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.chmod(0o755)  # PostgreSQL (user postgres) must reach its folder inside
        try:
            self._start_databases()
            self._define_servers()
            self._start_parallel(self.action_servers)
            self._start_parallel(self.replicas)  # the model loads in each, in parallel
            self._start_parallel([self.balancer])
            self._wait_until_balanced()
        except BaseException:
            self.stop()
            raise
        self._supervise()
        self.started_in_s = round(time.monotonic() - began, 1)
        self._write_state()
        return self

    def _start_databases(self) -> None:
        from bot.store.engine import dispose_engines
        from bot.store.migrate import upgrade

        self.postgres = PostgresServer(root=self.run_dir / "postgres", port=free_port(), durable=True)
        self.postgres.root.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.postgres.root, "postgres", "postgres")
        self.postgres.start()
        self.postgres.create_database(DATABASE)
        upgrade(self.database_url)  # the release step: once, before any server of the new version starts
        ensure_consultant(self.database_url)  # whom the scripted conversations act for
        dispose_engines()
        self.redis = RedisServer(root=self.run_dir / "redis", port=free_port())
        self.redis.root.mkdir()
        self.redis.start()

    def _define_servers(self) -> None:
        env = self.env()
        self.action_servers = []
        for number in range(1, self.n_action_servers + 1):
            port = free_port()
            launch = partial(start_action_server, port, env)
            self.action_servers.append(
                Server(f"action-{number}", port, launch, "/health", self.logs / f"action-{number}.log")
            )
        self.rest_port, self.actions_port = free_port(), free_port()
        self.write_endpoints()
        self.replicas = []
        for number in range(1, self.n_replicas + 1):
            port = free_port()
            launch = partial(start_rasa_server, self.model, port, self.endpoints_file, env)
            self.replicas.append(Server(f"rasa-{number}", port, launch, "/", self.logs / f"rasa-{number}.log"))
        self.balancer = self._balancer()

    def _balancer(self) -> Server:
        def pool(name: str, host: str, port: int, health: str, servers: list[Server], **options) -> balancer.Pool:
            upstreams = tuple((s.name, f"{s.host}:{s.port}") for s in servers)
            return balancer.Pool(name, f"{host}:{port}", health, upstreams, **options)

        health_port = free_port()
        config = balancer.write_config(
            self.run_dir,
            [
                pool("rest", self.public_host, self.rest_port, "/", self.replicas, danish_errors=True),
                pool("actions", INTERNAL_HOST, self.actions_port, "/health", self.action_servers),
            ],
            f"{INTERNAL_HOST}:{health_port}",
            self.stats_socket,
        )
        launch = partial(subprocess.Popen, balancer.command(config), cwd=self.run_dir)
        return Server("haproxy", health_port, launch, "/healthz", self.logs / "haproxy.log")

    def write_endpoints(self) -> Path:
        self.endpoints_file.write_text(
            "# Written by bot.cluster.topology: the same for every Rasa replica.\n"
            f'action_endpoint:\n  url: "{self.actions_url}/webhook"  # the balancer\'s actions pool\n'
            f"  headers:\n    {ACTION_AUTH_HEADER}  # the shared secret; HAProxy passes it on unchanged\n"
            f"tracker_store:\n  type: {TRACKER_STORE}  # DATABASE_URL (PostgreSQL) from the environment\n"
            f"lock_store:\n  type: {LOCK_STORE}  # Rasa's RedisLockStore, atomic across replicas\n  url: 127.0.0.1\n"
            f"  port: {self.redis.port}\n  db: 1\n  key_prefix: samtaleguide\n",
            encoding="utf-8",
        )
        return self.endpoints_file

    @staticmethod
    def _start_parallel(servers: list[Server]) -> None:
        for server in servers:
            server.start()
        with ThreadPoolExecutor(max_workers=max(1, len(servers))) as pool:
            for future in [pool.submit(server.wait_until_up) for server in servers]:
                try:
                    future.result()
                except RuntimeError as error:
                    raise ServiceError(str(error)) from error

    def _wait_until_balanced(self, timeout_s: float = 30.0) -> None:
        """Until HAProxy's health checks have every server up (it starts them as up, then checks)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.balancer_states() and set(self.balancer_states().values()) == {"UP"}:
                return
            time.sleep(0.2)
        raise ServiceError(f"HAProxy does not see every server up: {self.balancer_states()}")

    def balancer_states(self) -> dict[str, str]:
        """Each replica's and action server's state in HAProxy (``UP``, ``DOWN`` …); {} if it cannot say."""
        try:
            return balancer.server_states(self.stats_socket)
        except OSError:
            return {}

    # --- supervision -------------------------------------------------------------------------------
    def _supervise(self) -> None:
        supervisor_log = self.logs / "supervisor.log"

        def report(message: str) -> None:
            stamped = f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}"
            print(stamped, file=sys.stderr, flush=True)
            with open(supervisor_log, "a", encoding="utf-8") as log:
                log.write(stamped + "\n")

        self.supervisor = Supervisor(self.servers(), self.policy, report)
        self._stop_supervising.clear()

        def run() -> None:
            self.gave_up = self.supervisor.run(self._stop_supervising)

        self._supervision = threading.Thread(target=run, name="cluster-supervisor", daemon=True)
        self._supervision.start()

    def wait(self) -> str | None:
        """Block until the supervisor gives up (returns why, in Danish) or is stopped (None)."""
        while self._supervision is not None and self._supervision.is_alive():
            self._supervision.join(timeout=1)
        return self.gave_up

    def _write_state(self) -> None:
        state = {
            "run_dir": str(self.run_dir),
            "database_url": self.database_url,
            "redis": f"redis://127.0.0.1:{self.redis.port}/1",
            "rest_webhook": self.rest_webhook,
            "replica_webhooks": self.replica_webhooks,
            "actions_url": self.actions_url,
            "action_servers": [s.url for s in self.action_servers],
            "haproxy_config": str(self.run_dir / "haproxy.cfg"),
            "haproxy_stats_socket": str(self.stats_socket),
            "pids": {s.name: s.process.pid for s in self.servers()},
            "runner_pid": os.getpid(),
            "started_in_s": self.started_in_s,
        }
        (self.run_dir / "cluster.json").write_text(json.dumps(state, indent=2), encoding="utf-8")

    def servers(self) -> list[Server]:
        """The supervised ones, in the order they start."""
        return [*self.action_servers, *self.replicas, *([self.balancer] if self.balancer else [])]

    def stop(self) -> None:
        """Everything, in reverse order of starting; the run folder too unless ``keep``."""
        self._stop_supervising.set()
        if self._supervision is not None and self._supervision is not threading.current_thread():
            self._supervision.join(timeout=10)
        for server in reversed(self.servers()):
            server.stop()
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop("fast")
        from bot.store.engine import dispose_engines

        dispose_engines()
        if self._own_dir and not self.keep:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    # --- for the fault scenarios -------------------------------------------------------------------
    def kill(self, servers: list[Server]) -> None:
        """SIGKILL ``servers`` (requests in flight are cut off); the supervisor restarts them."""
        for server in servers:
            self.supervisor.kill(server.name)

    def wait_until_restarted(self, servers: list[Server], timeout_s: float = 300.0) -> bool:
        return all(self.supervisor.wait_until_up(server.name, timeout_s) for server in servers)

    def restart_postgres(self, mode: str = "fast", down_s: float = 0.0) -> float:
        """Stop PostgreSQL (``fast``: clean; ``immediate``: like a crash), wait ``down_s``, start it; seconds down."""
        began = time.monotonic()
        self.postgres.stop(mode)
        time.sleep(down_s)
        self.postgres.start()
        return round(time.monotonic() - began, 2)

    def summary(self) -> str:
        lines = [
            f"Klyngen kører (startet på {str(self.started_in_s).replace('.', ',')} s), mappe {self.run_dir}",
            f"  REST via HAProxy:  POST {self.rest_webhook}",
        ]
        lines += [f"  Rasa-replika {i} (intern):  {url}" for i, url in enumerate(self.replica_webhooks, 1)]
        lines += [
            f"  Handlinger via HAProxy (intern):  {self.actions_url}  ->  "
            + ", ".join(s.url for s in self.action_servers),
            f"  HAProxy:           {self.run_dir / 'haproxy.cfg'} (status: {self.stats_socket})",
            f"  PostgreSQL:        {self.database_url}",
            f"  Redis (låse):      redis://127.0.0.1:{self.redis.port}/1",
            f"  Logfiler:          {self.logs}  (genstarter: supervisor.log)",
            "  Stop med Ctrl+C.",
        ]
        return "\n".join(lines)
