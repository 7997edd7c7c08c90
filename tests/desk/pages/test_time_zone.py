"""Desk pages in the store's time zone (Organization.time_zone), not the server's: the times
shown and what "today" is move with it. The clock is frozen at 23:30 UTC, which is already
tomorrow in Auckland (12:30) and Berlin (00:30)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from fulfillment.models import Delivery
from orders.statuses import DeliveryStatus
from tests import factories
from tests.desk.client import staff_client

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 5, 23, 30, tzinfo=UTC)
# Auckland's today began at 11:00 UTC: 12:00 UTC is today there, 10:00 UTC yesterday; in UTC
# both are today.
RECEIVED_AUCKLAND_TODAY = datetime(2030, 3, 5, 12, 0, tzinfo=UTC)
RECEIVED_AUCKLAND_YESTERDAY = datetime(2030, 3, 5, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def in_zone(organization, zone: str):
    organization.time_zone = zone
    organization.save()
    return organization


def received_at(organization, moment: datetime) -> Delivery:
    delivery = factories.delivery_order(organization, status=DeliveryStatus.RECEIVED)
    Delivery.objects.filter(id=delivery.id).update(status_changed_at=moment)
    return delivery


def received_column(content: bytes) -> list[str]:
    html = content.decode()
    start = html.index('data-status="RECEIVED" aria-labelledby=')
    return re.findall(r'data-order="([^"]+)"', html[start:])


@pytest.mark.parametrize(
    ("zone", "shown"), [("UTC", ["today", "yesterday"]), ("Pacific/Auckland", ["today"])]
)
def test_received_today_is_the_stores_today(organization, zone, shown):
    in_zone(organization, zone)
    deliveries = {
        "today": received_at(organization, RECEIVED_AUCKLAND_TODAY),
        "yesterday": received_at(organization, RECEIVED_AUCKLAND_YESTERDAY),
    }
    content = staff_client(organization).get("/desk/deliveries/").content
    assert sorted(received_column(content)) == sorted(
        deliveries[name].order.number for name in shown
    )


@pytest.mark.parametrize(("zone", "count"), [("UTC", 2), ("Pacific/Auckland", 1)])
def test_the_overview_counts_deliveries_received_in_the_stores_today(organization, zone, count):
    in_zone(organization, zone)
    received_at(organization, RECEIVED_AUCKLAND_TODAY)
    received_at(organization, RECEIVED_AUCKLAND_YESTERDAY)
    content = staff_client(organization).get("/desk/").content.decode()
    assert f'<dd data-count="deliveries-received-today">{count}</dd>' in content


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("UTC", "23:00"), ("Europe/Berlin", "00:00"), ("Pacific/Auckland", "12:00")],
)
def test_an_order_shows_when_it_was_placed_on_the_stores_clock(organization, zone, shown):
    in_zone(organization, zone)
    factories.order(organization, placed_at=NOW - timedelta(minutes=30))
    content = staff_client(organization).get("/desk/orders/").content.decode()
    assert f"<td>{shown}</td>" in content


def test_a_moment_on_another_day_in_the_store_carries_that_days_date(organization):
    in_zone(organization, "Pacific/Auckland")
    factories.order(organization, placed_at=RECEIVED_AUCKLAND_YESTERDAY)  # 23:00 on the 5th
    content = staff_client(organization).get("/desk/orders/").content.decode()
    assert "<td>Tue 5 Mar 23:00</td>" in content


def test_the_stores_zone_ends_with_its_request(organization, settings):
    in_zone(organization, "Pacific/Auckland")
    staff_client(organization).get("/desk/")
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
