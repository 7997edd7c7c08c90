"""The waiting-time statistics as the stats page and its CSV show them: one section per pickup
location with a table by hour of the day and two bar charts (order to prepared, order to picked
up), whose geometry is computed here and drawn by the template as SVG."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.models import Organization
from desk.filters import StatsFilters
from desk.presenters.pickups import pickup_location_choices
from fulfillment.wait_stats import HourWaits, Wait, pickup_waits_by_hour

HOURS = 24
CHART_WIDTH = 640
CHART_HEIGHT = 260
PLOT_LEFT = 56
PLOT_RIGHT = 12
PLOT_TOP = 16
PLOT_BOTTOM = 48
Y_TICKS = 5


def tenths(value: float) -> Decimal:
    """Minutes rounded to one decimal, halves up (6.25 → 6.3)."""
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def minutes_text(value: float | None) -> str:
    """Minutes with one decimal in the language's number format; "–" without a value."""
    return "–" if value is None else number_format(tenths(value), 1)


def minutes_csv(value: float | None) -> str:
    """Minutes with one decimal and a point, as the CSV gives them; "" without a value."""
    return "" if value is None else str(tenths(value))


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % HOURS:02d}:00"


@dataclass(frozen=True)
class WaitCells:
    count: int
    median: str
    p90: str


@dataclass(frozen=True)
class StatsRow:
    hour: int
    label: str
    pickups: int
    to_prepared: WaitCells
    to_picked_up: WaitCells


@dataclass(frozen=True)
class Tick:
    at: float  # x of an hour's tick or y of a minutes' grid line
    label: str


@dataclass(frozen=True)
class Bar:
    """An hour's median as a bar and its 90th percentile as a mark above, with its text."""

    x: float
    width: float
    y: float
    height: float
    p90_y: float
    center: float
    text: str

    @property
    def x2(self) -> float:
        return round(self.x + self.width, 1)


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = PLOT_LEFT
    right: int = CHART_WIDTH - PLOT_RIGHT
    top: int = PLOT_TOP
    bottom: int = CHART_HEIGHT - PLOT_BOTTOM
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)

    @property
    def x_title_y(self) -> int:
        return self.height - 8

    @property
    def y_title_x(self) -> int:
        return 14

    @property
    def middle_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2


