"""The waiting-times page /desk/stats/ and its CSV /desk/stats.csv: numbers by hour in the
store's zone for pickups with known times, the default range, the CSV equal to the page, a
fixed number of queries, members only."""

import csv
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from desk.presenters.stats import CSV_HEADER
from orders.models import StatusEvent
from orders.statuses import PickupStatus
from tests import factories
from tests.desk.client import staff_client

URL = "/desk/stats/"
CSV_URL = "/desk/stats.csv"
BERLIN = ZoneInfo("Europe/Berlin")
# The day the clock is frozen at: 1 December 2026, 15:00 in Berlin.
NOW = datetime(2026, 12, 1, 15, 0, tzinfo=BERLIN)
# session and user (memberships come from the access cache), the waits, locations of open
# pickups and of counter screens
PAGE_QUERIES = 5
CSV_QUERIES = 3  # session, user, the waits
CELLS = CSV_HEADER[2:]  # after location and hour


@pytest.fixture
def store(organization):
    organization.time_zone = "Europe/Berlin"
    organization.save(update_fields=["time_zone"])
    return organization


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def table_of(html: str) -> dict[tuple[str, int], dict[str, str]]:
    """The stats tables of a page: (location, hour) → cell name → text."""
    found = {}
    for section in re.findall(
        r'<section class="stats-location"[^>]*data-location="([^"]*)"(.*?)</section>', html, re.S
    ):
        location, body = section
        for hour, cells in re.findall(r'<tr data-hour="(\d+)">(.*?)</tr>', body, re.S):
            found[(location, int(hour))] = dict(
                re.findall(r'<td class="num" data-cell="([a-z0-9_]+)">([^<]*)</td>', cells)
            )
    return found


