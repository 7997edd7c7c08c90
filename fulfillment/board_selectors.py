"""Reads for the live boards of open work: the pickup queue, the delivery board, the counter
screens, and what their filters offer.

Each list is read as plain rows (named tuples, no model instances), the order's number and
status joined in, then the item lines of those rows with one more query: a fixed number of
queries whatever the number of rows. Every poll that finds its board changed reads them, so
each is the ORM's query compiled once per set of filters (core.statements), not per poll.

Each board also has a change stamp: its version (`BoardVersion`, counted up by database
triggers in the transaction of every write that can change one of its cards), of one location
when the board shows one, else summed over its locations; so a poll can tell with one read by
key, whatever the number of rows, that nothing it shows has moved. What changes with the clock
alone (ages, lateness, "received today") is not in the version: the views add the clock minute
and the day's start to their stamps. The stamps here define them; polls ask `board_stamps`,
the same reads compiled once.
"""

from collections import defaultdict, namedtuple
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from django.db.models import Count, Model, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from core.statements import Statement
from fulfillment.models import (
    BoardVersion,
    CounterDisplay,
    Delivery,
    DeliveryItem,
    Pickup,
    PickupItem,
)
from orders.statuses import DELIVERY_OPEN, PICKUP_OPEN, DeliveryStatus, PickupStatus

PICKUP_ROW = (
    "id",
    "status",
    "pager_number",
    "pickup_number",
    "service_location",
    "created_at",
    "time_start",
    "time_end",
    "collector_information",
    "order_id",
    "order__number",
    "order__status",
)
DELIVERY_ROW = (
    "id",
    "status",
    "recipient_information",
    "delivery_address",
    "shipping_location",
    "shipping_service",
    "created_at",
    "status_changed_at",
    "time_start",
    "time_end",
    "order_id",
    "order__number",
    "order__status",
)


class ItemRow(NamedTuple):
    quantity_value: Any
    quantity_unit: str
    name: str


def _items_of(model: type[Model], owner: str, owners: QuerySet) -> QuerySet:
    """The item lines (owner id, quantity value and unit, name) of the pickups or deliveries
    of `owners`, in item order."""
    return (
        model.objects.filter(**{f"{owner}__in": owners.values("id")})
        .order_by("position", "id")
        .values_list(owner, "quantity_value", "quantity_unit", "order_item__name")
    )


def _by_owner(lines: Sequence[tuple]) -> dict[Any, list[ItemRow]]:
    items: dict[Any, list[ItemRow]] = defaultdict(list)
    for owner_id, value, unit, name in lines:
        items[owner_id].append(ItemRow(value, unit, name))
    return items


def _item_rows(model: type[Model], owner: str, owners: QuerySet) -> dict[Any, list[ItemRow]]:
    """The item lines of the pickups or deliveries of `owners`, by owner id, in item order.
    One query."""
    return _by_owner(list(_items_of(model, owner, owners)))


class _BoardRead:
    """A board's rows (`columns` of `board(*values)` oldest first, as `row_type`) and their
    item lines, each the ORM's query compiled once (`params`: the fields of `values`). Two
    queries (one without rows)."""

    def __init__(
        self,
        board: Callable[..., QuerySet],
        *,
        columns: tuple[str, ...],
        row_type: type,
        item_model: type[Model],
        owner: str,
        params: Sequence,
    ):
        self.row_type = row_type
        self.rows = Statement.of_query(
            lambda *values: board(*values).order_by("created_at", "id").values_list(*columns),
            params=params,
        )
        self.items = Statement.of_query(
            lambda *values: _items_of(item_model, owner, board(*values)), params=params
        )

    def read(self, *values: Any) -> tuple[list[NamedTuple], dict[Any, list[ItemRow]]]:
        rows = [self.row_type._make(row) for row in self.rows.rows(*values)]
        return rows, (_by_owner(self.items.rows(*values)) if rows else {})


def _fields(model: type[Model], *names: str) -> list:
    return [model._meta.get_field(name) for name in names]


# --- pickups ----------------------------------------------------------------------------------


def _number_match(number: str) -> tuple[str, str]:
    """The field and value of a pickup's big number: `#12` is pickup number 12, `12` is pager
    12."""
    if number.startswith("#"):
        return "pickup_number", number[1:].strip()
    return "pager_number", number


