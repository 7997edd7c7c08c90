"""Reads for the staff pages and counter screens (the API's reads live in selectors.py).

Every function here runs a fixed number of queries whatever the number of rows: one for the
rows (with their order joined in) and one per prefetched relation. The pages pin those counts.

The live fragments polled every few seconds (pickup queue, delivery board) read plain rows
(values_list, no model instances) and hand their templates cards whose every text is already
formatted, so that rendering hundreds of cards is little more than printing strings.
"""

import html
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TypedDict

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from fulfillment.formats import LocalTimes, quantity_text, status_label
from fulfillment.models import CounterDisplay, Delivery, DeliveryItem, Pickup, PickupItem
from orders.models import SalesOrder, SalesOrderItem, StatusEvent
from orders.statuses import (
    DELIVERY_OPEN,
    DELIVERY_TRANSITIONS,
    PICKUP_OPEN,
    PICKUP_TRANSITIONS,
    SALES_ORDER_FREEZES_FULFILLMENT,
    DeliveryStatus,
    PickupStatus,
    SalesOrderStatus,
    aggregated_fulfillment_status,
    sales_order_allowed_targets,
)

# --- buttons ----------------------------------------------------------------------------------

# The staff buttons of the contract. A move back to PENDING is always the undo of PREPARED.
PICKUP_BUTTON_LABELS = {
    PickupStatus.PREPARED: "Prepared",
    PickupStatus.PICKED_UP: "Picked up",
    PickupStatus.PENDING: "Undo",
}
DELIVERY_BUTTON_LABELS = {
    DeliveryStatus.PREPARED: "Prepared",
    DeliveryStatus.SHIPPED: "Shipped",
    DeliveryStatus.RECEIVED: "Received",
    DeliveryStatus.PENDING: "Undo",
}
# In the order the buttons stand: moves forward, then Hold, then the ends.
ORDER_BUTTON_LABELS = {
    SalesOrderStatus.CONFIRMED: "Confirm",
    SalesOrderStatus.IN_PROCESS: "Start",
    SalesOrderStatus.COMPLETED: "Complete",
    SalesOrderStatus.ON_HOLD: "Hold",
    SalesOrderStatus.REJECTED: "Reject",
    SalesOrderStatus.CANCELED: "Cancel",
}
# Buttons that undo work or end an order ask for confirmation first.
ORDER_BUTTONS_ASKING = {SalesOrderStatus.REJECTED, SalesOrderStatus.CANCELED}


@dataclass(frozen=True)
class Button:
    label: str
    status: str
    kind: str = "forward"  # primary (the usual next step) | forward | back | danger
    confirm: str = ""


def _with_primary(buttons: list[Button]) -> list[Button]:
    """The first forward move is the usual next step; it gets the strongest colour."""
    for index, button in enumerate(buttons):
        if button.kind == "forward":
            buttons[index] = replace(button, kind="primary")
            break
    return buttons


def _fulfillment_buttons(
    *, status: str, order_status: str, transitions: dict, labels: dict
) -> list[Button]:
    if order_status in SALES_ORDER_FREEZES_FULFILLMENT:
        return []
    allowed = transitions.get(status, frozenset())
    # Forward moves in the machine's own order, then Undo last.
    ordered = [target for target in labels if target in allowed]
    return _with_primary(
        [
            Button(
                label=labels[target],
                status=target,
                kind="back" if labels[target] == "Undo" else "forward",
            )
            for target in ordered
        ]
    )


def pickup_buttons(*, status: str, order_status: str) -> list[Button]:
    return _fulfillment_buttons(
        status=status,
        order_status=order_status,
        transitions=PICKUP_TRANSITIONS,
        labels=PICKUP_BUTTON_LABELS,
    )


def delivery_buttons(*, status: str, order_status: str) -> list[Button]:
    return _fulfillment_buttons(
        status=status,
        order_status=order_status,
        transitions=DELIVERY_TRANSITIONS,
        labels=DELIVERY_BUTTON_LABELS,
    )


class ButtonRow(TypedDict):
    """The buttons of every card of a page whose fulfillment and order have one pair of
    statuses. They are the same on each of those cards, so the page renders them once, into
    `html` (the view does, from the template's `buttons` partial); a card prints that."""

    buttons: list[Button]
    html: str


