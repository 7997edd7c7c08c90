"""Concurrent requests on both databases: row locks on PostgreSQL, immediate transactions
(one writer at a time, the others waiting on the busy timeout) on SQLite.

Each test commits its data (transactional database), then fires 20 requests from 20 threads at
once through the whole API stack, each thread with its own database connection.
"""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from core.services import api_token_issue
from drafts.models import SalesOrderDraft
from fulfillment.models import Pickup
from orders.models import SalesOrder, StatusEvent
from tests.factories import (
    add_item,
    add_pickup,
    deliveries_of,
    make_draft,
    order_with,
    pickups_of,
)

THREADS = 20

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_once(count: int, call: Callable[[int], Any]) -> list[Any]:
    """Run call(0..count-1) in `count` threads released together; return their results."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call(index)
        except Exception as error:  # reported as a result, so the assertion shows it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


@pytest.fixture
def token(organization) -> str:
    return api_token_issue(organization=organization, label="load")


def call(method: str, path: str, token: str, body: str | None = None) -> int:
    client = Client()
    headers = {"Authorization": f"Bearer {token}"}
    if body is None:
        return getattr(client, method)(path, headers=headers).status_code
    return getattr(client, method)(
        path, data=body, content_type="application/json", headers=headers
    ).status_code


def test_twenty_identical_pickup_transitions_make_exactly_one_event(organization, product, token):
    order = order_with(organization, product, pickups=1)
    pickup = pickups_of(order)[0]
    url = f"/api/org/{organization.id}/fulfillments/pickups/{pickup.id}/status"
    codes = at_once(THREADS, lambda _: call("put", url, token, '{"status": "PREPARED"}'))
    assert codes == [204] * THREADS
    moves = StatusEvent.objects.filter(subject_id=pickup.id, to_status="PREPARED")
    assert [(e.from_status, e.to_status) for e in moves] == [("PENDING", "PREPARED")]
    assert StatusEvent.objects.filter(subject_id=order.id, to_status="IN_PROCESS").count() == 1


def test_twenty_identical_order_transitions_make_exactly_one_event(organization, product, token):
    order = order_with(organization, product, pickups=1)
    url = f"/api/org/{organization.id}/sales-orders/{order.id}/status"
    codes = at_once(THREADS, lambda _: call("put", url, token, '{"status": "CONFIRMED"}'))
    tally = Counter(codes)
    assert set(tally) <= {204, 409}, tally
    assert tally[204] >= 1, tally
    moves = StatusEvent.objects.filter(subject_id=order.id, to_status="CONFIRMED")
    assert [(e.from_status, e.to_status) for e in moves] == [("NEW", "CONFIRMED")]


def test_twenty_checkouts_of_one_draft_create_exactly_one_order(organization, product, token):
    draft = make_draft(organization)
    item = add_item(draft, product, "2")
    add_pickup(draft, [item], pager="1")
    url = f"/api/org/{organization.id}/sales-orders"
    codes = at_once(THREADS, lambda _: call("post", url, token, f'"{draft.id}"'))
    tally = Counter(codes)
    assert tally[201] == 1, tally
    assert set(tally) <= {201, 404, 409}, tally
    assert SalesOrder.objects.count() == 1
    assert Pickup.objects.count() == 1
    assert not SalesOrderDraft.objects.exists()


def test_twenty_pickups_of_one_order_moving_at_once_do_not_deadlock(organization, product, token):
    order = order_with(organization, product, pickups=THREADS)
    pickups = pickups_of(order)
    base = f"/api/org/{organization.id}/fulfillments/pickups"
    codes = at_once(
        THREADS,
        lambda index: call("put", f"{base}/{pickups[index].id}/status", token, '"PREPARED"'),
    )
    assert codes == [204] * THREADS
    assert Pickup.objects.filter(order=order, status="PREPARED").count() == THREADS
    order_events = StatusEvent.objects.filter(subject_id=order.id).exclude(from_status="")
    assert [(e.from_status, e.to_status) for e in order_events] == [("NEW", "IN_PROCESS")]


def test_pickups_and_deliveries_of_ten_orders_moving_at_once_do_not_deadlock(
    organization, product, token
):
    # Each order has a pickup and a delivery; the first move of each puts its order IN_PROCESS,
    # so every request writes a fulfillment and then an order, all twenty at once.
    orders = [order_with(organization, product, pickups=1, deliveries=1) for _ in range(10)]
    moves = [(f"pickups/{pickups_of(order)[0].id}", '"PREPARED"') for order in orders] + [
        (f"deliveries/{deliveries_of(order)[0].id}", '"PREPARED"') for order in orders
    ]
    base = f"/api/org/{organization.id}/fulfillments"
    codes = at_once(
        len(moves),
        lambda index: call("put", f"{base}/{moves[index][0]}/status", token, moves[index][1]),
    )
    assert codes == [204] * len(moves)
    assert set(SalesOrder.objects.values_list("status", flat=True)) == {"IN_PROCESS"}


def test_twenty_pickups_picked_up_at_once_complete_the_order_once(organization, product, token):
    order = order_with(organization, product, pickups=THREADS)
    pickups = pickups_of(order)
    base = f"/api/org/{organization.id}/fulfillments/pickups"
    codes = at_once(
        THREADS,
        lambda index: call("put", f"{base}/{pickups[index].id}/status", token, '"PICKED_UP"'),
    )
    assert codes == [204] * THREADS
    order.refresh_from_db()
    assert order.status == "COMPLETED"
    order_events = StatusEvent.objects.filter(subject_id=order.id).exclude(from_status="")
    assert [(e.from_status, e.to_status) for e in order_events] == [
        ("NEW", "IN_PROCESS"),
        ("IN_PROCESS", "COMPLETED"),
    ]


def test_canceling_while_pickups_move_leaves_every_pickup_consistent(organization, product, token):
    order = order_with(organization, product, pickups=THREADS - 1)
    pickups = pickups_of(order)
    base = f"/api/org/{organization.id}"

    def request(index: int) -> int:
        if index == THREADS - 1:
            return call("put", f"{base}/sales-orders/{order.id}/status", token, '"CANCELED"')
        return call(
            "put", f"{base}/fulfillments/pickups/{pickups[index].id}/status", token, '"PREPARED"'
        )

    codes = at_once(THREADS, request)
    assert codes[-1] == 204
    assert set(codes[:-1]) <= {204, 409}, codes
    order.refresh_from_db()
    assert order.status == "CANCELED"
    assert set(Pickup.objects.filter(order=order).values_list("status", flat=True)) == {"CANCELED"}
    # each pickup's history ends in CANCELED, with one cancel event each
    assert (
        StatusEvent.objects.filter(order=order, subject_type="PICKUP", to_status="CANCELED").count()
        == THREADS - 1
    )
