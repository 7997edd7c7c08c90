"""The outbox: one event per change, written in the change's transaction, through the one
transition code path (API, desk and system-made changes alike)."""

import json
from decimal import Decimal

import pytest
from django.db import connection, transaction

from core.actors import Actor
from core.problems import StatusConflict
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.services import sales_order_set_status
from tests.conftest import json_of
from tests.factories import TEST_ACTOR, deliveries_of, order_with, pickups_of, staff
from webhooks.models import WebhookDelivery, WebhookEvent


def events_of(object_id=None) -> list[dict]:
    rows = WebhookEvent.objects.order_by("occurred_at", "sequence")
    if object_id is not None:
        rows = rows.filter(object_id=object_id)
    return [json.loads(row.body, parse_float=Decimal) for row in rows]


def test_nothing_is_written_without_a_subscription(organization, product):
    pickup = pickups_of(order_with(organization, product))[0]
    pickup_set_status(
        organization_id=organization.id, pickup_id=pickup.id, status="PREPARED", actor=TEST_ACTOR
    )
    assert WebhookEvent.objects.count() == 0


def test_checkout_writes_sales_order_created_with_the_order_as_its_get_renders_it(
    api, organization, product, subscribe
):
    subscribe()
    order = order_with(organization, product, pickups=1, deliveries=1)
    [event] = events_of(order.id)
    assert event["type"] == "sales_order.created"
    assert event["organization"] == organization.id
    assert event["sequence"] == 1
    assert "previous_status" not in event["data"]
    assert event["data"]["object"] == json_of(api.get(f"/sales-orders/{order.id}"))


def test_a_pickup_change_by_the_api_sends_the_pickup_as_its_get_renders_it(
    api, organization, product, subscribe
):
    subscribe(events=["pickup.status_changed"])
    pickup = pickups_of(order_with(organization, product))[0]
    response = api.put(f"/fulfillments/pickups/{pickup.id}/status", {"status": "PREPARED"})
    assert response.status_code == 204
    [event] = events_of(pickup.id)
    assert event["type"] == "pickup.status_changed"
    assert event["data"]["previous_status"] == "PENDING"
    assert event["data"]["object"] == json_of(api.get(f"/fulfillments/pickups/{pickup.id}"))


def test_a_delivery_change_sends_the_delivery_as_its_get_renders_it(
    api, organization, product, subscribe
):
    subscribe(events=["delivery.status_changed"])
    delivery = deliveries_of(order_with(organization, product, pickups=0, deliveries=1))[0]
    delivery_set_status(
        organization_id=organization.id,
        delivery_id=delivery.id,
        status="PREPARED",
        actor=TEST_ACTOR,
    )
    [event] = events_of(delivery.id)
    assert event["data"]["object"] == json_of(api.get(f"/fulfillments/deliveries/{delivery.id}"))


def test_a_staff_change_sends_the_same_event_as_an_api_change(organization, product, subscribe):
    subscribe(events=["pickup.status_changed"])
    pickup = pickups_of(order_with(organization, product))[0]
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status="PREPARED",
        actor=Actor.for_user(staff(organization)),
    )
    [event] = events_of(pickup.id)
    assert (event["type"], event["data"]["object"]["status"]) == (
        "pickup.status_changed",
        "PREPARED",
    )


def test_the_last_pickup_completing_an_order_is_an_event_of_the_order(
    organization, product, subscribe
):
    subscribe(events=["sales_order.status_changed"])
    order = order_with(organization, product)
    pickup = pickups_of(order)[0]
    pickup_set_status(
        organization_id=organization.id, pickup_id=pickup.id, status="PICKED_UP", actor=TEST_ACTOR
    )
    moves = [
        (e["data"]["previous_status"], e["data"]["object"]["status"]) for e in events_of(order.id)
    ]
    assert moves == [("NEW", "IN_PROCESS"), ("IN_PROCESS", "COMPLETED")]
    assert [e["sequence"] for e in events_of(order.id)] == [1, 2]


def test_canceling_an_order_sends_an_event_per_canceled_pickup(organization, product, subscribe):
    subscribe(events=["pickup.status_changed"])
    order = order_with(organization, product, pickups=2)
    sales_order_set_status(
        organization_id=organization.id,
        sales_order_id=order.id,
        status="CANCELED",
        actor=TEST_ACTOR,
    )
    for pickup in pickups_of(order):
        [event] = events_of(pickup.id)
        assert event["data"]["previous_status"] == "PENDING"
        assert event["data"]["object"]["status"] == "CANCELED"


