"""The change stamps of the live boards, asked on every poll of every open screen: each one
statement, the ORM's query compiled once (core.statements), not per poll.

Each stamp is what `board_selectors` aggregates over exactly the rows its board shows (how
many, their newest status change, their orders' newest change), grouped by the organization
so that the query is a `values_list()` (no row: nothing shown); the tests pin that both give
the same values for every filter.
"""

import zoneinfo
from functools import cache

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from core.statements import Statement
from fulfillment.models import CounterDisplay, Delivery, Pickup
from orders.statuses import DELIVERY_OPEN, PICKUP_OPEN, DeliveryStatus


def _stamp(rows: QuerySet, *, with_orders: bool = True) -> QuerySet:
    fields = {"stamp_count": Count("id"), "stamp_changed": Max("status_changed_at")}
    if with_orders:
        fields["stamp_order_changed"] = Max("order__updated_at")
    return rows.order_by().values("organization_id").annotate(**fields).values_list(*fields)


def _value(rows: list[tuple], width: int = 3) -> tuple:
    return tuple(rows[0]) if rows else (0, *(None for _ in range(width - 1)))


_QUEUE_FILTERS = ("service_location", "pager_number", "pickup_number")


@cache
def _queue_statement(filters: tuple[str, ...]) -> Statement:
    def query(organization_id: str, *values: str) -> QuerySet:
        pickups = Pickup.objects.filter(organization_id=organization_id, status__in=PICKUP_OPEN)
        return _stamp(pickups.filter(**dict(zip(filters, values, strict=True))))

    return Statement.of_query(
        query,
        params=[Pickup._meta.get_field(name) for name in ("organization", *filters)],
    )


def pickup_queue_stamp(*, organization_id: str, location: str = "", number: str = "") -> tuple:
    """As board_selectors.pickup_queue_stamp gives it. One statement."""
    filters = {}
    if location:
        filters["service_location"] = location
    if number.startswith("#"):
        filters["pickup_number"] = number[1:].strip()
    elif number:
        filters["pager_number"] = number
    names = tuple(name for name in _QUEUE_FILTERS if name in filters)
    statement = _queue_statement(names)
    return _value(statement.rows(organization_id, *(filters[name] for name in names)))


@cache
def _board_statement(filters: tuple[str, ...]) -> Statement:
    def query(organization_id: str, received_since, *values: str) -> QuerySet:
        deliveries = Delivery.objects.filter(organization_id=organization_id).filter(
            Q(status__in=DELIVERY_OPEN)
            | Q(status=DeliveryStatus.RECEIVED, status_changed_at__gte=received_since)
        )
        return _stamp(deliveries.filter(**dict(zip(filters, values, strict=True))))

    return Statement.of_query(
        query,
        params=[
            Delivery._meta.get_field(name)
            for name in ("organization", "status_changed_at", *filters)
        ],
    )


def delivery_board_stamp(
    *, organization_id: str, received_since, location: str = "", service: str = ""
) -> tuple:
    """As board_selectors.delivery_board_stamp gives it. One statement."""
    given = {"shipping_location": location, "shipping_service": service}
    names = tuple(name for name, value in given.items() if value)
    statement = _board_statement(names)
    return _value(statement.rows(organization_id, received_since, *(given[n] for n in names)))


def _shown_pickups() -> QuerySet:
    """The open pickups of the display's organization and location (every location's when it
    has none), as board_selectors.counter_pickups selects them, for a subquery."""
    return (
        Pickup.objects.filter(organization_id=OuterRef("organization_id"), status__in=PICKUP_OPEN)
        .filter(
            Q(Exact(OuterRef("service_location"), ""))
            | Q(service_location=OuterRef("service_location"))
        )
        .order_by()
        .values("organization_id")
    )


_DISPLAY_FIELDS = [field.attname for field in CounterDisplay._meta.concrete_fields]

COUNTER_DISPLAY = Statement.of_query(
    lambda secret: (
        CounterDisplay.objects.filter(secret=secret, is_active=True)
        .order_by()
        .values_list(
            *_DISPLAY_FIELDS,
            "organization__time_zone",
            Coalesce(
                Subquery(_shown_pickups().annotate(count=Count("id")).values("count")),
                0,
                output_field=IntegerField(),
            ),
            Subquery(_shown_pickups().annotate(changed=Max("status_changed_at")).values("changed")),
        )
    ),
    params=[CounterDisplay._meta.get_field("secret")],
)


def counter_display_get(*, secret: str) -> CounterDisplay | None:
    """The active display of a secret link, or None (also for what cannot be a secret), with
    the stamp of its numbers (`display.numbers_stamp`, as board_selectors.counter_stamp gives
    it) and its organization's time zone (`display.zone`) read in the same statement."""
    if not secret or len(secret) > 64 or "\x00" in secret:
        return None
    rows = COUNTER_DISPLAY.rows(secret)
    if not rows:
        return None
    *values, time_zone, count, changed = rows[0]
    display = CounterDisplay.from_db("default", _DISPLAY_FIELDS, values)
    display.numbers_stamp = (count, changed)
    display.zone = zoneinfo.ZoneInfo(time_zone)
    return display
