"""One key, 20 requests at once, against gunicorn processes writing one SQLite file."""

from collections import Counter

from tests.fulfillment.api.test_concurrency import at_once
from tests.sqlite_site import sqlite_site  # noqa: F401  (fixture)

WINDOW = "?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z"


def test_twenty_concurrent_requests_with_one_key_create_one_draft_on_sqlite(sqlite_site):  # noqa: F811
    def create(_):
        return sqlite_site.call(
            "POST", "/sales-order-drafts", {"sales_channel": "web"}, {"Idempotency-Key": "one"}
        )

    responses = at_once(20, create)
    statuses = Counter(getattr(r, "status", repr(r)) for r in responses)
    assert set(statuses) <= {201, 409}, statuses
    assert len({r.body for r in responses if r.status == 201}) == 1
    drafts = sqlite_site.call("GET", "/sales-order-drafts" + WINDOW).json()["items"]
    assert len(drafts) == 1
