"""The pickup queue as its cards show it: open pickups keyed by their big number, Preparing
apart from Ready, oldest first."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.conf import settings
from django.utils import timezone

from desk.filters import PickupFilters
from desk.presenters.buttons import Button, pickup_buttons
from desk.presenters.cards import ItemLine, KeptCard, card_version, frozen_text, item_lines
from desk.presenters.formats import LocalTimes
from desk.presenters.texts import (
    age_text,
    big_number,
    machine_time,
    minutes_between,
    person_name,
    pickup_overdue_since,
)
from fulfillment import board_selectors
from orders.statuses import PickupStatus


@dataclass
class PickupCard:
    id: str
    status: str
    number: str  # the big number: the pager, else the pickup number
    has_pager: bool
    pickup_number: str
    age: str
    since: str  # when it was created, as the desk shows moments
    since_iso: str
    overdue: bool
    order_id: str
    order_number: str
    collector: str
    window: str  # the pickup time window, or ""
    items: list[ItemLine]
    frozen: str  # the order's status in words when it keeps the pickup from moving, else ""
    buttons: tuple[Button, ...]
    location: str
    chip: str = ""  # the pickup location, when the queue mixes locations


@dataclass
class PickupQueue:
    filters: PickupFilters
    preparing: list[PickupCard] = field(default_factory=list)
    ready: list[PickupCard] = field(default_factory=list)
    warning_minutes: int = 0
    many_locations: bool = False  # location chips only help when the queue mixes locations

    @property
    def total(self) -> int:
        return len(self.preparing) + len(self.ready)


def pickup_card(row, items, *, now: datetime, times: LocalTimes, overdue_before) -> PickupCard:
    lines = items.get(row.id, [])
    return PickupCard(
        id=str(row.id),
        status=row.status,
        number=big_number(row.pager_number, row.pickup_number),
        has_pager=bool(row.pager_number),
        pickup_number=row.pickup_number,
        age=age_text(minutes_between(row.created_at, now)),
        since=times.moment(row.created_at),
        since_iso=machine_time(row.created_at),
        overdue=row.created_at < overdue_before,
        order_id=str(row.order_id),
        order_number=row.order__number,
        collector=person_name(row.collector_information),
        window=times.time_range(row.time_start, row.time_end),
        items=item_lines(lines),
        frozen=frozen_text(row.order__status),
        buttons=pickup_buttons(status=row.status, order_status=row.order__status),
        location=row.service_location or "",
    )


def pickup_queue(*, organization_id: str, filters: PickupFilters) -> PickupQueue:
    """Two queries: the pickups with their orders' number and status, then their item lines."""
    rows, items = board_selectors.pickup_queue_rows(
        organization_id=organization_id, location=filters.location, number=filters.number
    )
    now = timezone.now()
    times, overdue_before = LocalTimes(now), pickup_overdue_since(now)
    queue = PickupQueue(filters=filters, warning_minutes=settings.PICKUP_WAIT_WARNING_MINUTES)
    cards = [
        KeptCard(
            partial(pickup_card, row, items, now=now, times=times, overdue_before=overdue_before),
            status=row.status,
            location=row.service_location or "",
            version=card_version(row, items.get(row.id, [])),
            chip="",
        )
        for row in rows
    ]
    for card in cards:
        (queue.ready if card.status == PickupStatus.PREPARED else queue.preparing).append(card)
    queue.many_locations = len({card.location for card in cards}) > 1
    if queue.many_locations:
        for card in cards:
            card.chip = card.location
    return queue


def pickup_location_choices(*, organization_id: str, also: str = "") -> list[str]:
    """Pickup locations to filter by, the chosen one among them."""
    locations = board_selectors.pickup_locations(organization_id=organization_id)
    if also:
        locations.add(also)
    return sorted(locations)
