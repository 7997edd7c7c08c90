"""The Fulfillments API for deliveries (#31 list, #32 get, #33 status): what only deliveries
do. What pickups and deliveries do alike is in test_fulfillments_api.py."""

import pytest

from fulfillment.schemas import DeliveryOut
from orders.models import SalesOrder, StatusEvent
from tests.conftest import assert_problem, ids_of, json_of
from tests.fulfillment.api.conftest import DELIVERIES, listing, new_delivery

# --- #32 get ------------------------------------------------------------------------------


def test_get_renders_the_delivery_exactly(api, delivery):
    response = api.get(f"{DELIVERIES}/{delivery.id}")
    assert response.status_code == 200
    body = json_of(response)
    row = delivery.items.get()
    assert body == {
        "id": str(delivery.id),
        "status": "PENDING",
        "items": [
            {
                "id": str(row.id),
                "product": "coffee",
                "quantity": {"value": 1, "unit": "PIECES"},
                "sales_order": str(delivery.order_id),
                "sales_order_item_id": str(row.order_item_id),
            }
        ],
        "delivery_address": {
            "full_address": None,
            "recipient_name": None,
            "care_of": None,
            "street_name": "Hauptstr.",
            "street_number": "1",
            "additional": None,
            "city": "Berlin",
            "zip": "10115",
            "country_code": "DE",
        },
        "delivery_time_range": {"start": "2024-05-01T11:00:00Z", "end": "2024-05-02T11:00:00Z"},
        "recipient_information": {
            "individual": None,
            "individual_name": "Bo",
            "organization": None,
            "organization_name": None,
            "contact_email": "bo@example.com",
            "contact_phone": None,
        },
        "shipping_location": "warehouse",
        "shipping_service": "dhl",
    }
    DeliveryOut.model_validate(body)


# --- #31 list -----------------------------------------------------------------------------


def test_list_filters_by_shipping_location(api, product):
    wanted = new_delivery(api, product, shipping_location="store-2")
    new_delivery(api, product, shipping_location="warehouse")
    assert ids_of(listing(api, DELIVERIES, shipping_location_id="store-2")) == [str(wanted.id)]


def test_list_filters_by_shipping_service(api, product):
    wanted = new_delivery(api, product, shipping_service="bike")
    new_delivery(api, product, shipping_service="dhl")
    assert ids_of(listing(api, DELIVERIES, shipping_service_id="bike")) == [str(wanted.id)]


def test_list_filters_by_repeated_and_comma_separated_status(api, product):
    pending, prepared, shipped = (new_delivery(api, product) for _ in range(3))
    api.put(f"{DELIVERIES}/{prepared.id}/status", "PREPARED")
    api.put(f"{DELIVERIES}/{shipped.id}/status", "PREPARED")
    api.put(f"{DELIVERIES}/{shipped.id}/status", "SHIPPED")
    expected = sorted([str(prepared.id), str(shipped.id)])
    assert sorted(ids_of(listing(api, DELIVERIES, status=["PREPARED", "SHIPPED"]))) == expected
    assert sorted(ids_of(listing(api, DELIVERIES, status="PREPARED,SHIPPED"))) == expected
    assert ids_of(listing(api, DELIVERIES, status="PENDING")) == [str(pending.id)]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "PICKED_UP"},
        {"from": "now"},
        {"limit": "0"},
        {"offset": "-1"},
        {"shipping_service_id": "s" * 1000},
    ],
    ids=["pickup-status", "from-not-a-date", "limit-0", "negative-offset", "long-service"],
)
def test_list_with_bad_parameters_is_400(api, query):
    assert_problem(listing(api, DELIVERIES, **query), 400)


# --- #33 status ---------------------------------------------------------------------------


def status_url(delivery) -> str:
    return f"{DELIVERIES}/{delivery.id}/status"


def test_put_walks_the_whole_machine_and_completes_the_order(api, delivery):
    for status in ["PREPARED", "SHIPPED", "RECEIVED"]:
        assert api.put(status_url(delivery), status).status_code == 204
    assert SalesOrder.objects.get(id=delivery.order_id).status == "COMPLETED"
    events = StatusEvent.objects.filter(subject_id=delivery.id).exclude(from_status="")
    assert [(e.from_status, e.to_status, e.actor_label) for e in events] == [
        ("PENDING", "PREPARED", "API: tests"),
        ("PREPARED", "SHIPPED", "API: tests"),
        ("SHIPPED", "RECEIVED", "API: tests"),
    ]


def test_put_undo_returns_a_prepared_delivery_to_pending(api, delivery):
    api.put(status_url(delivery), "PREPARED")
    assert api.put(status_url(delivery), "PENDING").status_code == 204
    delivery.refresh_from_db()
    assert delivery.status == "PENDING"


def test_put_skipping_a_step_is_409(api, delivery):
    body = assert_problem(api.put(status_url(delivery), "SHIPPED"), 409)
    assert "PENDING to SHIPPED" in body["detail"]


@pytest.mark.parametrize(
    "raw",
    ['{"status": "PICKED_UP"}', '"shipped"', '{"status": ["SHIPPED"]}', "1e400", "nul\u0000"],
    ids=["pickup-status", "lowercase", "list-status", "huge-number", "garbage"],
)
def test_put_status_with_a_bad_body_is_400(api, delivery, raw):
    assert_problem(api.put(status_url(delivery), raw=raw), 400)


def test_put_status_with_a_nul_byte_is_400(api, delivery):
    assert_problem(api.put(status_url(delivery), raw='"PRE\\u0000PARED"'), 400)
