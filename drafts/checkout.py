"""Checkout: a draft (a basket) becomes a sales order with its pickups and deliveries.

One transaction: lock the draft, check it, price its items, insert the order, its items, its
pickups and deliveries with their items and the initial status events (bulk inserts: the number
of queries does not grow with the number of items), delete the draft. A second checkout of the
same draft waits for the lock and then finds no draft (404).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any
from uuid import UUID, uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.actors import Actor
from core.error_codes import ProblemCode
from core.ids import parse_id
from core.models import Counter
from core.problems import Conflict, Unprocessable
from drafts.models import DraftDelivery, DraftItem, DraftPickup
from drafts.services import lock_draft
from fulfillment.models import Delivery, DeliveryItem, Pickup, PickupItem
from orders.models import SalesOrder, SalesOrderItem, StatusEvent
from orders.services import record_status_events, status_event
from orders.statuses import (
    FULFILLMENT_PENDING,
    PICKUP_OPEN,
    SalesOrderStatus,
)

CENT = Decimal("0.01")
# DecimalField(max_digits=19, decimal_places=4) holds at most 15 digits before the point.
AMOUNT_LIMIT = Decimal(10) ** 15
PAGER_CONSTRAINT = "active_pager_unique"

Subject = StatusEvent.Subject


@dataclass(frozen=True)
class LinePrice:
    """A priced line: totals (unit price × quantity), rounded half-up to 2 places."""

    gross: Decimal
    net: Decimal
    currency: str


def round_amount(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def price_line(
    *, unit_price: Decimal, price_is_gross: bool, tax_rate: Decimal, quantity: Decimal
) -> tuple[Decimal, Decimal]:
    """(gross, net) line totals. Gross = net × (1 + rate); the side not given is computed from
    the exact line total and both are rounded half-up to cents only at the end."""
    with localcontext() as context:
        context.prec = 60
        line = unit_price * quantity
        if price_is_gross:
            gross, net = line, line / (1 + tax_rate)
        else:
            gross, net = line * (1 + tax_rate), line
        return round_amount(gross), round_amount(net)


def item_price(item: DraftItem) -> LinePrice:
    """The manual price of the draft item if it has one, else its product's price."""
    product = item.product
    if item.price_value is not None:
        unit, is_gross, currency = item.price_value, bool(item.price_is_gross), item.price_currency
    else:
        unit, is_gross, currency = product.price_value, product.price_is_gross, product.currency
    gross, net = price_line(
        unit_price=unit,
        price_is_gross=is_gross,
        tax_rate=product.tax.rate,
        quantity=item.quantity_value,
    )
    if abs(gross) >= AMOUNT_LIMIT or abs(net) >= AMOUNT_LIMIT:
        raise Unprocessable(
            f"The amount of item {item.id} is too large to be stored.",
            code=ProblemCode.AMOUNT_TOO_LARGE,
        )
    return LinePrice(gross=gross, net=net, currency=currency or "")


def _referenced_items(
    item_ids: Iterable[Any], *, items: dict[UUID, DraftItem], owner: str
) -> list[DraftItem]:
    """The draft items a pickup or delivery names, in its order, each once; 422 for an id that
    is not an item of the same draft."""
    found: dict[UUID, DraftItem] = {}
    for raw in item_ids or []:
        parsed = parse_id(raw)
        if parsed is None or parsed not in items:
            raise Unprocessable(
                f"{owner} refers to item {raw}, which is not in this draft.",
                code=ProblemCode.ITEM_NOT_IN_DRAFT,
            )
        found.setdefault(parsed, items[parsed])
    return list(found.values())


def _check_dependencies(items: dict[UUID, DraftItem]) -> None:
    for item in items.values():
        for dependency in item.depending_items or []:
            raw = dependency.get("depending_item_id") if isinstance(dependency, dict) else None
            parsed = parse_id(raw)
            if parsed is None or parsed not in items:
                raise Unprocessable(
                    f"Item {item.id} names depending item {raw}, which is not in this draft.",
                    code=ProblemCode.ITEM_NOT_IN_DRAFT,
                )


