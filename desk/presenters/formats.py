"""Text as the desk pages show it: quantities, money, status labels, moments and time windows,
in the active language and the current time zone (the store's). Plain functions, shared by the
template filters (desk_format) and by the card presenters."""

from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy

from orders.statuses import (
    AggregatedFulfillmentStatus,
    DeliveryStatus,
    PickupStatus,
    SalesOrderStatus,
)

UNITS = {
    "PIECES": "×",
    "ENERGY_JOULES": "J",
    "ENERGY_KILOWATT_HOURS": "kWh",
    "LENGTH_MILLIMETERS": "mm",
    "LENGTH_CENTIMETERS": "cm",
    "LENGTH_METERS": "m",
    "MASS_GRAMS": "g",
    "MASS_KILOGRAMS": "kg",
    "TIME_MINUTES": "min",
    "TIME_HOURS": "h",
    "VOLUME_MILLILITERS": "ml",
    "VOLUME_LITERS": "l",
}


def plain_number(value) -> str:
    """1.0000 -> "1", 2.5000 -> "2.5" ("2,5" in German); what is no number is shown as it is."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f").replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def money_text(value, currency: str = "") -> str:
    """1234.5 EUR -> "1,234.50 EUR" ("1.234,50 EUR" in German, "1 234,50 EUR" in French)."""
    try:
        number = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{formats.number_format(number, 2, force_grouping=True)} {currency}".strip()


def quantity_text(value, unit: str = "") -> str:
    """1.0000 PIECES -> "1 ×", 2.5 MASS_KILOGRAMS -> "2.5 kg"."""
    symbol = UNITS.get(unit, unit.lower().replace("_", " ") if unit else "")
    return f"{plain_number(value)} {symbol}".strip()


STATUS_LABELS = {
    SalesOrderStatus.NEW: pgettext_lazy("status", "New"),
    SalesOrderStatus.CONFIRMED: pgettext_lazy("status", "Confirmed"),
    SalesOrderStatus.REJECTED: pgettext_lazy("status", "Rejected"),
    SalesOrderStatus.IN_PROCESS: pgettext_lazy("status", "In process"),
    SalesOrderStatus.COMPLETED: pgettext_lazy("status", "Completed"),
    SalesOrderStatus.CANCELED: pgettext_lazy("status", "Canceled"),
    SalesOrderStatus.ON_HOLD: pgettext_lazy("status", "On hold"),
    PickupStatus.PENDING: pgettext_lazy("status", "Pending"),
    PickupStatus.PREPARED: pgettext_lazy("status", "Prepared"),
    PickupStatus.PICKED_UP: pgettext_lazy("status", "Picked up"),
    DeliveryStatus.SHIPPED: pgettext_lazy("status", "Shipped"),
    DeliveryStatus.RECEIVED: pgettext_lazy("status", "Received"),
    AggregatedFulfillmentStatus.NOT_NECESSARY: pgettext_lazy("status", "Not necessary"),
    AggregatedFulfillmentStatus.PARTIALLY_FULFILLED: pgettext_lazy("status", "Partially fulfilled"),
    AggregatedFulfillmentStatus.FULFILLED: pgettext_lazy("status", "Fulfilled"),
}


def status_label(value: str) -> str:
    """IN_PROCESS -> "In process" (in the active language)."""
    label = STATUS_LABELS.get(value)
    return str(label) if label is not None else str(value).replace("_", " ").capitalize()


def _month_names() -> tuple[str, ...]:
    return (
        "",
        pgettext("month, abbreviated", "Jan"),
        pgettext("month, abbreviated", "Feb"),
        pgettext("month, abbreviated", "Mar"),
        pgettext("month, abbreviated", "Apr"),
        pgettext("month, abbreviated", "May"),
        pgettext("month, abbreviated", "Jun"),
        pgettext("month, abbreviated", "Jul"),
        pgettext("month, abbreviated", "Aug"),
        pgettext("month, abbreviated", "Sep"),
        pgettext("month, abbreviated", "Oct"),
        pgettext("month, abbreviated", "Nov"),
        pgettext("month, abbreviated", "Dec"),
    )


def _day_names() -> tuple[str, ...]:
    return (
        pgettext("weekday, abbreviated", "Mon"),
        pgettext("weekday, abbreviated", "Tue"),
        pgettext("weekday, abbreviated", "Wed"),
        pgettext("weekday, abbreviated", "Thu"),
        pgettext("weekday, abbreviated", "Fri"),
        pgettext("weekday, abbreviated", "Sat"),
        pgettext("weekday, abbreviated", "Sun"),
    )


@lru_cache(maxsize=32)
def _names(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...], str, str, str]:
    """In a language: abbreviated day names (Monday first), month names (January at 1), and how
    a moment on another day, a window's start only and its end only are written."""
    return (
        _day_names(),
        _month_names(),
        # Translators: a moment not today, e.g. "Tue 1 Dec 10:47"; keep the {names}.
        gettext("{weekday} {day} {month} {time}"),
        # Translators: a time window with only its start, e.g. "from 10:00".
        gettext("from {when}"),
        # Translators: a time window with only its end, e.g. "until 18:00".
        gettext("until {when}"),
    )


class LocalTimes:
    """Moments in the current time zone: "H:i" today, "D j M H:i" on another day (in the active
    language's order, day and month names: "Di, 1. Dez 10:47", "mar. 1 déc. 10:47").

    Made once per page: the zone, today's date and the translated names are looked up once,
    not once per card."""

    def __init__(self, now: datetime | None = None):
        self.zone: tzinfo = timezone.get_current_timezone()
        self.today: date = (now or timezone.now()).astimezone(self.zone).date()
        self._days, self._months, self._other_day, self._from, self._until = _names(get_language())

    def _local(self, moment: datetime) -> datetime:
        return timezone.localtime(moment, self.zone)

    @staticmethod
    def _clock(local: datetime) -> str:
        return f"{local.hour:02d}:{local.minute:02d}"

    def _when(self, local: datetime) -> str:
        if local.date() == self.today:
            return self._clock(local)
        return self._other_day.format(
            weekday=self._days[local.weekday()],
            day=local.day,
            month=self._months[local.month],
            time=self._clock(local),
        )

    def moment(self, value: datetime | None) -> str:
        if not value:
            return ""
        return self._when(self._local(value))

    def time_range(self, start: datetime | None, end: datetime | None) -> str:
        """A time window; the date only when it is not today."""
        if start and end:
            local_start, local_end = self._local(start), self._local(end)
            same_day = local_start.date() == local_end.date()
            end_text = self._clock(local_end) if same_day else self._when(local_end)
            return f"{self._when(local_start)}–{end_text}"
        if start:
            return self._from.format(when=self._when(self._local(start)))
        if end:
            return self._until.format(when=self._when(self._local(end)))
        return ""
