"""The stats presenter: minutes as the page and the CSV write them, the minutes axis, and the
chart geometry (bars proportional to the median, marks at the 90th percentile)."""

import pytest

from desk.presenters.stats import (
    hour_label,
    minutes_csv,
    minutes_text,
    nice_ceiling,
    stats_by_location,
)
from fulfillment.wait_stats import HourWaits, Wait


@pytest.mark.parametrize(
    ("value", "text", "csv"), [(6.25, "6.3", "6.3"), (10.0, "10.0", "10.0"), (None, "–", "")]
)
def test_minutes_have_one_decimal_rounded_half_up(value, text, csv):
    assert (minutes_text(value), minutes_csv(value)) == (text, csv)


@pytest.mark.parametrize(("highest", "top"), [(0, 5), (4.9, 5), (7, 10), (11, 20), (37, 50)])
def test_the_minutes_axis_ends_at_a_round_number(highest, top):
    assert nice_ceiling(highest) == top


def test_an_hour_label_spans_the_hour():
    assert (hour_label(8), hour_label(23)) == ("08:00–09:00", "23:00–00:00")


def test_a_bar_is_as_high_as_its_median_and_its_mark_at_its_90th_percentile():
    hours = [
        HourWaits("front", 6, 2, Wait(2, 10.0, 20.0), Wait(0, None, None)),
        HourWaits("front", 18, 1, Wait(1, 5.0, 5.0), Wait(0, None, None)),
    ]

    (section,) = stats_by_location(hours)
    prepared, picked_up = section.charts

    plot = prepared.bottom - prepared.top
    assert [tick.label for tick in prepared.y_ticks] == ["0", "4", "8", "12", "16", "20"]
    first, second = prepared.bars
    assert first.height == pytest.approx(plot / 2, abs=0.1)
    assert prepared.bottom - first.p90_y == pytest.approx(plot, abs=0.1)
    assert second.height == pytest.approx(plot / 4, abs=0.1)
    assert first.x < second.x
    assert picked_up.bars == []
    assert section.pickups == 3
