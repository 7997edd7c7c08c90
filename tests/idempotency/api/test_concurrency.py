"""One key, many requests at once, each thread with its own connection: the database lets
one through, on both databases."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client

from drafts.models import SalesOrderDraft
from idempotency import services
from tests.fulfillment.api.test_concurrency import at_once

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def create(api, key: str):
    return Client().post(
        api.base + "/sales-order-drafts",
        data='{"sales_channel": "web"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": key},
    )


def test_twenty_concurrent_requests_with_one_key_create_one_draft(api):
    responses = at_once(20, lambda _: create(api, "one-key"))
    statuses = Counter(getattr(r, "status_code", repr(r)) for r in responses)
    assert set(statuses) <= {201, 409}, statuses
    assert SalesOrderDraft.objects.count() == 1
    created = {r.content for r in responses if r.status_code == 201}
    assert len(created) == 1  # replays carry the first answer's body
    after = create(api, "one-key")
    assert after.status_code == 201 and after["Idempotent-Replayed"] == "true"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="on SQLite the second request waits for the first to commit, then replays it",
)
def test_the_same_key_while_the_first_request_runs_is_409_in_use(api, monkeypatch):
    inside, finish = threading.Event(), threading.Event()
    real = services._KEEP.run

    def slow_keep(**fields):
        inside.set()
        finish.wait(30)
        return real(**fields)

    monkeypatch.setattr(services._KEEP, "run", slow_keep)
    first: list = []
    thread = threading.Thread(
        target=lambda: (first.append(create(api, "busy")), connections.close_all())
    )
    thread.start()
    try:
        assert inside.wait(30)
        second = create(api, "busy")
        assert second.status_code == 409, second.content
        assert second.json()["code"] == "IDEMPOTENCY_KEY_IN_USE"
    finally:
        finish.set()
        thread.join(30)
    assert first[0].status_code == 201
    assert SalesOrderDraft.objects.count() == 1
