"""ORM builders for test data: staff, products, orders with items, pickups and deliveries in
given statuses, finalized drafts (baskets), counter screens.

Orders are created as checkout creates them (NEW, fulfillments PENDING, numbers from the same
counters) and then moved to the wanted statuses through the real transition functions, so every
row, coupling and history event is one the desk could have produced.
"""

from collections import deque
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.utils import timezone

from core.actors import Actor
from core.models import Counter, Organization
from core.services import staff_ensure
from drafts.models import DraftDelivery, DraftItem, DraftPickup, SalesOrderDraft
from fulfillment.models import CounterDisplay, Delivery, DeliveryItem, Pickup, PickupItem
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.models import Product, SalesOrder, SalesOrderItem, StatusEvent, TaxRate
from orders.services import sales_order_set_status
from orders.statuses import (
    DELIVERY_TRANSITIONS,
    PICKUP_TRANSITIONS,
    DeliveryStatus,
    PickupStatus,
    SalesOrderStatus,
    sales_order_allowed_targets,
)

PASSWORD = "counter-42-secret"
TAX = "DE_STANDARD_VAT_2007"
SETUP = Actor.system("API: webshop")


def staff(organization: Organization, username: str = "alice", password: str = PASSWORD):
    return staff_ensure(username=username, organization=organization, password=password)


def product(
    organization: Organization,
    product_id: str = "coffee",
    *,
    name: str = "Coffee beans 500 g",
    price: str = "12.90",
    currency: str = "EUR",
    tax: str = TAX,
) -> Product:
    found = Product.objects.filter(organization=organization, product_id=product_id).first()
    if found:
        return found
    return Product.objects.create(
        organization=organization,
        product_id=product_id,
        name=name,
        price_value=Decimal(price),
        currency=currency,
        price_is_gross=True,
        tax=TaxRate.objects.get(identifier=tax),
    )


def display(
    organization: Organization, service_location: str = "front", **fields
) -> CounterDisplay:
    return CounterDisplay.objects.create(
        organization=organization, service_location=service_location, **fields
    )


