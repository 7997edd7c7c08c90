"""Live fragments answer a poll whose change stamp still holds with a bodiless 304 (the session,
user and membership look-up plus one small query), and a changed fragment with its new stamp."""

import pytest
from django.test import Client

from core.actors import Actor
from desk.views import baskets, deliveries, overview, pickups
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.services import sales_order_set_status
from orders.statuses import DeliveryStatus, PickupStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import HTMX, staff_client

# session, user, memberships, the change stamp
IDLE_POLL_QUERIES = 4
# the display, the change stamp
IDLE_SCREEN_POLL_QUERIES = 2

LIVE_PAGES = ["/desk/", "/desk/pickups/", "/desk/deliveries/", "/desk/orders/", "/desk/baskets/"]


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """The minute in the stamps of pages that show ages stands still during a test."""
    for module in (pickups, deliveries, overview, baskets):
        monkeypatch.setattr(module, "clock_minute", lambda: 29_000_000)


def poll(client: Client, url: str, stamp: str | None = None):
    headers = dict(HTMX)
    if stamp is not None:
        headers["If-None-Match"] = stamp
    return client.get(url, headers=headers)


@pytest.mark.parametrize("url", LIVE_PAGES)
def test_a_poll_with_the_current_stamp_is_a_bodiless_304(organization, url):
    factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    first = poll(desk, url)
    assert first.status_code == 200
    again = poll(desk, url, first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", LIVE_PAGES)
def test_the_stamp_is_in_the_fragment_for_the_next_poll(organization, url):
    desk = staff_client(organization)
    response = poll(desk, url)
    assert f'data-stamp="{response["ETag"].strip(chr(34))}"'.encode() in response.content


def test_the_full_page_ignores_a_stamp(organization):
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    response = desk.get("/desk/pickups/", headers={"If-None-Match": stamp})
    assert response.status_code == 200
    assert b"<html" in response.content


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("url", ["/desk/pickups/", "/desk/deliveries/", "/desk/"])
def test_an_idle_poll_costs_the_look_up_and_one_query_for_3_or_300_pickups(
    organization, url, count, django_assert_num_queries
):
    factories.many_pickups(organization, count)
    desk = staff_client(organization)
    stamp = poll(desk, url)["ETag"]
    with django_assert_num_queries(IDLE_POLL_QUERIES):
        assert poll(desk, url, stamp).status_code == 304


@pytest.mark.parametrize("count", [3, 300])
def test_an_idle_screen_poll_costs_two_queries_for_3_or_300_pickups(
    organization, count, django_assert_num_queries
):
    factories.many_pickups(organization, count)
    url = factories.display(organization).get_absolute_url()
    stamp = poll(Client(), url)["ETag"]
    with django_assert_num_queries(IDLE_SCREEN_POLL_QUERIES):
        assert poll(Client(), url, stamp).status_code == 304


@pytest.mark.parametrize("url", ["/desk/pickups/", "/desk/", "/desk/orders/"])
def test_a_pickup_move_changes_the_stamp(organization, url):
    pickup = factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    stamp = poll(desk, url)["ETag"]
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    response = poll(desk, url, stamp)
    assert response.status_code == 200
    assert response["ETag"] != stamp


def test_a_pickup_move_changes_the_counter_screen_stamp(organization):
    pickup = factories.pickup_order(organization, pager_number="7")
    url = factories.display(organization).get_absolute_url()
    stamp = poll(Client(), url)["ETag"]
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    response = poll(Client(), url, stamp)
    assert response.status_code == 200
    assert b">7<" in response.content


def test_a_pickup_leaving_the_queue_changes_the_stamp(organization):
    pickup = factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status=PickupStatus.PICKED_UP,
        actor=Actor.system(),
    )
    assert poll(desk, "/desk/pickups/", stamp).status_code == 200


def test_an_order_on_hold_changes_the_queue_stamp(organization):
    pickup = factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    sales_order_set_status(
        organization_id=organization.id,
        sales_order_id=pickup.order_id,
        status=SalesOrderStatus.ON_HOLD,
        actor=Actor.system(),
    )
    response = poll(desk, "/desk/pickups/", stamp)
    assert response.status_code == 200
    assert b"this pickup cannot move" in response.content


def test_a_delivery_move_changes_the_board_stamp(organization):
    delivery = factories.delivery_order(organization)
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/deliveries/")["ETag"]
    delivery_set_status(
        organization_id=organization.id,
        delivery_id=delivery.id,
        status=DeliveryStatus.PREPARED,
        actor=Actor.system(),
    )
    assert poll(desk, "/desk/deliveries/", stamp).status_code == 200


def test_a_move_at_another_location_leaves_a_filtered_queue_idle(organization):
    factories.pickup_order(organization, pager_number="7", service_location="front")
    elsewhere = factories.pickup_order(organization, pager_number="8", service_location="back")
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/?location=front")["ETag"]
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=elsewhere.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    assert poll(desk, "/desk/pickups/?location=front", stamp).status_code == 304


def test_a_stamp_of_other_filters_does_not_hold(organization):
    factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    assert poll(desk, "/desk/pickups/?number=7", stamp).status_code == 200


def test_a_new_basket_changes_the_baskets_and_overview_stamps(organization):
    desk = staff_client(organization)
    stamps = {url: poll(desk, url)["ETag"] for url in ("/desk/baskets/", "/desk/")}
    factories.basket(organization)
    for url, stamp in stamps.items():
        assert poll(desk, url, stamp).status_code == 200, url


def test_the_stamp_is_the_organizations_own(organization, other_organization):
    factories.pickup_order(organization, pager_number="7")
    ours = poll(staff_client(organization), "/desk/pickups/")["ETag"]
    theirs = staff_client(other_organization, "bob")
    assert poll(theirs, "/desk/pickups/", ours).status_code == 200