def _pager_problem(*, organization_id: str, pickups: list[Pickup]) -> Unprocessable:
    """A clear 422 for the pager that the database refused."""
    held = {
        (row["service_location"], row["pager_number"]): row["pickup_number"]
        for row in Pickup.objects.filter(
            organization_id=organization_id,
            status__in=PICKUP_OPEN,
            pager_number__in=[p.pager_number for p in pickups if p.pager_number],
        ).values("service_location", "pager_number", "pickup_number")
    }
    seen: set[tuple[str, str]] = set()
    for pickup in pickups:
        if not pickup.pager_number:
            continue
        key = (pickup.service_location, pickup.pager_number)
        where = f" at pickup location {key[0]}" if key[0] else ""
        if key in held:
            return Unprocessable(
                f"Pager number {key[1]}{where} is already held by active pickup {held[key]}; "
                "choose another pager or finish that pickup first.",
                code=ProblemCode.PAGER_NUMBER_HELD,
            )
        if key in seen:
            return Unprocessable(
                f"Two pickups of this draft use pager number {key[1]}{where}; "
                "a pager is held by one active pickup at a time.",
                code=ProblemCode.PAGER_NUMBER_HELD,
            )
        seen.add(key)
    return Unprocessable(
        "A pager number of this draft is already held by an active pickup.",
        code=ProblemCode.PAGER_NUMBER_HELD,
    )


def _is_pager_conflict(error: IntegrityError) -> bool:
    text = str(error)
    # PostgreSQL names the constraint; SQLite names the columns of the partial unique index.
    return PAGER_CONSTRAINT in text or "fulfillment_pickup.pager_number" in text


