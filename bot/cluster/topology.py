"""The scale-out topology on one machine, started and stopped as one (``python -m bot cluster run``).

::

    client ──► rasa proxy ──► Rasa replica 1 ─┐        ┌──► action server 1
               (round robin)  Rasa replica 2 ─┴► action proxy ─┤
                                    │   │      (round robin)  └──► action server 2
                                    │   └──► Redis (lock store)       │
                                    └──────► PostgreSQL ◄─────────────┘
                                      (conversation log + plan store, one database)

Every Rasa replica has the same endpoints file: the action endpoint is the action proxy,
the tracker store is ``RedactingSQLTrackerStore`` on ``DATABASE_URL`` (PostgreSQL), the
lock store is Redis (``bot.rasa.lock_store.AtomicRedisLockStore``: Rasa's ``RedisLockStore`` with
its ticket updates made atomic, see there). The action servers reach the plan store through the same
``DATABASE_URL``. The schema is migrated once, before any server starts (as a release step
would), and the servers run with ``SAMTALEGUIDE_ENV=production``, so none of them
migrates by itself. Every process runs in its own session, so Ctrl+C reaches only the
runner, which stops everything in reverse order.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bot.cluster.services import PostgresServer, RedisServer, ServiceError, free_port
from bot.processes import TRACKER_STORE, venv_bin, wait_until_up
from bot.settings import PROJECT_ROOT

DATABASE = "samtaleguide"
DEFAULT_MODEL = PROJECT_ROOT / "models" / "samtaleguide.tar.gz"
WEBHOOK_PATH = "/webhooks/rest/webhook"
LOCK_STORE = "bot.rasa.lock_store.AtomicRedisLockStore"


@dataclass
class Server:
    """One child process of the cluster: what it is, where it listens, how to start it again."""

    name: str
    port: int
    command: list[str]
    health_url: str
    log_file: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, env: dict[str, str]) -> None:
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_up(self) -> None:
        try:
            wait_until_up(self.health_url, self.process, self.name)
        except RuntimeError as error:
            tail = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
            raise ServiceError(f"{error}\n--- {self.log_file} ---\n{tail}") from error

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Stop it the hard way (fault scenarios): no shutdown handlers run."""
        if self.running:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Cluster:
    """PostgreSQL, Redis, ``action_servers`` action servers and ``replicas`` Rasa servers, two proxies.

    Use as a context manager, or ``start()`` / ``stop()``. ``run_dir`` holds every server's
    log, the endpoints file and ``cluster.json`` (addresses and process ids); by default a
    fresh temporary folder that ``stop()`` removes unless ``keep`` is set.
    """

    def __init__(
        self,
        model: Path = DEFAULT_MODEL,
        run_dir: Path | None = None,
        replicas: int = 2,
        action_servers: int = 2,
        keep: bool = False,
    ) -> None:
        self.model = Path(model)
        self._own_dir = run_dir is None
        self.run_dir = Path(run_dir) if run_dir else Path(tempfile.mkdtemp(prefix="samtaleguide-cluster-"))
        self.keep = keep
        self.n_replicas = replicas
        self.n_action_servers = action_servers
        self.postgres: PostgresServer | None = None
        self.redis: RedisServer | None = None
        self.action_servers: list[Server] = []
        self.action_proxy: Server | None = None
        self.replicas: list[Server] = []
        self.rasa_proxy: Server | None = None
        self.started_in_s: float | None = None

    # --- addresses ---------------------------------------------------------------------------------
    @property
    def database_url(self) -> str:
        return self.postgres.url(DATABASE)

    @property
    def proxy_webhook(self) -> str:
        return self.rasa_proxy.url + WEBHOOK_PATH

    @property
    def replica_webhooks(self) -> list[str]:
        return [replica.url + WEBHOOK_PATH for replica in self.replicas]

    @property
    def endpoints_file(self) -> Path:
        return self.run_dir / "endpoints.yml"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SAMTALEGUIDE_ENV": "production",  # migrated once above; no server migrates by itself
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
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.chmod(0o755)  # PostgreSQL (user postgres) must reach its folder inside
        try:
            self._start_databases()
            self._define_servers()
            env = self.env()
            self._start_parallel(self.action_servers, env)
            self._start_parallel([self.action_proxy], env)
            self._start_parallel(self.replicas, env)  # the model loads in each, in parallel
            self._start_parallel([self.rasa_proxy], env)
        except BaseException:
            self.stop()
            raise
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
        dispose_engines()
        self.redis = RedisServer(root=self.run_dir / "redis", port=free_port())
        self.redis.root.mkdir()
        self.redis.start()

    def _define_servers(self) -> None:
        logs = self.run_dir / "logs"
        logs.mkdir(exist_ok=True)
        self.action_servers = []
        for number in range(1, self.n_action_servers + 1):
            port = free_port()
            self.action_servers.append(
                Server(
                    f"action-{number}",
                    port,
                    [venv_bin("rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
                    f"http://127.0.0.1:{port}/health",
                    logs / f"action-{number}.log",
                )
            )
        self.action_proxy = self._proxy("action-proxy", self.action_servers, "/health", logs)
        self.write_endpoints()
        self.replicas = []
        for number in range(1, self.n_replicas + 1):
            port = free_port()
            self.replicas.append(
                Server(
                    f"rasa-{number}",
                    port,
                    [
                        venv_bin("rasa"),
                        "run",
                        "--model",
                        str(self.model),
                        "--interface",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--endpoints",
                        str(self.endpoints_file),
                        "--credentials",
                        str(PROJECT_ROOT / "credentials.yml"),
                    ],
                    f"http://127.0.0.1:{port}/",
                    logs / f"rasa-{number}.log",
                )
            )
        self.rasa_proxy = self._proxy("rasa-proxy", self.replicas, "/", logs)

    @staticmethod
    def _proxy(name: str, upstreams: list[Server], health_path: str, logs: Path) -> Server:
        port = free_port()
        command = [sys.executable, "-m", "bot.cluster.proxy", "--port", str(port)]
        for upstream in upstreams:
            command += ["--upstream", upstream.url]
        return Server(name, port, command, f"http://127.0.0.1:{port}{health_path}", logs / f"{name}.log")

    def write_endpoints(self) -> Path:
        self.endpoints_file.write_text(
            "# Written by bot.cluster.topology: the same for every Rasa replica.\n"
            f'action_endpoint:\n  url: "{self.action_proxy.url}/webhook"\n'
            f"tracker_store:\n  type: {TRACKER_STORE}  # DATABASE_URL (PostgreSQL) from the environment\n"
            f"lock_store:\n  type: {LOCK_STORE}  # Rasa's RedisLockStore, atomic across replicas\n  url: 127.0.0.1\n"
            f"  port: {self.redis.port}\n  db: 1\n  key_prefix: samtaleguide\n",
            encoding="utf-8",
        )
        return self.endpoints_file

    @staticmethod
    def _start_parallel(servers: list[Server], env: dict[str, str]) -> None:
        for server in servers:
            server.start(env)
        with ThreadPoolExecutor(max_workers=max(1, len(servers))) as pool:
            for future in [pool.submit(server.wait_until_up) for server in servers]:
                future.result()

    def _write_state(self) -> None:
        state = {
            "run_dir": str(self.run_dir),
            "database_url": self.database_url,
            "redis": f"redis://127.0.0.1:{self.redis.port}/1",
            "proxy_webhook": self.proxy_webhook,
            "replica_webhooks": self.replica_webhooks,
            "action_proxy": self.action_proxy.url,
            "action_servers": [s.url for s in self.action_servers],
            "pids": {s.name: s.process.pid for s in self.servers()},
            "runner_pid": os.getpid(),
            "started_in_s": self.started_in_s,
        }
        (self.run_dir / "cluster.json").write_text(json.dumps(state, indent=2), encoding="utf-8")

    def servers(self) -> list[Server]:
        proxies = [p for p in (self.action_proxy, self.rasa_proxy) if p]
        return [*self.action_servers, *self.replicas, *proxies]

    def stop(self) -> None:
        """Everything, in reverse order of starting; the run folder too unless ``keep``."""
        for server in [self.rasa_proxy, *reversed(self.replicas), self.action_proxy, *reversed(self.action_servers)]:
            if server is not None:
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
    def kill_action_servers(self, which: list[int] | None = None) -> None:
        """SIGKILL the given action servers (0-based; default all): requests in flight are cut off."""
        for index in which if which is not None else range(len(self.action_servers)):
            self.action_servers[index].kill()

    def start_action_servers(self, which: list[int] | None = None) -> None:
        servers = [self.action_servers[i] for i in (which if which is not None else range(len(self.action_servers)))]
        self._start_parallel([s for s in servers if not s.running], self.env())

    def restart_postgres(self, mode: str = "fast", down_s: float = 0.0) -> float:
        """Stop PostgreSQL (``fast``: clean; ``immediate``: like a crash), wait ``down_s``, start it; seconds down."""
        began = time.monotonic()
        self.postgres.stop(mode)
        time.sleep(down_s)
        self.postgres.start()
        return round(time.monotonic() - began, 2)

    def summary(self) -> str:
        lines = [
            f"Klyngen kører (startet på {self.started_in_s} s), mappe {self.run_dir}",
            f"  REST via proxy:  POST {self.proxy_webhook}",
        ]
        lines += [f"  Rasa-replika {i}:  POST {url}" for i, url in enumerate(self.replica_webhooks, 1)]
        lines += [
            f"  Handlingsproxy:  {self.action_proxy.url}  ->  " + ", ".join(s.url for s in self.action_servers),
            f"  PostgreSQL:      {self.database_url}",
            f"  Redis (låse):    redis://127.0.0.1:{self.redis.port}/1",
            f"  Logfiler:        {self.run_dir / 'logs'}",
            "  Stop med Ctrl+C.",
        ]
        return "\n".join(lines)
