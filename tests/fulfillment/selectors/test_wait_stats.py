"""Waiting times by location and hour (fulfillment.wait_stats): counts, continuous median and
90th percentile of the minutes from order to PREPARED and to PICKED_UP, hours in the store's
zone, from the pickups' status events."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.actors import Actor
from fulfillment.services import pickup_set_status
from fulfillment.wait_stats import HourWaits, Wait, pickup_waits_by_hour
from orders.services import sales_order_set_status
from orders.statuses import PickupStatus, SalesOrderStatus
from tests import factories

BERLIN = ZoneInfo("Europe/Berlin")
DAY_START = datetime(2026, 11, 20, tzinfo=BERLIN)
DAY_END = DAY_START + timedelta(days=1)
pytestmark = pytest.mark.django_db


def waits(organization, *, start=DAY_START, end=DAY_END, zone=BERLIN, location=""):
    return pickup_waits_by_hour(
        organization_id=organization.id, zone=zone, start=start, end=end, location=location
    )


def at(hour: int, minute: int = 0) -> datetime:
    return DAY_START.replace(hour=hour, minute=minute)


def test_median_and_90th_percentile_are_continuous_over_the_pickups_of_an_hour(organization):
    for minute, prepared, picked_up in [(0, 5, 10), (10, 10, 30), (20, 20, 40), (30, None, 15)]:
        factories.timed_pickup(organization, at(8, minute), prepared=prepared, picked_up=picked_up)

    assert waits(organization) == [
        HourWaits(
            location="front",
            hour=8,
            pickups=4,
            # 5, 10, 20: median 10; 90th at rank 1.8: 10 + 0.8 × 10
            to_prepared=Wait(count=3, median=10.0, p90=18.0),
            # 10, 15, 30, 40: median at rank 1.5: 22.5; 90th at rank 2.7: 30 + 0.7 × 10
            to_picked_up=Wait(count=4, median=22.5, p90=37.0),
        )
    ]


def test_hours_are_the_hours_of_the_order_in_the_stores_zone(organization):
    factories.timed_pickup(organization, at(0, 30), prepared=4)  # 23:30 UTC the day before
    factories.timed_pickup(organization, at(23, 59), prepared=6)  # 22:59 UTC

    rows = waits(organization)

    assert [(row.hour, row.to_prepared.median) for row in rows] == [(0, 4.0), (23, 6.0)]
    assert [row.hour for row in waits(organization, zone=ZoneInfo("UTC"))] == [22, 23]


def test_one_pickup_is_its_own_median_and_90th_percentile(organization):
    factories.timed_pickup(organization, at(9), prepared=7.5, picked_up=12)

    (row,) = waits(organization)

    assert row.to_prepared == Wait(count=1, median=7.5, p90=7.5)
    assert row.to_picked_up == Wait(count=1, median=12.0, p90=12.0)


def test_an_open_pickup_counts_without_times(organization):
    factories.timed_pickup(organization, at(9))

    (row,) = waits(organization)

    assert (row.pickups, row.to_prepared, row.to_picked_up) == (
        1,
        Wait(0, None, None),
        Wait(0, None, None),
    )


def test_after_an_undo_the_latest_prepared_counts(organization):
    pickup = factories.timed_pickup(organization, at(10), prepared=3)
    actor = Actor.system("tests")
    for minutes, status in ((5, PickupStatus.PENDING), (9, PickupStatus.PREPARED)):
        with time_machine.travel(at(10, minutes), tick=False):
            pickup_set_status(
                organization_id=organization.id, pickup_id=pickup.id, status=status, actor=actor
            )

    (row,) = waits(organization)

    assert row.to_prepared == Wait(count=1, median=9.0, p90=9.0)


def test_locations_are_apart_and_one_can_be_chosen(organization):
    factories.timed_pickup(organization, at(8), prepared=2, service_location="front")
    factories.timed_pickup(organization, at(8), prepared=8, service_location="back")

    assert [(row.location, row.to_prepared.median) for row in waits(organization)] == [
        ("back", 8.0),
        ("front", 2.0),
    ]
    assert [row.location for row in waits(organization, location="front")] == ["front"]


def test_only_pickups_ordered_in_the_range_count(organization):
    factories.timed_pickup(organization, DAY_START - timedelta(minutes=1), prepared=1)
    factories.timed_pickup(organization, DAY_START, prepared=2)
    factories.timed_pickup(organization, DAY_END - timedelta(minutes=1), prepared=3)
    factories.timed_pickup(organization, DAY_END, prepared=4)

    assert [row.to_prepared.median for row in waits(organization)] == [2.0, 3.0]


def test_canceled_pickups_and_other_organizations_are_left_out(organization, other_organization):
    canceled = factories.timed_pickup(organization, at(8), prepared=2)
    sales_order_set_status(
        organization_id=organization.id,
        sales_order_id=canceled.order_id,
        status=SalesOrderStatus.CANCELED,
        actor=Actor.system("tests"),
    )
    factories.timed_pickup(other_organization, at(8), prepared=5)

    assert waits(organization) == []
    assert [row.pickups for row in waits(other_organization)] == [1]