def open_pickups(*, organization_id: str, location: str = "", number: str = "") -> QuerySet:
    """The open pickups of a location (all when empty) and big number (all when empty)."""
    pickups = Pickup.objects.filter(organization_id=organization_id, status__in=PICKUP_OPEN)
    if location:
        pickups = pickups.filter(service_location=location)
    if number:
        field, value = _number_match(number)
        pickups = pickups.filter(**{field: value})
    return pickups


PickupRow = namedtuple("PickupRow", PICKUP_ROW)


@cache
def _pickup_queue_read(*, at_location: bool, number_field: str) -> _BoardRead:
    """The queue's read for the filters given: a location, a big number by the field that
    holds it (`_number_match`), both, or none."""
    names = ["organization"] + ["service_location"] * at_location
    names += [number_field] if number_field else []

    def board(organization_id, *filters) -> QuerySet:
        given = iter(filters)
        pickups = open_pickups(
            organization_id=organization_id, location=next(given) if at_location else ""
        )
        return pickups.filter(**{number_field: next(given)}) if number_field else pickups

    return _BoardRead(
        board,
        columns=PICKUP_ROW,
        row_type=PickupRow,
        item_model=PickupItem,
        owner="pickup_id",
        params=_fields(Pickup, *names),
    )


def pickup_queue_rows(
    *, organization_id: str, location: str = "", number: str = ""
) -> tuple[list[NamedTuple], dict[Any, list[ItemRow]]]:
    """Open pickups oldest first (PICKUP_ROW) and their item lines, as `open_pickups` filters
    them. Two queries (one without pickups)."""
    number_field, value = _number_match(number) if number else ("", "")
    read = _pickup_queue_read(at_location=bool(location), number_field=number_field)
    filters = ([location] if location else []) + ([value] if number_field else [])
    return read.read(organization_id, *filters)


PICKUPS, DELIVERIES = "pickups", "deliveries"  # BoardVersion.board


def board_version(*, organization_id: str, board: str, location: str = "") -> int:
    """How often the cards of a board at a location (at every location when empty) have
    changed: its version, summed over its locations; 0 before any card. One query."""
    versions = BoardVersion.objects.filter(organization_id=organization_id, board=board)
    if location:
        versions = versions.filter(location=location)
    return int(versions.aggregate(version=Coalesce(Sum("version"), 0))["version"])


def pickup_queue_stamp(*, organization_id: str, location: str = "", number: str = "") -> tuple:
    """What changes whenever the queue of these filters changes (besides the clock): the
    version of its location (of every location without one; a big number's queue is its
    location's). One query."""
    return (board_version(organization_id=organization_id, board=PICKUPS, location=location),)


def pickup_ticket_row(*, organization_id: str, pickup_id) -> tuple[Any, list[ItemRow]]:
    """One pickup of the organization, in any status (PICKUP_ROW plus the order's time), and
    its item lines; (None, []) when there is none. Two queries (one without the pickup)."""
    pickups = Pickup.objects.filter(organization_id=organization_id, id=pickup_id)
    row = pickups.values_list(*PICKUP_ROW, "order__transaction_date_and_time", named=True).first()
    if row is None:
        return None, []
    return row, _item_rows(PickupItem, "pickup_id", pickups).get(row.id, [])


def pickup_locations(*, organization_id: str) -> set[str]:
    """Pickup locations worth filtering by: those of open pickups and of counter screens."""
    locations = set(
        Pickup.objects.filter(organization_id=organization_id, status__in=PICKUP_OPEN)
        .values_list("service_location", flat=True)
        .distinct()
        .order_by()
    )
    locations |= set(
        CounterDisplay.objects.filter(organization_id=organization_id)
        .values_list("service_location", flat=True)
        .distinct()
        .order_by()
    )
    return {location for location in locations if location}


# --- counter screens --------------------------------------------------------------------------


def counter_pickups(*, display: CounterDisplay) -> QuerySet:
    """The open pickups a display shows: its location's, or every location's without one."""
    return open_pickups(
        organization_id=display.organization_id, location=display.service_location or ""
    )


def counter_rows(*, display: CounterDisplay) -> list[tuple[str, str, str]]:
    """(pager number, pickup number, status) of the open pickups, oldest first: numbers only,
    nothing personal. One query."""
    return list(
        counter_pickups(display=display)
        .order_by("created_at", "id")
        .values_list("pager_number", "pickup_number", "status")
    )


