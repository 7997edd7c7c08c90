"""Boards of open work for the tests that pin compiled reads to their ORM definitions: pickups
at two locations (with and without pager numbers, one PREPARED), deliveries at two shipping
locations and services (one RECEIVED today), and another organization's of each."""

import pytest

from core.actors import Actor
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.statuses import DeliveryStatus, PickupStatus
from tests import factories


@pytest.fixture
def boards(organization, other_organization):
    moved = factories.pickup_order(organization, pager_number="7", service_location="front")
    factories.pickup_order(organization, pager_number="8", service_location="back")
    factories.pickup_order(organization, service_location="front")
    factories.pickup_order(other_organization, pager_number="7", service_location="front")
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=moved.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    received = factories.delivery_order(organization)
    factories.delivery_order(organization)
    factories.delivery_order(organization, shipping_location="store", shipping_service="bike")
    factories.delivery_order(other_organization)
    for status in (DeliveryStatus.PREPARED, DeliveryStatus.SHIPPED, DeliveryStatus.RECEIVED):
        delivery_set_status(
            organization_id=organization.id,
            delivery_id=received.id,
            status=status,
            actor=Actor.system(),
        )
    return organization
