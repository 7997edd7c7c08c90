"""Small formatting filters for the desk pages: quantities, money, time ranges."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()

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


def _plain(value) -> str:
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


@register.filter
def quantity(value, unit: str = "") -> str:
    """1.0000 PIECES -> "1 ×", 2.5 MASS_KILOGRAMS -> "2.5 kg"."""
    symbol = UNITS.get(unit, unit.lower().replace("_", " ") if unit else "")
    return f"{_plain(value)} {symbol}".strip()


@register.filter
def money(value, currency: str = "") -> str:
    try:
        number = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{number:,.2f} {currency}".strip()


@register.filter
def status_label(value: str) -> str:
    """IN_PROCESS -> "In process"."""
    return str(value).replace("_", " ").capitalize()


def _when(moment: datetime, today) -> str:
    local = timezone.localtime(moment)
    if local.date() == today:
        return date_format(local, "H:i")
    return date_format(local, "D j M H:i")


@register.simple_tag
def time_range(start: datetime | None, end: datetime | None) -> str:
    """A time window in the desk's time zone; the date only when it is not today."""
    today = timezone.localdate()
    if start and end:
        same_day = timezone.localtime(start).date() == timezone.localtime(end).date()
        end_text = date_format(timezone.localtime(end), "H:i") if same_day else _when(end, today)
        return f"{_when(start, today)}–{end_text}"
    if start:
        return f"from {_when(start, today)}"
    if end:
        return f"until {_when(end, today)}"
    return ""


@register.filter
def moment(value: datetime | None) -> str:
    if not value:
        return ""
    return _when(value, timezone.localdate())
