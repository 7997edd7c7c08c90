"""The Fulfillments API for deliveries: #31 list, #32 get, #33 status."""

from datetime import UTC, datetime, timedelta

import pytest

from core.rendering import JSON_CONTENT_TYPE, ExactJsonRenderer
from fulfillment.models import Delivery, DeliveryItem
from fulfillment.schemas import DeliveryOut, DeliveryPage
from orders.models import SalesOrder, StatusEvent
from orders.services import sales_order_set_status
from tests.conftest import WINDOW, assert_problem, json_of
from tests.factories import (
    TEST_ACTOR,
    add_delivery,
    add_item,
    check_out,
    deliveries_of,
    make_draft,
    order_with,
)

DELIVERIES = "/fulfillments/deliveries"
T0 = datetime(2024, 5, 1, 11, 0, tzinfo=UTC)


def listing(api, **query):
    return api.get(DELIVERIES, query={**WINDOW, **query})


def ids_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    body = json_of(response)
    assert body["problems"] == []
    return [item["id"] for item in body["items"]]


def created_at(delivery: Delivery, when: datetime) -> Delivery:
    Delivery.objects.filter(id=delivery.id).update(created_at=when)
    return delivery


def new_delivery(api, product, **kwargs) -> Delivery:
    draft = make_draft(api.organization)
    add_delivery(draft, [add_item(draft, product)], **kwargs)
    return Delivery.objects.get(order=check_out(draft))


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


def test_get_an_unknown_delivery_is_404(api):
    assert_problem(api.get(f"{DELIVERIES}/6e5d4c3b-2a19-4807-b6a5-948372615a0b"), 404)


def test_get_an_id_that_is_not_a_uuid_is_404(api):
    assert_problem(api.get(f"{DELIVERIES}/%F0%9F%9A%9A"), 404)


def test_get_a_delivery_of_another_organization_is_404(other_api, delivery):
    assert_problem(other_api.get(f"{DELIVERIES}/{delivery.id}"), 404)


def test_get_without_a_token_is_403(api, delivery):
    assert_problem(api.get(f"{DELIVERIES}/{delivery.id}", token=""), 403)


def as_validated(schema, body) -> bytes:
    """What django-ninja sends after validating `body` against the operation's response schema
    (the endpoint skips that pass: its selector builds the exact shape)."""
    dumped = schema.model_validate(body).model_dump()
    return ExactJsonRenderer().render(None, dumped, response_status=200).encode()


def test_get_sends_exactly_the_body_and_content_type_of_a_validated_response(api, delivery):
    response = api.get(f"{DELIVERIES}/{delivery.id}")
    assert response.status_code == 200
    assert response["Content-Type"] == JSON_CONTENT_TYPE
    assert response.content == as_validated(DeliveryOut, json_of(response))


def test_get_a_delivery_without_items_renders_an_empty_item_list(api, delivery):
    DeliveryItem.objects.filter(delivery=delivery).delete()
    response = api.get(f"{DELIVERIES}/{delivery.id}")
    assert response.status_code == 200
    body = json_of(response)
    assert (body["id"], body["items"], body["shipping_service"]) == (str(delivery.id), [], "dhl")


def test_get_runs_two_queries(api, delivery, django_assert_num_queries):
    with django_assert_num_queries(2):  # token, the delivery joined to its items
        assert api.get(f"{DELIVERIES}/{delivery.id}").status_code == 200


# --- #31 list -----------------------------------------------------------------------------


def test_list_returns_deliveries_of_the_window_oldest_first(api, product):
    rows = [new_delivery(api, product) for _ in range(3)]
    created_at(rows[0], T0 + timedelta(minutes=1))
    created_at(rows[1], T0)
    created_at(rows[2], T0 - timedelta(seconds=1))  # `from` is inclusive, this is before it
    response = listing(api, **{"from": "2024-05-01T11:00:00Z", "to": "2024-05-01T12:00:00Z"})
    assert ids_of(response) == [str(rows[1].id), str(rows[0].id)]


def test_list_renders_each_delivery_as_get_does(api, delivery):
    body = json_of(listing(api))
    assert body["items"] == [json_of(api.get(f"{DELIVERIES}/{delivery.id}"))]
    DeliveryPage.model_validate(body)


def test_list_pages_with_limit_and_offset(api, product):
    rows = [created_at(new_delivery(api, product), T0) for _ in range(3)]
    expected = sorted(str(row.id) for row in rows)
    assert ids_of(listing(api, limit=2)) == expected[:2]
    assert ids_of(listing(api, limit=2, offset=2)) == expected[2:]


