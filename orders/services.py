"""Writes of the orders app: the sales order status machine and its couplings.

Locks are always taken in one order: the sales order row first, then its pickups, then its
deliveries (each by id). Every change appends a StatusEvent.
"""

from decimal import Decimal
from uuid import UUID

from django.db.models import ProtectedError
from django.utils import timezone

from core.actors import Actor
from core.error_codes import ProblemCode
from core.ids import get_by_id
from core.problems import BadRequest, Conflict, NotFound, StatusConflict, Unprocessable
from orders.models import Product, SalesOrder, StatusEvent, TaxRate
from orders.statuses import (
    DELIVERY_OPEN,
    FULFILLMENT_CANCELED,
    FULFILLMENT_FINISHED,
    PICKUP_OPEN,
    SALES_ORDER_FINAL,
    SalesOrderStatus,
    sales_order_allowed_targets,
)
from webhooks import outbox

Subject = StatusEvent.Subject


def status_event(
    *,
    order: SalesOrder,
    subject_type: str,
    subject_id: UUID,
    from_status: str,
    to_status: str,
    actor: Actor,
) -> StatusEvent:
    """An unsaved event row; callers save it or bulk-create several."""
    return StatusEvent(
        organization_id=order.organization_id,
        order=order,
        subject_type=subject_type,
        subject_id=subject_id,
        from_status=from_status,
        to_status=to_status,
        occurred_at=timezone.now(),
        actor_label=actor.label[:200],
        actor_user=actor.user,
        actor_token=actor.token,
    )


WEBHOOK_OBJECT_TYPES = {
    Subject.SALES_ORDER: "sales_order",
    Subject.PICKUP: "pickup",
    Subject.DELIVERY: "delivery",
}


def record_status_events(events: list[StatusEvent]) -> None:
    """Save the history rows of changes already saved, and write their webhook events in the
    same transaction. Every transition, from the API, a staff page or the system, ends here.
    A fulfillment's creation is part of its order's `sales_order.created`, not an event."""
    StatusEvent.objects.bulk_create(events)
    if not events:
        return
    changes = [
        outbox.Change(
            object_type=WEBHOOK_OBJECT_TYPES[event.subject_type],
            object_id=event.subject_id,
            occurred_at=event.occurred_at,
            previous_status=event.from_status or None,
            status=event.to_status,
        )
        for event in events
        if event.from_status or event.subject_type == Subject.SALES_ORDER
    ]
    outbox.record(organization_id=events[0].organization_id, changes=changes)


def lock_sales_order(*, organization_id: str, sales_order_id: UUID | str) -> SalesOrder:
    """The order row, locked until the end of the transaction; 404 for an unknown id, an id of
    another organization, or an id that is not a UUID at all."""
    return get_by_id(
        SalesOrder.objects.select_for_update().filter(organization_id=organization_id),
        sales_order_id,
        not_found=f"Sales order {sales_order_id} not found.",
    )


def _move_order(*, order: SalesOrder, status: str, actor: Actor) -> StatusEvent:
    """Set a locked order's status, without checks, and return its event (saved)."""
    event = status_event(
        order=order,
        subject_type=Subject.SALES_ORDER,
        subject_id=order.id,
        from_status=order.status,
        to_status=status,
        actor=actor,
    )
    if status == SalesOrderStatus.ON_HOLD:
        order.held_from_status = order.status
    elif order.status == SalesOrderStatus.ON_HOLD:
        order.held_from_status = ""
    order.status = status
    order.save(update_fields=["status", "held_from_status", "updated_at"])
    record_status_events([event])
    return event