def counter_stamp(*, display: CounterDisplay) -> tuple:
    """What changes whenever the display's numbers change: the version of its location (of
    every location without one). One query."""
    location = display.service_location or ""
    return (
        board_version(organization_id=display.organization_id, board=PICKUPS, location=location),
    )


# --- deliveries -------------------------------------------------------------------------------


def board_deliveries(
    *, organization_id: str, received_since: datetime, location: str = "", service: str = ""
) -> QuerySet:
    """Open deliveries and those received since a moment, of a shipping location and service
    (all when empty)."""
    deliveries = Delivery.objects.filter(organization_id=organization_id).filter(
        Q(status__in=DELIVERY_OPEN)
        | Q(status=DeliveryStatus.RECEIVED, status_changed_at__gte=received_since)
    )
    if location:
        deliveries = deliveries.filter(shipping_location=location)
    if service:
        deliveries = deliveries.filter(shipping_service=service)
    return deliveries


DeliveryRow = namedtuple("DeliveryRow", DELIVERY_ROW)


@cache
def _delivery_board_read(*, at_location: bool, of_service: bool) -> _BoardRead:
    """The board's read for the filters given: a shipping location, a service, both or none."""
    names = ["organization", "status_changed_at"]
    names += ["shipping_location"] * at_location + ["shipping_service"] * of_service

    def board(organization_id, received_since, *filters) -> QuerySet:
        given = iter(filters)
        return board_deliveries(
            organization_id=organization_id,
            received_since=received_since,
            location=next(given) if at_location else "",
            service=next(given) if of_service else "",
        )

    return _BoardRead(
        board,
        columns=DELIVERY_ROW,
        row_type=DeliveryRow,
        item_model=DeliveryItem,
        owner="delivery_id",
        params=_fields(Delivery, *names),
    )


def delivery_board_rows(
    *, organization_id: str, received_since: datetime, location: str = "", service: str = ""
) -> tuple[list[NamedTuple], dict[Any, list[ItemRow]]]:
    """The board's deliveries oldest first (DELIVERY_ROW) and their item lines, as
    `board_deliveries` filters them. Two queries (one without deliveries)."""
    read = _delivery_board_read(at_location=bool(location), of_service=bool(service))
    filters = [value for value in (location, service) if value]
    return read.read(organization_id, received_since, *filters)


def delivery_board_stamp(
    *, organization_id: str, received_since: datetime, location: str = "", service: str = ""
) -> tuple:
    """What changes whenever the board of these filters changes (besides the clock minute):
    the version of its shipping location (of every location without one; a service's board is
    its location's), and the start of the received column's window. One query."""
    version = board_version(organization_id=organization_id, board=DELIVERIES, location=location)
    return (version, received_since)


def delivery_filter_values(*, organization_id: str) -> tuple[set[str], set[str]]:
    """The shipping locations and services seen on the organization's deliveries."""
    pairs = (
        Delivery.objects.filter(organization_id=organization_id)
        .values_list("shipping_location", "shipping_service")
        .distinct()
        .order_by()
    )
    locations, services = set(), set()
    for location, service in pairs:
        locations.add(location or "")
        services.add(service or "")
    return locations - {""}, services - {""}


# --- counts -----------------------------------------------------------------------------------


def open_work_counts(
    *, organization_id: str, overdue_before: datetime, received_since: datetime
) -> dict[str, int]:
    """What waits in the pickup queue and on the delivery board. Two aggregate queries."""
    P, D = PickupStatus, DeliveryStatus
    counts = Pickup.objects.filter(
        organization_id=organization_id, status__in=PICKUP_OPEN
    ).aggregate(
        pickups_preparing=Count("id", filter=Q(status=P.PENDING)),
        pickups_ready=Count("id", filter=Q(status=P.PREPARED)),
        pickups_overdue=Count("id", filter=Q(created_at__lt=overdue_before)),
    )
    counts |= Delivery.objects.filter(organization_id=organization_id).aggregate(
        deliveries_pending=Count("id", filter=Q(status=D.PENDING)),
        deliveries_prepared=Count("id", filter=Q(status=D.PREPARED)),
        deliveries_shipped=Count("id", filter=Q(status=D.SHIPPED)),
        deliveries_received_today=Count(
            "id", filter=Q(status=D.RECEIVED, status_changed_at__gte=received_since)
        ),
    )
    return counts