def test_list_filters_by_sales_order(api, product):
    order = order_with(api.organization, product, pickups=0, deliveries=2)
    new_delivery(api, product)
    assert sorted(ids_of(listing(api, sales_order_id=str(order.id)))) == sorted(
        str(row.id) for row in deliveries_of(order)
    )


def test_list_filters_by_shipping_location(api, product):
    wanted = new_delivery(api, product, shipping_location="store-2")
    new_delivery(api, product, shipping_location="warehouse")
    assert ids_of(listing(api, shipping_location_id="store-2")) == [str(wanted.id)]


def test_list_filters_by_shipping_service(api, product):
    wanted = new_delivery(api, product, shipping_service="bike")
    new_delivery(api, product, shipping_service="dhl")
    assert ids_of(listing(api, shipping_service_id="bike")) == [str(wanted.id)]


def test_list_filters_by_repeated_and_comma_separated_status(api, product):
    pending, prepared, shipped = (new_delivery(api, product) for _ in range(3))
    api.put(f"{DELIVERIES}/{prepared.id}/status", "PREPARED")
    api.put(f"{DELIVERIES}/{shipped.id}/status", "PREPARED")
    api.put(f"{DELIVERIES}/{shipped.id}/status", "SHIPPED")
    expected = sorted([str(prepared.id), str(shipped.id)])
    assert sorted(ids_of(listing(api, status=["PREPARED", "SHIPPED"]))) == expected
    assert sorted(ids_of(listing(api, status="PREPARED,SHIPPED"))) == expected
    assert ids_of(listing(api, status="PENDING")) == [str(pending.id)]


def test_list_shows_only_the_organizations_deliveries(api, other_api, product):
    new_delivery(api, product)
    assert ids_of(listing(other_api)) == []


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
    assert_problem(listing(api, **query), 400)


def test_list_without_a_token_is_403(api):
    assert_problem(api.get(DELIVERIES, query=WINDOW, token=""), 403)


@pytest.mark.parametrize("count", [1, 15])
def test_list_runs_three_queries_whatever_the_page_size(
    api, product, count, django_assert_num_queries
):
    for _ in range(count):
        order_with(api.organization, product, pickups=0, deliveries=1)
    with django_assert_num_queries(3):  # token, deliveries, items
        response = listing(api)
    assert len(json_of(response)["items"]) == count


# --- #33 status ---------------------------------------------------------------------------


def status_url(delivery) -> str:
    return f"{DELIVERIES}/{delivery.id}/status"


def test_put_status_with_an_object_body_is_204_and_moves_the_delivery(api, delivery):
    response = api.put(status_url(delivery), {"status": "PREPARED"})
    assert (response.status_code, response.content) == (204, b"")
    delivery.refresh_from_db()
    assert delivery.status == "PREPARED"


def test_put_status_with_a_bare_string_body_is_204(api, delivery):
    assert api.put(status_url(delivery), "PREPARED").status_code == 204


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


def test_put_canceled_is_409(api, delivery):
    assert_problem(api.put(status_url(delivery), {"status": "CANCELED"}), 409)
    delivery.refresh_from_db()
    assert delivery.status == "PENDING"


def test_put_while_the_order_is_on_hold_is_409(api, delivery):
    sales_order_set_status(
        organization_id=delivery.organization_id,
        sales_order_id=delivery.order_id,
        status="ON_HOLD",
        actor=TEST_ACTOR,
    )
    assert_problem(api.put(status_url(delivery), "PREPARED"), 409)


def test_put_the_current_status_again_is_a_204_no_op(api, delivery):
    assert api.put(status_url(delivery), {"status": "PENDING"}).status_code == 204
    assert not StatusEvent.objects.filter(subject_id=delivery.id).exclude(from_status="").exists()


@pytest.mark.parametrize(
    "raw",
    ['{"status": "PICKED_UP"}', '"shipped"', '{"status": ["SHIPPED"]}', "1e400", "nul\u0000"],
    ids=["pickup-status", "lowercase", "list-status", "huge-number", "garbage"],
)
def test_put_status_with_a_bad_body_is_400(api, delivery, raw):
    assert_problem(api.put(status_url(delivery), raw=raw), 400)


def test_put_status_with_a_nul_byte_is_400(api, delivery):
    assert_problem(api.put(status_url(delivery), raw='"PRE\\u0000PARED"'), 400)


def test_put_status_of_an_unknown_delivery_is_404(api):
    assert_problem(api.put(f"{DELIVERIES}/0/status", "PREPARED"), 404)


def test_put_status_of_a_delivery_of_another_organization_is_404(other_api, delivery):
    assert_problem(other_api.put(status_url(delivery), "PREPARED"), 404)


def test_put_status_without_a_token_is_403(api, delivery):
    assert_problem(api.put(status_url(delivery), "PREPARED", token=""), 403)
