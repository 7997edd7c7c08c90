"""Text as the desk pages show it: quantities, status labels, moments and time windows in the
desk's time zone. Plain functions, shared by the template filters (desk_format) and by the
card presenters."""

from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import get_language

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
    """1.0000 -> "1", 2.5000 -> "2.5"; what is no number is shown as it is."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def quantity_text(value, unit: str = "") -> str:
    """1.0000 PIECES -> "1 ×", 2.5 MASS_KILOGRAMS -> "2.5 kg"."""
    symbol = UNITS.get(unit, unit.lower().replace("_", " ") if unit else "")
    return f"{plain_number(value)} {symbol}".strip()


def status_label(value: str) -> str:
    """IN_PROCESS -> "In process"."""
    return str(value).replace("_", " ").capitalize()


@lru_cache(maxsize=32)
def _names(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Abbreviated day names (Monday first) and month names (January at 1) in a language."""
    days = tuple(str(WEEKDAYS_ABBR[day]) for day in range(7))
    months = ("", *(str(MONTHS_3[month]).title() for month in range(1, 13)))
    return days, months


class LocalTimes:
    """Moments in the current time zone: "H:i" today, "D j M H:i" on another day (as Django's
    date_format writes them, with the active language's day and month names).

    Made once per page: the zone, today's date and the translated names are looked up once,
    not once per card."""

    def __init__(self, now: datetime | None = None):
        self.zone: tzinfo = timezone.get_current_timezone()
        self.today: date = (now or timezone.now()).astimezone(self.zone).date()
        self._days, self._months = _names(get_language())

    def _local(self, moment: datetime) -> datetime:
        return timezone.localtime(moment, self.zone)

    @staticmethod
    def _clock(local: datetime) -> str:
        return f"{local.hour:02d}:{local.minute:02d}"

    def _when(self, local: datetime) -> str:
        if local.date() == self.today:
            return self._clock(local)
        return (
            f"{self._days[local.weekday()]} {local.day} {self._months[local.month]} "
            f"{self._clock(local)}"
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
            return f"from {self._when(self._local(start))}"
        if end:
            return f"until {self._when(self._local(end))}"
        return ""