def _cancel_open_fulfillments(*, order: SalesOrder, actor: Actor) -> None:
    now = timezone.now()
    events = []
    for related, open_statuses, subject in (
        (order.pickups, PICKUP_OPEN, Subject.PICKUP),
        (order.deliveries, DELIVERY_OPEN, Subject.DELIVERY),
    ):
        open_rows = list(
            related.select_for_update()
            .filter(status__in=open_statuses)
            .order_by("id")
            .values_list("id", "status")
        )
        if not open_rows:
            continue
        related.filter(id__in=[row_id for row_id, _ in open_rows]).update(
            status=FULFILLMENT_CANCELED, status_changed_at=now
        )
        events.extend(
            status_event(
                order=order,
                subject_type=subject,
                subject_id=row_id,
                from_status=from_status,
                to_status=FULFILLMENT_CANCELED,
                actor=actor,
            )
            for row_id, from_status in open_rows
        )
    record_status_events(events)


@outbox.transition
def sales_order_set_status(
    *, organization_id: str, sales_order_id: UUID | str, status: str, actor: Actor
) -> SalesOrder:
    """Move a sales order along its machine. Setting the current status again is a no-op.

    Canceling or rejecting cancels its open pickups and deliveries.
    """
    if status not in SalesOrderStatus.values:
        raise BadRequest(f"Unknown sales order status {status[:40]!r}.")
    order = lock_sales_order(organization_id=organization_id, sales_order_id=sales_order_id)
    if order.status == status:
        return order
    allowed = sales_order_allowed_targets(order.status, order.held_from_status or None)
    if status not in allowed:
        raise StatusConflict(
            f"A sales order cannot go from {order.status} to {status}."
            + (f" Allowed: {', '.join(sorted(allowed))}." if allowed else " It is final.")
        )
    _move_order(order=order, status=status, actor=actor)
    if status in (SalesOrderStatus.CANCELED, SalesOrderStatus.REJECTED):
        _cancel_open_fulfillments(order=order, actor=actor)
    return order


def sales_order_follow_fulfillment(*, order: SalesOrder, actor: Actor) -> None:
    """After a pickup or delivery of a locked order moved: the first move puts a NEW or
    CONFIRMED order IN_PROCESS; once every fulfillment is final and one finished, the order
    is COMPLETED."""
    if order.status in (SalesOrderStatus.NEW, SalesOrderStatus.CONFIRMED):
        _move_order(order=order, status=SalesOrderStatus.IN_PROCESS, actor=actor)
    if order.status in SALES_ORDER_FINAL:
        return
    statuses = list(order.pickups.values_list("status", flat=True)) + list(
        order.deliveries.values_list("status", flat=True)
    )
    all_final = all(s in FULFILLMENT_FINISHED or s == FULFILLMENT_CANCELED for s in statuses)
    if statuses and all_final and any(s in FULFILLMENT_FINISHED for s in statuses):
        _move_order(order=order, status=SalesOrderStatus.COMPLETED, actor=actor)


def product_put(
    *,
    organization_id: str,
    product_id: str,
    name: str,
    price_value: Decimal,
    currency: str,
    price_is_gross: bool,
    tax_identifier: str,
) -> tuple[Product, bool]:
    """Create or replace a catalog product; returns it and whether it was created."""
    if not TaxRate.objects.filter(identifier=tax_identifier).exists():
        raise Unprocessable(
            f"Unknown tax identifier {tax_identifier}.", code=ProblemCode.UNKNOWN_TAX
        )
    return Product.objects.update_or_create(
        organization_id=organization_id,
        product_id=product_id,
        defaults={
            "name": name,
            "price_value": price_value,
            "currency": currency,
            "price_is_gross": price_is_gross,
            "tax_id": tax_identifier,
        },
    )


def product_delete(*, organization_id: str, product_id: str) -> None:
    try:
        deleted, _ = Product.objects.filter(
            organization_id=organization_id, product_id=product_id
        ).delete()
    except ProtectedError as exc:
        raise Conflict(
            f"Product {product_id} is in an open draft; remove it there first.",
            code=ProblemCode.PRODUCT_IN_USE,
        ) from exc
    if not deleted:
        raise NotFound(f"Product {product_id} not found.")
