"""The buttons a card or an order offers: the staff labels of the contract, in the order they
stand, for the moves the status machines allow."""

from dataclasses import dataclass, replace
from functools import cache

from orders.models import SalesOrder
from orders.statuses import (
    DELIVERY_TRANSITIONS,
    PICKUP_TRANSITIONS,
    SALES_ORDER_FREEZES_FULFILLMENT,
    DeliveryStatus,
    PickupStatus,
    SalesOrderStatus,
    sales_order_allowed_targets,
)

# A move back to PENDING is always the undo of PREPARED.
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
# Buttons that end an order ask for confirmation first.
ORDER_BUTTONS_ASKING = {SalesOrderStatus.REJECTED, SalesOrderStatus.CANCELED}


@dataclass(frozen=True)
class Button:
    label: str
    status: str
    kind: str = "forward"  # primary (the usual next step) | forward | back | danger
    confirm: str = ""


def _with_primary(buttons: list[Button]) -> tuple[Button, ...]:
    """The first forward move is the usual next step; it gets the strongest colour."""
    for index, button in enumerate(buttons):
        if button.kind == "forward":
            buttons[index] = replace(button, kind="primary")
            break
    return tuple(buttons)


def _fulfillment_buttons(
    *, status: str, order_status: str, transitions: dict, labels: dict
) -> tuple[Button, ...]:
    if order_status in SALES_ORDER_FREEZES_FULFILLMENT:
        return ()
    allowed = transitions.get(status, frozenset())
    return _with_primary(
        [
            Button(label=label, status=target, kind="back" if label == "Undo" else "forward")
            for target, label in labels.items()
            if target in allowed
        ]
    )


@cache
def pickup_buttons(*, status: str, order_status: str) -> tuple[Button, ...]:
    return _fulfillment_buttons(
        status=status,
        order_status=order_status,
        transitions=PICKUP_TRANSITIONS,
        labels=PICKUP_BUTTON_LABELS,
    )


@cache
def delivery_buttons(*, status: str, order_status: str) -> tuple[Button, ...]:
    return _fulfillment_buttons(
        status=status,
        order_status=order_status,
        transitions=DELIVERY_TRANSITIONS,
        labels=DELIVERY_BUTTON_LABELS,
    )


def order_buttons(order: SalesOrder) -> tuple[Button, ...]:
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
