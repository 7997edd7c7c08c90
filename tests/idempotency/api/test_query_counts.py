"""What a key costs a first request, and a replay, in statements (pinned)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

DRAFTS = "/sales-order-drafts"


def post(api, key: str | None):
    headers = {"Authorization": f"Bearer {api.token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return api.client.post(
        api.base + DRAFTS,
        data='{"sales_channel": "web"}',
        content_type="application/json",
        headers=headers,
    )


def statements(api, key: str | None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert post(api, key).status_code == 201
    return len(captured.captured_queries)


def test_a_first_request_with_a_key_adds_two_statements_on_postgresql(api):
    # PostgreSQL: the lock with the look-up, the kept answer (the handler's own transaction
    # joins the key's without a savepoint). SQLite: its write lock, the look-up, the savepoint
    # of the handler's transaction and its release (no round trips there), the kept answer.
    extra = 2 if connection.vendor == "postgresql" else 5
    assert post(api, None).status_code == 201  # the organization's draft counter exists now
    assert statements(api, "first") - statements(api, None) == extra


def test_a_replay_reads_the_kept_answer_and_runs_nothing_else(api):
    assert post(api, "again").status_code == 201
    with CaptureQueriesContext(connection) as captured:
        replayed = post(api, "again")
    assert replayed["Idempotent-Replayed"] == "true"
    sqls = [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))  # the transaction
    ]
    assert not any("drafts_salesorderdraft" in sql for sql in sqls), sqls
    # the token; the lock with the look-up and the kept row (PostgreSQL), or the write lock
    # and the look-up (SQLite)
    assert len(sqls) == 3, sqls
