"""The stats page's filters (desk.filters.StatsFilters): whole days of the store's calendar,
the last 7 by default, never refused."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from desk.filters import StatsFilters

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("data", "start", "end"),
    [
        ({}, date(2026, 11, 25), TODAY),
        ({"start": "2026-10-01"}, date(2026, 10, 1), date(2026, 10, 7)),
        ({"end": "2026-10-07"}, date(2026, 10, 1), date(2026, 10, 7)),
        ({"start": "2026-10-09", "end": "2026-10-02"}, date(2026, 10, 2), date(2026, 10, 9)),
        ({"start": "2024-01-01", "end": "2026-01-01"}, date(2024, 1, 1), date(2024, 12, 31)),
        ({"start": "yesterday", "end": "2026-13-45\x00"}, date(2026, 11, 25), TODAY),
    ],
)
def test_a_range_is_whole_days_that_make_sense(data, start, end):
    filters = StatsFilters.from_data(data, today=TODAY)
    assert (filters.start, filters.end) == (start, end)


def test_the_range_runs_from_the_first_midnight_to_the_midnight_after_the_last_day():
    zone = ZoneInfo("Europe/Berlin")
    filters = StatsFilters.from_data({"start": "2026-10-24", "end": "2026-10-25"}, today=TODAY)
    assert filters.moments(zone) == (
        datetime(2026, 10, 24, tzinfo=zone),
        datetime(2026, 10, 26, tzinfo=zone),  # 49 hours: clocks go back on the 25th
    )


def test_the_filters_write_themselves_back_as_a_query():
    filters = StatsFilters.from_data({"location": " back ", "start": "2026-10-01"}, today=TODAY)
    assert filters.as_query() == {"location": "back", "start": "2026-10-01", "end": "2026-10-07"}
