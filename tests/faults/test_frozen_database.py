"""A frozen database (every process stopped with SIGSTOP, its sockets open) under a running
server: each request answers 503 within 5 s, the API with a DATABASE_UNAVAILABLE problem and the
desk pages (and their polls) with 'Connection lost'; after SIGCONT the same server processes
serve normally again within 5 s.

The database is a private cluster of this test session, never the machine's shared one.
"""

import pytest

from bench.harness import AppServer, http
from tests.faults.test_database_faults import (
    LIMIT_SECONDS,
    api_calls,
    wait_until_healthy,
    worker_pids,
)

pytestmark = pytest.mark.servers


@pytest.fixture
def server(live_database):
    app = AppServer(live_database.url, workers=2, debug=True).start()
    yield app
    app.stop()


@pytest.fixture
def frozen(live_database):
    """Freezes the private cluster; thaws it at teardown whatever happened."""
    yield live_database.cluster.freeze
    if live_database.cluster.frozen:
        live_database.cluster.thaw()


def test_a_frozen_database_turns_every_request_into_a_503_within_5_s_then_recovers(
    server, live_database, frozen
):
    base, token = server.base_url, live_database.token
    cookie = {"Cookie": f"sessionid={live_database.session_for('frozen-clerk')}"}
    poll = {**cookie, "HX-Request": "true"}
    for method, path, body in api_calls(live_database.org_id) * 2:  # both workers connected
        assert http(method, base + path, token=token, body=body).status < 500
    for _ in range(2):
        assert http("GET", base + "/desk/pickups/", headers=cookie).status == 200
    workers_before = worker_pids(server)

    frozen()

    for method, path, body in api_calls(live_database.org_id) * 2:
        answer = http(method, base + path, token=token, body=body, timeout=30)
        assert answer.status == 503, (method, path, answer.status, answer.body)
        assert answer.seconds < LIMIT_SECONDS, (method, path, answer.seconds)
        assert answer.content_type.startswith("application/problem+json")
        assert answer.json()["code"] == "DATABASE_UNAVAILABLE", answer.body
    for headers in (cookie, poll, cookie, poll):
        page = http("GET", base + "/desk/pickups/", headers=headers, timeout=30)
        assert page.status == 503, (headers, page.status, page.body[:300])
        assert page.seconds < LIMIT_SECONDS, (headers, page.seconds)
        assert b"Connection lost" in page.body

    live_database.cluster.thaw()
    wait_until_healthy(server, within=LIMIT_SECONDS)

    assert worker_pids(server) == workers_before, "a worker was restarted"
    for method, path, body in api_calls(live_database.org_id):
        answer = http(method, base + path, token=token, body=body)
        assert answer.status in (200, 201), (method, path, answer.status, answer.body)
    assert http("GET", base + "/desk/pickups/", headers=cookie).status == 200
