"""The filters of the desk pages, read from a query string (or a button's form) by Django forms.

A filter never refuses: text is trimmed, bounded and cleaned of NUL characters (PostgreSQL
rejects them; a page must never answer 500), unknown statuses are dropped, a page number out of
range is brought into range. Each page gets its filters as a small frozen value that also
writes them back into a query string.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms

from orders.statuses import SalesOrderStatus


class TextFilter(forms.CharField):
    def __init__(self, *, limit: int):
        super().__init__(required=False, strip=False)
        self.limit = limit

    def to_python(self, value) -> str:
        return str(value or "").replace("\x00", "").strip()[: self.limit]


class StatusFilter(forms.Field):
    """Statuses as repeated parameters, comma lists or both; unknown ones are dropped."""

    widget = forms.SelectMultiple

    def __init__(self, *, choices):
        super().__init__(required=False)
        self.choices = tuple(choices)

    def to_python(self, value) -> tuple[str, ...]:
        wanted = set()
        for part in value or ():
            wanted.update(piece.strip() for piece in str(part).split(","))
        return tuple(choice for choice in self.choices if choice in wanted)


class PageFilter(forms.Field):
    def __init__(self):
        super().__init__(required=False)

    def to_python(self, value) -> int:
        try:
            return max(1, min(int(value), 1_000_000))
        except (TypeError, ValueError):
            return 1


class DateFilter(forms.DateField):
    """An ISO date (YYYY-MM-DD, as <input type="date"> sends it); anything else is no date."""

    def __init__(self):
        super().__init__(required=False, input_formats=["%Y-%m-%d"])

    def to_python(self, value) -> date | None:
        try:
            return super().to_python(str(value or "").replace("\x00", "").strip()[:10])
        except forms.ValidationError:
            return None


class PickupFilterForm(forms.Form):
    location = TextFilter(limit=256)
    number = TextFilter(limit=64)


class DeliveryFilterForm(forms.Form):
    location = TextFilter(limit=256)
    service = TextFilter(limit=256)


class StatsFilterForm(forms.Form):
    location = TextFilter(limit=256)
    start = DateFilter()
    end = DateFilter()


class OrderFilterForm(forms.Form):
    status = StatusFilter(choices=SalesOrderStatus.values)
    q = TextFilter(limit=64)
    page = PageFilter()


def _cleaned(form_class: type[forms.Form], data) -> dict:
    form = form_class(data)
    form.is_valid()  # the fields above never refuse a value
    return form.cleaned_data


def _present(pairs) -> dict[str, str]:
    return {key: value for key, value in pairs if value}


@dataclass(frozen=True)
class PickupFilters:
    location: str = ""
    number: str = ""

    @classmethod
    def from_data(cls, data) -> "PickupFilters":
        return cls(**_cleaned(PickupFilterForm, data))

    def as_query(self) -> dict[str, str]:
        return _present((("location", self.location), ("number", self.number)))


@dataclass(frozen=True)
class DeliveryFilters:
    location: str = ""
    service: str = ""

    @classmethod
    def from_data(cls, data) -> "DeliveryFilters":
        return cls(**_cleaned(DeliveryFilterForm, data))

    def as_query(self) -> dict[str, str]:
        return _present((("location", self.location), ("service", self.service)))


@dataclass(frozen=True)
class OrderFilters:
    statuses: tuple[str, ...] = ()
    search: str = ""
    page: int = 1

    @classmethod
    def from_data(cls, data) -> "OrderFilters":
        cleaned = _cleaned(OrderFilterForm, data)
        return cls(statuses=cleaned["status"], search=cleaned["q"], page=cleaned["page"])

    def as_query(self, *, page: int | None = None) -> list[tuple[str, str]]:
        query = [("status", status) for status in self.statuses]
        if self.search:
            query.append(("q", self.search))
        page = self.page if page is None else page
        if page > 1:
            query.append(("page", str(page)))
        return query


STATS_DEFAULT_DAYS = 7
STATS_MAX_DAYS = 366


@dataclass(frozen=True)
class StatsFilters:
    """A pickup location (all when empty) and a range of whole days in the store's zone, both
    ends included: by default the last 7 days up to today; reversed ends are swapped and a range
    longer than a year ends a year after its start."""

    start: date
    end: date
    location: str = ""

    @classmethod
    def from_data(cls, data, *, today: date) -> "StatsFilters":
        cleaned = _cleaned(StatsFilterForm, data)
        start, end = cleaned["start"], cleaned["end"]
        end = end or (start + timedelta(days=STATS_DEFAULT_DAYS - 1) if start else today)
        start = start or end - timedelta(days=STATS_DEFAULT_DAYS - 1)
        start, end = min(start, end), max(start, end)
        end = min(end, start + timedelta(days=STATS_MAX_DAYS - 1))
        return cls(start=start, end=end, location=cleaned["location"])

    def moments(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The range as [first moment, first moment after) in the zone."""
        after = self.end + timedelta(days=1)
        return datetime.combine(self.start, time(), zone), datetime.combine(after, time(), zone)

    def as_query(self) -> dict[str, str]:
        return _present(
            (
                ("location", self.location),
                ("start", self.start.isoformat()),
                ("end", self.end.isoformat()),
            )
        )
