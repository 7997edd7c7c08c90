"""Small formatting filters for the desk pages: quantities, money, time ranges. The text itself
comes from desk.presenters.formats, which the card presenters use too."""

from datetime import datetime

from django import template

from desk.presenters import formats
from desk.presenters.texts import machine_time as machine_time_text

register = template.Library()


@register.filter
def quantity(value, unit: str = "") -> str:
    """1.0000 PIECES -> "1 ×", 2.5 MASS_KILOGRAMS -> "2.5 kg"."""
    return formats.quantity_text(value, unit)


@register.filter
def money(value, currency: str = "") -> str:
    """1234.5 EUR -> "1,234.50 EUR", grouped and separated as the active language writes it."""
    return formats.money_text(value, currency)


@register.filter
def status_label(value: str) -> str:
    """IN_PROCESS -> "In process"."""
    return formats.status_label(value)


@register.simple_tag
def time_range(start: datetime | None, end: datetime | None) -> str:
    """A time window in the desk's time zone; the date only when it is not today."""
    return formats.LocalTimes().time_range(start, end)


@register.filter
def machine_time(value: datetime | None) -> str:
    """A valid HTML `datetime` value: UTC, whole seconds."""
    return machine_time_text(value)


@register.filter
def moment(value: datetime | None) -> str:
    return formats.LocalTimes().moment(value)
