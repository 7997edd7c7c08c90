"""What the Fulfillments API does alike for pickups (#28-#30) and deliveries (#31-#33)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from ninja import Schema

from core.rendering import JSON_CONTENT_TYPE
from fulfillment.models import Delivery, DeliveryItem, Pickup, PickupItem
from fulfillment.schemas import DeliveryOut, DeliveryPage, PickupOut, PickupPage
from orders.models import SalesOrder, StatusEvent
from orders.services import sales_order_set_status
from tests.conftest import WINDOW, as_validated, assert_problem, ids_of, json_of
from tests.factories import TEST_ACTOR, add_delivery, add_item, add_pickup, check_out, make_draft
from tests.fulfillment.api.conftest import (
    DELIVERIES,
    PICKUPS,
    T0,
    created_at,
    listing,
)

UNKNOWN = "9c1d0f5e-2b3a-4c5d-8e9f-0a1b2c3d4e5f"


@dataclass(frozen=True)
class Kind:
    path: str
    model: type[Pickup] | type[Delivery]
    item_model: type[PickupItem] | type[DeliveryItem]
    out: type[Schema]
    page: type[Schema]
    add: Callable  # tests.factories.add_pickup or add_delivery
    subject_type: str
    fixture: str  # the conftest fixture of one richly filled row

    def url(self, row) -> str:
        return f"{self.path}/{row.id}"

    def status_url(self, row) -> str:
        return f"{self.path}/{row.id}/status"


KINDS = [
    Kind(PICKUPS, Pickup, PickupItem, PickupOut, PickupPage, add_pickup, "PICKUP", "pickup"),
    Kind(
        DELIVERIES,
        Delivery,
        DeliveryItem,
        DeliveryOut,
        DeliveryPage,
        add_delivery,
        "DELIVERY",
        "delivery",
    ),
]


@pytest.fixture(params=KINDS, ids=["pickups", "deliveries"])
def kind(request) -> Kind:
    return request.param


@pytest.fixture
def row(request, kind):
    return request.getfixturevalue(kind.fixture)


def checked_out(api, product, kind: Kind, *, rows: int = 1, items: int = 1) -> list:
    """The pickups (or deliveries) of a new order: `rows` of them, `items` items each."""
    draft = make_draft(api.organization)
    for _ in range(rows):
        kind.add(draft, [add_item(draft, product) for _ in range(items)])
    order = check_out(draft)
    return list(kind.model.objects.filter(order=order).order_by("created_at", "id"))


def one(api, product, kind: Kind):
    return checked_out(api, product, kind)[0]


# --- get ----------------------------------------------------------------------------------


def test_get_an_unknown_id_is_404(api, kind):
    assert_problem(api.get(f"{kind.path}/{UNKNOWN}"), 404)


@pytest.mark.parametrize("wrong", ["p" * 1000, "%F0%9F%9A%9A"], ids=["long", "emoji"])
def test_get_an_id_that_is_not_a_uuid_is_404(api, kind, wrong):
    assert_problem(api.get(f"{kind.path}/{wrong}"), 404)


def test_get_one_of_another_organization_is_404(other_api, kind, row):
    assert_problem(other_api.get(kind.url(row)), 404)


def test_get_without_a_token_is_403(api, kind, row):
    assert_problem(api.get(kind.url(row), token=""), 403)


def test_get_sends_exactly_the_body_and_content_type_of_a_validated_response(api, kind, row):
    response = api.get(kind.url(row))
    assert response.status_code == 200
    assert response["Content-Type"] == JSON_CONTENT_TYPE
    assert response.content == as_validated(kind.out, json_of(response))


def test_get_one_without_items_renders_an_empty_item_list(api, kind, row):
    kind.item_model.objects.filter(**{kind.fixture: row}).delete()
    response = api.get(kind.url(row))
    assert response.status_code == 200
    body = json_of(response)
    assert (body["id"], body["items"]) == (str(row.id), [])


def test_get_runs_two_queries(api, kind, row, django_assert_num_queries):
    with django_assert_num_queries(2):  # token, the row joined to its items
        assert api.get(kind.url(row)).status_code == 200


# --- list ---------------------------------------------------------------------------------


def test_list_returns_the_rows_of_the_window_oldest_first(api, product, kind):
    rows = [one(api, product, kind) for _ in range(4)]
    created_at(rows[0], T0 + timedelta(minutes=5))
    created_at(rows[1], T0)  # `from` is inclusive
    created_at(rows[2], T0 + timedelta(hours=1))  # `to` is exclusive
    created_at(rows[3], T0 - timedelta(seconds=1))
    response = listing(
        api, kind.path, **{"from": "2024-05-01T11:00:00Z", "to": "2024-05-01T12:00:00Z"}
    )
    assert ids_of(response) == [str(rows[1].id), str(rows[0].id)]


def test_list_renders_each_row_as_get_does(api, kind, row):
    body = json_of(listing(api, kind.path))
    assert body["items"] == [json_of(api.get(kind.url(row)))]
    kind.page.model_validate(body)


def test_list_pages_with_limit_and_offset_stably(api, product, kind):
    rows = [created_at(one(api, product, kind), T0) for _ in range(5)]
    expected = sorted(str(row.id) for row in rows)
    pages = [ids_of(listing(api, kind.path, limit=2, offset=offset)) for offset in (0, 2, 4)]
    assert pages == [expected[0:2], expected[2:4], expected[4:]]


def test_list_filters_by_sales_order(api, product, kind):
    wanted = checked_out(api, product, kind, rows=2)
    one(api, product, kind)
    listed = ids_of(listing(api, kind.path, sales_order_id=str(wanted[0].order_id)))
    assert sorted(listed) == sorted(str(row.id) for row in wanted)


def test_list_with_a_sales_order_id_that_is_not_a_uuid_is_empty(api, product, kind):
    one(api, product, kind)
    assert ids_of(listing(api, kind.path, sales_order_id="nope")) == []


def test_list_shows_only_the_organizations_rows(api, other_api, product, kind):
    one(api, product, kind)
    assert ids_of(listing(other_api, kind.path)) == []


def test_list_without_a_token_is_403(api, kind):
    assert_problem(api.get(kind.path, query=WINDOW, token=""), 403)


@pytest.mark.parametrize("count", [1, 15])
def test_list_runs_three_queries_whatever_the_page_size(
    api, product, kind, count, django_assert_num_queries
):
    for _ in range(count):
        checked_out(api, product, kind, items=3)
    with django_assert_num_queries(3):  # token, the rows, their items
        response = listing(api, kind.path)
    body = json_of(response)
    assert len(body["items"]) == count
    assert all(len(item["items"]) == 3 for item in body["items"])


# --- status -------------------------------------------------------------------------------


def test_put_status_with_an_object_body_is_204_and_moves_the_row(api, kind, row):
    response = api.put(kind.status_url(row), {"status": "PREPARED"})
    assert (response.status_code, response.content) == (204, b"")
    row.refresh_from_db()
    assert row.status == "PREPARED"


def test_put_status_with_a_bare_string_body_is_204_and_moves_the_row(api, kind, row):
    assert api.put(kind.status_url(row), "PREPARED").status_code == 204
    row.refresh_from_db()
    assert row.status == "PREPARED"


def test_put_status_appends_an_event_with_the_api_client(api, kind, row):
    api.put(kind.status_url(row), {"status": "PREPARED"})
    event = StatusEvent.objects.get(subject_id=row.id, to_status="PREPARED")
    assert (event.subject_type, event.from_status, event.actor_label) == (
        kind.subject_type,
        "PENDING",
        "API: tests",
    )


def test_put_the_first_move_puts_the_order_in_process(api, kind, row):
    api.put(kind.status_url(row), "PREPARED")
    assert SalesOrder.objects.get(id=row.order_id).status == "IN_PROCESS"


def test_put_the_current_status_again_is_a_204_no_op(api, kind, row):
    assert api.put(kind.status_url(row), {"status": "PENDING"}).status_code == 204
    assert not StatusEvent.objects.filter(subject_id=row.id).exclude(from_status="").exists()


def test_put_canceled_is_409_and_names_the_sales_order(api, kind, row):
    response = api.put(kind.status_url(row), {"status": "CANCELED"})
    body = assert_problem(response, 409, "TRANSITION_NOT_ALLOWED")
    assert "sales order" in body["detail"]
    row.refresh_from_db()
    assert row.status == "PENDING"


def test_put_while_the_order_is_on_hold_is_409(api, kind, row):
    sales_order_set_status(
        organization_id=row.organization_id,
        sales_order_id=row.order_id,
        status="ON_HOLD",
        actor=TEST_ACTOR,
    )
    body = assert_problem(api.put(kind.status_url(row), "PREPARED"), 409)
    assert "ON_HOLD" in body["detail"]


@pytest.mark.parametrize("wrong", ["nope", "0", UNKNOWN])
def test_put_status_of_an_unknown_id_is_404(api, kind, wrong):
    assert_problem(api.put(f"{kind.path}/{wrong}/status", "PREPARED"), 404)


def test_put_status_of_one_of_another_organization_is_404(other_api, kind, row):
    assert_problem(other_api.put(kind.status_url(row), "PREPARED"), 404)


def test_put_status_without_a_token_is_403(api, kind, row):
    assert_problem(api.put(kind.status_url(row), "PREPARED", token=""), 403)