@transaction.atomic
def draft_check_out(
    *,
    organization_id: str,
    draft_id: UUID | str,
    actor: Actor,
    require_finalized: bool = True,
) -> SalesOrder:
    """Turn a draft into a NEW sales order with PENDING pickups and deliveries; the draft is
    deleted. 404 unknown draft, 409 not finalized (when required), 422 empty or inconsistent,
    or a pager number already held by an active pickup at the same location."""
    draft = lock_draft(organization_id=organization_id, draft_id=draft_id)
    if require_finalized and not draft.is_finalized:
        raise Conflict(
            f"Sales order draft {draft.number} is not finalized; finalize it before checkout.",
            code=ProblemCode.DRAFT_NOT_FINALIZED,
        )
    items = {
        item.id: item
        for item in DraftItem.objects.filter(draft=draft)
        .select_related("product__tax")
        .order_by("created_at", "id")
    }
    if not items:
        raise Unprocessable(
            f"Sales order draft {draft.number} has no items.", code=ProblemCode.DRAFT_EMPTY
        )
    draft_pickups = list(DraftPickup.objects.filter(draft=draft).order_by("created_at", "id"))
    draft_deliveries = list(DraftDelivery.objects.filter(draft=draft).order_by("created_at", "id"))
    pickup_items = [
        _referenced_items(p.item_ids, items=items, owner=f"Pickup {p.id}") for p in draft_pickups
    ]
    delivery_items = [
        _referenced_items(d.item_ids, items=items, owner=f"Delivery {d.id}")
        for d in draft_deliveries
    ]
    _check_dependencies(items)
    prices = {item_id: item_price(item) for item_id, item in items.items()}
    currencies = {price.currency for price in prices.values()}
    if len(currencies) != 1:
        raise Unprocessable(
            "The items of one sales order must be priced in one currency; this draft mixes "
            + ", ".join(sorted(currencies))
            + ".",
            code=ProblemCode.CURRENCY_MISMATCH,
        )
    total_gross = sum((price.gross for price in prices.values()), Decimal(0))
    total_net = sum((price.net for price in prices.values()), Decimal(0))
    if abs(total_gross) >= AMOUNT_LIMIT or abs(total_net) >= AMOUNT_LIMIT:
        raise Unprocessable(
            "The order total is too large to be stored.", code=ProblemCode.AMOUNT_TOO_LARGE
        )

    now = timezone.now()
    number = Counter.take(organization_id=organization_id, name="sales_order")
    order = SalesOrder(
        organization_id=organization_id,
        number=str(number),
        sales_channel=draft.sales_channel,
        status=SalesOrderStatus.NEW,
        transaction_date_and_time=now,
        customer_information=draft.customer_information,
        additional_invoice_information=draft.additional_invoice_information or [],
        discounts=[],
        currency=currencies.pop(),
        total_gross=total_gross,
        total_net=total_net,
        draft_number=draft.number,
        created_at=now,
    )
    order_items = [
        SalesOrderItem(
            id=item.id,  # the draft item's id, so depending_items stay valid
            order=order,
            position=position,
            name=item.product.name,
            product=item.product.product_id,
            lot=item.lot,
            quantity_value=item.quantity_value,
            quantity_unit=item.quantity_unit,
            currency=prices[item.id].currency,
            gross_amount=prices[item.id].gross,
            net_amount=prices[item.id].net,
            undiscounted_gross_amount=prices[item.id].gross,
            undiscounted_net_amount=prices[item.id].net,
            discounts=[],
            taxes=[item.product.tax_id],
            depending_items=item.depending_items or [],
            additional_invoice_information=item.additional_invoice_information or [],
        )
        for position, item in enumerate(items.values())
    ]
    first_pickup_number = (
        Counter.take(organization_id=organization_id, name="pickup", count=len(draft_pickups))
        if draft_pickups
        else 0
    )

    def planned(source: DraftPickup | DraftDelivery) -> dict:
        """What a pickup and a delivery take from their draft part alike: its id (a client can
        follow it after checkout), its time range; both start PENDING now."""
        return {
            "id": source.id,
            "organization_id": organization_id,
            "order": order,
            "status": FULFILLMENT_PENDING,
            "time_start": source.time_start,
            "time_end": source.time_end,
            "created_at": now,
            "status_changed_at": now,
        }

    pickups = [
        Pickup(
            **planned(source),
            pickup_number=str(first_pickup_number + index),
            pager_number=source.pager_number or None,
            service_location=source.service_location or "",
            service_area=source.service_area,
            collector_information=source.collector_information,
        )
        for index, source in enumerate(draft_pickups)
    ]
    deliveries = [
        Delivery(
            **planned(source),
            delivery_address=source.delivery_address,
            recipient_information=source.recipient_information,
            shipping_location=source.shipping_location,
            shipping_service=source.shipping_service,
        )
        for source in draft_deliveries
    ]
    fulfillment_items = [
        item_class(
            id=uuid4(),
            order_item_id=item.id,
            product=item.product.product_id,
            quantity_value=item.quantity_value,
            quantity_unit=item.quantity_unit,
            position=position,
            **{owner_field: owner},
        )
        for item_class, owner_field, owners, owner_items in (
            (PickupItem, "pickup", pickups, pickup_items),
            (DeliveryItem, "delivery", deliveries, delivery_items),
        )
        for owner, referenced in zip(owners, owner_items, strict=True)
        for position, item in enumerate(referenced)
    ]
    events = [
        status_event(
            order=order,
            subject_type=subject,
            subject_id=row.id,
            from_status="",
            to_status=row.status,
            actor=actor,
        )
        for subject, rows in (
            (Subject.SALES_ORDER, [order]),
            (Subject.PICKUP, pickups),
            (Subject.DELIVERY, deliveries),
        )
        for row in rows
    ]
    try:
        with transaction.atomic():
            order.save(force_insert=True)
            SalesOrderItem.objects.bulk_create(order_items)
            Pickup.objects.bulk_create(pickups)
            Delivery.objects.bulk_create(deliveries)
            PickupItem.objects.bulk_create(
                [row for row in fulfillment_items if isinstance(row, PickupItem)]
            )
            DeliveryItem.objects.bulk_create(
                [row for row in fulfillment_items if isinstance(row, DeliveryItem)]
            )
            record_status_events(events)
    except IntegrityError as error:
        if _is_pager_conflict(error):
            raise _pager_problem(organization_id=organization_id, pickups=pickups) from error
        raise
    draft.delete()
    return order
