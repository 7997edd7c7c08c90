"""Every write that can change a card changes its board's stamp, whatever path it takes
(services, checkout, a queryset update, a model save, a delete, a cascade): the database
counts the board's version up in the write's own transaction. A write elsewhere (another
location, another organization) leaves a board's stamp alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.actors import Actor
from core.models import Organization
from fulfillment import board_stamps
from fulfillment.models import BoardVersion, Delivery, Pickup, PickupItem
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.models import SalesOrder, SalesOrderItem
from orders.services import sales_order_set_status
from orders.statuses import DeliveryStatus, PickupStatus, SalesOrderStatus
from tests import factories

MIDNIGHT = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)


def queue(organization, location: str = "") -> tuple:
    return board_stamps.pickup_queue_stamp(organization_id=organization.id, location=location)


def board(organization, location: str = "", since=MIDNIGHT) -> tuple:
    return board_stamps.delivery_board_stamp(
        organization_id=organization.id, received_since=since, location=location
    )


def screen(display) -> tuple:
    return board_stamps.counter_display_get(secret=display.secret).numbers_stamp


@pytest.fixture
def pickup(organization):
    return factories.pickup_order(organization, pager_number="7", service_location="front")


@pytest.fixture
def delivery(organization):
    return factories.delivery_order(organization, shipping_location="warehouse")


def test_a_pickup_move_changes_the_queue_and_the_counter_screen(organization, pickup):
    display = factories.display(organization, service_location="front")
    before = queue(organization), queue(organization, "front"), screen(display)
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    after = queue(organization), queue(organization, "front"), screen(display)
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_a_delivery_move_changes_the_board(organization, delivery):
    before = board(organization), board(organization, "warehouse")
    delivery_set_status(
        organization_id=organization.id,
        delivery_id=delivery.id,
        status=DeliveryStatus.PREPARED,
        actor=Actor.system(),
    )
    after = board(organization), board(organization, "warehouse")
    assert before[0] != after[0] and before[1] != after[1]


def test_a_checkout_changes_the_queue_and_the_board(organization):
    product = factories.make_product(organization, "tea")
    before = queue(organization), board(organization)
    factories.order_with(organization, product, pickups=1, deliveries=1)
    after = queue(organization), board(organization)
    assert before[0] != after[0] and before[1] != after[1]


def test_an_order_put_on_hold_changes_the_boards_of_its_fulfillments(
    organization, pickup, delivery
):
    before = queue(organization), board(organization)
    for order_id in (pickup.order_id, delivery.order_id):
        sales_order_set_status(
            organization_id=organization.id,
            sales_order_id=order_id,
            status=SalesOrderStatus.ON_HOLD,
            actor=Actor.system(),
        )
    after = queue(organization), board(organization)
    assert before[0] != after[0] and before[1] != after[1]


def test_a_canceled_order_changes_the_queue(organization, pickup):
    before = queue(organization, "front")
    sales_order_set_status(
        organization_id=organization.id,
        sales_order_id=pickup.order_id,
        status=SalesOrderStatus.CANCELED,
        actor=Actor.system(),
    )
    assert queue(organization, "front") != before


def test_a_queryset_update_changes_the_queue(organization, pickup):
    before = queue(organization)
    Pickup.objects.filter(id=pickup.id).update(pager_number="9")
    assert queue(organization) != before


def test_a_saved_edit_changes_the_board(organization, delivery):
    before = board(organization)
    delivery.recipient_information = {"individual_name": "Someone Else"}
    delivery.save()
    assert board(organization) != before


def test_an_edited_item_line_changes_the_queue(organization, pickup):
    before = queue(organization)
    PickupItem.objects.filter(pickup=pickup).update(quantity_value=5)
    assert queue(organization) != before


def test_a_renamed_order_item_changes_the_queue_and_the_board(organization, pickup, delivery):
    before = queue(organization), board(organization)
    SalesOrderItem.objects.filter(order__in=[pickup.order_id, delivery.order_id]).update(
        name="Renamed"
    )
    after = queue(organization), board(organization)
    assert before[0] != after[0] and before[1] != after[1]


def test_a_deleted_pickup_changes_the_queue(organization, pickup):
    before = queue(organization)
    Pickup.objects.filter(id=pickup.id).delete()
    assert queue(organization) != before


def test_a_deleted_order_changes_the_board(organization, delivery):
    before = board(organization)
    SalesOrder.objects.filter(id=delivery.order_id).delete()
    assert board(organization) != before
    assert not Delivery.objects.filter(id=delivery.id).exists()


def test_a_pickup_moved_to_another_location_changes_both(organization, pickup):
    factories.pickup_order(organization, service_location="back")
    before = queue(organization, "front"), queue(organization, "back")
    Pickup.objects.filter(id=pickup.id).update(service_location="back")
    after = queue(organization, "front"), queue(organization, "back")
    assert before[0] != after[0] and before[1] != after[1]


def test_a_move_at_another_location_leaves_a_location_alone(organization, pickup, delivery):
    elsewhere = factories.pickup_order(organization, service_location="back")
    display = factories.display(organization, service_location="front")
    before = queue(organization, "front"), screen(display), board(organization, "warehouse")
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=elsewhere.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    factories.delivery_order(organization, shipping_location="store")
    after = queue(organization, "front"), screen(display), board(organization, "warehouse")
    assert after == before


def test_another_organizations_move_leaves_a_board_alone(
    organization, other_organization, pickup, delivery
):
    before = queue(organization), board(organization)
    factories.pickup_order(other_organization, service_location="front")
    factories.delivery_order(other_organization, shipping_location="warehouse")
    assert (queue(organization), board(organization)) == before


def test_the_board_stamp_changes_with_the_days_start(organization, delivery):
    assert board(organization, since=MIDNIGHT) != board(
        organization, since=MIDNIGHT + timedelta(days=1)
    )


def test_a_deleted_organization_takes_its_versions_along(organization, pickup, delivery):
    Organization.objects.filter(id=organization.id).delete()
    assert not BoardVersion.objects.filter(organization_id=organization.id).exists()
