"""The delivery board as its cards show it: a column per status, oldest first."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from desk.filters import DeliveryFilters
from desk.presenters.buttons import Button, delivery_buttons
from desk.presenters.cards import ItemLine, KeptCard, card_version, frozen_text, item_lines
from desk.presenters.formats import LocalTimes
from desk.presenters.texts import (
    address_on_card,
    age_text,
    local_midnight,
    machine_time,
    minutes_between,
    person_name,
)
from fulfillment import board_selectors
from orders.statuses import DeliveryStatus

DELIVERY_COLUMNS = (
    (DeliveryStatus.PENDING, gettext_lazy("Pending")),
    (DeliveryStatus.PREPARED, gettext_lazy("Prepared")),
    (DeliveryStatus.SHIPPED, gettext_lazy("Shipped")),
    (DeliveryStatus.RECEIVED, gettext_lazy("Received today")),
)


@dataclass
class DeliveryCard:
    id: str
    status: str
    order_id: str
    order_number: str
    recipient: str  # "No recipient" when neither the recipient nor the address names one
    received: str  # when a RECEIVED delivery was received, as the desk shows moments, else ""
    age: str
    since: str  # when it was created
    since_iso: str
    address: list[str]  # street and town, a line each
    window: str  # the delivery time window, or ""
    items: list[ItemLine]
    frozen: str  # the order's status in words when it keeps the delivery from moving, else ""
    buttons: tuple[Button, ...]
    location: str
    service: str
    location_chip: str = ""  # the shipping location, when the board mixes locations
    service_chip: str = ""  # the shipping service, when the board mixes services


@dataclass
class DeliveryColumn:
    status: str
    title: str  # lazy: shown in the page's language
    cards: list[DeliveryCard] = field(default_factory=list)


@dataclass
class DeliveryBoard:
    columns: list[DeliveryColumn]
    many_locations: bool = False
    many_services: bool = False


def delivery_card(row, items, *, now: datetime, times: LocalTimes) -> DeliveryCard:
    received = row.status == DeliveryStatus.RECEIVED
    lines = items.get(row.id, [])
    return DeliveryCard(
        id=str(row.id),
        status=row.status,
        order_id=str(row.order_id),
        order_number=row.order__number,
        recipient=person_name(row.recipient_information)
        or person_name(row.delivery_address)
        or gettext("No recipient"),
        received=times.moment(row.status_changed_at) if received else "",
        age=age_text(minutes_between(row.created_at, now)),
        since=times.moment(row.created_at),
        since_iso=machine_time(row.created_at),
        address=address_on_card(row.delivery_address),
        window=times.time_range(row.time_start, row.time_end),
        items=item_lines(lines),
        frozen=frozen_text(row.order__status),
        buttons=delivery_buttons(status=row.status, order_status=row.order__status),
        location=row.shipping_location or "",
        service=row.shipping_service or "",
    )


def delivery_board(*, organization_id: str, filters: DeliveryFilters) -> DeliveryBoard:
    """Open deliveries and those received today. Two queries: the deliveries with their
    orders' number and status, then their item lines."""
    now = timezone.now()
    rows, items = board_selectors.delivery_board_rows(
        organization_id=organization_id,
        received_since=local_midnight(now),
        location=filters.location,
        service=filters.service,
    )
    times = LocalTimes(now)
    columns = {status: DeliveryColumn(status, title) for status, title in DELIVERY_COLUMNS}
    cards = [
        KeptCard(
            partial(delivery_card, row, items, now=now, times=times),
            status=row.status,
            location=row.shipping_location or "",
            service=row.shipping_service or "",
            version=card_version(row, items.get(row.id, [])),
        )
        for row in rows
    ]
    for card in cards:
        columns[card.status].cards.append(card)
    board = DeliveryBoard(
        columns=list(columns.values()),
        many_locations=len({card.location for card in cards}) > 1,
        many_services=len({card.service for card in cards}) > 1,
    )
    for card in cards:
        card.location_chip = card.location if board.many_locations else ""
        card.service_chip = card.service if board.many_services else ""
    return board


def delivery_filter_options(*, organization_id: str, filters: DeliveryFilters) -> dict:
    """Shipping locations and services seen on deliveries (and the chosen ones)."""
    locations, services = board_selectors.delivery_filter_values(organization_id=organization_id)
    return {
        "locations": sorted(locations | ({filters.location} - {""})),
        "services": sorted(services | ({filters.service} - {""})),
    }
