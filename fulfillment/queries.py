"""Reads for the staff pages and counter screens (the API's reads live in selectors.py).

Every function here runs a fixed number of queries whatever the number of rows: one for the
rows (with their order joined in) and one per prefetched relation. The pages pin those counts.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

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


def pickup_buttons(pickup: Pickup) -> list[Button]:
    return _fulfillment_buttons(
        status=pickup.status,
        order_status=pickup.order.status,
        transitions=PICKUP_TRANSITIONS,
        labels=PICKUP_BUTTON_LABELS,
    )


def delivery_buttons(delivery: Delivery) -> list[Button]:
    return _fulfillment_buttons(
        status=delivery.status,
        order_status=delivery.order.status,
        transitions=DELIVERY_TRANSITIONS,
        labels=DELIVERY_BUTTON_LABELS,
    )


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


@dataclass
class PickupCard:
    pickup: Pickup
    number: str
    age_minutes: int
    age: str
    overdue: bool
    collector: str
    items: list[PickupItem]
    buttons: list[Button]
    frozen: bool


@dataclass
class PickupQueue:
    filters: PickupFilters
    preparing: list[PickupCard] = field(default_factory=list)
    ready: list[PickupCard] = field(default_factory=list)
    warning_minutes: int = 0
    # Location chips only help when the queue mixes locations.
    many_locations: bool = False

    @property
    def total(self) -> int:
        return len(self.preparing) + len(self.ready)


def _number_match(number: str) -> Q:
    """The big number of a pickup: its pager, else its pickup number."""
    no_pager = Q(pager_number__isnull=True) | Q(pager_number="")
    return Q(pager_number=number) | (no_pager & Q(pickup_number=number))


def _fulfillment_items(model) -> Prefetch:
    return Prefetch(
        "items",
        queryset=model.objects.select_related("order_item").order_by("position", "id"),
    )


def open_pickups(*, organization_id: str, filters: PickupFilters) -> QuerySet[Pickup]:
    pickups = Pickup.objects.filter(organization_id=organization_id, status__in=PICKUP_OPEN)
    if filters.location:
        pickups = pickups.filter(service_location=filters.location)
    if filters.number:
        pickups = pickups.filter(_number_match(filters.number))
    return (
        pickups.select_related("order")
        .prefetch_related(_fulfillment_items(PickupItem))
        .order_by("created_at", "id")
    )


def pickup_card(pickup: Pickup, *, now: datetime, warning_minutes: int) -> PickupCard:
    age_minutes = minutes_between(pickup.created_at, now)
    return PickupCard(
        pickup=pickup,
        number=pickup.display_number,
        age_minutes=age_minutes,
        age=age_text(age_minutes),
        overdue=now - pickup.created_at > timedelta(minutes=warning_minutes),
        collector=person_name(pickup.collector_information),
        items=list(pickup.items.all()),
        buttons=pickup_buttons(pickup),
        frozen=pickup.order.status in SALES_ORDER_FREEZES_FULFILLMENT,
    )


def pickup_queue(*, organization_id: str, filters: PickupFilters) -> PickupQueue:
    """Open pickups, oldest first, PENDING ("Preparing") apart from PREPARED ("Ready").
    Two queries: the pickups with their orders, then their items."""
    now = timezone.now()
    warning = settings.PICKUP_WAIT_WARNING_MINUTES
    queue = PickupQueue(filters=filters, warning_minutes=warning)
    locations = set()
    for pickup in open_pickups(organization_id=organization_id, filters=filters):
        card = pickup_card(pickup, now=now, warning_minutes=warning)
        (queue.ready if pickup.status == PickupStatus.PREPARED else queue.preparing).append(card)
        locations.add(pickup.service_location)
    queue.many_locations = len(locations) > 1
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


@dataclass
class DeliveryCard:
    delivery: Delivery
    recipient: str
    address: list[str]
    items: list[DeliveryItem]
    buttons: list[Button]
    frozen: bool
    age: str


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


def delivery_card(delivery: Delivery, *, now: datetime) -> DeliveryCard:
    return DeliveryCard(
        delivery=delivery,
        recipient=person_name(delivery.recipient_information)
        or person_name(delivery.delivery_address),
        address=address_on_card(delivery.delivery_address),
        items=list(delivery.items.all()),
        buttons=delivery_buttons(delivery),
        frozen=delivery.order.status in SALES_ORDER_FREEZES_FULFILLMENT,
        age=age_text(minutes_between(delivery.created_at, now)),
    )


@dataclass
class DeliveryBoard:
    columns: list[DeliveryColumn]
    # Location and service chips only help when the board mixes them.
    many_locations: bool = False
    many_services: bool = False


def delivery_board(*, organization_id: str, filters: DeliveryFilters) -> DeliveryBoard:
    """Open deliveries and those received today (settings.TIME_ZONE), oldest first, one column
    per status. Two queries: the deliveries with their orders, then their items."""
    now = timezone.now()
    deliveries = Delivery.objects.filter(organization_id=organization_id).filter(
        Q(status__in=DELIVERY_OPEN)
        | Q(status=DeliveryStatus.RECEIVED, status_changed_at__gte=local_midnight(now))
    )
    if filters.location:
        deliveries = deliveries.filter(shipping_location=filters.location)
    if filters.service:
        deliveries = deliveries.filter(shipping_service=filters.service)
    deliveries = (
        deliveries.select_related("order")
        .prefetch_related(_fulfillment_items(DeliveryItem))
        .order_by("created_at", "id")
    )
    columns = {
        status: DeliveryColumn(status=status, title=title) for status, title in DELIVERY_COLUMNS
    }
    locations, services = set(), set()
    for delivery in deliveries:
        columns[delivery.status].cards.append(delivery_card(delivery, now=now))
        locations.add(delivery.shipping_location or "")
        services.add(delivery.shipping_service or "")
    return DeliveryBoard(
        columns=list(columns.values()),
        many_locations=len(locations) > 1,
        many_services=len(services) > 1,
    )


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
class OrderDetail:
    order: SalesOrder
    customer: dict
    customer_name: str
    customer_address: list[str]
    items: list[SalesOrderItem]
    pickups: list[PickupCard]
    deliveries: list[DeliveryCard]
    fulfillment: str
    history: list[HistoryEntry]
    buttons: list[Button]


def order_detail(*, organization_id: str, order_id) -> OrderDetail | None:
    """Seven queries: the order, its items, pickups and their items, deliveries and their
    items, its events."""
    order = (
        SalesOrder.objects.filter(organization_id=organization_id, id=order_id)
        .prefetch_related(
            Prefetch("items", queryset=SalesOrderItem.objects.order_by("position", "id")),
            Prefetch(
                "pickups",
                queryset=Pickup.objects.order_by("created_at", "id").prefetch_related(
                    _fulfillment_items(PickupItem)
                ),
            ),
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.order_by("created_at", "id").prefetch_related(
                    _fulfillment_items(DeliveryItem)
                ),
            ),
            Prefetch("events", queryset=StatusEvent.objects.order_by("occurred_at", "id")),
        )
        .first()
    )
    if order is None:
        return None
    now = timezone.now()
    warning = settings.PICKUP_WAIT_WARNING_MINUTES
    pickups = list(order.pickups.all())
    deliveries = list(order.deliveries.all())
    for fulfillment in (*pickups, *deliveries):
        fulfillment.order = order  # no query per row for the buttons
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
        pickups=[pickup_card(pickup, now=now, warning_minutes=warning) for pickup in pickups],
        deliveries=[delivery_card(delivery, now=now) for delivery in deliveries],
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
