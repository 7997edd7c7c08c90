"""The live boards' rows and item lines, read by statements compiled once per set of filters,
are what their querysets (`open_pickups`, `board_deliveries`) read, for every filter."""

import pytest
from django.utils import timezone

from fulfillment import board_selectors
from fulfillment.models import DeliveryItem, PickupItem


@pytest.mark.parametrize("location", ["", "front", "back", "nowhere"])
@pytest.mark.parametrize("number", ["", "7", "8", "#1", "#", "99"])
def test_the_queue_reads_the_rows_and_items_of_its_queryset(boards, location, number):
    filters = {"organization_id": boards.id, "location": location, "number": number}
    rows, items = board_selectors.pickup_queue_rows(**filters)
    pickups = board_selectors.open_pickups(**filters)
    expected = pickups.order_by("created_at", "id").values_list(*board_selectors.PICKUP_ROW)
    assert [tuple(row) for row in rows] == list(expected)
    assert items == (board_selectors._item_rows(PickupItem, "pickup_id", pickups) if rows else {})


@pytest.mark.parametrize("location", ["", "warehouse", "store", "nowhere"])
@pytest.mark.parametrize("service", ["", "DHL", "bike"])
@pytest.mark.parametrize("since_minutes", [-60, 60])
def test_the_board_reads_the_rows_and_items_of_its_queryset(
    boards, location, service, since_minutes
):
    filters = {
        "organization_id": boards.id,
        "received_since": timezone.now() + timezone.timedelta(minutes=since_minutes),
        "location": location,
        "service": service,
    }
    rows, items = board_selectors.delivery_board_rows(**filters)
    deliveries = board_selectors.board_deliveries(**filters)
    expected = deliveries.order_by("created_at", "id").values_list(*board_selectors.DELIVERY_ROW)
    assert [tuple(row) for row in rows] == list(expected)
    assert items == (
        board_selectors._item_rows(DeliveryItem, "delivery_id", deliveries) if rows else {}
    )