class _ButtonRows:
    """The button rows of the cards of one page: one per (status, order status) pair that
    occurs, shared by every card with that pair; None for a card without buttons."""

    def __init__(self, buttons_of):
        self._buttons_of = buttons_of
        self._rows: dict[tuple[str, str], ButtonRow | None] = {}

    def __call__(self, status: str, order_status: str) -> ButtonRow | None:
        key = (status, order_status)
        if key not in self._rows:
            buttons = self._buttons_of(status=status, order_status=order_status)
            self._rows[key] = ButtonRow(buttons=buttons, html="") if buttons else None
        return self._rows[key]

    @property
    def rows(self) -> list[ButtonRow]:
        return [row for row in self._rows.values() if row is not None]


def order_buttons(order: SalesOrder) -> list[Button]:
    allowed = sales_order_allowed_targets(order.status, order.held_from_status or None)
    buttons = []
    if order.status == SalesOrderStatus.ON_HOLD and order.held_from_status in allowed:
        buttons.append(Button(label="Release", status=order.held_from_status))
    for target, label in ORDER_BUTTON_LABELS.items():
        if target not in allowed or (
            order.status == SalesOrderStatus.ON_HOLD and target == order.held_from_status
        ):
            continue
        asking = target in ORDER_BUTTONS_ASKING
        kind = "danger" if asking else ("back" if target == SalesOrderStatus.ON_HOLD else "forward")
        confirm = (
            f"{label} order {order.number}? Its open pickups and deliveries are canceled too."
            if asking
            else ""
        )
        buttons.append(Button(label=label, status=target, kind=kind, confirm=confirm))
    return _with_primary(buttons)


# --- people and places, as plain text ---------------------------------------------------------


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


