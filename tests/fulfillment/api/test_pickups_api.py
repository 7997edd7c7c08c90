"""The Fulfillments API for pickups: #28 list, #29 get, #30 status."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.rendering import JSON_CONTENT_TYPE, ExactJsonRenderer
from fulfillment.models import Pickup, PickupItem
from fulfillment.schemas import PickupOut, PickupPage
from orders.models import SalesOrder, StatusEvent
from orders.services import sales_order_set_status
from tests.conftest import WINDOW, assert_problem, json_of, resolved
from tests.factories import (
    TEST_ACTOR,
    add_item,
    add_pickup,
    check_out,
    make_draft,
    order_with,
    pickups_of,
)

PICKUPS = "/fulfillments/pickups"
T0 = datetime(2024, 5, 1, 11, 0, tzinfo=UTC)


def listing(api, **query):
    return api.get(PICKUPS, query={**WINDOW, **query})


def ids_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    body = json_of(response)
    assert body["problems"] == []
    return [item["id"] for item in body["items"]]


def created_at(pickup: Pickup, when: datetime) -> Pickup:
    Pickup.objects.filter(id=pickup.id).update(created_at=when)
    return pickup


def new_pickup(api, product, **kwargs) -> Pickup:
    return pickups_of(order_with(api.organization, product, pickups=1, **kwargs))[0]


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
    draft = make_draft(api.organization)
    add_pickup(draft, [add_item(draft, product)], location=None)
    pickup = Pickup.objects.get(order=check_out(draft))
    body = json_of(api.get(f"{PICKUPS}/{pickup.id}"))
    assert (body["pickup_location"], body["pickup_time_range"], body["pager_number"]) == (
        None,
        None,
        None,
    )


def test_get_an_unknown_pickup_is_404(api):
    assert_problem(api.get(f"{PICKUPS}/9c1d0f5e-2b3a-4c5d-8e9f-0a1b2c3d4e5f"), 404)


def test_get_an_id_that_is_not_a_uuid_is_404(api):
    assert_problem(api.get(f"{PICKUPS}/{'p' * 1000}"), 404)


def test_get_a_pickup_of_another_organization_is_404(other_api, pickup):
    assert_problem(other_api.get(f"{PICKUPS}/{pickup.id}"), 404)


def test_get_without_a_token_is_403(api, pickup):
    assert_problem(api.get(f"{PICKUPS}/{pickup.id}", token=""), 403)


def as_validated(schema, body) -> bytes:
    """What django-ninja sends after validating `body` against the operation's response schema
    (the endpoint skips that pass: its selector builds the exact shape)."""
    dumped = schema.model_validate(body).model_dump()
    return ExactJsonRenderer().render(None, dumped, response_status=200).encode()


def test_get_sends_exactly_the_body_and_content_type_of_a_validated_response(api, pickup):
    response = api.get(f"{PICKUPS}/{pickup.id}")
    assert response.status_code == 200
    assert response["Content-Type"] == JSON_CONTENT_TYPE
    assert response.content == as_validated(PickupOut, json_of(response))


def test_get_a_pickup_without_items_renders_an_empty_item_list(api, pickup):
    PickupItem.objects.filter(pickup=pickup).delete()
    response = api.get(f"{PICKUPS}/{pickup.id}")
    assert response.status_code == 200
    body = json_of(response)
    assert (body["id"], body["items"], body["pager_number"]) == (str(pickup.id), [], "42")


def test_get_runs_two_queries(api, pickup, django_assert_num_queries):
    with django_assert_num_queries(2):  # token, the pickup joined to its items
        assert api.get(f"{PICKUPS}/{pickup.id}").status_code == 200


# --- #28 list -----------------------------------------------------------------------------


def test_list_returns_pickups_of_the_window_oldest_first(api, product):
    pickups = [new_pickup(api, product) for _ in range(3)]
    created_at(pickups[0], T0 + timedelta(minutes=5))
    created_at(pickups[1], T0)
    created_at(pickups[2], T0 + timedelta(hours=1))  # `to` is exclusive
    response = listing(api, **{"from": "2024-05-01T11:00:00Z", "to": "2024-05-01T12:00:00Z"})
    assert ids_of(response) == [str(pickups[1].id), str(pickups[0].id)]


def test_list_renders_each_pickup_as_get_does(api, pickup):
    body = json_of(listing(api))
    assert body["items"] == [json_of(api.get(f"{PICKUPS}/{pickup.id}"))]
    PickupPage.model_validate(body)


def test_a_stored_pickup_that_cannot_be_rendered_becomes_a_problem_entry(api, product):
    good, broken = new_pickup(api, product), new_pickup(api, product)
    Pickup.objects.filter(id=broken.id).update(collector_information=["not", "an", "object"])
    response = listing(api)
    assert response.status_code == 200
    body = json_of(response)
    assert [item["id"] for item in body["items"]] == [str(good.id)]
    assert len(body["problems"]) == 1
    assert body["problems"][0]["code"] == "RESOURCE_NOT_RENDERABLE"


def test_list_pages_with_limit_and_offset_stably(api, product):
    pickups = [created_at(new_pickup(api, product), T0) for _ in range(5)]
    expected = sorted(str(p.id) for p in pickups)
    assert [ids_of(listing(api, limit=2, offset=o)) for o in (0, 2, 4)] == [
        expected[0:2],
        expected[2:4],
        expected[4:],
    ]


def test_list_filters_by_sales_order(api, product):
    order = order_with(api.organization, product, pickups=2)
    new_pickup(api, product)
    assert sorted(ids_of(listing(api, sales_order_id=str(order.id)))) == sorted(
        str(p.id) for p in pickups_of(order)
    )


def test_list_with_a_sales_order_id_that_is_not_a_uuid_is_empty(api, product):
    new_pickup(api, product)
    assert ids_of(listing(api, sales_order_id="nope")) == []


def test_list_filters_by_pickup_number(api, product):
    pickups = [new_pickup(api, product) for _ in range(3)]
    assert ids_of(listing(api, pickup_number=pickups[1].pickup_number)) == [str(pickups[1].id)]


def test_list_filters_by_pager_number(api, product):
    wanted = new_pickup(api, product, pagers=["8"])
    new_pickup(api, product, pagers=["9"])
    assert ids_of(listing(api, pager_number="8")) == [str(wanted.id)]


def test_list_filters_by_pickup_location(api, product):
    draft = make_draft(api.organization)
    add_pickup(draft, [add_item(draft, product)], location="drive-in")
    drive_in = Pickup.objects.get(order=check_out(draft))
    new_pickup(api, product)  # at counter-1
    assert ids_of(listing(api, pickup_location_id="drive-in")) == [str(drive_in.id)]


def test_list_filters_by_repeated_and_comma_separated_status(api, product):
    pending, prepared, picked_up = (new_pickup(api, product) for _ in range(3))
    for row, statuses in ((prepared, ["PREPARED"]), (picked_up, ["PICKED_UP"])):
        for status in statuses:
            assert api.put(f"{PICKUPS}/{row.id}/status", status).status_code == 204
    expected = sorted([str(pending.id), str(prepared.id)])
    assert sorted(ids_of(listing(api, status=["PENDING", "PREPARED"]))) == expected
    assert sorted(ids_of(listing(api, status="PENDING,PREPARED"))) == expected
    assert ids_of(listing(api, status="PICKED_UP")) == [str(picked_up.id)]


def test_list_shows_only_the_organizations_pickups(api, other_api, product):
    new_pickup(api, product)
    assert ids_of(listing(other_api)) == []


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
    assert_problem(listing(api, **query), 400)


def test_list_ignores_an_empty_entry_in_a_comma_separated_status(api, product):
    pickup = new_pickup(api, product)
    assert ids_of(listing(api, status="PENDING,")) == [str(pickup.id)]


def test_list_without_a_token_is_403(api):
    assert_problem(api.get(PICKUPS, query=WINDOW, token=""), 403)


@pytest.mark.parametrize("count", [1, 15])
def test_list_runs_three_queries_whatever_the_page_size(
    api, product, count, django_assert_num_queries
):
    for _ in range(count):
        draft = make_draft(api.organization)
        items = [add_item(draft, product) for _ in range(3)]
        add_pickup(draft, items)
        check_out(draft)
    with django_assert_num_queries(3):  # token, pickups, items
        response = listing(api)
    body = json_of(response)
    assert len(body["items"]) == count
    assert all(len(item["items"]) == 3 for item in body["items"])


# --- #30 status ---------------------------------------------------------------------------


def status_url(pickup) -> str:
    return f"{PICKUPS}/{pickup.id}/status"


def test_put_status_with_an_object_body_is_204_and_moves_the_pickup(api, pickup):
    response = api.put(status_url(pickup), {"status": "PREPARED"})
    assert (response.status_code, response.content) == (204, b"")
    pickup.refresh_from_db()
    assert pickup.status == "PREPARED"


def test_put_status_with_a_bare_string_body_is_204(api, pickup):
    assert api.put(status_url(pickup), "PICKED_UP").status_code == 204
    pickup.refresh_from_db()
    assert pickup.status == "PICKED_UP"


def test_put_status_appends_an_event_with_the_api_client(api, pickup):
    api.put(status_url(pickup), {"status": "PREPARED"})
    event = StatusEvent.objects.get(subject_id=pickup.id, to_status="PREPARED")
    assert (event.subject_type, event.from_status, event.actor_label) == (
        "PICKUP",
        "PENDING",
        "API: tests",
    )


def test_put_the_first_move_puts_the_order_in_process(api, pickup):
    api.put(status_url(pickup), "PREPARED")
    assert SalesOrder.objects.get(id=pickup.order_id).status == "IN_PROCESS"


def test_put_picked_up_completes_an_order_whose_only_pickup_it_is(api, pickup):
    api.put(status_url(pickup), "PICKED_UP")
    order = json_of(api.get(f"/sales-orders/{pickup.order_id}"))
    assert (order["status"], order["fulfillment_information"]["aggregated_status"]) == (
        "COMPLETED",
        "FULFILLED",
    )


def test_put_the_current_status_again_is_a_204_no_op(api, pickup):
    assert api.put(status_url(pickup), "PENDING").status_code == 204
    assert not StatusEvent.objects.filter(subject_id=pickup.id).exclude(from_status="").exists()


def test_put_canceled_is_409(api, pickup):
    body = assert_problem(
        api.put(status_url(pickup), {"status": "CANCELED"}), 409, "TRANSITION_NOT_ALLOWED"
    )
    assert "sales order" in body["detail"]


def test_put_a_forbidden_transition_is_409(api, pickup):
    api.put(status_url(pickup), "PICKED_UP")
    assert_problem(api.put(status_url(pickup), "PREPARED"), 409)


def test_put_while_the_order_is_on_hold_is_409(api, pickup):
    sales_order_set_status(
        organization_id=pickup.organization_id,
        sales_order_id=pickup.order_id,
        status="ON_HOLD",
        actor=TEST_ACTOR,
    )
    body = assert_problem(api.put(status_url(pickup), "PREPARED"), 409)
    assert "ON_HOLD" in body["detail"]


@pytest.mark.parametrize(
    "raw",
    ['{"status": "SHIPPED"}', '"RECEIVED"', "{}", '{"status": null}', "true", "[", ""],
    ids=["unknown", "delivery-status", "empty-object", "null-status", "bool", "malformed", "empty"],
)
def test_put_status_with_a_bad_body_is_400(api, pickup, raw):
    assert_problem(api.put(status_url(pickup), raw=raw), 400)
    pickup.refresh_from_db()
    assert pickup.status == "PENDING"


def test_put_status_of_an_unknown_pickup_is_404(api):
    assert_problem(api.put(f"{PICKUPS}/nope/status", "PREPARED"), 404)


def test_put_status_of_a_pickup_of_another_organization_is_404(other_api, pickup):
    assert_problem(other_api.put(status_url(pickup), "PREPARED"), 404)


def test_put_status_without_a_token_is_403(api, pickup):
    assert_problem(api.put(status_url(pickup), "PREPARED", token=""), 403)


def test_openapi_declares_the_pickup_status_body_and_responses(api):
    schema = api.client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/org/{org-id}/fulfillments/pickups/{pickup-id}/status"]["put"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    variants = [resolved(schema, variant) for variant in body]
    string_variant = next(v for v in variants if v["type"] == "string")
    assert set(string_variant["enum"]) == {"PENDING", "PREPARED", "PICKED_UP", "CANCELED"}
    assert set(operation["responses"]) == {"204", "400", "403", "404", "409", "413"}
    assert operation["tags"] == ["Fulfillments"]
