"""The Sales Orders API: #24 list, #26 get, #27 status (the deprecated #25 POST is tested with
checkout in tests/drafts/services/test_checkout.py)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.rendering import JSON_CONTENT_TYPE
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.models import SalesOrder, SalesOrderItem, StatusEvent
from orders.schemas import SalesOrderOut, SalesOrderPage
from orders.services import sales_order_set_status
from tests.conftest import WINDOW, as_validated, assert_problem, ids_of, json_of, resolved
from tests.factories import (
    TEST_ACTOR,
    add_delivery,
    add_item,
    add_pickup,
    check_out,
    deliveries_of,
    make_draft,
    make_product,
    order_with,
    pickups_of,
)

ORDERS = "/sales-orders"


def listing(api, **query):
    return api.get(ORDERS, query={**WINDOW, **query})


def at(order: SalesOrder, when: datetime) -> SalesOrder:
    SalesOrder.objects.filter(id=order.id).update(transaction_date_and_time=when)
    order.refresh_from_db()
    return order


T0 = datetime(2024, 5, 1, 11, 0, tzinfo=UTC)


@pytest.fixture
def full_order(organization, product) -> SalesOrder:
    """Two items (one depending on the other), a pickup and a delivery, a customer."""
    deposit = make_product(organization, "deposit", price="0.25", name="Deposit")
    draft = make_draft(
        organization,
        customer={"individual_name": "Ann", "contact_email": "ann@example.com"},
        additional_invoice_information=[{"type": "NOTE", "text": ["thanks"]}],
        sales_channel="webshop",
    )
    bottle_deposit = add_item(draft, deposit, "2")
    coffee = add_item(
        draft,
        product,
        "3",
        lot="L1",
        depending_items=[
            {"depending_item_id": str(bottle_deposit.id), "dependency_type": "DEPOSIT"}
        ],
    )
    add_pickup(draft, [coffee], pager="5")
    add_delivery(draft, [bottle_deposit])
    return at(check_out(draft), T0)


# --- #26 get ------------------------------------------------------------------------------


def test_get_renders_the_sales_order_exactly(api, full_order):
    response = api.get(f"{ORDERS}/{full_order.id}")
    assert response.status_code == 200
    body = json_of(response)
    pickup, delivery = pickups_of(full_order)[0], deliveries_of(full_order)[0]
    coffee = full_order.items.get(product="coffee")
    deposit = full_order.items.get(product="deposit")
    assert body == {
        "id": str(full_order.id),
        "number": full_order.number,
        "sales_channel": "webshop",
        "additional_invoice_information": [{"type": "NOTE", "text": ["thanks"]}],
        "transaction_date_and_time": "2024-05-01T11:00:00Z",
        "status": "NEW",
        "customer_information": {
            "individual": None,
            "individual_name": "Ann",
            "organization": None,
            "organization_name": None,
            "invoice_address": None,
            "contact_address": None,
            "contact_email": "ann@example.com",
            "contact_phone": None,
        },
        "items": [
            {
                "id": str(deposit.id),
                "name": "Deposit",
                "product": "deposit",
                "lot": None,
                "quantity": {"value": 2, "unit": "PIECES"},
                "gross_amount": {"value": Decimal("0.50"), "unit": "EUR"},
                "net_amount": {"value": Decimal("0.42"), "unit": "EUR"},
                "undiscounted_gross_amount": {"value": Decimal("0.50"), "unit": "EUR"},
                "undiscounted_net_amount": {"value": Decimal("0.42"), "unit": "EUR"},
                "discounts": [],
                "taxes": ["DE_STANDARD_VAT_2007"],
                "depending_items": [],
                "additional_invoice_information": [],
            },
            {
                "id": str(coffee.id),
                "name": "Coffee beans 500 g",
                "product": "coffee",
                "lot": "L1",
                "quantity": {"value": 3, "unit": "PIECES"},
                "gross_amount": {"value": Decimal("30.00"), "unit": "EUR"},
                "net_amount": {"value": Decimal("25.21"), "unit": "EUR"},
                "undiscounted_gross_amount": {"value": Decimal("30.00"), "unit": "EUR"},
                "undiscounted_net_amount": {"value": Decimal("25.21"), "unit": "EUR"},
                "discounts": [],
                "taxes": ["DE_STANDARD_VAT_2007"],
                "depending_items": [
                    {"depending_item_id": str(deposit.id), "dependency_type": "DEPOSIT"}
                ],
                "additional_invoice_information": [],
            },
        ],
        "fulfillment_information": {
            "aggregated_status": "PENDING",
            "fulfillments": [
                {"fulfillment_type": "PICKUP", "fulfillment_id": str(pickup.id)},
                {"fulfillment_type": "DELIVERY", "fulfillment_id": str(delivery.id)},
            ],
        },
        "invoice_information": {"aggregated_status": "NOT_NECESSARY", "invoices": []},
        "invoices": [],
        "discounts": [],
    }
    SalesOrderOut.model_validate(body)


def test_amounts_are_json_numbers_not_strings(api, full_order):
    text = api.get(f"{ORDERS}/{full_order.id}").content.decode()
    assert '"gross_amount": {"value": 30.00, "unit": "EUR"}' in text


def test_get_an_unknown_order_is_404(api):
    assert_problem(api.get(f"{ORDERS}/0b9a3c64-3f7e-4d8e-9a1b-2c3d4e5f6a7b"), 404)


def test_get_an_id_that_is_not_a_uuid_is_404(api):
    assert_problem(api.get(f"{ORDERS}/{'x' * 300}"), 404)


def test_get_an_order_of_another_organization_is_404(api, other_api, full_order):
    assert_problem(other_api.get(f"{ORDERS}/{full_order.id}"), 404)


def test_get_without_a_token_is_403(api, full_order):
    assert_problem(api.get(f"{ORDERS}/{full_order.id}", token=""), 403)


def test_get_accepts_a_trailing_slash(api, full_order):
    assert api.get(f"{ORDERS}/{full_order.id}/").status_code == 200


def test_get_sends_exactly_the_body_and_content_type_of_a_validated_response(api, full_order):
    response = api.get(f"{ORDERS}/{full_order.id}")
    assert response.status_code == 200
    assert response["Content-Type"] == JSON_CONTENT_TYPE
    assert response.content == as_validated(SalesOrderOut, json_of(response))


def test_get_renders_the_order_as_the_list_does(api, full_order):
    listed = json_of(api.get(ORDERS, query=WINDOW))["items"]
    assert listed == [json_of(api.get(f"{ORDERS}/{full_order.id}"))]


def test_get_an_order_without_items_renders_an_empty_item_list(api, full_order):
    SalesOrderItem.objects.filter(order=full_order).delete()
    body = json_of(api.get(f"{ORDERS}/{full_order.id}"))
    assert (body["id"], body["items"], body["sales_channel"]) == (str(full_order.id), [], "webshop")


def test_get_lists_pickups_then_deliveries_each_oldest_first(api, product):
    order = order_with(api.organization, product, pickups=2, deliveries=2)
    pickups, deliveries = pickups_of(order), deliveries_of(order)
    for offset, fulfillment in enumerate([deliveries[1], pickups[1], deliveries[0], pickups[0]]):
        type(fulfillment).objects.filter(id=fulfillment.id).update(
            created_at=T0 + timedelta(minutes=offset)
        )
    body = json_of(api.get(f"{ORDERS}/{order.id}"))
    assert body["fulfillment_information"]["fulfillments"] == [
        {"fulfillment_type": "PICKUP", "fulfillment_id": str(pickups[1].id)},
        {"fulfillment_type": "PICKUP", "fulfillment_id": str(pickups[0].id)},
        {"fulfillment_type": "DELIVERY", "fulfillment_id": str(deliveries[1].id)},
        {"fulfillment_type": "DELIVERY", "fulfillment_id": str(deliveries[0].id)},
    ]


def test_get_runs_three_queries(api, full_order, django_assert_num_queries):
    # token, the order joined to its items, its pickups and deliveries
    with django_assert_num_queries(3):
        assert api.get(f"{ORDERS}/{full_order.id}").status_code == 200


# --- aggregated fulfillment status through the API -----------------------------------------


def aggregated(api, order) -> str:
    return json_of(api.get(f"{ORDERS}/{order.id}"))["fulfillment_information"]["aggregated_status"]


def test_aggregated_status_is_not_necessary_without_fulfillments(api, product):
    assert aggregated(api, order_with(api.organization, product, pickups=0)) == "NOT_NECESSARY"


def test_aggregated_status_is_partially_fulfilled_then_fulfilled(api, product):
    order = order_with(api.organization, product, pickups=1, deliveries=1)
    pickup_set_status(
        organization_id=order.organization_id,
        pickup_id=pickups_of(order)[0].id,
        status="PICKED_UP",
        actor=TEST_ACTOR,
    )
    assert aggregated(api, order) == "PARTIALLY_FULFILLED"
    for status in ["PREPARED", "SHIPPED", "RECEIVED"]:
        delivery_set_status(
            organization_id=order.organization_id,
            delivery_id=deliveries_of(order)[0].id,
            status=status,
            actor=TEST_ACTOR,
        )
    assert aggregated(api, order) == "FULFILLED"
    assert json_of(api.get(f"{ORDERS}/{order.id}"))["status"] == "COMPLETED"


def test_aggregated_status_is_canceled_when_the_order_is_canceled(api, product):
    order = order_with(api.organization, product, pickups=2)
    sales_order_set_status(
        organization_id=order.organization_id,
        sales_order_id=order.id,
        status="CANCELED",
        actor=TEST_ACTOR,
    )
    assert aggregated(api, order) == "CANCELED"


# --- #24 list -----------------------------------------------------------------------------


def test_list_returns_orders_of_the_window_oldest_first(api, product):
    orders = [order_with(api.organization, product, pickups=0) for _ in range(3)]
    at(orders[0], T0 + timedelta(minutes=2))
    at(orders[1], T0)
    at(orders[2], T0 + timedelta(hours=5))  # outside
    response = listing(api, **{"from": "2024-05-01T11:00:00Z", "to": "2024-05-01T13:00:00Z"})
    assert ids_of(response) == [str(orders[1].id), str(orders[0].id)]


def test_list_window_includes_from_and_excludes_to(api, product):
    inside, outside = (order_with(api.organization, product, pickups=0) for _ in range(2))
    at(inside, T0)
    at(outside, T0 + timedelta(hours=1))
    response = listing(api, **{"from": "2024-05-01T11:00:00Z", "to": "2024-05-01T12:00:00Z"})
    assert ids_of(response) == [str(inside.id)]


def test_list_accepts_an_offset_in_the_window_bounds(api, product):
    order = at(order_with(api.organization, product, pickups=0), T0)
    response = listing(
        api, **{"from": "2024-05-01T13:00:00+02:00", "to": "2024-05-01T14:00:00+02:00"}
    )
    assert ids_of(response) == [str(order.id)]


def test_list_ties_are_broken_by_id_and_paging_is_stable(api, product):
    orders = [at(order_with(api.organization, product, pickups=0), T0) for _ in range(5)]
    expected = sorted(str(order.id) for order in orders)
    pages = [ids_of(listing(api, limit=2, offset=offset)) for offset in (0, 2, 4)]
    assert pages == [expected[0:2], expected[2:4], expected[4:5]]


def test_list_renders_each_order_as_get_does(api, full_order):
    body = json_of(listing(api))
    assert body["items"] == [json_of(api.get(f"{ORDERS}/{full_order.id}"))]
    SalesOrderPage.model_validate(body)


def test_a_stored_order_that_cannot_be_rendered_becomes_a_problem_entry(api, product):
    good = at(order_with(api.organization, product, pickups=0), T0)
    broken = at(order_with(api.organization, product, pickups=0), T0 + timedelta(seconds=1))
    SalesOrder.objects.filter(id=broken.id).update(customer_information="just text")
    body = json_of(listing(api))
    assert [item["id"] for item in body["items"]] == [str(good.id)]
    assert [problem["status"] for problem in body["problems"]] == [500]


def test_list_filters_by_sales_channel(api, product):
    web = order_with(api.organization, product, pickups=0, sales_channel="webshop")
    order_with(api.organization, product, pickups=0, sales_channel="register")
    assert ids_of(listing(api, sales_channel_id="webshop")) == [str(web.id)]


def test_list_filters_by_number(api, product):
    orders = [order_with(api.organization, product, pickups=0) for _ in range(3)]
    assert ids_of(listing(api, number=orders[1].number)) == [str(orders[1].id)]


def test_list_filters_by_repeated_and_comma_separated_status(api, product):
    new, confirmed, canceled = (order_with(api.organization, product, pickups=0) for _ in range(3))
    for order, status in ((confirmed, "CONFIRMED"), (canceled, "CANCELED")):
        sales_order_set_status(
            organization_id=order.organization_id,
            sales_order_id=order.id,
            status=status,
            actor=TEST_ACTOR,
        )
    expected = sorted([str(new.id), str(canceled.id)])
    assert sorted(ids_of(listing(api, status=["NEW", "CANCELED"]))) == expected
    assert sorted(ids_of(listing(api, status="NEW,CANCELED"))) == expected
    assert ids_of(listing(api, status="CONFIRMED")) == [str(confirmed.id)]


def test_list_shows_only_the_organizations_orders(api, other_api, product):
    order_with(api.organization, product, pickups=0)
    assert ids_of(listing(other_api)) == []


@pytest.mark.parametrize(
    "query",
    [
        {"status": "SHIPPED"},
        {"status": "NEW,nope"},
        {"from": "yesterday"},
        {"from": "2024-05-01T11:00:00"},
        {"from": "2024-05-02T00:00:00Z", "to": "2024-05-01T00:00:00Z"},
        {"limit": "0"},
        {"limit": "5001"},
        {"offset": "-1"},
        {"number": "n" * 300},
    ],
    ids=[
        "unknown-status",
        "one-unknown-status",
        "from-not-rfc3339",
        "from-without-zone",
        "from-after-to",
        "limit-0",
        "limit-5001",
        "negative-offset",
        "long-number",
    ],
)
def test_list_with_bad_parameters_is_400(api, query):
    assert_problem(listing(api, **query), 400)


@pytest.mark.parametrize("missing", ["from", "to"])
def test_list_without_from_or_to_is_400(api, missing):
    query = {key: value for key, value in WINDOW.items() if key != missing}
    assert_problem(api.get(ORDERS, query=query), 400)


def test_list_without_a_token_is_403(api):
    assert_problem(api.get(ORDERS, query=WINDOW, token=""), 403)


@pytest.mark.parametrize("count", [1, 12])
def test_list_runs_a_fixed_number_of_queries(api, product, count, django_assert_num_queries):
    for _ in range(count):
        order_with(api.organization, product, pickups=2, deliveries=1)
    # token, orders, items, pickups, deliveries
    with django_assert_num_queries(5):
        response = listing(api)
    assert len(json_of(response)["items"]) == count


# --- #27 status ---------------------------------------------------------------------------


@pytest.fixture
def new_order(api, product) -> SalesOrder:
    return order_with(api.organization, product, pickups=1)


def status_url(order) -> str:
    return f"{ORDERS}/{order.id}/status"


def test_put_status_with_an_object_body_is_204_and_moves_the_order(api, new_order):
    response = api.put(status_url(new_order), {"status": "CONFIRMED"})
    assert response.status_code == 204
    assert response.content == b""
    new_order.refresh_from_db()
    assert new_order.status == "CONFIRMED"


def test_put_status_with_a_bare_string_body_is_204(api, new_order):
    assert api.put(status_url(new_order), "CONFIRMED").status_code == 204
    new_order.refresh_from_db()
    assert new_order.status == "CONFIRMED"


def test_put_status_appends_an_event_with_the_api_client(api, new_order):
    api.put(status_url(new_order), {"status": "CONFIRMED"})
    event = StatusEvent.objects.get(subject_id=new_order.id, to_status="CONFIRMED")
    assert (event.from_status, event.actor_label) == ("NEW", "API: tests")
    assert event.actor_token is not None


def test_put_the_current_status_again_is_a_204_no_op(api, new_order):
    assert api.put(status_url(new_order), {"status": "NEW"}).status_code == 204
    assert not StatusEvent.objects.filter(subject_id=new_order.id).exclude(from_status="").exists()


def test_put_a_forbidden_transition_is_409(api, new_order):
    body = assert_problem(
        api.put(status_url(new_order), {"status": "COMPLETED"}), 409, "TRANSITION_NOT_ALLOWED"
    )
    assert "NEW to COMPLETED" in body["detail"]
    new_order.refresh_from_db()
    assert new_order.status == "NEW"


def test_put_cancel_cancels_the_open_pickups(api, new_order):
    assert api.put(status_url(new_order), "CANCELED").status_code == 204
    assert [pickup.status for pickup in pickups_of(new_order)] == ["CANCELED"]


def test_put_hold_then_release_returns_to_the_held_from_status(api, new_order):
    api.put(status_url(new_order), "CONFIRMED")
    assert api.put(status_url(new_order), "ON_HOLD").status_code == 204
    assert_problem(api.put(status_url(new_order), "IN_PROCESS"), 409)
    assert api.put(status_url(new_order), "CONFIRMED").status_code == 204
    new_order.refresh_from_db()
    assert new_order.status == "CONFIRMED"


@pytest.mark.parametrize(
    "raw",
    [
        '{"status": "SHIPPED"}',
        '"nope"',
        '{"state": "CONFIRMED"}',
        '{"status": 3}',
        "3",
        "[]",
        "null",
        "{",
        "",
        '"' + "C" * 10_000 + '"',
    ],
    ids=[
        "unknown-status",
        "unknown-bare",
        "no-status-field",
        "status-not-string",
        "number",
        "list",
        "null",
        "malformed",
        "empty",
        "huge",
    ],
)
def test_put_status_with_a_bad_body_is_400_and_changes_nothing(api, new_order, raw):
    assert_problem(api.put(status_url(new_order), raw=raw), 400)
    new_order.refresh_from_db()
    assert new_order.status == "NEW"


def test_put_status_of_an_unknown_order_is_404(api):
    assert_problem(api.put(f"{ORDERS}/nope/status", {"status": "CONFIRMED"}), 404)


def test_put_status_of_an_order_of_another_organization_is_404(other_api, new_order):
    assert_problem(other_api.put(status_url(new_order), {"status": "CONFIRMED"}), 404)
    new_order.refresh_from_db()
    assert new_order.status == "NEW"


def test_put_status_without_a_token_is_403(api, new_order):
    assert_problem(api.put(status_url(new_order), {"status": "CONFIRMED"}, token=""), 403)


def test_openapi_declares_the_status_body_as_object_or_string(api):
    schema = api.client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/org/{org-id}/sales-orders/{sales-order-id}/status"]["put"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    variants = [resolved(schema, variant) for variant in body]
    assert {variant["type"] for variant in variants} == {"object", "string"}
    string_variant = next(v for v in variants if v["type"] == "string")
    assert set(string_variant["enum"]) == {
        "NEW",
        "CONFIRMED",
        "REJECTED",
        "IN_PROCESS",
        "COMPLETED",
        "CANCELED",
        "ON_HOLD",
    }
    assert set(operation["responses"]) == {"204", "400", "403", "404", "409", "413"}