def csv_of(content: bytes) -> dict[tuple[str, int], dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    return {
        (row["location"], int(row["hour"])): {cell: row[cell] for cell in CELLS} for row in rows
    }


def test_the_page_gives_counts_medians_and_90th_percentiles_by_hour_in_the_stores_zone(
    store, frozen
):
    morning = NOW.replace(hour=8)  # 07:00 UTC
    for minute, prepared, picked_up in [(0, 5, 10), (10, 10, 30), (20, 20, 40), (30, None, 15)]:
        factories.timed_pickup(
            store, morning + timedelta(minutes=minute), prepared=prepared, picked_up=picked_up
        )
    factories.timed_pickup(store, NOW.replace(hour=13), prepared=6.25)

    response = staff_client(store).get(URL)

    assert response.status_code == 200
    assert table_of(response.content.decode()) == {
        ("front", 8): {
            "pickups": "4",
            "prepared_count": "3",
            "prepared_median_minutes": "10.0",
            "prepared_p90_minutes": "18.0",
            "picked_up_count": "4",
            "picked_up_median_minutes": "22.5",
            "picked_up_p90_minutes": "37.0",
        },
        ("front", 13): {
            "pickups": "1",
            "prepared_count": "1",
            "prepared_median_minutes": "6.3",
            "prepared_p90_minutes": "6.3",
            "picked_up_count": "0",
            "picked_up_median_minutes": "–",
            "picked_up_p90_minutes": "–",
        },
    }


def test_the_default_range_is_the_last_7_days_of_the_stores_calendar(store, frozen):
    first_day = NOW.replace(hour=0, minute=0) - timedelta(days=6)
    factories.timed_pickup(store, first_day, prepared=1)  # 25 Nov 00:00 Berlin: in
    factories.timed_pickup(store, first_day - timedelta(minutes=1), prepared=2)  # out

    response = staff_client(store).get(URL)

    html = response.content.decode()
    assert 'name="start" value="2026-11-25"' in html
    assert 'name="end" value="2026-12-01"' in html
    assert list(table_of(html)) == [("front", 0)]


def test_a_chosen_range_and_location_narrow_the_numbers(store, frozen):
    factories.timed_pickup(store, datetime(2026, 10, 3, 9, tzinfo=BERLIN), service_location="back")
    factories.timed_pickup(store, datetime(2026, 10, 3, 9, tzinfo=BERLIN), service_location="front")
    factories.timed_pickup(store, datetime(2026, 10, 5, 9, tzinfo=BERLIN), service_location="back")

    response = staff_client(store).get(
        URL, {"start": "2026-10-01", "end": "2026-10-04", "location": "back"}
    )

    assert list(table_of(response.content.decode())) == [("back", 9)]


def test_the_csv_gives_the_numbers_of_the_page(store, frozen):
    for hour, location, prepared, picked_up in [
        (7, "front", 3, 9),
        (7, "front", 4.5, None),
        (7, "back", None, 20),
        (12, "front", 11, 31),
        (12, "front", 12, 33),
        (12, "front", 17, 34),
    ]:
        factories.timed_pickup(
            store,
            NOW.replace(hour=hour) - timedelta(days=1),
            prepared=prepared,
            picked_up=picked_up,
            service_location=location,
        )
    desk = staff_client(store)

    page = table_of(desk.get(URL).content.decode())
    response = desk.get(CSV_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    sheet = csv_of(response.content)
    assert set(sheet) == set(page) == {("back", 7), ("front", 7), ("front", 12)}
    for key, cells in page.items():
        assert {name: text.replace("–", "") for name, text in cells.items()} == sheet[key]


def test_the_csv_takes_the_pages_filters(store, frozen):
    factories.timed_pickup(store, datetime(2026, 10, 3, 9, tzinfo=BERLIN), service_location="back")
    factories.timed_pickup(store, datetime(2026, 10, 3, 9, tzinfo=BERLIN), service_location="front")

    response = staff_client(store).get(
        CSV_URL, {"start": "2026-10-01", "end": "2026-10-04", "location": "back"}
    )

    assert list(csv_of(response.content)) == [("back", 9)]
    assert 'filename="pickup-waits-2026-10-01-2026-10-04.csv"' in response["Content-Disposition"]


def _bulk_pickups(organization, count: int) -> None:
    """`count` pickups ordered in the last minutes, each with a PREPARED event."""
    pickups = factories.many_pickups(organization, count, ready_every=1)
    StatusEvent.objects.bulk_create(
        StatusEvent(
            organization_id=organization.id,
            order_id=pickup.order_id,
            subject_type=StatusEvent.Subject.PICKUP,
            subject_id=pickup.id,
            from_status=PickupStatus.PENDING,
            to_status=PickupStatus.PREPARED,
            actor_label="tests",
        )
        for pickup in pickups
    )


@pytest.mark.parametrize("count", [3, 300])
def test_the_page_and_the_csv_cost_the_same_queries_for_3_or_300_pickups(
    store, count, django_assert_num_queries
):
    _bulk_pickups(store, count)
    desk = staff_client(store)
    desk.get("/desk/")  # the session is loaded once

    with django_assert_num_queries(PAGE_QUERIES):
        page = desk.get(URL)
    with django_assert_num_queries(CSV_QUERIES):
        sheet = desk.get(CSV_URL)

    assert sum(int(cells["pickups"]) for cells in table_of(page.content.decode()).values()) == count
    assert sum(int(cells["prepared_count"]) for cells in csv_of(sheet.content).values()) == count


def test_each_location_has_two_labelled_charts_with_a_bar_per_hour(store, frozen):
    factories.timed_pickup(store, NOW.replace(hour=9), prepared=4, picked_up=8)
    factories.timed_pickup(store, NOW.replace(hour=11), prepared=6, picked_up=12)

    html = staff_client(store).get(URL).content.decode()

    charts = re.findall(r'<svg viewBox="0 0 640 260" role="img".*?</svg>', html, re.S)
    assert len(charts) == 2
    assert "Minutes from order to prepared" in charts[0]
    assert "Minutes from order to picked up" in charts[1]
    for chart in charts:
        assert "Hour of the order (store time)" in chart
        assert ">Minutes</text>" in chart
        assert len(re.findall(r'<rect class="median"', chart)) == 2
    assert "09:00–10:00: median 4.0 min, 90th percentile 4.0 min (1 pickup)" in charts[0]


def test_the_desk_navigation_links_the_stats(store):
    html = staff_client(store).get("/desk/").content.decode()
    assert f'href="{URL}"' in html


def test_without_pickups_the_page_says_so(store):
    response = staff_client(store).get(URL)
    assert "No pickups were ordered in these days." in response.content.decode()


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_anonymous_visitors_are_sent_to_log_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_a_member_sees_only_their_organizations_pickups(store, other_organization, frozen):
    factories.timed_pickup(other_organization, NOW.replace(hour=9), prepared=4)
    desk = staff_client(store)

    assert "No pickups were ordered in these days." in desk.get(URL).content.decode()
    assert desk.get(CSV_URL).content.decode().splitlines() == [
        ",".join(("location", "hour", *CELLS))
    ]


def test_in_german_the_page_speaks_german_and_writes_decimal_commas(store, frozen):
    factories.timed_pickup(store, NOW.replace(hour=9), prepared=4.5, picked_up=12)

    response = staff_client(store).get(URL, headers={"Accept-Language": "de"})

    html = response.content.decode()
    assert "<h1>Wartezeiten</h1>" in html
    assert table_of(html)[("front", 9)]["prepared_median_minutes"] == "4,5"
    assert "Minuten von Bestellung bis vorbereitet" in html
