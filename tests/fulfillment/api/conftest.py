"""Pickups and deliveries of checked-out orders, and list helpers, for the Fulfillments API."""

from datetime import UTC, datetime, timedelta

import pytest

from fulfillment.models import Delivery, Pickup
from tests.conftest import WINDOW
from tests.factories import add_delivery, add_item, add_pickup, check_out, make_draft

PICKUPS = "/fulfillments/pickups"
DELIVERIES = "/fulfillments/deliveries"
T0 = datetime(2024, 5, 1, 11, 0, tzinfo=UTC)


def listing(api, path: str, **query):
    return api.get(path, query={**WINDOW, **query})


def created_at(row: Pickup | Delivery, when: datetime) -> Pickup | Delivery:
    type(row).objects.filter(id=row.id).update(created_at=when)
    return row


def new_pickup(api, product, **kwargs) -> Pickup:
    draft = make_draft(api.organization)
    add_pickup(draft, [add_item(draft, product)], **kwargs)
    return Pickup.objects.get(order=check_out(draft))


def new_delivery(api, product, **kwargs) -> Delivery:
    draft = make_draft(api.organization)
    add_delivery(draft, [add_item(draft, product)], **kwargs)
    return Delivery.objects.get(order=check_out(draft))


@pytest.fixture
def pickup(api, product) -> Pickup:
    draft = make_draft(api.organization)
    first, second = (
        add_item(draft, product, "2"),
        add_item(draft, product, "1.5", unit="MASS_KILOGRAMS"),
    )
    add_pickup(
        draft,
        [first, second],
        pager="42",
        location="counter-1",
        area="hall",
        collector={"name": "Ann", "phone": "+49 30 1234567"},
        start=T0,
        end=T0 + timedelta(hours=1),
    )
    return Pickup.objects.get(order=check_out(draft))


@pytest.fixture
def delivery(api, product) -> Delivery:
    return new_delivery(
        api,
        product,
        shipping_location="warehouse",
        shipping_service="dhl",
        address={
            "street_name": "Hauptstr.",
            "street_number": "1",
            "city": "Berlin",
            "zip": "10115",
            "country_code": "DE",
        },
        recipient={"individual_name": "Bo", "contact_email": "bo@example.com"},
        start=T0,
        end=T0 + timedelta(days=1),
    )