@dataclass
class LocationStats:
    location: str
    name: str
    pickups: int
    rows: list[StatsRow]
    charts: list[Chart]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k (k ≥ 0) at or above `value`, at least 5: the top of the
    minutes axis."""
    top = 1.0
    while True:
        for step in (1, 2, 5):
            if step * top >= max(value, 5):
                return step * top
        top *= 10


def _cells(wait: Wait) -> WaitCells:
    return WaitCells(wait.count, minutes_text(wait.median), minutes_text(wait.p90))


def _chart(*, chart_id: str, title: str, hours: list[HourWaits], measure: str) -> Chart:
    chart = Chart(
        id=chart_id,
        title=title,
        description=_(
            "Bars: median minutes by hour of the order; marks: 90th percentile. "
            "The table below gives the same numbers."
        ),
    )
    slot = (chart.right - chart.left) / HOURS
    chart.x_ticks = [
        Tick(chart.left + slot * hour + slot / 2, f"{hour:02d}") for hour in range(0, HOURS, 2)
    ]
    waits = [(row.hour, getattr(row, measure)) for row in hours]
    highest = max((wait.p90 or wait.median or 0 for _hour, wait in waits), default=0)
    top = nice_ceiling(highest)
    span = chart.bottom - chart.top

    def y_of(minutes: float) -> float:
        return round(chart.bottom - span * minutes / top, 1)

    chart.y_ticks = [
        Tick(y_of(top * step / Y_TICKS), number_format(top * step / Y_TICKS, 0))
        for step in range(Y_TICKS + 1)
    ]
    for hour, wait in waits:
        if wait.median is None:
            continue
        y = y_of(wait.median)
        x = chart.left + slot * hour + slot * 0.2
        chart.bars.append(
            Bar(
                x=round(x, 1),
                width=round(slot * 0.6, 1),
                y=y,
                height=round(chart.bottom - y, 1),
                p90_y=y_of(wait.p90 if wait.p90 is not None else wait.median),
                center=round(x + slot * 0.3, 1),
                text=ngettext(
                    "{hour}: median {median} min, 90th percentile {p90} min ({count} pickup)",
                    "{hour}: median {median} min, 90th percentile {p90} min ({count} pickups)",
                    wait.count,
                ).format(
                    hour=hour_label(hour),
                    median=minutes_text(wait.median),
                    p90=minutes_text(wait.p90),
                    count=wait.count,
                ),
            )
        )
    return chart


def _location_stats(location: str, hours: list[HourWaits], index: int) -> LocationStats:
    return LocationStats(
        location=location,
        name=location or pgettext("pickup location", "(no location)"),
        pickups=sum(row.pickups for row in hours),
        rows=[
            StatsRow(
                hour=row.hour,
                label=hour_label(row.hour),
                pickups=row.pickups,
                to_prepared=_cells(row.to_prepared),
                to_picked_up=_cells(row.to_picked_up),
            )
            for row in hours
        ],
        charts=[
            _chart(
                chart_id=f"chart-{index}-prepared",
                title=_("Minutes from order to prepared"),
                hours=hours,
                measure="to_prepared",
            ),
            _chart(
                chart_id=f"chart-{index}-picked-up",
                title=_("Minutes from order to picked up"),
                hours=hours,
                measure="to_picked_up",
            ),
        ],
    )


def stats_by_location(hours: list[HourWaits]) -> list[LocationStats]:
    """The selector's rows (ordered by location, hour) as one section per location."""
    return [
        _location_stats(location, list(rows), index)
        for index, (location, rows) in enumerate(groupby(hours, key=lambda row: row.location))
    ]


CSV_HEADER = (
    "location",
    "hour",
    "pickups",
    "prepared_count",
    "prepared_median_minutes",
    "prepared_p90_minutes",
    "picked_up_count",
    "picked_up_median_minutes",
    "picked_up_p90_minutes",
)


def stats_csv_rows(hours: list[HourWaits]) -> list[tuple]:
    """The CSV's rows, header first: the page's numbers, minutes with one decimal."""
    return [
        CSV_HEADER,
        *(
            (
                row.location,
                row.hour,
                row.pickups,
                row.to_prepared.count,
                minutes_csv(row.to_prepared.median),
                minutes_csv(row.to_prepared.p90),
                row.to_picked_up.count,
                minutes_csv(row.to_picked_up.median),
                minutes_csv(row.to_picked_up.p90),
            )
            for row in hours
        ),
    ]


@dataclass
class StatsPage:
    filters: StatsFilters
    zone: str
    sections: list[LocationStats]
    locations: list[str]

    @property
    def pickups(self) -> int:
        return sum(section.pickups for section in self.sections)


def store_today(organization: Organization) -> date:
    return timezone.now().astimezone(organization.zone).date()


def stats_waits(*, organization: Organization, filters: StatsFilters) -> list[HourWaits]:
    start, end = filters.moments(organization.zone)
    return pickup_waits_by_hour(
        organization_id=organization.id,
        zone=organization.zone,
        start=start,
        end=end,
        location=filters.location,
    )


def stats_page(*, organization: Organization, filters: StatsFilters) -> StatsPage:
    """Three queries: the waits, then the locations to choose from (pickups, screens)."""
    hours = stats_waits(organization=organization, filters=filters)
    sections = stats_by_location(hours)
    locations = set(pickup_location_choices(organization_id=organization.id, also=filters.location))
    locations |= {section.location for section in sections if section.location}
    return StatsPage(
        filters=filters,
        zone=organization.time_zone,
        sections=sections,
        locations=sorted(locations),
    )
