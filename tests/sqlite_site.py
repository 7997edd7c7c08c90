"""A real site on an SQLite file: migrated by manage.py, served by gunicorn processes, with
worker processes beside it. What SQLite does when several processes write at once can only be
seen this way (its test database lives in the test process's memory)."""

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.harness import ROOT, SERVER_SECRET_KEY, AppServer, http, prepare_database, seed

ORG = "live"
SITE_ENV = {
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": "1",
    "WEBHOOK_RETRY_DELAYS": "0,0,0,0,0,0,0",
    "WEBHOOK_POLL_SECONDS": "0.05",
}


@dataclass
class SqliteSite:
    database_url: str
    token: str
    server: AppServer
    workers: list[subprocess.Popen] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.server.base_url}/api/org/{ORG}{path}"

    def call(self, method: str, path: str, body=None, headers: dict | None = None):
        return http(method, self.url(path), token=self.token, body=body, headers=headers)

    def seed_pickups(self, count: int) -> list[str]:
        return seed(
            self.database_url, "--org", ORG, "--orders", str(count), "--pickups", "--items", "1"
        )["pickups"]

    def start_worker(self, **settings: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": SERVER_SECRET_KEY,
            **SITE_ENV,
            **settings,
        }
        worker = subprocess.Popen(
            [sys.executable, str(Path(ROOT) / "manage.py"), "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        self.server.stop()


@pytest.fixture
def sqlite_site(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    token = prepare_database(url, org_id=ORG, name="Live Shop")
    server = AppServer(url, workers=2, threads=4, extra_env=SITE_ENV).start()
    site = SqliteSite(database_url=url, token=token, server=server)
    yield site
    site.stop()