def _path(start: str, goal: str, targets) -> list[str]:
    """The shortest way through a status machine, as the statuses to set one after another."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            steps = []
            while previous[current] is not None:
                steps.append(current)
                current = previous[current]
            return steps[::-1]
        for following in sorted(targets(current)):
            if following not in previous:
                previous[following] = current
                queue.append(following)
    raise ValueError(f"{goal} cannot be reached from {start}")


def _net(gross: Decimal) -> Decimal:
    return (gross / Decimal("1.19")).quantize(Decimal("0.01"))


def order(
    organization: Organization,
    *,
    status: str | None = None,
    items: list[tuple[str, str, str]] | None = None,
    pickups: list[dict[str, Any]] = (),
    deliveries: list[dict[str, Any]] = (),
    customer: dict | None = None,
    sales_channel: str = "webshop",
    placed_at: datetime | None = None,
    actor: Actor = SETUP,
) -> SalesOrder:
    """An order with items (product name, quantity, unit gross price), its pickups and
    deliveries each handing over every item. A pickup or delivery dict takes `status` and any
    field of the model; `created_at` (or `minutes_ago`) backdates it."""
    now = timezone.now()
    placed_at = placed_at or now
    items = items or [("Coffee beans 500 g", "2", "12.90")]
    number = Counter.take(organization_id=organization.id, name="sales_order")
    lines = []
    for name, quantity, unit_price in items:
        gross = (Decimal(unit_price) * Decimal(quantity)).quantize(Decimal("0.01"))
        lines.append((name, Decimal(quantity), gross, _net(gross)))
    sales_order = SalesOrder.objects.create(
        organization=organization,
        number=str(number),
        sales_channel=sales_channel,
        transaction_date_and_time=placed_at,
        customer_information=customer,
        currency="EUR",
        total_gross=sum((line[2] for line in lines), Decimal(0)),
        total_net=sum((line[3] for line in lines), Decimal(0)),
        draft_number=str(number),
        created_at=placed_at,
    )
    order_items = SalesOrderItem.objects.bulk_create(
        SalesOrderItem(
            order=sales_order,
            position=position,
            name=name,
            product=name.lower().split()[0],
            quantity_value=quantity,
            quantity_unit="PIECES",
            currency="EUR",
            gross_amount=gross,
            net_amount=net,
            undiscounted_gross_amount=gross,
            undiscounted_net_amount=net,
            taxes=[TAX],
        )
        for position, (name, quantity, gross, net) in enumerate(lines)
    )
    events = [_event(sales_order, StatusEvent.Subject.SALES_ORDER, sales_order.id, "NEW", actor)]
    made_pickups = []
    first = (
        Counter.take(organization_id=organization.id, name="pickup", count=len(pickups))
        if pickups
        else 0
    )
    for index, spec in enumerate(pickups):
        spec = dict(spec)
        spec.pop("status", None)
        created_at = _created_at(spec, now)
        pickup = Pickup.objects.create(
            organization=organization,
            order=sales_order,
            pickup_number=str(first + index),
            created_at=created_at,
            status_changed_at=created_at,
            **spec,
        )
        PickupItem.objects.bulk_create(
            PickupItem(
                pickup=pickup,
                order_item=item,
                product=item.product,
                quantity_value=item.quantity_value,
                quantity_unit=item.quantity_unit,
                position=item.position,
            )
            for item in order_items
        )
        events.append(_event(sales_order, StatusEvent.Subject.PICKUP, pickup.id, "PENDING", actor))
        made_pickups.append(pickup)
    made_deliveries = []
    for spec in deliveries:
        spec = dict(spec)
        spec.pop("status", None)
        created_at = _created_at(spec, now)
        delivery = Delivery.objects.create(
            organization=organization,
            order=sales_order,
            created_at=created_at,
            status_changed_at=created_at,
            **spec,
        )
        DeliveryItem.objects.bulk_create(
            DeliveryItem(
                delivery=delivery,
                order_item=item,
                product=item.product,
                quantity_value=item.quantity_value,
                quantity_unit=item.quantity_unit,
                position=item.position,
            )
            for item in order_items
        )
        events.append(
            _event(sales_order, StatusEvent.Subject.DELIVERY, delivery.id, "PENDING", actor)
        )
        made_deliveries.append(delivery)
    StatusEvent.objects.bulk_create(events)

    # An order headed for a status that freezes its fulfillments gets there first (from NEW).
    if status in (SalesOrderStatus.ON_HOLD, SalesOrderStatus.REJECTED):
        _move_order(sales_order, status, actor)
    for pickup, spec in zip(made_pickups, pickups, strict=True):
        for step in _path(
            PickupStatus.PENDING, spec.get("status", "PENDING"), lambda s: PICKUP_TRANSITIONS[s]
        ):
            pickup_set_status(
                organization_id=organization.id, pickup_id=pickup.id, status=step, actor=actor
            )
    for delivery, spec in zip(made_deliveries, deliveries, strict=True):
        for step in _path(
            DeliveryStatus.PENDING, spec.get("status", "PENDING"), lambda s: DELIVERY_TRANSITIONS[s]
        ):
            delivery_set_status(
                organization_id=organization.id, delivery_id=delivery.id, status=step, actor=actor
            )
    if status is not None:
        _move_order(sales_order, status, actor)
    sales_order.refresh_from_db()
    return sales_order


def _created_at(spec: dict, now: datetime) -> datetime:
    minutes = spec.pop("minutes_ago", None)
    created_at = spec.pop("created_at", None)
    if created_at is None:
        created_at = now - timedelta(minutes=minutes or 0)
    return created_at


def _event(sales_order, subject_type, subject_id, to_status, actor) -> StatusEvent:
    return StatusEvent(
        organization_id=sales_order.organization_id,
        order=sales_order,
        subject_type=subject_type,
        subject_id=subject_id,
        from_status="",
        to_status=to_status,
        occurred_at=sales_order.created_at,
        actor_label=actor.label,
    )


def _move_order(sales_order: SalesOrder, status: str, actor: Actor) -> None:
    current = SalesOrder.objects.get(pk=sales_order.pk)
    if current.status == status:
        return
    targets = lambda s: sales_order_allowed_targets(  # noqa: E731
        s, current.held_from_status if s == SalesOrderStatus.ON_HOLD else None
    )
    for step in _path(current.status, status, targets):
        sales_order_set_status(
            organization_id=sales_order.organization_id,
            sales_order_id=sales_order.id,
            status=step,
            actor=actor,
        )


def pickup_order(
    organization: Organization,
    *,
    status: str = PickupStatus.PENDING,
    pager_number: str | None = None,
    service_location: str = "front",
    collector: str = "Ada Lovelace",
    minutes_ago: int = 0,
    order_status: str | None = None,
    items: list[tuple[str, str, str]] | None = None,
) -> Pickup:
    """An order with one pickup; returns the pickup (its order joined)."""
    sales_order = order(
        organization,
        status=order_status,
        items=items,
        customer={"individual_name": collector, "contact_email": "ada@example.com"},
        pickups=[
            {
                "status": status,
                "pager_number": pager_number,
                "service_location": service_location,
                "collector_information": {"name": collector, "phone": "+49 30 1234567"},
                "minutes_ago": minutes_ago,
            }
        ],
    )
    return Pickup.objects.select_related("order").get(order=sales_order)


def delivery_order(
    organization: Organization,
    *,
    status: str = DeliveryStatus.PENDING,
    recipient: str = "Grace Hopper",
    street: tuple[str, str] = ("Torstraße", "12"),
    city: str = "Berlin",
    zip_code: str = "10119",
    shipping_location: str = "warehouse",
    shipping_service: str = "DHL",
    minutes_ago: int = 0,
    order_status: str | None = None,
    items: list[tuple[str, str, str]] | None = None,
) -> Delivery:
    """An order with one delivery; returns the delivery (its order joined)."""
    sales_order = order(
        organization,
        status=order_status,
        items=items,
        customer={"individual_name": recipient},
        deliveries=[
            {
                "status": status,
                "shipping_location": shipping_location,
                "shipping_service": shipping_service,
                "recipient_information": {"individual_name": recipient},
                "delivery_address": {
                    "street_name": street[0],
                    "street_number": street[1],
                    "zip": zip_code,
                    "city": city,
                    "country_code": "DE",
                },
                "minutes_ago": minutes_ago,
            }
        ],
    )
    return Delivery.objects.select_related("order").get(order=sales_order)


def basket(
    organization: Organization,
    *,
    items: list[tuple[str, str, str, str]] | None = None,
    customer: str | None = "Ada Lovelace",
    pager_number: str | None = None,
    service_location: str = "front",
    delivery: bool = False,
    finalized: bool = True,
    minutes_ago: int = 0,
    sales_channel: str = "webshop",
) -> SalesOrderDraft:
    """A draft with items (product id, name, unit gross price, quantity), one pickup (or one
    delivery), finalized unless told otherwise."""
    items = items or [("coffee", "Coffee beans 500 g", "12.90", "2")]
    now = timezone.now()
    draft = SalesOrderDraft.objects.create(
        organization=organization,
        number=str(Counter.take(organization_id=organization.id, name="draft")),
        sales_channel=sales_channel,
        customer_information={"individual_name": customer} if customer else None,
        finalized_at=now - timedelta(minutes=minutes_ago) if finalized else None,
    )
    draft_items = [
        DraftItem.objects.create(
            draft=draft,
            product=product(organization, product_id, name=name, price=price),
            quantity_value=Decimal(quantity),
            quantity_unit="PIECES",
        )
        for product_id, name, price, quantity in items
    ]
    item_ids = [str(item.id) for item in draft_items]
    if delivery:
        DraftDelivery.objects.create(
            draft=draft,
            item_ids=item_ids,
            recipient_information={"individual_name": customer},
            delivery_address={"street_name": "Torstraße", "zip": "10119", "city": "Berlin"},
            shipping_location="warehouse",
            shipping_service="DHL",
        )
    else:
        DraftPickup.objects.create(
            draft=draft,
            item_ids=item_ids,
            service_location=service_location,
            pager_number=pager_number,
            collector_information={"name": customer} if customer else None,
        )
    return draft


def many_pickups(
    organization: Organization,
    count: int,
    *,
    ready_every: int = 2,
    first_pager: int = 1,
    service_location: str = "front",
) -> list[Pickup]:
    """`count` orders with one open pickup each, in bulk (a few queries, for query-count tests):
    every `ready_every`-th pickup PREPARED (its order IN_PROCESS), the others PENDING (order
    NEW), oldest first by pager number."""
    now = timezone.now()
    first_order = Counter.take(organization_id=organization.id, name="sales_order", count=count)
    first_pickup = Counter.take(organization_id=organization.id, name="pickup", count=count)
    ready = [ready_every and index % ready_every == ready_every - 1 for index in range(count)]
    orders = SalesOrder.objects.bulk_create(
        SalesOrder(
            organization=organization,
            number=str(first_order + index),
            sales_channel="webshop",
            status=SalesOrderStatus.IN_PROCESS if ready[index] else SalesOrderStatus.NEW,
            currency="EUR",
            total_gross=Decimal("12.90"),
            total_net=_net(Decimal("12.90")),
            transaction_date_and_time=now - timedelta(minutes=count - index),
        )
        for index in range(count)
    )
    items = SalesOrderItem.objects.bulk_create(
        SalesOrderItem(
            order=sales_order,
            name="Coffee beans 500 g",
            product="coffee",
            quantity_value=Decimal(1),
            quantity_unit="PIECES",
            currency="EUR",
            gross_amount=Decimal("12.90"),
            net_amount=_net(Decimal("12.90")),
            undiscounted_gross_amount=Decimal("12.90"),
            undiscounted_net_amount=_net(Decimal("12.90")),
        )
        for sales_order in orders
    )
    pickups = Pickup.objects.bulk_create(
        Pickup(
            organization=organization,
            order=sales_order,
            pickup_number=str(first_pickup + index),
            pager_number=str(first_pager + index),
            service_location=service_location,
            status=PickupStatus.PREPARED if ready[index] else PickupStatus.PENDING,
            collector_information={"name": f"Customer {index}"},
            created_at=now - timedelta(minutes=count - index),
        )
        for index, sales_order in enumerate(orders)
    )
    PickupItem.objects.bulk_create(
        PickupItem(
            pickup=pickup,
            order_item=item,
            product=item.product,
            quantity_value=item.quantity_value,
            quantity_unit=item.quantity_unit,
        )
        for pickup, item in zip(pickups, items, strict=True)
    )
    return pickups


def timed_pickup(
    organization: Organization,
    placed_at: datetime,
    *,
    prepared: float | None = None,
    picked_up: float | None = None,
    service_location: str = "front",
    pager_number: str | None = None,
) -> Pickup:
    """A pickup whose order is placed at `placed_at` and which is marked PREPARED and PICKED_UP
    `prepared` and `picked_up` minutes later (None: never), each move made at that moment."""
    with time_machine.travel(placed_at, tick=False):
        pickup = pickup_order(
            organization, service_location=service_location, pager_number=pager_number
        )
    for minutes, status in ((prepared, PickupStatus.PREPARED), (picked_up, PickupStatus.PICKED_UP)):
        if minutes is None:
            continue
        with time_machine.travel(placed_at + timedelta(minutes=minutes), tick=False):
            pickup_set_status(
                organization_id=organization.id, pickup_id=pickup.id, status=status, actor=SETUP
            )
    return pickup
