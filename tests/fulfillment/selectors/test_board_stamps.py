"""The live boards' stamps compiled once (fulfillment.board_stamps) give what their
definitions in the ORM (fulfillment.board_selectors) give, for every filter."""

import pytest
from django.utils import timezone

from fulfillment import board_selectors, board_stamps
from tests import factories


@pytest.mark.parametrize("location", ["", "front", "back", "nowhere"])
@pytest.mark.parametrize("number", ["", "7", "8", "#1", "#", "99"])
def test_the_queue_stamp_is_the_orms(boards, location, number):
    filters = {"organization_id": boards.id, "location": location, "number": number}
    expected = board_selectors.pickup_queue_stamp(**filters)
    assert board_stamps.pickup_queue_stamp(**filters) == expected


@pytest.mark.parametrize("location", ["", "nowhere"])
@pytest.mark.parametrize("service", ["", "nobody"])
@pytest.mark.parametrize("since_minutes", [-60, 60])
def test_the_board_stamp_is_the_orms(boards, location, service, since_minutes):
    since = timezone.now() + timezone.timedelta(minutes=since_minutes)
    filters = {
        "organization_id": boards.id,
        "received_since": since,
        "location": location,
        "service": service,
    }
    expected = board_selectors.delivery_board_stamp(**filters)
    assert board_stamps.delivery_board_stamp(**filters) == expected


@pytest.mark.parametrize("location", ["", "front", "nowhere"])
def test_a_display_is_read_with_its_stamp(boards, location):
    display = factories.display(boards, service_location=location)
    found = board_stamps.counter_display_get(secret=display.secret)
    assert found == display
    assert found.service_location == location
    assert found.numbers_stamp == board_selectors.counter_stamp(display=display)


def test_an_inactive_display_or_no_secret_is_none(boards):
    display = factories.display(boards)
    display.is_active = False
    display.save()
    assert board_stamps.counter_display_get(secret=display.secret) is None
    assert board_stamps.counter_display_get(secret="") is None
