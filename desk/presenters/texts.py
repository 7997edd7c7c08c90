"""People, places and waiting times as the desk's cards write them (plain text)."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext


def person_name(info: object) -> str:
    """The name in a customer, collector or recipient object of the API, or ''."""
    if not isinstance(info, dict):
        return ""
    for key in ("name", "individual_name", "organization_name", "recipient_name"):
        value = info.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def address_lines(address: object) -> list[str]:
    if not isinstance(address, dict):
        return []
    full = address.get("full_address")
    if isinstance(full, str) and full.strip():
        return [line.strip() for line in full.splitlines() if line.strip()]

    def text(*keys: str) -> str:
        return " ".join(
            str(address[key]).strip()
            for key in keys
            if isinstance(address.get(key), str | int) and str(address[key]).strip()
        )

    lines = [
        text("recipient_name"),
        ("c/o " + text("care_of")) if text("care_of") else "",
        text("street_name", "street_number"),
        text("additional"),
        text("zip", "city"),
        text("country_code"),
    ]
    return [line for line in lines if line]


def address_on_card(address: object) -> list[str]:
    """Street and town only: the recipient's name stands above, the country is implied."""
    if not isinstance(address, dict):
        return []
    if isinstance(address.get("full_address"), str) and address["full_address"].strip():
        return address_lines(address)
    street = address_lines({key: address.get(key) for key in ("street_name", "street_number")})
    extra = address_lines({"additional": address.get("additional")})
    town = address_city(address)
    return [*street, *extra, *([town] if town else [])]


def address_city(address: object) -> str:
    """The zip and city of an address (or the last line of a full address), for summaries."""
    if not isinstance(address, dict):
        return ""
    parts = [
        str(address[key]).strip()
        for key in ("zip", "city")
        if isinstance(address.get(key), str) and address[key].strip()
    ]
    if parts:
        return " ".join(parts)
    lines = address_lines(address)
    return lines[-1] if lines else ""


def big_number(pager_number: str | None, pickup_number: str) -> str:
    """The number a pickup is called by: its pager, else its pickup number marked with `#`, so
    pickup 12 never looks like pager 12."""
    return pager_number or f"#{pickup_number}"


def minutes_between(earlier: datetime, later: datetime) -> int:
    return max(0, int((later - earlier).total_seconds() // 60))


def age_text(minutes: int) -> str:
    if minutes < 1:
        return gettext("just now")
    if minutes < 60:
        return gettext("{minutes} min").format(minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return gettext("{hours} h {minutes} min").format(hours=hours, minutes=f"{rest:02d}")
    days = hours // 24
    return ngettext("{days} day", "{days} days", days).format(days=days)


def local_midnight(now: datetime | None = None) -> datetime:
    """The start of today in the current time zone (the store's, on desk pages), as an aware
    datetime."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def pickup_overdue_since(now: datetime | None = None) -> datetime:
    """Pickups created before this moment wait too long."""
    return (now or timezone.now()) - timedelta(minutes=settings.PICKUP_WAIT_WARNING_MINUTES)


def machine_time(moment: datetime | None) -> str:
    """A moment as a valid HTML `datetime` value: UTC, whole seconds ("2026-12-01T10:47:00Z")."""
    if not moment:
        return ""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
