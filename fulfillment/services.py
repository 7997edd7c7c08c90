"""Writes of the fulfillment app: the pickup and delivery status machines.

Locks follow orders.services: the sales order first, then the fulfillment row.
"""

from uuid import UUID

from django.db.models import Model
from django.utils import timezone

from core.actors import Actor
from core.ids import get_by_id, parse_id
from core.problems import BadRequest, StatusConflict
from fulfillment.models import Delivery, Pickup
from orders.models import StatusEvent
from orders.services import (
    lock_sales_order,
    record_status_events,
    sales_order_follow_fulfillment,
    status_event,
)
from orders.statuses import (
    DELIVERY_TRANSITIONS,
    FULFILLMENT_CANCELED,
    PICKUP_TRANSITIONS,
    SALES_ORDER_FREEZES_FULFILLMENT,
)
from webhooks import outbox


def _set_fulfillment_status(
    *,
    model: type[Model],
    subject_type: str,
    transitions: dict[str, frozenset[str]],
    organization_id: str,
    fulfillment_id: UUID | str,
    status: str,
    actor: Actor,
) -> Model:
    label = model._meta.verbose_name.capitalize()
    if status not in transitions:
        raise BadRequest(f"Unknown {label.lower()} status {status[:40]!r}.")
    order_id = get_by_id(
        model.objects.filter(organization_id=organization_id).values_list("order_id", flat=True),
        fulfillment_id,
        not_found=f"{label} {fulfillment_id} not found.",
    )
    if status == FULFILLMENT_CANCELED:
        raise StatusConflict(f"A {label.lower()} is canceled only by canceling its sales order.")
    # Lock order: the sales order first, then the fulfillment (as orders.services does).
    order = lock_sales_order(organization_id=organization_id, sales_order_id=order_id)
    fulfillment = model.objects.select_for_update().get(id=parse_id(fulfillment_id))
    if fulfillment.status == status:
        return fulfillment
    if order.status in SALES_ORDER_FREEZES_FULFILLMENT:
        raise StatusConflict(
            f"Its sales order {order.number} is {order.status}; its fulfillments cannot move."
        )
    allowed = transitions[fulfillment.status]
    if status not in allowed:
        raise StatusConflict(
            f"A {label.lower()} cannot go from {fulfillment.status} to {status}."
            + (f" Allowed: {', '.join(sorted(allowed))}." if allowed else " It is final.")
        )
    event = status_event(
        order=order,
        subject_type=subject_type,
        subject_id=fulfillment.id,
        from_status=fulfillment.status,
        to_status=status,
        actor=actor,
    )
    fulfillment.status = status
    fulfillment.status_changed_at = timezone.now()
    fulfillment.save(update_fields=["status", "status_changed_at"])
    record_status_events([event])
    sales_order_follow_fulfillment(order=order, actor=actor)
    return fulfillment


@outbox.transition
def pickup_set_status(
    *, organization_id: str, pickup_id: UUID | str, status: str, actor: Actor
) -> Pickup:
    """PENDING → PREPARED → PICKED_UP, PENDING → PICKED_UP, PREPARED → PENDING (undo).
    Setting the current status again is a no-op."""
    return _set_fulfillment_status(
        model=Pickup,
        subject_type=StatusEvent.Subject.PICKUP,
        transitions=PICKUP_TRANSITIONS,
        organization_id=organization_id,
        fulfillment_id=pickup_id,
        status=status,
        actor=actor,
    )


@outbox.transition
def delivery_set_status(
    *, organization_id: str, delivery_id: UUID | str, status: str, actor: Actor
) -> Delivery:
    """PENDING → PREPARED → SHIPPED → RECEIVED, PREPARED → PENDING (undo)."""
    return _set_fulfillment_status(
        model=Delivery,
        subject_type=StatusEvent.Subject.DELIVERY,
        transitions=DELIVERY_TRANSITIONS,
        organization_id=organization_id,
        fulfillment_id=delivery_id,
        status=status,
        actor=actor,
    )
