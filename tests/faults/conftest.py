"""Server-level tests: a private PostgreSQL cluster (never the machine's shared one) that the
tests may stop and start, and gunicorn processes of the desk against it, on 127.0.0.1.

Skipped with a reason where PostgreSQL's server binaries are missing; `.ci/run` sets
REQUIRE_SERVER_TESTS=1, which turns that skip into a failure.
"""

import os
from dataclasses import dataclass

import pytest

from bench.harness import (
    PrivatePostgres,
    prepare_database,
    private_postgres_unavailable_reason,
    staff_session,
)

ORG = "faults"


@dataclass
class LiveDatabase:
    cluster: PrivatePostgres
    url: str
    org_id: str
    token: str

    def session_for(self, username: str, org_id: str | None = None) -> str:
        return staff_session(self.url, username=username, org_id=org_id or self.org_id)


@pytest.fixture(scope="session")
def private_postgres():
    reason = private_postgres_unavailable_reason()
    if reason is not None:
        if os.environ.get("REQUIRE_SERVER_TESTS") == "1":
            pytest.fail(f"REQUIRE_SERVER_TESTS=1 but {reason}")
        pytest.skip(reason)
    cluster = PrivatePostgres().init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def live_database(private_postgres) -> LiveDatabase:
    url = private_postgres.create_database("desk")
    token = prepare_database(url, org_id=ORG, name="Fault Test Shop")
    return LiveDatabase(cluster=private_postgres, url=url, org_id=ORG, token=token)
