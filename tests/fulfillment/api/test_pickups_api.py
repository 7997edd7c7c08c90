"""The Fulfillments API for pickups (#28 list, #29 get, #30 status): what only pickups do.
What pickups and deliveries do alike is in test_fulfillments_api.py."""

from decimal import Decimal

import pytest

from fulfillment.models import Pickup
from fulfillment.schemas import PickupOut
from tests.conftest import assert_problem, ids_of, json_of, resolved
from tests.fulfillment.api.conftest import PICKUPS, listing, new_pickup

# --- #29 get ------------------------------------------------------------------------------


def test_get_renders_the_pickup_exactly(api, pickup):
    response = api.get(f"{PICKUPS}/{pickup.id}")
    assert response.status_code == 200
    body = json_of(response)
    order_items = list(pickup.order.items.order_by("position"))
    rows = list(pickup.items.order_by("position"))
    assert body == {
        "id": str(pickup.id),
        "status": "PENDING",
        "items": [
            {
                "id": str(rows[0].id),
                "product": "coffee",
                "quantity": {"value": 2, "unit": "PIECES"},
                "sales_order": str(pickup.order_id),
                "sales_order_item_id": str(order_items[0].id),
            },
            {
                "id": str(rows[1].id),
                "product": "coffee",
                "quantity": {"value": Decimal("1.5"), "unit": "MASS_KILOGRAMS"},
                "sales_order": str(pickup.order_id),
                "sales_order_item_id": str(order_items[1].id),
            },
        ],
        "pickup_number": pickup.pickup_number,
        "pickup_location": {"service_location": "counter-1", "service_area": "hall"},
        "pickup_time_range": {"start": "2024-05-01T11:00:00Z", "end": "2024-05-01T12:00:00Z"},
        "pager_number": "42",
        "collector_information": {
            "name": "Ann",
            "email": None,
            "phone": "+49 30 1234567",
            "contact": None,
        },
    }
    assert '"value": 1.5, "unit": "MASS_KILOGRAMS"' in response.content.decode()
    PickupOut.model_validate(body)


def test_get_a_pickup_without_location_or_time_renders_nulls(api, product):
    pickup = new_pickup(api, product, location=None)
    body = json_of(api.get(f"{PICKUPS}/{pickup.id}"))
    assert (body["pickup_location"], body["pickup_time_range"], body["pager_number"]) == (
        None,
        None,
        None,
    )


# --- #28 list -----------------------------------------------------------------------------


def test_a_stored_pickup_that_cannot_be_rendered_becomes_a_problem_entry(api, product):
    good, broken = new_pickup(api, product), new_pickup(api, product)
    Pickup.objects.filter(id=broken.id).update(collector_information=["not", "an", "object"])
    response = listing(api, PICKUPS)
    assert response.status_code == 200
    body = json_of(response)
    assert [item["id"] for item in body["items"]] == [str(good.id)]
    assert len(body["problems"]) == 1
    assert body["problems"][0]["code"] == "RESOURCE_NOT_RENDERABLE"


def test_list_filters_by_pickup_number(api, product):
    pickups = [new_pickup(api, product) for _ in range(3)]
    listed = ids_of(listing(api, PICKUPS, pickup_number=pickups[1].pickup_number))
    assert listed == [str(pickups[1].id)]


def test_list_filters_by_pager_number(api, product):
    wanted = new_pickup(api, product, pager="8")
    new_pickup(api, product, pager="9")
    assert ids_of(listing(api, PICKUPS, pager_number="8")) == [str(wanted.id)]


def test_list_filters_by_pickup_location(api, product):
    drive_in = new_pickup(api, product, location="drive-in")
    new_pickup(api, product)  # at counter-1
    assert ids_of(listing(api, PICKUPS, pickup_location_id="drive-in")) == [str(drive_in.id)]


def test_list_filters_by_repeated_and_comma_separated_status(api, product):
    pending, prepared, picked_up = (new_pickup(api, product) for _ in range(3))
    for row, status in ((prepared, "PREPARED"), (picked_up, "PICKED_UP")):
        assert api.put(f"{PICKUPS}/{row.id}/status", status).status_code == 204
    expected = sorted([str(pending.id), str(prepared.id)])
    assert sorted(ids_of(listing(api, PICKUPS, status=["PENDING", "PREPARED"]))) == expected
    assert sorted(ids_of(listing(api, PICKUPS, status="PENDING,PREPARED"))) == expected
    assert ids_of(listing(api, PICKUPS, status="PICKED_UP")) == [str(picked_up.id)]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "SHIPPED"},
        {"status": "PENDING,picked_up"},
        {"from": "2024-05-01"},
        {"to": "1e400"},
        {"limit": "5001"},
        {"limit": "x"},
        {"offset": "-3"},
        {"pager_number": "9" * 1000},
    ],
    ids=[
        "unknown-status",
        "lowercase-status",
        "date-only",
        "to-not-a-date",
        "limit-too-big",
        "limit-not-a-number",
        "negative-offset",
        "long-pager",
    ],
)
def test_list_with_bad_parameters_is_400(api, query):
    assert_problem(listing(api, PICKUPS, **query), 400)


def test_list_ignores_an_empty_entry_in_a_comma_separated_status(api, product):
    pickup = new_pickup(api, product)
    assert ids_of(listing(api, PICKUPS, status="PENDING,")) == [str(pickup.id)]


# --- #30 status ---------------------------------------------------------------------------


def status_url(pickup) -> str:
    return f"{PICKUPS}/{pickup.id}/status"


def test_put_picked_up_straight_from_pending_is_204(api, pickup):
    assert api.put(status_url(pickup), "PICKED_UP").status_code == 204
    pickup.refresh_from_db()
    assert pickup.status == "PICKED_UP"


def test_put_picked_up_completes_an_order_whose_only_pickup_it_is(api, pickup):
    api.put(status_url(pickup), "PICKED_UP")
    order = json_of(api.get(f"/sales-orders/{pickup.order_id}"))
    assert (order["status"], order["fulfillment_information"]["aggregated_status"]) == (
        "COMPLETED",
        "FULFILLED",
    )


def test_put_a_forbidden_transition_is_409(api, pickup):
    api.put(status_url(pickup), "PICKED_UP")
    assert_problem(api.put(status_url(pickup), "PREPARED"), 409)


@pytest.mark.parametrize(
    "raw",
    ['{"status": "SHIPPED"}', '"RECEIVED"', "{}", '{"status": null}', "true", "[", ""],
    ids=["unknown", "delivery-status", "empty-object", "null-status", "bool", "malformed", "empty"],
)
def test_put_status_with_a_bad_body_is_400(api, pickup, raw):
    assert_problem(api.put(status_url(pickup), raw=raw), 400)
    pickup.refresh_from_db()
    assert pickup.status == "PENDING"


def test_openapi_declares_the_pickup_status_body_and_responses(api):
    schema = api.client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/org/{org-id}/fulfillments/pickups/{pickup-id}/status"]["put"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    variants = [resolved(schema, variant) for variant in body]
    string_variant = next(v for v in variants if v["type"] == "string")
    assert set(string_variant["enum"]) == {"PENDING", "PREPARED", "PICKED_UP", "CANCELED"}
    assert set(operation["responses"]) == {"204", "400", "403", "404", "409", "413"}
    assert operation["tags"] == ["Fulfillments"]