def minutes_between(earlier: datetime, later: datetime) -> int:
    return max(0, int((later - earlier).total_seconds() // 60))


def age_text(minutes: int) -> str:
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {rest:02d} min"
    return f"{hours // 24} days"


def local_midnight(now: datetime | None = None) -> datetime:
    """The start of today in settings.TIME_ZONE, as an aware datetime."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def clean_param(value: object, limit: int) -> str:
    """A query parameter fit for a filter: text, trimmed, bounded, without NUL characters
    (PostgreSQL rejects them in text; a page must never answer 500)."""
    return str(value or "").replace("\x00", "").strip()[:limit]


# --- pickup queue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PickupFilters:
    location: str = ""
    number: str = ""

    @classmethod
    def from_data(cls, data) -> "PickupFilters":
        return cls(
            location=clean_param(data.get("location"), 256),
            number=clean_param(data.get("number"), 64),
        )

    def as_query(self) -> dict[str, str]:
        return {
            key: value
            for key, value in (("location", self.location), ("number", self.number))
            if value
        }


# Card texts are escaped for HTML where the card is made (SafeString), once: the templates
# print them as they are, without a filter or an escape per card and field.
NOTHING = SafeString("")
PAGER_NUMBER = SafeString("Pager number")
PICKUP_NUMBER = SafeString("Pickup number")


class PickupCard(TypedDict):
    """One card of the pickup queue, every text ready to print, escaped for HTML (built from
    plain rows, no model instances: the queue is polled every few seconds and holds hundreds
    of cards)."""

    id: str
    status: str
    number: str  # the big number: the pager, else the pickup number
    number_title: str  # "Pager number" | "Pickup number"
    pickup_number: str  # shown beside the order when the big number is a pager, else ""
    age: str
    since: str  # when it was created, as the desk shows moments
    overdue: bool
    order_number: str
    order_url: str
    chip: str  # the pickup location, when the queue mixes locations, else ""
    collector: str
    window: str  # the pickup time window, or ""
    items: str  # its item lines, ITEM_LINE after ITEM_LINE ("3 ×", "Oat milk 1 l"), or ""
    frozen: str  # the order's status in words when it keeps the pickup from moving, else ""
    buttons: ButtonRow | None  # None: the card offers no move
    action_url: str


@dataclass
class PickupQueue:
    filters: PickupFilters
    preparing: list[PickupCard] = field(default_factory=list)
    ready: list[PickupCard] = field(default_factory=list)
    warning_minutes: int = 0
    # Location chips only help when the queue mixes locations.
    many_locations: bool = False
    button_rows: list[ButtonRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.preparing) + len(self.ready)


def _number_match(number: str) -> Q:
    """The big number of a pickup: its pager, else its pickup number."""
    no_pager = Q(pager_number__isnull=True) | Q(pager_number="")
    return Q(pager_number=number) | (no_pager & Q(pickup_number=number))


def _html(text: str) -> SafeString:
    """Text escaped for HTML here, once, exactly as the template's autoescaping would escape
    it; the template then prints it as it is."""
    return SafeString(html.escape(text))


class _HtmlOnce:
    """_html for values that repeat across the cards of a page (statuses, locations, product
    names): each distinct value is escaped once."""

    def __init__(self):
        self._done: dict[str, SafeString] = {}

    def __call__(self, text: str) -> SafeString:
        done = self._done.get(text)
        if done is None:
            done = self._done[text] = _html(text)
        return done


class _Ages:
    """The age texts of the cards of a page, each made once: cards of the same minute share it."""

    def __init__(self, now: datetime):
        self.now = now
        self._texts: dict[int, SafeString] = {}

    def __call__(self, since: datetime) -> SafeString:
        minutes = minutes_between(since, self.now)
        text = self._texts.get(minutes)
        if text is None:
            text = self._texts[minutes] = _html(age_text(minutes))
        return text


_ID_SLOT = "00000000-0000-0000-0000-000000000000"


class _IdUrl:
    """The URL of a named route for any id, from one reverse() per page (a card's links differ
    only in the id), escaped for HTML as {% url %} would escape it."""

    def __init__(self, name: str):
        prefix, suffix = reverse(name, args=[_ID_SLOT]).split(_ID_SLOT)
        self.prefix, self.suffix = html.escape(prefix), html.escape(suffix)

    def __call__(self, object_id: str) -> SafeString:
        """The URL for an id given as text (a UUID's text needs no escaping)."""
        return SafeString(f"{self.prefix}{object_id}{self.suffix}")


# One line of a card's item list. Made here, not by a loop in the card template: that loop cost
# more than all the rest of a card (a third of the pickup queue's rendering, issue 5).
ITEM_LINE = '<li><span class="qty">{quantity}</span> {name}</li>'


def _item_lines(
    model, owner: str, owners: QuerySet, *, count: int, repeated: _HtmlOnce
) -> dict[object, SafeString]:
    """The item lines (ITEM_LINE, escaped) of the `count` pickups or deliveries of `owners`, by
    owner id, in item order; none for one without items. One query (none without owners); each
    distinct quantity and name is escaped once."""
    lines: dict[object, list[str]] = defaultdict(list)
    if count:
        rows = (
            model.objects.filter(**{f"{owner}__in": owners.values("id")})
            .order_by("position", "id")
            .values_list(owner, "quantity_value", "quantity_unit", "order_item__name")
        )
        quantities: dict[tuple, SafeString] = {}
        for owner_id, value, unit, name in rows:
            quantity = quantities.get((value, unit))
            if quantity is None:
                quantity = quantities[(value, unit)] = _html(quantity_text(value, unit))
            lines[owner_id].append(ITEM_LINE.format(quantity=quantity, name=repeated(name)))
    return {owner_id: SafeString("".join(parts)) for owner_id, parts in lines.items()}


def _frozen(order_status: str) -> SafeString:
    """The order's status in words when it keeps its fulfillments from moving, else ""."""
    if order_status in SALES_ORDER_FREEZES_FULFILLMENT:
        return _html(status_label(order_status).lower())
    return NOTHING


def open_pickups(*, organization_id: str, filters: PickupFilters) -> QuerySet[Pickup]:
    """The open pickups the filters let through, oldest first."""
    pickups = Pickup.objects.filter(organization_id=organization_id, status__in=PICKUP_OPEN)
    if filters.location:
        pickups = pickups.filter(service_location=filters.location)
    if filters.number:
        pickups = pickups.filter(_number_match(filters.number))
    return pickups.order_by("created_at", "id")


def pickup_queue(*, organization_id: str, filters: PickupFilters) -> PickupQueue:
    """Open pickups, oldest first, PENDING ("Preparing") apart from PREPARED ("Ready").
    Two queries: the pickups with their orders' number and status, then their item lines."""
    now = timezone.now()
    warning = settings.PICKUP_WAIT_WARNING_MINUTES
    overdue_before = now - timedelta(minutes=warning)
    times = LocalTimes(now)
    order_url, action_url = _IdUrl("desk-order"), _IdUrl("desk-pickup-move")
    buttons = _ButtonRows(pickup_buttons)
    repeated, ages = _HtmlOnce(), _Ages(now)
    pickups = open_pickups(organization_id=organization_id, filters=filters)
    rows = list(
        pickups.values_list(
            "id",
            "status",
            "pager_number",
            "pickup_number",
            "service_location",
            "created_at",
            "time_start",
            "time_end",
            "collector_information",
            "order_id",
            "order__number",
            "order__status",
        )
    )
    items = _item_lines(PickupItem, "pickup_id", pickups, count=len(rows), repeated=repeated)
    queue = PickupQueue(filters=filters, warning_minutes=warning)
    locations: dict[str, list[PickupCard]] = {}
    for (
        pickup_id,
        status,
        pager_number,
        pickup_number,
        location,
        created_at,
        time_start,
        time_end,
        collector,
        order_id,
        order_number,
        order_status,
    ) in rows:
        card_id = str(pickup_id)
        card = PickupCard(
            id=SafeString(card_id),
            status=repeated(status),
            number=_html(pager_number or pickup_number),
            number_title=PAGER_NUMBER if pager_number else PICKUP_NUMBER,
            pickup_number=_html(pickup_number) if pager_number else NOTHING,
            age=ages(created_at),
            since=_html(times.moment(created_at)),
            overdue=created_at < overdue_before,
            order_number=_html(order_number),
            order_url=order_url(str(order_id)),
            chip=NOTHING,
            collector=_html(person_name(collector)),
            window=_html(times.time_range(time_start, time_end)),
            items=items.get(pickup_id, NOTHING),
            frozen=_frozen(order_status),
            buttons=buttons(status, order_status),
            action_url=action_url(card_id),
        )
        (queue.ready if status == PickupStatus.PREPARED else queue.preparing).append(card)
        locations.setdefault(location, []).append(card)
    queue.many_locations = len(locations) > 1
    if queue.many_locations:
        for location, cards in locations.items():
            chip = repeated(location)
            for card in cards:
                card["chip"] = chip
    queue.button_rows = buttons.rows
    return queue


def pickup_locations(*, organization_id: str, also: str = "") -> list[str]:
    """Pickup locations to filter by: those of open pickups and of counter screens."""
    locations = set(
        Pickup.objects.filter(organization_id=organization_id, status__in=PICKUP_OPEN)
        .values_list("service_location", flat=True)
        .distinct()
        .order_by()
    )
    locations |= set(
        CounterDisplay.objects.filter(organization_id=organization_id)
        .values_list("service_location", flat=True)
        .distinct()
        .order_by()
    )
    if also:
        locations.add(also)
    return sorted(location for location in locations if location)


# --- counter screen ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CounterNumber:
    key: str  # the pickup number: stable, unique per organization, not personal
    number: str


@dataclass
class CounterBoard:
    display: CounterDisplay
    preparing: list[CounterNumber] = field(default_factory=list)
    ready: list[CounterNumber] = field(default_factory=list)


def counter_display_get(*, secret: str) -> CounterDisplay | None:
    if not secret or len(secret) > 64 or "\x00" in secret:
        return None
    return CounterDisplay.objects.filter(secret=secret, is_active=True).first()


def counter_board(*, display: CounterDisplay) -> CounterBoard:
    """Numbers only: one query reading pager number, pickup number and status, nothing else.
    A display without a location shows every location of its organization."""
    pickups = Pickup.objects.filter(organization_id=display.organization_id, status__in=PICKUP_OPEN)
    if display.service_location:
        pickups = pickups.filter(service_location=display.service_location)
    board = CounterBoard(display=display)
    rows = pickups.order_by("created_at", "id").values_list(
        "pager_number", "pickup_number", "status"
    )
    for pager_number, pickup_number, status in rows:
        entry = CounterNumber(key=pickup_number, number=pager_number or pickup_number)
        (board.ready if status == PickupStatus.PREPARED else board.preparing).append(entry)
    return board


# --- delivery board ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryFilters:
    location: str = ""
    service: str = ""

    @classmethod
    def from_data(cls, data) -> "DeliveryFilters":
        return cls(
            location=clean_param(data.get("location"), 256),
            service=clean_param(data.get("service"), 256),
        )

    def as_query(self) -> dict[str, str]:
        return {
            key: value
            for key, value in (("location", self.location), ("service", self.service))
            if value
        }


class DeliveryCard(TypedDict):
    """One card of the delivery board, every text ready to print, escaped for HTML (built from
    plain rows)."""

    id: str
    status: str
    order_number: str
    order_url: str
    recipient: str  # "No recipient" when neither the recipient nor the address names one
    received: str  # when a RECEIVED delivery was received, as the desk shows moments, else ""
    age: str
    since: str  # when it was created
    service_chip: str  # the shipping service, when the board mixes services, else ""
    location_chip: str  # the shipping location, when the board mixes locations, else ""
    address: list[str]  # street and town, a line each
    window: str  # the delivery time window, or ""
    items: str  # its item lines, ITEM_LINE after ITEM_LINE ("3 ×", "Oat milk 1 l"), or ""
    frozen: str  # the order's status in words when it keeps the delivery from moving, else ""
    buttons: ButtonRow | None  # None: the card offers no move
    action_url: str


@dataclass
class DeliveryColumn:
    status: str
    title: str
    cards: list[DeliveryCard] = field(default_factory=list)


DELIVERY_COLUMNS = (
    (DeliveryStatus.PENDING, "Pending"),
    (DeliveryStatus.PREPARED, "Prepared"),
    (DeliveryStatus.SHIPPED, "Shipped"),
    (DeliveryStatus.RECEIVED, "Received today"),
)


@dataclass
class DeliveryBoard:
    columns: list[DeliveryColumn]
    # Location and service chips only help when the board mixes them.
    many_locations: bool = False
    many_services: bool = False
    button_rows: list[ButtonRow] = field(default_factory=list)


def delivery_board(*, organization_id: str, filters: DeliveryFilters) -> DeliveryBoard:
    """Open deliveries and those received today (settings.TIME_ZONE), oldest first, one column
    per status. Two queries: the deliveries with their orders' number and status, then their
    item lines."""
    now = timezone.now()
    deliveries = Delivery.objects.filter(organization_id=organization_id).filter(
        Q(status__in=DELIVERY_OPEN)
        | Q(status=DeliveryStatus.RECEIVED, status_changed_at__gte=local_midnight(now))
    )
    if filters.location:
        deliveries = deliveries.filter(shipping_location=filters.location)
    if filters.service:
        deliveries = deliveries.filter(shipping_service=filters.service)
    deliveries = deliveries.order_by("created_at", "id")
    rows = list(
        deliveries.values_list(
            "id",
            "status",
            "recipient_information",
            "delivery_address",
            "shipping_location",
            "shipping_service",
            "created_at",
            "status_changed_at",
            "time_start",
            "time_end",
            "order_id",
            "order__number",
            "order__status",
        )
    )
    times = LocalTimes(now)
    order_url, action_url = _IdUrl("desk-order"), _IdUrl("desk-delivery-move")
    buttons = _ButtonRows(delivery_buttons)
    repeated, ages = _HtmlOnce(), _Ages(now)
    items = _item_lines(DeliveryItem, "delivery_id", deliveries, count=len(rows), repeated=repeated)
    columns = {
        status: DeliveryColumn(status=status, title=title) for status, title in DELIVERY_COLUMNS
    }
    cards: list[tuple[DeliveryCard, str, str]] = []
    for (
        delivery_id,
        status,
        recipient,
        address,
        location,
        service,
        created_at,
        status_changed_at,
        time_start,
        time_end,
        order_id,
        order_number,
        order_status,
    ) in rows:
        card_id = str(delivery_id)
        received = status == DeliveryStatus.RECEIVED
        card = DeliveryCard(
            id=SafeString(card_id),
            status=repeated(status),
            order_number=_html(order_number),
            order_url=order_url(str(order_id)),
            recipient=_html(person_name(recipient) or person_name(address) or "No recipient"),
            received=_html(times.moment(status_changed_at)) if received else NOTHING,
            age=ages(created_at),
            since=_html(times.moment(created_at)),
            service_chip=NOTHING,
            location_chip=NOTHING,
            address=[_html(line) for line in address_on_card(address)],
            window=_html(times.time_range(time_start, time_end)),
            items=items.get(delivery_id, NOTHING),
            frozen=_frozen(order_status),
            buttons=buttons(status, order_status),
            action_url=action_url(card_id),
        )
        columns[status].cards.append(card)
        cards.append((card, location or "", service or ""))
    board = DeliveryBoard(
        columns=list(columns.values()),
        many_locations=len({location for _, location, _ in cards}) > 1,
        many_services=len({service for _, _, service in cards}) > 1,
        button_rows=buttons.rows,
    )
    for card, location, service in cards:
        if board.many_locations:
            card["location_chip"] = repeated(location)
        if board.many_services:
            card["service_chip"] = repeated(service)
    return board


def delivery_filter_options(*, organization_id: str, filters: DeliveryFilters) -> dict:
    """Shipping locations and services seen on deliveries, for the board's filters."""
    pairs = (
        Delivery.objects.filter(organization_id=organization_id)
        .values_list("shipping_location", "shipping_service")
        .distinct()
        .order_by()
    )
    locations, services = {filters.location}, {filters.service}
    for location, service in pairs:
        locations.add(location or "")
        services.add(service or "")
    return {
        "locations": sorted(value for value in locations if value),
        "services": sorted(value for value in services if value),
    }


# --- orders -----------------------------------------------------------------------------------

ORDERS_PER_PAGE = 25


@dataclass(frozen=True)
class OrderFilters:
    statuses: tuple[str, ...] = ()
    search: str = ""
    page: int = 1

    @classmethod
    def from_data(cls, data) -> "OrderFilters":
        raw = []
        for value in data.getlist("status") if hasattr(data, "getlist") else data.get("status", []):
            raw.extend(part.strip() for part in str(value).split(","))
        statuses = tuple(s for s in SalesOrderStatus.values if s in raw)
        try:
            page = max(1, min(int(data.get("page", "1")), 1_000_000))
        except (TypeError, ValueError):
            page = 1
        return cls(statuses=statuses, search=clean_param(data.get("q"), 64), page=page)

    def as_query(self, *, page: int | None = None) -> list[tuple[str, str]]:
        query = [("status", status) for status in self.statuses]
        if self.search:
            query.append(("q", self.search))
        page = self.page if page is None else page
        if page > 1:
            query.append(("page", str(page)))
        return query


@dataclass
class OrderRow:
    order: SalesOrder
    customer: str
    fulfillment: str


def _fulfillment_statuses(order: SalesOrder) -> list[str]:
    return [pickup.status for pickup in order.pickups.all()] + [
        delivery.status for delivery in order.deliveries.all()
    ]


def order_page(*, organization_id: str, filters: OrderFilters) -> tuple[Page, list[OrderRow]]:
    """Newest first. Four queries whatever the page size: the count, the page, the pickups'
    statuses and the deliveries' statuses."""
    orders = SalesOrder.objects.filter(organization_id=organization_id)
    if filters.statuses:
        orders = orders.filter(status__in=filters.statuses)
    if filters.search:
        orders = orders.filter(
            Q(number__icontains=filters.search) | Q(draft_number__icontains=filters.search)
        )
    orders = orders.order_by("-transaction_date_and_time", "-id").prefetch_related(
        Prefetch("pickups", queryset=Pickup.objects.only("id", "order_id", "status")),
        Prefetch("deliveries", queryset=Delivery.objects.only("id", "order_id", "status")),
    )
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(filters.page)
    rows = [
        OrderRow(
            order=order,
            customer=person_name(order.customer_information),
            fulfillment=aggregated_fulfillment_status(_fulfillment_statuses(order)),
        )
        for order in page.object_list
    ]
    return page, rows


@dataclass
class HistoryEntry:
    event: StatusEvent
    subject: str


@dataclass
class PickupSummary:
    """A pickup as the order page lists it."""

    pickup: Pickup
    number: str
    collector: str


@dataclass
class DeliverySummary:
    """A delivery as the order page lists it."""

    delivery: Delivery
    recipient: str


@dataclass
class OrderDetail:
    order: SalesOrder
    customer: dict
    customer_name: str
    customer_address: list[str]
    items: list[SalesOrderItem]
    pickups: list[PickupSummary]
    deliveries: list[DeliverySummary]
    fulfillment: str
    history: list[HistoryEntry]
    buttons: list[Button]


def order_detail(*, organization_id: str, order_id) -> OrderDetail | None:
    """Five queries: the order, its items, pickups, deliveries, events."""
    order = (
        SalesOrder.objects.filter(organization_id=organization_id, id=order_id)
        .prefetch_related(
            Prefetch("items", queryset=SalesOrderItem.objects.order_by("position", "id")),
            Prefetch("pickups", queryset=Pickup.objects.order_by("created_at", "id")),
            Prefetch("deliveries", queryset=Delivery.objects.order_by("created_at", "id")),
            Prefetch("events", queryset=StatusEvent.objects.order_by("occurred_at", "id")),
        )
        .first()
    )
    if order is None:
        return None
    pickups = list(order.pickups.all())
    deliveries = list(order.deliveries.all())
    subjects: dict = {order.id: "Order"}
    subjects.update({pickup.id: f"Pickup {pickup.display_number}" for pickup in pickups})
    subjects.update(
        {delivery.id: f"Delivery {index}" for index, delivery in enumerate(deliveries, start=1)}
    )
    customer = order.customer_information if isinstance(order.customer_information, dict) else {}
    return OrderDetail(
        order=order,
        customer=customer,
        customer_name=person_name(customer),
        customer_address=address_lines(
            customer.get("contact_address") or customer.get("invoice_address")
        ),
        items=list(order.items.all()),
        pickups=[
            PickupSummary(
                pickup=pickup,
                number=pickup.display_number,
                collector=person_name(pickup.collector_information),
            )
            for pickup in pickups
        ],
        deliveries=[
            DeliverySummary(
                delivery=delivery,
                recipient=person_name(delivery.recipient_information)
                or person_name(delivery.delivery_address),
            )
            for delivery in deliveries
        ],
        fulfillment=aggregated_fulfillment_status(
            [f.status for f in pickups] + [f.status for f in deliveries]
        ),
        history=[
            HistoryEntry(
                event=event, subject=subjects.get(event.subject_id, event.subject_type.title())
            )
            for event in order.events.all()
        ],
        buttons=order_buttons(order),
    )


def pickup_overdue_since(now: datetime | None = None) -> datetime:
    """Pickups created before this moment wait too long."""
    return (now or timezone.now()) - timedelta(minutes=settings.PICKUP_WAIT_WARNING_MINUTES)


# --- overview ---------------------------------------------------------------------------------


def desk_counts(*, organization_id: str) -> dict[str, int]:
    """What waits on each page. Three aggregate queries."""
    now = timezone.now()
    P, D, S = PickupStatus, DeliveryStatus, SalesOrderStatus
    counts = Pickup.objects.filter(
        organization_id=organization_id, status__in=PICKUP_OPEN
    ).aggregate(
        pickups_preparing=Count("id", filter=Q(status=P.PENDING)),
        pickups_ready=Count("id", filter=Q(status=P.PREPARED)),
        pickups_overdue=Count("id", filter=Q(created_at__lt=pickup_overdue_since(now))),
    )
    counts |= Delivery.objects.filter(organization_id=organization_id).aggregate(
        deliveries_pending=Count("id", filter=Q(status=D.PENDING)),
        deliveries_prepared=Count("id", filter=Q(status=D.PREPARED)),
        deliveries_shipped=Count("id", filter=Q(status=D.SHIPPED)),
        deliveries_received_today=Count(
            "id", filter=Q(status=D.RECEIVED, status_changed_at__gte=local_midnight(now))
        ),
    )
    counts |= SalesOrder.objects.filter(organization_id=organization_id).aggregate(
        orders_new=Count("id", filter=Q(status=S.NEW)),
        orders_confirmed=Count("id", filter=Q(status=S.CONFIRMED)),
        orders_in_process=Count("id", filter=Q(status=S.IN_PROCESS)),
        orders_on_hold=Count("id", filter=Q(status=S.ON_HOLD)),
    )
    return counts
