"""The delivery board /desk/deliveries/: a column per status, the buttons the delivery machine
allows, filters by shipping location and service."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from fulfillment.models import Delivery
from orders.statuses import DeliveryStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import act, fragment, staff_client

URL = "/desk/deliveries/"
# session, user with memberships, change stamp, deliveries with their orders, their items
BOARD_FRAGMENT_QUERIES = 5


def column(content: bytes, status: str) -> list[str]:
    """Order numbers of the cards in one column."""
    html = content.decode()
    start = html.index(f'data-status="{status}" aria-labelledby=')
    end = html.find('<section class="column', start)
    return re.findall(r'data-order="([^"]+)"', html[start : end if end != -1 else len(html)])


def buttons_of(content: bytes, delivery: Delivery) -> list[str]:
    html = content.decode()
    start = html.index(f'id="delivery-{delivery.id}"')
    card = html[start : html.index("</article>", start)]
    return re.findall(r'<button type="submit" name="status" value="[A-Z_]+"[^>]*>([^<]+)<', card)


def move(client, delivery: Delivery, status: str, **filters):
    return act(client, f"/desk/deliveries/{delivery.id}/status/", {"status": status, **filters})


def test_each_status_has_its_column_oldest_first(organization):
    older = factories.delivery_order(organization, minutes_ago=30)
    newer = factories.delivery_order(organization, minutes_ago=3)
    prepared = factories.delivery_order(organization, status=DeliveryStatus.PREPARED)
    shipped = factories.delivery_order(organization, status=DeliveryStatus.SHIPPED)
    received = factories.delivery_order(organization, status=DeliveryStatus.RECEIVED)
    content = staff_client(organization).get(URL).content
    assert column(content, "PENDING") == [older.order.number, newer.order.number]
    assert column(content, "PREPARED") == [prepared.order.number]
    assert column(content, "SHIPPED") == [shipped.order.number]
    assert column(content, "RECEIVED") == [received.order.number]
    assert b"Received today" in content


def test_canceled_deliveries_are_not_on_the_board(organization):
    canceled = factories.delivery_order(organization, order_status=SalesOrderStatus.CANCELED)
    content = staff_client(organization).get(URL).content
    assert f'data-order="{canceled.order.number}"'.encode() not in content


def test_received_shows_only_deliveries_received_today_in_the_stores_time_zone(organization):
    organization.time_zone = "Pacific/Auckland"
    organization.save()
    zone = ZoneInfo("Pacific/Auckland")
    midnight = timezone.now().astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    today = factories.delivery_order(organization, status=DeliveryStatus.RECEIVED)
    yesterday = factories.delivery_order(organization, status=DeliveryStatus.RECEIVED)
    Delivery.objects.filter(id=today.id).update(status_changed_at=midnight + timedelta(minutes=1))
    Delivery.objects.filter(id=yesterday.id).update(
        status_changed_at=midnight - timedelta(minutes=1)
    )
    content = staff_client(organization).get(URL).content
    assert column(content, "RECEIVED") == [today.order.number]


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (DeliveryStatus.PENDING, ["Prepared"]),
        (DeliveryStatus.PREPARED, ["Shipped", "Undo"]),
        (DeliveryStatus.SHIPPED, ["Received"]),
        (DeliveryStatus.RECEIVED, []),
    ],
)
def test_a_card_offers_only_the_moves_the_machine_allows(organization, status, buttons):
    delivery = factories.delivery_order(organization, status=status)
    assert buttons_of(staff_client(organization).get(URL).content, delivery) == buttons


def test_a_delivery_of_an_order_on_hold_offers_no_button(organization):
    delivery = factories.delivery_order(organization, order_status=SalesOrderStatus.ON_HOLD)
    content = staff_client(organization).get(URL).content
    assert buttons_of(content, delivery) == []
    assert b"Order on hold: this delivery cannot move." in content


def test_a_card_shows_recipient_address_service_and_items(organization):
    factories.delivery_order(
        organization, recipient="Grace Hopper", city="Hamburg", shipping_service="DHL Express"
    )
    factories.delivery_order(organization, shipping_service="Bike courier")
    content = staff_client(organization).get(URL).content.decode()
    assert '<span class="recipient">Grace Hopper</span>' in content
    assert "<address>Torstraße 12<br>10119 Hamburg</address>" in content
    assert '<span class="chip">DHL Express</span>' in content
    assert "2 ×</span> Coffee beans 500 g" in content


def test_service_and_location_chips_show_only_when_the_board_mixes_them(organization):
    factories.delivery_order(organization, shipping_service="DHL", shipping_location="store")
    factories.delivery_order(organization, shipping_service="DHL", shipping_location="store")
    assert b'class="chip' not in staff_client(organization).get(URL).content
    factories.delivery_order(organization, shipping_service="UPS", shipping_location="store")
    content = staff_client(organization).get(URL).content
    assert b'<span class="chip">UPS</span>' in content
    assert b'class="chip quiet"' not in content


def test_text_from_customers_is_escaped_on_the_cards(organization):
    factories.delivery_order(
        organization,
        recipient="<i>Grace</i> & co",
        street=("Rue <b>", "1"),
        city='"Paris"',
        shipping_service="DHL & <x>",
        items=[("Tea & 'biscuits'", "1", "2.00")],
    )
    factories.delivery_order(organization, shipping_service="UPS")
    content = staff_client(organization).get(URL).content.decode()
    assert "<i>" not in content and "<b>" not in content and "<x>" not in content
    assert '<span class="recipient">&lt;i&gt;Grace&lt;/i&gt; &amp; co</span>' in content
    assert "<address>Rue &lt;b&gt; 1<br>10119 &quot;Paris&quot;</address>" in content
    assert '<span class="chip">DHL &amp; &lt;x&gt;</span>' in content
    assert "1 ×</span> Tea &amp; &#x27;biscuits&#x27;</li>" in content


def test_a_card_without_a_recipient_says_so(organization):
    delivery = factories.delivery_order(organization)
    Delivery.objects.filter(id=delivery.id).update(recipient_information=None)
    content = staff_client(organization).get(URL).content
    assert b'<span class="recipient">No recipient</span>' in content


def test_a_received_delivery_shows_when_it_was_received(organization):
    organization.time_zone = "Europe/Berlin"
    organization.save()
    delivery = factories.delivery_order(organization, status=DeliveryStatus.RECEIVED)
    delivery.refresh_from_db()
    received = timezone.localtime(delivery.status_changed_at, organization.zone)
    content = staff_client(organization).get(URL).content.decode()
    assert f'<span class="age done" title="Received">at {received:%H:%M}</span>' in content


@pytest.mark.parametrize(
    ("start", "button", "end"),
    [
        (DeliveryStatus.PENDING, DeliveryStatus.PREPARED, "PREPARED"),
        (DeliveryStatus.PREPARED, DeliveryStatus.SHIPPED, "SHIPPED"),
        (DeliveryStatus.SHIPPED, DeliveryStatus.RECEIVED, "RECEIVED"),
        (DeliveryStatus.PREPARED, DeliveryStatus.PENDING, "PENDING"),
    ],
)
def test_a_button_moves_the_delivery_across_the_board(organization, start, button, end):
    delivery = factories.delivery_order(organization, status=start)
    response = move(staff_client(organization), delivery, button)
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<section id="delivery-board"')
    assert column(response.content, end) == [delivery.order.number]
    assert b'class="notice ok"' in response.content
    delivery.refresh_from_db()
    assert delivery.status == end


def test_a_move_the_machine_refuses_is_a_short_inline_message(organization):
    delivery = factories.delivery_order(organization)
    response = move(staff_client(organization), delivery, DeliveryStatus.SHIPPED)
    assert b"cannot go from PENDING to SHIPPED" in response.content
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_a_delivery_of_another_organization_cannot_be_moved(organization, other_organization):
    delivery = factories.delivery_order(other_organization)
    response = move(staff_client(organization), delivery, DeliveryStatus.PREPARED)
    assert b"not found" in response.content
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_the_board_filters_by_shipping_location_and_service(organization):
    dhl_store = factories.delivery_order(
        organization, shipping_location="store", shipping_service="DHL"
    )
    factories.delivery_order(organization, shipping_location="store", shipping_service="UPS")
    factories.delivery_order(organization, shipping_location="warehouse", shipping_service="DHL")
    desk = staff_client(organization)
    page = desk.get(URL, data={"location": "store", "service": "DHL"}).content
    assert column(page, "PENDING") == [dhl_store.order.number]
    assert b'<option value="store" selected>store</option>' in page
    assert b'<option value="UPS">UPS</option>' in page
    moved = move(desk, dhl_store, DeliveryStatus.PREPARED, location="store", service="DHL")
    assert b'hx-get="/desk/deliveries/?location=store&amp;service=DHL"' in moved.content
    assert column(moved.content, "PENDING") == []


@pytest.mark.parametrize("count", [3, 40])
def test_a_board_poll_costs_the_same_few_queries_for_3_or_40_deliveries(
    organization, count, django_assert_num_queries
):
    statuses = list(DeliveryStatus)[:4]
    for index in range(count):
        factories.delivery_order(organization, status=statuses[index % 4])
    desk = staff_client(organization)
    desk.get(URL)
    with django_assert_num_queries(BOARD_FRAGMENT_QUERIES):
        response = fragment(desk, URL)
    assert response.content.count(b'<article class="card delivery"') == count


def test_today_starts_at_local_midnight(settings):
    from desk.presenters.texts import local_midnight

    settings.TIME_ZONE = "Europe/Berlin"
    moment = datetime(2025, 3, 30, 21, 30, tzinfo=ZoneInfo("UTC"))  # 23:30 in Berlin (CEST)
    assert local_midnight(moment) == datetime(2025, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))
