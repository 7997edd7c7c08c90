"""How long customers wait for their pickups: per pickup location and hour of the day (in the
store's time zone), the pickups ordered then and the minutes from the order to `PREPARED` and
to `PICKED_UP`, as median and 90th percentile (fulfillment.percentiles defines the method).

A pickup counts in the hour its sales order was placed (`transaction_date_and_time`), read in
the store's zone; canceled pickups are left out. Its times come from its status events: the
latest `PREPARED` (an undo means the earlier one was a mistake) and its `PICKED_UP`. A pickup
picked up without being marked prepared has no time to `PREPARED`; one still open has no time
to `PICKED_UP`. One query, whatever the number of pickups.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import F, FilteredRelation, FloatField, Func, Max, Q
from django.db.models.functions import ExtractHour

from fulfillment.models import Pickup
from fulfillment.percentiles import grouped_percentiles
from orders.models import StatusEvent
from orders.statuses import PickupStatus


class MinutesBetween(Func):
    """Minutes from the first moment to the second (a float; NULL when either is NULL)."""

    output_field = FloatField()
    arg_joiner = " - "
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 60.0)"

    def __init__(self, earlier, later, **extra):
        super().__init__(later, earlier, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() counts days as a float; rounded to whole milliseconds, as stored.
        return self.as_sql(
            compiler,
            connection,
            arg_joiner=") - julianday(",
            template="(ROUND((julianday(%(expressions)s)) * 86400000.0) / 60000.0)",
            **extra_context,
        )


@dataclass(frozen=True)
class Wait:
    """One measure of one group: how many pickups have it, its median and 90th percentile
    in minutes (None without any)."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class HourWaits:
    location: str
    hour: int  # 0–23, in the store's time zone
    pickups: int
    to_prepared: Wait
    to_picked_up: Wait


def pickup_wait_rows(
    *, organization_id: str, zone: ZoneInfo, start: datetime, end: datetime, location: str = ""
):
    """One row per pickup ordered in [start, end): location, hour, minutes to each status.

    The pickup's PREPARED and PICKED_UP events are joined (through its order, whose events are
    indexed) and the latest of each taken: one pass, no subquery per pickup."""
    pickups = Pickup.objects.filter(
        organization_id=organization_id,
        order__transaction_date_and_time__gte=start,
        order__transaction_date_and_time__lt=end,
    ).exclude(status=PickupStatus.CANCELED)
    if location:
        pickups = pickups.filter(service_location=location)
    ordered = F("order__transaction_date_and_time")
    moves = FilteredRelation(
        "order__events",
        condition=Q(
            order__events__subject_type=StatusEvent.Subject.PICKUP,
            order__events__subject_id=F("id"),
            order__events__to_status__in=(PickupStatus.PREPARED, PickupStatus.PICKED_UP),
        ),
    )

    def reached(status: str) -> Max:
        return Max("moves__occurred_at", filter=Q(moves__to_status=status))

    return (
        pickups.alias(moves=moves)
        .values("id")
        .annotate(
            stats_location=F("service_location"),
            stats_hour=ExtractHour("order__transaction_date_and_time", tzinfo=zone),
            to_prepared=MinutesBetween(ordered, reached(PickupStatus.PREPARED)),
            to_picked_up=MinutesBetween(ordered, reached(PickupStatus.PICKED_UP)),
        )
    )


def pickup_waits_by_hour(
    *, organization_id: str, zone: ZoneInfo, start: datetime, end: datetime, location: str = ""
) -> list[HourWaits]:
    """Per location and hour with pickups, ordered by location then hour. One query."""
    rows = pickup_wait_rows(
        organization_id=organization_id, zone=zone, start=start, end=end, location=location
    )
    found = grouped_percentiles(
        rows, keys=("stats_location", "stats_hour"), measures=("to_prepared", "to_picked_up")
    )
    return [
        HourWaits(
            location=place or "",
            hour=int(hour),
            pickups=pickups,
            to_prepared=Wait(prepared, _number(p50), _number(p90)),
            to_picked_up=Wait(picked_up, _number(q50), _number(q90)),
        )
        for place, hour, pickups, prepared, p50, p90, picked_up, q50, q90 in found
    ]


def _number(value) -> float | None:
    return None if value is None else float(value)
