"""The database goes away under a running server and comes back: the API answers 503 problem
documents within 5 s (never a hang), desk pages show 'Connection lost' (503), and the same
server processes serve normally again within 5 s of the database's return, without a restart.

The database is a private cluster of this test session, never the machine's shared one.
"""

import time
from pathlib import Path

import pytest

from bench.harness import AppServer, http

pytestmark = pytest.mark.servers

LIMIT_SECONDS = 5.0
PRODUCT = {
    "name": "Fault test beans",
    "price": {"value": 4.5, "unit": "EUR"},
    "price_is_gross": True,
    "tax": "DE_STANDARD_VAT_2007",
}


def worker_pids(server: AppServer) -> set[int]:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return {int(pid) for pid in children.read_text().split()}


@pytest.fixture
def server(live_database):
    # DEBUG on: the desk pages' static files come from the finders, as without collectstatic.
    app = AppServer(live_database.url, workers=2, debug=True).start()
    yield app
    app.stop()


@pytest.fixture
def database_down(live_database):
    """Stops the private cluster; starts it again at teardown whatever happened."""

    def stop():
        live_database.cluster.stop("fast")

    yield stop
    if not live_database.cluster.started:
        live_database.cluster.start()


def api_calls(org_id: str) -> list[tuple[str, str, dict | None]]:
    return [
        ("GET", "/api/health", None),
        ("GET", f"/api/org/{org_id}/products", None),
        ("GET", f"/api/org/{org_id}/products/fault-beans", None),
        ("PUT", f"/api/org/{org_id}/products/fault-beans", PRODUCT),
    ]


def wait_until_healthy(server: AppServer, *, within: float) -> float:
    """Seconds until every worker answers health 200 (6 answers in a row), or fail."""
    started = time.monotonic()
    in_a_row = 0
    while time.monotonic() - started < within:
        answer = http("GET", server.base_url + "/api/health", timeout=within)
        in_a_row = in_a_row + 1 if answer.status == 200 else 0
        if in_a_row >= 6:
            return time.monotonic() - started
        if answer.status != 200:
            time.sleep(0.1)
    pytest.fail(f"server not healthy within {within} s after the database came back")


def test_api_answers_503_problems_within_5_s_while_database_is_down(
    server, live_database, database_down
):
    base, token = server.base_url, live_database.token
    for method, path, body in api_calls(live_database.org_id) * 2:  # both workers connected
        assert http(method, base + path, token=token, body=body).status < 500

    database_down()

    for method, path, body in api_calls(live_database.org_id) * 3:
        answer = http(method, base + path, token=token, body=body, timeout=30)
        assert answer.status == 503, (method, path, answer.status, answer.body)
        assert answer.seconds < LIMIT_SECONDS, (method, path, answer.seconds)
        assert answer.content_type.startswith("application/problem+json"), answer.content_type
        problem = answer.json()
        assert problem["status"] == 503
        assert problem["title"] and problem["detail"]
        assert "Traceback" not in problem["detail"] and "psycopg" not in problem["detail"]


def test_same_server_process_serves_again_within_5_s_after_the_database_returns(
    server, live_database, database_down
):
    base, token = server.base_url, live_database.token
    assert http("GET", base + "/api/health").status == 200
    workers_before = worker_pids(server)
    database_down()
    assert http("GET", base + "/api/health").status == 503

    live_database.cluster.start()
    wait_until_healthy(server, within=LIMIT_SECONDS)

    assert server.process.poll() is None
    assert worker_pids(server) == workers_before, "a worker was restarted"
    put = http(
        "PUT",
        base + f"/api/org/{live_database.org_id}/products/back-beans",
        token=token,
        body=PRODUCT,
    )
    assert put.status in (200, 201), put.body
    listed = http("GET", base + f"/api/org/{live_database.org_id}/products", token=token)
    assert listed.status == 200
    assert "back-beans" in {product["id"] for product in listed.json()["items"]}


def test_desk_page_shows_connection_lost_while_database_is_down_and_recovers(
    server, live_database, database_down
):
    session = live_database.session_for("fault-clerk")
    cookie = {"Cookie": f"sessionid={session}"}
    base = server.base_url
    for path in ("/desk/pickups/", "/desk/"):
        before = http("GET", base + path, headers=cookie)
        assert before.status == 200, (path, before.status, before.body[:500])

    database_down()
    for path in ("/desk/pickups/", "/desk/") * 2:
        answer = http("GET", base + path, headers=cookie, timeout=30)
        assert answer.status == 503, (path, answer.status, answer.body[:500])
        assert answer.seconds < LIMIT_SECONDS, (path, answer.seconds)
        assert answer.content_type.startswith("text/html")
        assert b"Connection lost" in answer.body
    fragment = http(
        "GET", base + "/desk/pickups/", headers={**cookie, "HX-Request": "true"}, timeout=30
    )
    assert fragment.status == 503 and fragment.seconds < LIMIT_SECONDS

    live_database.cluster.start()
    wait_until_healthy(server, within=LIMIT_SECONDS)
    again = http("GET", base + "/desk/pickups/", headers=cookie)
    assert again.status == 200, again.body[:500]
    assert b"<title>Connection lost</title>" not in again.body
