"""Live-process helpers shared by the fault test, the two-server check, the fuzz run, the
throughput benchmark and the load script: a private PostgreSQL cluster that may be stopped and
started at will (never the machine's shared one), and gunicorn servers of the desk on loopback.

Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The app servers and the manage.py commands that write sessions must share one secret key.
SERVER_SECRET_KEY = "desk-bench-and-fault-tests-only-" + "x" * 32
PG_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin_dir() -> Path | None:
    """The directory of initdb/pg_ctl of the newest installed PostgreSQL, if any."""
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def private_postgres_unavailable_reason() -> str | None:
    """Why a private cluster cannot be made here, or None when it can."""
    if pg_bin_dir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return None


@dataclass
class PrivatePostgres:
    """A throw-away PostgreSQL cluster in a temp dir, on its own port and socket dir.

    Trust auth for the superuser `postgres` on 127.0.0.1. `stop()`/`start()` simulate a
    database outage; `destroy()` removes it.
    """

    port: int = field(default_factory=free_port)
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="desk-pg-")))
    started: bool = False
    frozen: bool = False

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "sock"

    @property
    def log_file(self) -> Path:
        return self.base / "postgres.log"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run_as_owner(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        command = [str(arg) for arg in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def init(self) -> PrivatePostgres:
        bin_dir = pg_bin_dir()
        assert bin_dir is not None, private_postgres_unavailable_reason()
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        self._run_as_owner(
            [
                bin_dir / "initdb",
                "-D",
                self.data_dir,
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        return self

    def _pg_ctl(self, *args: str) -> None:
        bin_dir = pg_bin_dir()
        self._run_as_owner([bin_dir / "pg_ctl", "-D", self.data_dir, *args], timeout=60)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._pg_ctl("-w", "-t", "30", "-l", str(self.log_file), "-o", options, "start")
        self.started = True

    def stop(self, mode: str = "fast") -> None:
        """`fast` terminates the sessions of the app servers, like a database restart does."""
        self._pg_ctl("-w", "-t", "30", "-m", mode, "stop")
        self.started = False

    def processes(self) -> list[int]:
        """The postmaster's pid, then its children's."""
        postmaster = int((self.data_dir / "postmaster.pid").read_text().split()[0])
        children = []
        for task in Path(f"/proc/{postmaster}/task").iterdir():
            children += [int(pid) for pid in (task / "children").read_text().split()]
        return [postmaster, *children]

    def freeze(self) -> None:
        """SIGSTOP every process of the cluster: sockets stay open, nothing answers."""
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self.frozen = False

    def create_database(self, name: str) -> str:
        bin_dir = pg_bin_dir()
        subprocess.run(
            [
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                name,
            ],
            check=True,
            capture_output=True,
        )
        return self.url(name)

    def destroy(self) -> None:
        if self.frozen:
            with contextlib.suppress(Exception):
                self.thaw()
        if self.started:
            with contextlib.suppress(Exception):
                self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)


def manage(*args: str, database_url: str, check: bool = True) -> str:
    """Run a manage.py command against a database; returns its stdout."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SERVER_SECRET_KEY,
        "DEBUG": "0",
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def prepare_database(database_url: str, *, org_id: str, name: str) -> str:
    """Migrate, create an organization, and return a long-lived API token for it."""
    manage("migrate", "--noinput", database_url=database_url)
    manage("create_org", org_id, "--name", name, database_url=database_url)
    return manage("create_api_token", "--org", org_id, database_url=database_url).splitlines()[-1]


@dataclass
class AppServer:
    """`gunicorn <wsgi>` (default desk.wsgi) on 127.0.0.1:<port> against `database_url`."""

    database_url: str
    port: int = field(default_factory=free_port)
    workers: int = 2
    threads: int = 1
    debug: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)
    wsgi: str = "desk.wsgi"
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 30.0) -> AppServer:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DEBUG": "1" if self.debug else "0",
            "SECRET_KEY": SERVER_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            **self.extra_env,
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.log_path = Path(tempfile.mkstemp(prefix=f"desk-gunicorn-{self.port}-")[1])
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                self.wsgi,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--access-logfile",
                "-" if os.environ.get("DESK_ACCESS_LOG") else "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not listen on {self.port} within {wait} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.log_path is not None:
            self.log_path.unlink(missing_ok=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def http(
    method: str,
    url: str,
    *,
    token: str | None = None,
    body=None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> Response:
    """One HTTP request with the standard library; never raises for an HTTP status."""
    assert url.startswith("http://127.0.0.1:"), "traffic stays on loopback"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            payload = answer.read()
            status = answer.status
            answer_headers = {k.lower(): v for k, v in answer.headers.items()}
    except urllib.error.HTTPError as error:
        payload = error.read()
        status = error.code
        answer_headers = {k.lower(): v for k, v in error.headers.items()}
    return Response(status, answer_headers, payload, time.monotonic() - started)


SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username={username!r})
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "desk.access.MemberBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(store.session_key)
"""


def staff_session(database_url: str, *, username: str, org_id: str) -> str:
    """Create (idempotently) a staff user of `org_id` and return a logged-in session id, as
    the `sessionid` cookie a browser would hold after /login/."""
    manage(
        "create_staff",
        username,
        "--org",
        org_id,
        "--password",
        "bench-password-1",
        database_url=database_url,
    )
    out = manage(
        "shell", "-c", SESSION_SNIPPET.format(username=username), database_url=database_url
    )
    return out.splitlines()[-1]


def seed(database_url: str, *args: str) -> dict[str, list[str]]:
    """Run bench.seed in a subprocess against `database_url`; returns the created ids."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SERVER_SECRET_KEY}
    done = subprocess.run(
        [sys.executable, "-m", "bench.seed", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.seed failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])
