"""The three status machines of the contract, as data. The functions that move objects along
them live in orders.services (sales orders) and fulfillment.services (pickups, deliveries)."""

from django.db import models


class SalesOrderStatus(models.TextChoices):
    NEW = "NEW"
    CONFIRMED = "CONFIRMED"
    REJECTED = "REJECTED"
    IN_PROCESS = "IN_PROCESS"
    COMPLETED = "COMPLETED"
    CANCELED = "CANCELED"
    ON_HOLD = "ON_HOLD"


class PickupStatus(models.TextChoices):
    PENDING = "PENDING"
    PREPARED = "PREPARED"
    PICKED_UP = "PICKED_UP"
    CANCELED = "CANCELED"


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING"
    PREPARED = "PREPARED"
    SHIPPED = "SHIPPED"
    RECEIVED = "RECEIVED"
    CANCELED = "CANCELED"


class FulfillmentType(models.TextChoices):
    PICKUP = "PICKUP"
    DELIVERY = "DELIVERY"


class AggregatedFulfillmentStatus(models.TextChoices):
    NOT_NECESSARY = "NOT_NECESSARY"
    PENDING = "PENDING"
    PARTIALLY_FULFILLED = "PARTIALLY_FULFILLED"
    FULFILLED = "FULFILLED"
    CANCELED = "CANCELED"


S = SalesOrderStatus
# ON_HOLD goes back to the status it was held from (or CANCELED); see sales_order_allowed_targets.
SALES_ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.CONFIRMED, S.REJECTED, S.ON_HOLD, S.CANCELED}),
    S.CONFIRMED: frozenset({S.IN_PROCESS, S.ON_HOLD, S.CANCELED}),
    S.IN_PROCESS: frozenset({S.COMPLETED, S.ON_HOLD, S.CANCELED}),
    S.ON_HOLD: frozenset({S.CANCELED}),
    S.REJECTED: frozenset(),
    S.COMPLETED: frozenset(),
    S.CANCELED: frozenset(),
}
SALES_ORDER_FINAL = frozenset({S.REJECTED, S.COMPLETED, S.CANCELED})
# While the order is in one of these, its pickups and deliveries cannot move.
SALES_ORDER_FREEZES_FULFILLMENT = frozenset({S.ON_HOLD, S.REJECTED, S.CANCELED})


def sales_order_allowed_targets(status: str, held_from: str | None) -> frozenset[str]:
    if status == S.ON_HOLD and held_from:
        return SALES_ORDER_TRANSITIONS[S.ON_HOLD] | {held_from}
    return SALES_ORDER_TRANSITIONS[status]


P = PickupStatus
# CANCELED is reached only through the sales order, never set directly.
PICKUP_TRANSITIONS: dict[str, frozenset[str]] = {
    P.PENDING: frozenset({P.PREPARED, P.PICKED_UP}),
    P.PREPARED: frozenset({P.PICKED_UP, P.PENDING}),
    P.PICKED_UP: frozenset(),
    P.CANCELED: frozenset(),
}
PICKUP_OPEN = frozenset({P.PENDING, P.PREPARED})
PICKUP_FINISHED = frozenset({P.PICKED_UP})

D = DeliveryStatus
DELIVERY_TRANSITIONS: dict[str, frozenset[str]] = {
    D.PENDING: frozenset({D.PREPARED}),
    D.PREPARED: frozenset({D.SHIPPED, D.PENDING}),
    D.SHIPPED: frozenset({D.RECEIVED}),
    D.RECEIVED: frozenset(),
    D.CANCELED: frozenset(),
}
DELIVERY_OPEN = frozenset({D.PENDING, D.PREPARED, D.SHIPPED})
DELIVERY_FINISHED = frozenset({D.RECEIVED})

FULFILLMENT_FINISHED = PICKUP_FINISHED | DELIVERY_FINISHED
FULFILLMENT_CANCELED = "CANCELED"
# Where every pickup and delivery starts (PickupStatus.PENDING, DeliveryStatus.PENDING).
FULFILLMENT_PENDING = "PENDING"


def aggregated_fulfillment_status(statuses: list[str]) -> str:
    """NOT_NECESSARY (none), PENDING (none finished), PARTIALLY_FULFILLED, FULFILLED (all
    finished or canceled, none open, at least one finished), CANCELED (all canceled)."""
    A = AggregatedFulfillmentStatus
    if not statuses:
        return A.NOT_NECESSARY
    finished = sum(1 for status in statuses if status in FULFILLMENT_FINISHED)
    canceled = sum(1 for status in statuses if status == FULFILLMENT_CANCELED)
    if canceled == len(statuses):
        return A.CANCELED
    if finished == 0:
        return A.PENDING
    if finished + canceled == len(statuses):
        return A.FULFILLED
    return A.PARTIALLY_FULFILLED
