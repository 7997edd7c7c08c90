"""Orders /desk/orders/ and /desk/orders/<id>/: list with status filter, number search and
pages; detail with customer, items, fulfillments, history and the order machine's buttons."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from fulfillment.models import Pickup
from orders.models import SalesOrder, StatusEvent
from orders.statuses import PickupStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import act, fragment, staff_client

URL = "/desk/orders/"
# session, user with memberships, change stamp, count, page, pickups' statuses, deliveries' statuses
LIST_FRAGMENT_QUERIES = 7
# session, user with memberships, change stamp, order, items, pickups, deliveries, events
DETAIL_FRAGMENT_QUERIES = 8


def listed(content: bytes) -> list[str]:
    return re.findall(r'<tr data-order="([^"]+)">', content.decode())


def buttons(content: bytes) -> list[str]:
    html = content.decode()
    start = html.find('<form class="actions"')
    if start == -1:
        return []
    form = html[start : html.index("</form>", start)]
    return re.findall(r'<button type="submit" name="status" value="[A-Z_]+"[^>]*>([^<]+)<', form)


def move(client, order: SalesOrder, status: str):
    return act(client, f"/desk/orders/{order.id}/status/", {"status": status})


def placed(organization, minutes_ago: int, **kwargs) -> SalesOrder:
    return factories.order(
        organization, placed_at=timezone.now() - timedelta(minutes=minutes_ago), **kwargs
    )


def test_the_list_shows_the_newest_order_first(organization):
    old = placed(organization, 60)
    new = placed(organization, 5)
    assert listed(staff_client(organization).get(URL).content) == [new.number, old.number]


def test_the_list_filters_by_status(organization):
    placed(organization, 3)
    confirmed = placed(organization, 2, status=SalesOrderStatus.CONFIRMED)
    held = placed(organization, 1, status=SalesOrderStatus.ON_HOLD)
    desk = staff_client(organization)
    assert listed(desk.get(URL, {"status": "CONFIRMED"}).content) == [confirmed.number]
    both = desk.get(URL, {"status": ["CONFIRMED", "ON_HOLD"]}).content
    assert listed(both) == [held.number, confirmed.number]
    assert listed(desk.get(URL, {"status": "NONSENSE"}).content) != []


def test_the_list_searches_by_number(organization):
    orders = [placed(organization, 20 - index) for index in range(12)]
    content = staff_client(organization).get(URL, {"q": orders[10].number}).content
    assert listed(content) == [orders[10].number]
    nothing = staff_client(organization).get(URL, {"q": "no-such"}).content
    assert listed(nothing) == [] and b"No orders match." in nothing


def test_the_list_shows_customer_status_fulfillment_and_total(organization):
    factories.order(
        organization,
        customer={"individual_name": "Ada Lovelace"},
        items=[("Tea", "2", "3.50"), ("Cake", "1", "4.25")],
        pickups=[{"status": PickupStatus.PICKED_UP}],
    )
    content = staff_client(organization).get(URL).content.decode()
    assert "Ada Lovelace" in content
    assert '<span class="badge status-completed">Completed</span>' in content
    assert '<span class="badge fulfillment-fulfilled">Fulfilled</span>' in content
    assert "11.25 EUR" in content


def test_the_list_is_paged(organization):
    orders = [placed(organization, 100 - index) for index in range(30)]
    desk = staff_client(organization)
    first = desk.get(URL).content
    assert len(listed(first)) == 25
    assert b"Page 1 of 2 \xc2\xb7 30 orders" in first
    second = desk.get(URL, {"page": "2"}).content
    assert listed(second) == [order.number for order in reversed(orders[:5])]
    assert listed(desk.get(URL, {"page": "abc"}).content) == listed(first)
    assert listed(desk.get(URL, {"page": "999"}).content) == listed(second)


def test_the_list_of_another_organization_is_not_shown(organization, other_organization):
    placed(other_organization, 1)
    assert listed(staff_client(organization).get(URL).content) == []


@pytest.mark.parametrize("count", [3, 60])
def test_a_list_poll_costs_the_same_queries_for_3_or_60_orders(
    organization, count, django_assert_num_queries
):
    for index in range(count):
        factories.order(organization, pickups=[{}], deliveries=[{}] if index % 2 else [])
    desk = staff_client(organization)
    desk.get(URL)
    with django_assert_num_queries(LIST_FRAGMENT_QUERIES):
        response = fragment(desk, URL)
    assert len(listed(response.content)) == min(count, 25)


def test_the_detail_shows_customer_items_amounts_fulfillments_and_history(organization):
    order = factories.order(
        organization,
        customer={
            "individual_name": "Ada Lovelace",
            "contact_email": "ada@example.com",
            "contact_phone": "+49 30 1234567",
            "contact_address": {
                "street_name": "Unter den Linden",
                "street_number": "1",
                "zip": "10117",
                "city": "Berlin",
            },
        },
        items=[("Tea", "2", "3.50"), ("Cake", "1", "4.25")],
        pickups=[
            {"pager_number": "17", "service_location": "front", "status": PickupStatus.PREPARED}
        ],
        deliveries=[
            {
                "recipient_information": {"individual_name": "Grace Hopper"},
                "shipping_service": "DHL",
            }
        ],
    )
    content = staff_client(organization).get(f"/desk/orders/{order.id}/").content.decode()
    for text in (
        "Ada Lovelace",
        "ada@example.com",
        "+49 30 1234567",
        "Unter den Linden 1",
        "10117 Berlin",
        "Tea",
        "Cake",
        "7.00 EUR",
        "4.25 EUR",
        "11.25 EUR",
        "Pickup 17",
        "at front",
        "Delivery to Grace Hopper",
        "DHL",
    ):
        assert text in content, text
    history = content[content.index('<ol class="history">') :]
    assert re.search(r'class="subject">Order</span>\s*<span><strong>New</strong>', history)
    assert re.search(
        r"Pickup 17</span>\s*<span>Pending → <strong>Prepared</strong></span>\s*"
        r'<span class="actor">by API: webshop</span>',
        history,
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (SalesOrderStatus.NEW, ["Confirm", "Hold", "Reject", "Cancel"]),
        (SalesOrderStatus.CONFIRMED, ["Start", "Hold", "Cancel"]),
        (SalesOrderStatus.IN_PROCESS, ["Complete", "Hold", "Cancel"]),
        (SalesOrderStatus.ON_HOLD, ["Release", "Cancel"]),
        (SalesOrderStatus.COMPLETED, []),
        (SalesOrderStatus.REJECTED, []),
        (SalesOrderStatus.CANCELED, []),
    ],
)
def test_the_detail_offers_only_the_moves_the_order_machine_allows(organization, status, expected):
    order = factories.order(organization, status=status)
    content = staff_client(organization).get(f"/desk/orders/{order.id}/").content
    assert buttons(content) == expected
    if not expected:
        assert b"This order is final." in content


def test_reject_and_cancel_ask_for_confirmation(organization):
    order = factories.order(organization)
    content = staff_client(organization).get(f"/desk/orders/{order.id}/").content.decode()
    assert re.search(
        r'value="CANCELED" class="danger" hx-post="[^"]+" hx-confirm="Cancel order \d+\?', content
    )
    assert re.search(
        r'value="REJECTED" class="danger" hx-post="[^"]+" hx-confirm="Reject order \d+\?', content
    )


def test_confirm_moves_the_order_and_answers_with_the_detail_fragment(organization):
    order = factories.order(organization)
    response = move(staff_client(organization, "alice"), order, SalesOrderStatus.CONFIRMED)
    assert response.status_code == 200
    content = response.content
    assert content.lstrip().startswith(b'<section id="order-detail"')
    assert b'data-status="CONFIRMED"' in content
    assert f"Order {order.number} is confirmed.".encode() in content
    assert buttons(content) == ["Start", "Hold", "Cancel"]
    event = StatusEvent.objects.filter(subject_id=order.id).latest("id")
    assert (event.to_status, event.actor_label) == ("CONFIRMED", "alice")
    assert b"by alice" in content


def test_release_returns_a_held_order_to_where_it_was(organization):
    order = factories.order(organization, status=SalesOrderStatus.CONFIRMED)
    desk = staff_client(organization)
    move(desk, order, SalesOrderStatus.ON_HOLD)
    page = desk.get(f"/desk/orders/{order.id}/").content
    assert re.search(rb'value="CONFIRMED" class="primary" hx-post="[^"]+">Release<', page)
    move(desk, order, SalesOrderStatus.CONFIRMED)
    order.refresh_from_db()
    assert order.status == SalesOrderStatus.CONFIRMED


def test_cancel_cancels_the_open_pickups_too(organization):
    order = factories.order(organization, pickups=[{"pager_number": "3"}])
    move(staff_client(organization), order, SalesOrderStatus.CANCELED)
    order.refresh_from_db()
    assert order.status == SalesOrderStatus.CANCELED
    assert Pickup.objects.get(order=order).status == PickupStatus.CANCELED


def test_a_move_the_machine_refuses_is_a_short_inline_message(organization):
    order = factories.order(organization, status=SalesOrderStatus.COMPLETED, pickups=[{}])
    response = move(staff_client(organization), order, SalesOrderStatus.CONFIRMED)
    assert response.status_code == 200
    assert b"cannot go from COMPLETED to CONFIRMED" in response.content
    order.refresh_from_db()
    assert order.status == SalesOrderStatus.COMPLETED


def test_an_order_of_another_organization_is_404_and_cannot_be_moved(
    organization, other_organization
):
    order = factories.order(other_organization)
    desk = staff_client(organization)
    assert desk.get(f"/desk/orders/{order.id}/").status_code == 404
    response = move(desk, order, SalesOrderStatus.CONFIRMED)
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == SalesOrderStatus.NEW


def test_an_unknown_order_is_404(organization):
    response = staff_client(organization).get("/desk/orders/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


@pytest.mark.parametrize("pickups", [1, 40])
def test_a_detail_poll_costs_the_same_queries_however_many_fulfillments(
    organization, pickups, django_assert_num_queries
):
    order = factories.order(organization, pickups=[{}] * pickups, deliveries=[{}] * pickups)
    desk = staff_client(organization)
    desk.get(f"/desk/orders/{order.id}/")
    with django_assert_num_queries(DETAIL_FRAGMENT_QUERIES):
        fragment(desk, f"/desk/orders/{order.id}/")
