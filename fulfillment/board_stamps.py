"""The change stamps of the live boards, asked on every poll of every open screen: each one
statement written once (core.statements), no ORM compilation per poll.

Each stamp is what `board_selectors` aggregates over exactly the rows its board shows (how
many, their newest status change, their orders' newest change); the tests pin that both give
the same values for every filter.
"""

import zoneinfo
from functools import cache

from core.models import Organization
from core.statements import Quote, Statement, column, table
from fulfillment.models import CounterDisplay, Delivery, Pickup
from orders.models import SalesOrder
from orders.statuses import DELIVERY_OPEN, PICKUP_OPEN, DeliveryStatus

_PICKUP_OPEN = tuple(sorted(PICKUP_OPEN))
_DELIVERY_OPEN = tuple(sorted(DELIVERY_OPEN))


def _field(model, name: str):
    return model._meta.get_field(name)


def _in(values: tuple) -> str:
    return ", ".join("%s" for _ in values)


def _with_orders(model, alias: str, where: list[str], quote: Quote) -> str:
    order = "o"
    return (
        f"SELECT COUNT(*), MAX({column(alias, _field(model, 'status_changed_at'), quote)}), "
        f"MAX({column(order, _field(SalesOrder, 'updated_at'), quote)}) "
        f"FROM {table(model, quote)} {alias} JOIN {table(SalesOrder, quote)} {order} "
        f"ON {column(order, _field(SalesOrder, 'id'), quote)} = "
        f"{column(alias, _field(model, 'order'), quote)} WHERE " + " AND ".join(where)
    )


@cache
def _queue_statement(*, location: bool, pager: bool, pickup_number: bool) -> Statement:
    filters = [
        name
        for name, wanted in (
            ("service_location", location),
            ("pager_number", pager),
            ("pickup_number", pickup_number),
        )
        if wanted
    ]

    def write(quote: Quote) -> str:
        where = [
            f"{column('p', _field(Pickup, 'organization'), quote)} = %s",
            f"{column('p', _field(Pickup, 'status'), quote)} IN ({_in(_PICKUP_OPEN)})",
            *(f"{column('p', _field(Pickup, name), quote)} = %s" for name in filters),
        ]
        return _with_orders(Pickup, "p", where, quote)

    return Statement(
        write,
        columns=[None, _field(Pickup, "status_changed_at"), _field(SalesOrder, "updated_at")],
        params=[
            _field(Pickup, "organization"),
            *(_field(Pickup, "status") for _ in _PICKUP_OPEN),
            *(_field(Pickup, name) for name in filters),
        ],
    )


def pickup_queue_stamp(*, organization_id: str, location: str = "", number: str = "") -> tuple:
    """As board_selectors.pickup_queue_stamp gives it. One statement."""
    by_pickup_number = number.startswith("#")
    statement = _queue_statement(
        location=bool(location),
        pager=bool(number) and not by_pickup_number,
        pickup_number=by_pickup_number,
    )
    filters = [location] if location else []
    if number:
        filters.append(number[1:].strip() if by_pickup_number else number)
    return tuple(statement.rows(organization_id, *_PICKUP_OPEN, *filters)[0])


@cache
def _board_statement(*, location: bool, service: bool) -> Statement:
    filters = [
        name
        for name, wanted in (("shipping_location", location), ("shipping_service", service))
        if wanted
    ]

    def write(quote: Quote) -> str:
        status = column("d", _field(Delivery, "status"), quote)
        changed = column("d", _field(Delivery, "status_changed_at"), quote)
        where = [
            f"{column('d', _field(Delivery, 'organization'), quote)} = %s",
            f"({status} IN ({_in(_DELIVERY_OPEN)}) OR ({status} = %s AND {changed} >= %s))",
            *(f"{column('d', _field(Delivery, name), quote)} = %s" for name in filters),
        ]
        return _with_orders(Delivery, "d", where, quote)

    return Statement(
        write,
        columns=[None, _field(Delivery, "status_changed_at"), _field(SalesOrder, "updated_at")],
        params=[
            _field(Delivery, "organization"),
            *(_field(Delivery, "status") for _ in _DELIVERY_OPEN),
            _field(Delivery, "status"),
            _field(Delivery, "status_changed_at"),
            *(_field(Delivery, name) for name in filters),
        ],
    )


def delivery_board_stamp(
    *, organization_id: str, received_since, location: str = "", service: str = ""
) -> tuple:
    """As board_selectors.delivery_board_stamp gives it. One statement."""
    statement = _board_statement(location=bool(location), service=bool(service))
    filters = [value for value in (location, service) if value]
    row = statement.rows(
        organization_id, *_DELIVERY_OPEN, DeliveryStatus.RECEIVED, received_since, *filters
    )[0]
    return tuple(row)


def _display_sql(quote: Quote) -> str:
    fields = CounterDisplay._meta.concrete_fields
    place = column("c", _field(CounterDisplay, "service_location"), quote)
    same_place = (
        f"{column('p', _field(Pickup, 'organization'), quote)} = "
        f"{column('c', _field(CounterDisplay, 'organization'), quote)} "
        f"AND {column('p', _field(Pickup, 'status'), quote)} IN ({_in(_PICKUP_OPEN)}) "
        f"AND ({place} = '' OR {column('p', _field(Pickup, 'service_location'), quote)} = {place})"
    )
    pickups = f"FROM {table(Pickup, quote)} p WHERE {same_place}"
    changed = column("p", _field(Pickup, "status_changed_at"), quote)
    zone = (
        f"SELECT {column('o', _field(Organization, 'time_zone'), quote)} "
        f"FROM {table(Organization, quote)} o "
        f"WHERE {column('o', Organization._meta.pk, quote)} = "
        f"{column('c', _field(CounterDisplay, 'organization'), quote)}"
    )
    return (
        "SELECT " + ", ".join(column("c", field, quote) for field in fields) + ", "
        f"({zone}), (SELECT COUNT(*) {pickups}), (SELECT MAX({changed}) {pickups}) "
        f"FROM {table(CounterDisplay, quote)} c "
        f"WHERE {column('c', _field(CounterDisplay, 'secret'), quote)} = %s "
        f"AND {column('c', _field(CounterDisplay, 'is_active'), quote)}"
    )


COUNTER_DISPLAY = Statement(
    _display_sql,
    columns=[
        *CounterDisplay._meta.concrete_fields,
        _field(Organization, "time_zone"),
        None,
        _field(Pickup, "status_changed_at"),
    ],
    params=[
        *(_field(Pickup, "status") for _ in _PICKUP_OPEN),
        *(_field(Pickup, "status") for _ in _PICKUP_OPEN),
        _field(CounterDisplay, "secret"),
    ],
)


def counter_display_get(*, secret: str) -> CounterDisplay | None:
    """The active display of a secret link, or None (also for what cannot be a secret), with
    the stamp of its numbers (`display.numbers_stamp`, as board_selectors.counter_stamp gives
    it) and its organization's time zone (`display.zone`) read in the same statement."""
    if not secret or len(secret) > 64 or "\x00" in secret:
        return None
    rows = COUNTER_DISPLAY.rows(*_PICKUP_OPEN, *_PICKUP_OPEN, secret)
    if not rows:
        return None
    *values, time_zone, count, changed = rows[0]
    names = [field.attname for field in CounterDisplay._meta.concrete_fields]
    display = CounterDisplay.from_db("default", names, values)
    display.numbers_stamp = (count, changed)
    display.zone = zoneinfo.ZoneInfo(time_zone)
    return display
