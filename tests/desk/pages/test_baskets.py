"""Baskets /desk/baskets/ (finalized drafts waiting, with `Check out`) and the overview
/desk/."""

import re

import pytest

from drafts.models import SalesOrderDraft
from fulfillment.models import Pickup
from orders.models import SalesOrder
from orders.statuses import DeliveryStatus, PickupStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import act, fragment, staff_client

URL = "/desk/baskets/"
# session, user with memberships, change stamp, count, drafts, their items (with products), pickups,
# deliveries
BASKETS_FRAGMENT_QUERIES = 8
# session, user with memberships, change stamp, pickups, deliveries, orders, baskets
OVERVIEW_FRAGMENT_QUERIES = 7


def baskets_listed(content: bytes) -> list[str]:
    return re.findall(
        r'<article class="card basket" id="basket-[^"]+" data-number="([^"]+)"', content.decode()
    )


def check_out(client, draft: SalesOrderDraft):
    return act(client, f"/desk/baskets/{draft.id}/check-out/", {})


def test_finalized_drafts_wait_longest_first_and_open_drafts_do_not(organization):
    recent = factories.basket(organization, minutes_ago=1)
    waiting = factories.basket(organization, minutes_ago=20)
    factories.basket(organization, finalized=False)
    content = staff_client(organization).get(URL).content
    assert baskets_listed(content) == [waiting.number, recent.number]


def test_a_basket_shows_its_items_and_total(organization):
    factories.basket(
        organization,
        items=[("tea", "Green tea 100 g", "4.50", "2"), ("cake", "Cheesecake", "3.20", "1")],
        customer="Ada Lovelace",
        pager_number="21",
    )
    content = staff_client(organization).get(URL).content.decode()
    for text in (
        "Green tea 100 g",
        "9.00 EUR",
        "Cheesecake",
        "3.20 EUR",
        "12.20 EUR",
        "Ada Lovelace",
        "pager 21",
        ">Check out</button>",
    ):
        assert text in content, text


def test_check_out_turns_the_basket_into_an_order_and_links_to_it(organization):
    draft = factories.basket(organization, pager_number="21")
    response = check_out(staff_client(organization, "alice"), draft)
    assert response.status_code == 200
    order = SalesOrder.objects.get(draft_number=draft.number)
    assert order.status == SalesOrderStatus.NEW
    assert Pickup.objects.get(order=order).pager_number == "21"
    assert not SalesOrderDraft.objects.filter(id=draft.id).exists()
    content = response.content.decode()
    assert baskets_listed(response.content) == []
    assert f"Basket {draft.number} is now order {order.number}." in content
    assert f'<a href="/desk/orders/{order.id}/">Open order {order.number}</a>' in content
    assert {event.actor_label for event in order.events.all()} == {"alice"}


def test_without_javascript_check_out_lands_on_the_new_order(organization):
    draft = factories.basket(organization)
    response = staff_client(organization).post(f"/desk/baskets/{draft.id}/check-out/")
    order = SalesOrder.objects.get(draft_number=draft.number)
    assert response.status_code == 302
    assert response["Location"] == f"/desk/orders/{order.id}/"


def test_checking_out_a_basket_twice_says_it_is_gone(organization):
    draft = factories.basket(organization)
    desk = staff_client(organization)
    check_out(desk, draft)
    response = check_out(desk, draft)
    assert b'class="notice error"' in response.content
    assert b"not found" in response.content
    assert SalesOrder.objects.count() == 1


def test_a_basket_whose_pager_is_held_is_refused_with_the_reason(organization):
    factories.pickup_order(organization, pager_number="21", service_location="front")
    draft = factories.basket(organization, pager_number="21", service_location="front")
    response = check_out(staff_client(organization), draft)
    assert b"Pager number 21 at pickup location front is already held" in response.content
    assert SalesOrderDraft.objects.filter(id=draft.id).exists()


def test_a_basket_of_another_organization_cannot_be_checked_out(organization, other_organization):
    draft = factories.basket(other_organization)
    response = check_out(staff_client(organization), draft)
    assert b"not found" in response.content
    assert SalesOrderDraft.objects.filter(id=draft.id).exists()
    assert baskets_listed(staff_client(organization).get(URL).content) == []


@pytest.mark.parametrize("count", [2, 30])
def test_a_baskets_poll_costs_the_same_queries_for_2_or_30_baskets(
    organization, count, django_assert_num_queries
):
    for index in range(count):
        factories.basket(organization, delivery=bool(index % 2))
    desk = staff_client(organization)
    desk.get(URL)
    with django_assert_num_queries(BASKETS_FRAGMENT_QUERIES):
        response = fragment(desk, URL)
    assert len(baskets_listed(response.content)) == count


def count_of(content: bytes, name: str) -> int:
    return int(re.search(rf'data-count="{name}">(\d+)<', content.decode()).group(1))


def test_the_overview_counts_what_waits_on_each_page(organization, settings):
    settings.PICKUP_WAIT_WARNING_MINUTES = 10
    factories.pickup_order(organization, pager_number="1", minutes_ago=30)
    factories.pickup_order(organization, pager_number="2")
    factories.pickup_order(organization, pager_number="3", status=PickupStatus.PREPARED)
    factories.delivery_order(organization, status=DeliveryStatus.SHIPPED)
    factories.delivery_order(organization, status=DeliveryStatus.RECEIVED)
    factories.order(organization, status=SalesOrderStatus.ON_HOLD)
    factories.basket(organization)
    factories.basket(organization, finalized=False)
    content = staff_client(organization).get("/desk/").content
    assert count_of(content, "pickups-preparing") == 2
    assert count_of(content, "pickups-ready") == 1
    assert count_of(content, "pickups-overdue") == 1
    assert count_of(content, "deliveries-shipped") == 1
    assert count_of(content, "deliveries-received-today") == 1
    assert count_of(content, "orders-on-hold") == 1
    assert count_of(content, "baskets") == 1
    for link in ("/desk/pickups/", "/desk/deliveries/", "/desk/orders/", "/desk/baskets/"):
        assert f'href="{link}"'.encode() in content


def test_an_overview_poll_costs_a_fixed_number_of_queries(organization, django_assert_num_queries):
    factories.pickup_order(organization)
    desk = staff_client(organization)
    desk.get("/desk/")
    with django_assert_num_queries(OVERVIEW_FRAGMENT_QUERIES):
        response = fragment(desk, "/desk/")
    assert response.content.lstrip().startswith(b'<section id="overview"')