def test_sequence_increases_by_one_per_object(organization, product, subscribe):
    subscribe()
    pickup = pickups_of(order_with(organization, product))[0]
    for status in ("PREPARED", "PENDING", "PREPARED", "PICKED_UP"):
        pickup_set_status(
            organization_id=organization.id, pickup_id=pickup.id, status=status, actor=TEST_ACTOR
        )
    assert [e["sequence"] for e in events_of(pickup.id)] == [1, 2, 3, 4]


def test_a_rejected_transition_writes_no_event(api, organization, product, subscribe):
    subscribe()
    pickup = pickups_of(order_with(organization, product))[0]
    before = WebhookEvent.objects.count()
    response = api.put(f"/fulfillments/pickups/{pickup.id}/status", {"status": "CANCELED"})
    assert response.status_code == 409
    with pytest.raises(StatusConflict):
        pickup_set_status(
            organization_id=organization.id,
            pickup_id=pickup.id,
            status="CANCELED",
            actor=TEST_ACTOR,
        )
    assert WebhookEvent.objects.count() == before


def test_a_rolled_back_transaction_leaves_no_event(organization, product, subscribe):
    subscribe()
    pickup = pickups_of(order_with(organization, product))[0]
    before = WebhookEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        pickup_set_status(
            organization_id=organization.id,
            pickup_id=pickup.id,
            status="PREPARED",
            actor=TEST_ACTOR,
        )
        raise RuntimeError("the surrounding work failed")
    assert WebhookEvent.objects.count() == before
    assert WebhookDelivery.objects.filter(event__object_id=pickup.id).count() == 0


def test_another_organizations_subscription_never_sees_an_event(
    organization, other_organization, product, subscribe, other_api
):
    rival = subscribe(client=other_api)
    pickup = pickups_of(order_with(organization, product))[0]
    pickup_set_status(
        organization_id=organization.id, pickup_id=pickup.id, status="PREPARED", actor=TEST_ACTOR
    )
    assert WebhookDelivery.objects.filter(subscription_id=rival["id"]).count() == 0


def test_an_inactive_subscription_gets_no_delivery(api, organization, product, subscribe, receiver):
    created = subscribe()
    api.put(
        f"/webhooks/{created['id']}",
        {"url": receiver.url, "events": ["*"], "active": False},
    )
    order_with(organization, product)
    assert WebhookDelivery.objects.filter(subscription_id=created["id"]).count() == 0


def test_a_subscription_gets_only_the_types_it_asked_for(organization, product, subscribe):
    created = subscribe(events=["delivery.status_changed"])
    pickup = pickups_of(order_with(organization, product))[0]
    pickup_set_status(
        organization_id=organization.id, pickup_id=pickup.id, status="PREPARED", actor=TEST_ACTOR
    )
    assert WebhookDelivery.objects.filter(subscription_id=created["id"]).count() == 0


# The PUT of a pickup that also puts its order IN_PROCESS, in a test's transaction (SAVEPOINT
# and RELEASE counted): the token, the pickup's order id, the order and the pickup locked, the
# pickup's update and history row, the subscriptions (once per transition), the order's update
# and history row, the order's pickups and deliveries, the savepoint.
PUT_QUERIES_WITHOUT_SUBSCRIPTION = 13
# With one: the two objects' renderings and last sequences (one round trip on PostgreSQL, five
# statements elsewhere), then the events, the deliveries and NOTIFY (one round trip on
# PostgreSQL; two INSERTs on SQLite). Before issue 10's rework: 14 and 25 on PostgreSQL.
PUT_QUERIES_WITH_SUBSCRIPTION = {"postgresql": 15, "sqlite": 20}


def test_a_pickup_put_without_a_subscription_reads_the_subscriptions_once(
    api, organization, product, django_assert_num_queries
):
    pickup = pickups_of(order_with(organization, product))[0]
    with django_assert_num_queries(PUT_QUERIES_WITHOUT_SUBSCRIPTION):
        response = api.put(f"/fulfillments/pickups/{pickup.id}/status", {"status": "PREPARED"})
    assert response.status_code == 204


def test_a_pickup_put_with_a_subscription_reads_once_and_writes_once_per_transition(
    api, organization, product, subscribe, django_assert_num_queries
):
    subscribe()
    pickup = pickups_of(order_with(organization, product))[0]
    with django_assert_num_queries(PUT_QUERIES_WITH_SUBSCRIPTION[connection.vendor]):
        response = api.put(f"/fulfillments/pickups/{pickup.id}/status", {"status": "PREPARED"})
    assert response.status_code == 204
    assert [e["type"] for e in events_of()][-2:] == [
        "pickup.status_changed",
        "sales_order.status_changed",
    ]
