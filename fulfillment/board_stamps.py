"""The change stamps of the live boards, asked on every poll of every open screen: each one
statement, the ORM's query compiled once (core.statements), not per poll.

Each stamp is what `board_selectors` gives: a board's version (`BoardVersion`), of one
location or summed over the board's locations, read by key (grouped by the organization so
that the query is a `values_list()`; no row: version 0). Its cost does not grow with the
number of open rows. The tests pin that both give the same values for every filter.
"""

import zoneinfo
from functools import cache

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from core.statements import Statement
from fulfillment.board_selectors import DELIVERIES, PICKUPS
from fulfillment.models import BoardVersion, CounterDisplay


def _versions(organization_id, board: str) -> QuerySet:
    return BoardVersion.objects.filter(organization_id=organization_id, board=board).order_by()


@cache
def _version_statement(board: str, *, at_location: bool) -> Statement:
    def query(organization_id: str, *location: str) -> QuerySet:
        versions = _versions(organization_id, board)
        if at_location:
            versions = versions.filter(location=location[0])
        return versions.values("organization_id").annotate(sum=Sum("version")).values_list("sum")

    names = ("organization", "location") if at_location else ("organization",)
    return Statement.of_query(query, params=[BoardVersion._meta.get_field(n) for n in names])


def _version(*, organization_id: str, board: str, location: str) -> int:
    statement = _version_statement(board, at_location=bool(location))
    rows = statement.rows(organization_id, *([location] if location else []))
    return int(rows[0][0]) if rows else 0


def pickup_queue_stamp(*, organization_id: str, location: str = "", number: str = "") -> tuple:
    """As board_selectors.pickup_queue_stamp gives it. One statement."""
    return (_version(organization_id=organization_id, board=PICKUPS, location=location),)


def delivery_board_stamp(
    *, organization_id: str, received_since, location: str = "", service: str = ""
) -> tuple:
    """As board_selectors.delivery_board_stamp gives it. One statement."""
    version = _version(organization_id=organization_id, board=DELIVERIES, location=location)
    return (version, received_since)


def _shown_version() -> QuerySet:
    """The pickups' version of the display's location (of every location when it has none),
    as board_selectors.counter_stamp reads it, for a subquery."""
    return (
        _versions(OuterRef("organization_id"), PICKUPS)
        .filter(
            Q(Exact(OuterRef("service_location"), "")) | Q(location=OuterRef("service_location"))
        )
        .values("organization_id")
        .annotate(sum=Sum("version"))
        .values("sum")
    )


_DISPLAY_FIELDS = [field.attname for field in CounterDisplay._meta.concrete_fields]

COUNTER_DISPLAY = Statement.of_query(
    lambda secret: (
        CounterDisplay.objects.filter(secret=secret, is_active=True)
        .order_by()
        .values_list(
            *_DISPLAY_FIELDS,
            "organization__time_zone",
            Coalesce(Subquery(_shown_version()), 0, output_field=IntegerField()),
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
    *values, time_zone, version = rows[0]
    display = CounterDisplay.from_db("default", _DISPLAY_FIELDS, values)
    display.numbers_stamp = (int(version),)
    display.zone = zoneinfo.ZoneInfo(time_zone)
    return display
