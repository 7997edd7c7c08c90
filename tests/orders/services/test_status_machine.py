"""The three status machines and their couplings, checked against the contract's tables.

The tables below are copied from spec/contract.md on purpose (not imported from
orders.statuses), so that a wrong table in the code fails these tests.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model

from core.actors import Actor
from core.problems import BadRequest, NotFound, StatusConflict
from fulfillment.models import Delivery, Pickup
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.models import SalesOrder, StatusEvent
from orders.services import sales_order_set_status
from orders.statuses import aggregated_fulfillment_status
from tests.factories import TEST_ACTOR, deliveries_of, order_with, pickups_of

ORDER_STATUSES = ["NEW", "CONFIRMED", "REJECTED", "IN_PROCESS", "COMPLETED", "CANCELED", "ON_HOLD"]
PICKUP_STATUSES = ["PENDING", "PREPARED", "PICKED_UP", "CANCELED"]
DELIVERY_STATUSES = ["PENDING", "PREPARED", "SHIPPED", "RECEIVED", "CANCELED"]

# contract.md, "Status machines". ON_HOLD is handled apart: it returns to the held-from status.
ORDER_ALLOWED = {
    "NEW": {"CONFIRMED", "REJECTED", "ON_HOLD", "CANCELED"},
    "CONFIRMED": {"IN_PROCESS", "ON_HOLD", "CANCELED"},
    "IN_PROCESS": {"COMPLETED", "ON_HOLD", "CANCELED"},
    "REJECTED": set(),
    "COMPLETED": set(),
    "CANCELED": set(),
}
HELD_FROM = ["NEW", "CONFIRMED", "IN_PROCESS"]
PICKUP_ALLOWED = {
    "PENDING": {"PREPARED", "PICKED_UP"},
    "PREPARED": {"PICKED_UP", "PENDING"},
    "PICKED_UP": set(),
    "CANCELED": set(),
}
DELIVERY_ALLOWED = {
    "PENDING": {"PREPARED"},
    "PREPARED": {"SHIPPED", "PENDING"},
    "SHIPPED": {"RECEIVED"},
    "RECEIVED": set(),
    "CANCELED": set(),
}


def pairs(table: dict[str, set[str]], statuses: list[str], *, allowed: bool) -> list:
    return [
        (source, target)
        for source, target in itertools.product(table, statuses)
        if source != target and (target in table[source]) == allowed
    ]


def events_of(subject_id) -> list[tuple[str, str]]:
    return [
        (event.from_status, event.to_status)
        for event in StatusEvent.objects.filter(subject_id=subject_id).exclude(from_status="")
    ]


@pytest.fixture
def bare_order(organization, product) -> SalesOrder:
    """An order without fulfillments, so that no coupling interferes."""
    return order_with(organization, product, pickups=0)


def put_order_in(order: SalesOrder, status: str, held_from: str = "") -> None:
    SalesOrder.objects.filter(id=order.id).update(status=status, held_from_status=held_from)


def set_order(order: SalesOrder, status: str, actor: Actor = TEST_ACTOR) -> SalesOrder:
    return sales_order_set_status(
        organization_id=order.organization_id,
        sales_order_id=order.id,
        status=status,
        actor=actor,
    )


def set_pickup(pickup: Pickup, status: str, actor: Actor = TEST_ACTOR) -> Pickup:
    return pickup_set_status(
        organization_id=pickup.organization_id, pickup_id=pickup.id, status=status, actor=actor
    )


def set_delivery(delivery: Delivery, status: str, actor: Actor = TEST_ACTOR) -> Delivery:
    return delivery_set_status(
        organization_id=delivery.organization_id,
        delivery_id=delivery.id,
        status=status,
        actor=actor,
    )


def status_of(row) -> str:
    row.refresh_from_db()
    return row.status


# --- sales order machine ------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), pairs(ORDER_ALLOWED, ORDER_STATUSES, allowed=True))
def test_sales_order_allowed_transition_moves_and_appends_an_event(bare_order, source, target):
    put_order_in(bare_order, source)
    set_order(bare_order, target)
    assert status_of(bare_order) == target
    assert events_of(bare_order.id) == [(source, target)]


@pytest.mark.parametrize(("source", "target"), pairs(ORDER_ALLOWED, ORDER_STATUSES, allowed=False))
def test_sales_order_forbidden_transition_is_a_conflict_and_changes_nothing(
    bare_order, source, target
):
    put_order_in(bare_order, source)
    with pytest.raises(StatusConflict):
        set_order(bare_order, target)
    assert status_of(bare_order) == source
    assert events_of(bare_order.id) == []


@pytest.mark.parametrize("held_from", HELD_FROM)
def test_hold_remembers_the_status_it_was_held_from(bare_order, held_from):
    put_order_in(bare_order, held_from)
    set_order(bare_order, "ON_HOLD")
    bare_order.refresh_from_db()
    assert (bare_order.status, bare_order.held_from_status) == ("ON_HOLD", held_from)


@pytest.mark.parametrize("held_from", HELD_FROM)
def test_release_returns_to_the_held_from_status(bare_order, held_from):
    put_order_in(bare_order, held_from)
    set_order(bare_order, "ON_HOLD")
    set_order(bare_order, held_from)
    bare_order.refresh_from_db()
    assert (bare_order.status, bare_order.held_from_status) == (held_from, "")
    assert events_of(bare_order.id) == [(held_from, "ON_HOLD"), ("ON_HOLD", held_from)]


@pytest.mark.parametrize(
    ("held_from", "target"),
    [
        (held_from, target)
        for held_from in HELD_FROM
        for target in ORDER_STATUSES
        if target not in {held_from, "CANCELED", "ON_HOLD"}
    ],
)
def test_on_hold_goes_nowhere_but_back_or_canceled(bare_order, held_from, target):
    put_order_in(bare_order, "ON_HOLD", held_from=held_from)
    with pytest.raises(StatusConflict):
        set_order(bare_order, target)
    assert status_of(bare_order) == "ON_HOLD"


@pytest.mark.parametrize("held_from", HELD_FROM)
def test_on_hold_can_be_canceled(bare_order, held_from):
    put_order_in(bare_order, "ON_HOLD", held_from=held_from)
    set_order(bare_order, "CANCELED")
    bare_order.refresh_from_db()
    assert (bare_order.status, bare_order.held_from_status) == ("CANCELED", "")


@pytest.mark.parametrize("status", ORDER_STATUSES)
def test_setting_the_current_order_status_again_is_a_no_op(bare_order, status):
    put_order_in(bare_order, status, held_from="NEW" if status == "ON_HOLD" else "")
    set_order(bare_order, status)
    assert status_of(bare_order) == status
    assert events_of(bare_order.id) == []


def test_an_unknown_order_status_is_a_bad_request(bare_order):
    with pytest.raises(BadRequest):
        set_order(bare_order, "SHIPPED")


def test_an_order_of_another_organization_is_not_found(bare_order, other_organization):
    with pytest.raises(NotFound):
        sales_order_set_status(
            organization_id=other_organization.id,
            sales_order_id=bare_order.id,
            status="CONFIRMED",
            actor=TEST_ACTOR,
        )


def test_an_order_id_that_is_not_a_uuid_is_not_found(organization):
    with pytest.raises(NotFound):
        sales_order_set_status(
            organization_id=organization.id, sales_order_id="nope", status="NEW", actor=TEST_ACTOR
        )


def test_an_order_event_records_the_staff_user(bare_order, django_user_model):
    user = django_user_model.objects.create_user(username="mia", password="pw-123456")
    set_order(bare_order, "CONFIRMED", actor=Actor.for_user(user))
    event = StatusEvent.objects.get(subject_id=bare_order.id, to_status="CONFIRMED")
    assert (event.actor_label, event.actor_user_id, event.actor_token_id) == ("mia", user.id, None)
    assert event.subject_type == "SALES_ORDER"


# --- pickup machine -----------------------------------------------------------------------


@pytest.fixture
def pickup(organization, product) -> Pickup:
    order = order_with(organization, product, pickups=1)
    put_order_in(order, "IN_PROCESS")
    return pickups_of(order)[0]


def put_in(row, status: str) -> None:
    type(row).objects.filter(id=row.id).update(status=status)


@pytest.mark.parametrize(("source", "target"), pairs(PICKUP_ALLOWED, PICKUP_STATUSES, allowed=True))
def test_pickup_allowed_transition_moves_and_appends_an_event(pickup, source, target):
    put_in(pickup, source)
    set_pickup(pickup, target)
    assert status_of(pickup) == target
    assert events_of(pickup.id) == [(source, target)]


@pytest.mark.parametrize(
    ("source", "target"), pairs(PICKUP_ALLOWED, PICKUP_STATUSES, allowed=False)
)
def test_pickup_forbidden_transition_is_a_conflict_and_changes_nothing(pickup, source, target):
    put_in(pickup, source)
    with pytest.raises(StatusConflict):
        set_pickup(pickup, target)
    assert status_of(pickup) == source
    assert events_of(pickup.id) == []


@pytest.mark.parametrize("source", PICKUP_STATUSES)
def test_a_pickup_cannot_be_set_canceled_directly(pickup, source):
    put_in(pickup, source)
    with pytest.raises(StatusConflict, match="canceling its sales order"):
        set_pickup(pickup, "CANCELED")
    assert status_of(pickup) == source


@pytest.mark.parametrize("status", ["PENDING", "PREPARED", "PICKED_UP"])
def test_setting_the_current_pickup_status_again_is_a_no_op(pickup, status):
    put_in(pickup, status)
    set_pickup(pickup, status)
    assert events_of(pickup.id) == []


def test_an_unknown_pickup_status_is_a_bad_request(pickup):
    with pytest.raises(BadRequest):
        set_pickup(pickup, "SHIPPED")


def test_a_pickup_of_another_organization_is_not_found(pickup, other_organization):
    with pytest.raises(NotFound):
        pickup_set_status(
            organization_id=other_organization.id,
            pickup_id=pickup.id,
            status="PREPARED",
            actor=TEST_ACTOR,
        )


# --- delivery machine ---------------------------------------------------------------------


@pytest.fixture
def delivery(organization, product) -> Delivery:
    order = order_with(organization, product, pickups=0, deliveries=1)
    put_order_in(order, "IN_PROCESS")
    return deliveries_of(order)[0]


@pytest.mark.parametrize(
    ("source", "target"), pairs(DELIVERY_ALLOWED, DELIVERY_STATUSES, allowed=True)
)
def test_delivery_allowed_transition_moves_and_appends_an_event(delivery, source, target):
    put_in(delivery, source)
    set_delivery(delivery, target)
    assert status_of(delivery) == target
    assert events_of(delivery.id) == [(source, target)]


@pytest.mark.parametrize(
    ("source", "target"), pairs(DELIVERY_ALLOWED, DELIVERY_STATUSES, allowed=False)
)
def test_delivery_forbidden_transition_is_a_conflict_and_changes_nothing(delivery, source, target):
    put_in(delivery, source)
    with pytest.raises(StatusConflict):
        set_delivery(delivery, target)
    assert status_of(delivery) == source
    assert events_of(delivery.id) == []


@pytest.mark.parametrize("source", DELIVERY_STATUSES)
def test_a_delivery_cannot_be_set_canceled_directly(delivery, source):
    put_in(delivery, source)
    with pytest.raises(StatusConflict, match="canceling its sales order"):
        set_delivery(delivery, "CANCELED")
    assert status_of(delivery) == source


# --- couplings ----------------------------------------------------------------------------


@pytest.fixture
def busy_order(organization, product) -> SalesOrder:
    """IN_PROCESS with one pickup picked up, one prepared, one delivery shipped, one pending."""
    order = order_with(organization, product, pickups=2, deliveries=2)
    done, prepared = pickups_of(order)
    shipped, _pending = deliveries_of(order)
    set_pickup(done, "PICKED_UP")
    set_pickup(prepared, "PREPARED")
    set_delivery(shipped, "PREPARED")
    set_delivery(shipped, "SHIPPED")
    assert status_of(order) == "IN_PROCESS"
    return order


def test_canceling_an_order_cancels_its_open_fulfillments_with_events(
    busy_order, django_user_model
):
    user = django_user_model.objects.create_user(username="lea", password="pw-123456")
    before = {row.id: row.status for row in pickups_of(busy_order) + deliveries_of(busy_order)}
    set_order(busy_order, "CANCELED", actor=Actor.for_user(user))
    after = {row.id: row.status for row in pickups_of(busy_order) + deliveries_of(busy_order)}
    assert after == {
        row_id: ("PICKED_UP" if status == "PICKED_UP" else "CANCELED")
        for row_id, status in before.items()
    }
    cancel_events = StatusEvent.objects.filter(order=busy_order, to_status="CANCELED").exclude(
        subject_type="SALES_ORDER"
    )
    assert sorted((e.subject_id, e.from_status, e.actor_label) for e in cancel_events) == sorted(
        (row_id, status, "lea") for row_id, status in before.items() if status != "PICKED_UP"
    )


def test_rejecting_an_order_cancels_its_fulfillments(organization, product):
    order = order_with(organization, product, pickups=1, deliveries=1)
    set_order(order, "REJECTED")
    assert [p.status for p in pickups_of(order)] == ["CANCELED"]
    assert [d.status for d in deliveries_of(order)] == ["CANCELED"]
    assert StatusEvent.objects.filter(order=order, to_status="CANCELED").count() == 2


def test_a_canceled_order_does_not_complete(organization, product):
    order = order_with(organization, product, pickups=1)
    set_order(order, "CANCELED")
    assert status_of(order) == "CANCELED"


@pytest.mark.parametrize("held_from", HELD_FROM)
def test_an_order_on_hold_freezes_its_pickups(organization, product, held_from):
    order = order_with(organization, product, pickups=1)
    put_order_in(order, held_from)
    set_order(order, "ON_HOLD")
    pickup = pickups_of(order)[0]
    with pytest.raises(StatusConflict, match="ON_HOLD"):
        set_pickup(pickup, "PREPARED")
    assert status_of(pickup) == "PENDING"
    set_order(order, held_from)
    set_pickup(pickup, "PREPARED")
    assert status_of(pickup) == "PREPARED"


def test_an_order_on_hold_freezes_its_deliveries(organization, product):
    order = order_with(organization, product, pickups=0, deliveries=1)
    set_order(order, "ON_HOLD")
    with pytest.raises(StatusConflict, match="ON_HOLD"):
        set_delivery(deliveries_of(order)[0], "PREPARED")


@pytest.mark.parametrize("final", ["REJECTED", "CANCELED"])
def test_fulfillments_of_a_rejected_or_canceled_order_cannot_move(organization, product, final):
    order = order_with(organization, product, pickups=1)
    set_order(order, final)
    with pytest.raises(StatusConflict):
        set_pickup(pickups_of(order)[0], "PREPARED")


@pytest.mark.parametrize("start", ["NEW", "CONFIRMED"])
def test_the_first_fulfillment_move_puts_the_order_in_process(organization, product, start):
    order = order_with(organization, product, pickups=2)
    put_order_in(order, start)
    set_pickup(pickups_of(order)[0], "PREPARED")
    assert status_of(order) == "IN_PROCESS"
    assert events_of(order.id) == [(start, "IN_PROCESS")]


def test_the_order_completes_when_every_fulfillment_is_final_and_one_finished(
    organization, product
):
    order = order_with(organization, product, pickups=1, deliveries=1)
    pickup, delivery = pickups_of(order)[0], deliveries_of(order)[0]
    set_pickup(pickup, "PICKED_UP")
    assert status_of(order) == "IN_PROCESS"
    for status in ["PREPARED", "SHIPPED", "RECEIVED"]:
        set_delivery(delivery, status)
    assert status_of(order) == "COMPLETED"
    assert events_of(order.id) == [("NEW", "IN_PROCESS"), ("IN_PROCESS", "COMPLETED")]


def test_a_single_pickup_picked_up_at_once_completes_a_new_order(organization, product):
    order = order_with(organization, product, pickups=1)
    set_pickup(pickups_of(order)[0], "PICKED_UP")
    assert status_of(order) == "COMPLETED"


def test_undo_does_not_complete_or_move_the_order_back(organization, product):
    order = order_with(organization, product, pickups=1)
    pickup = pickups_of(order)[0]
    set_pickup(pickup, "PREPARED")
    set_pickup(pickup, "PENDING")
    assert status_of(order) == "IN_PROCESS"
    assert events_of(pickup.id) == [("PENDING", "PREPARED"), ("PREPARED", "PENDING")]


def test_a_fulfillment_event_records_the_actor_and_the_order(organization, product):
    user = get_user_model().objects.create_user(username="ole", password="pw-123456")
    order = order_with(organization, product, pickups=1)
    pickup = pickups_of(order)[0]
    set_pickup(pickup, "PREPARED", actor=Actor.for_user(user))
    event = StatusEvent.objects.get(subject_id=pickup.id, to_status="PREPARED")
    assert (event.subject_type, event.order_id, event.actor_label, event.actor_user_id) == (
        "PICKUP",
        order.id,
        "ole",
        user.id,
    )


# --- aggregated fulfillment status --------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "NOT_NECESSARY"),
        (["PENDING"], "PENDING"),
        (["PENDING", "PREPARED", "SHIPPED"], "PENDING"),
        (["PICKED_UP", "PENDING"], "PARTIALLY_FULFILLED"),
        (["RECEIVED", "SHIPPED"], "PARTIALLY_FULFILLED"),
        (["PICKED_UP", "RECEIVED"], "FULFILLED"),
        (["PICKED_UP", "CANCELED"], "FULFILLED"),
        (["CANCELED", "CANCELED"], "CANCELED"),
    ],
)
def test_aggregated_fulfillment_status(statuses, expected):
    assert aggregated_fulfillment_status(statuses) == expected
