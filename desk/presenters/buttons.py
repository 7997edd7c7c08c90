"""The buttons a card or an order offers: the staff labels of the contract, in the order they
stand, for the moves the status machines allow. Labels are lazy: a cached button shows itself
in the language of the page that renders it."""

from dataclasses import dataclass, replace
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

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
    PickupStatus.PREPARED: pgettext_lazy("button", "Prepared"),
    PickupStatus.PICKED_UP: pgettext_lazy("button", "Picked up"),
    PickupStatus.PENDING: pgettext_lazy("button", "Undo"),
}
DELIVERY_BUTTON_LABELS = {
    DeliveryStatus.PREPARED: pgettext_lazy("button", "Prepared"),
    DeliveryStatus.SHIPPED: pgettext_lazy("button", "Shipped"),
    DeliveryStatus.RECEIVED: pgettext_lazy("button", "Received"),
    DeliveryStatus.PENDING: pgettext_lazy("button", "Undo"),
}
# In the order the buttons stand: moves forward, then Hold, then the ends.
ORDER_BUTTON_LABELS = {
    SalesOrderStatus.CONFIRMED: pgettext_lazy("button", "Confirm"),
    SalesOrderStatus.IN_PROCESS: pgettext_lazy("button", "Start"),
    SalesOrderStatus.COMPLETED: pgettext_lazy("button", "Complete"),
    SalesOrderStatus.ON_HOLD: pgettext_lazy("button", "Hold"),
    SalesOrderStatus.REJECTED: pgettext_lazy("button", "Reject"),
    SalesOrderStatus.CANCELED: pgettext_lazy("button", "Cancel"),
}
RELEASE_LABEL = pgettext_lazy("button", "Release")
# Buttons that end an order ask for confirmation first.
ORDER_BUTTONS_ASKING = {SalesOrderStatus.REJECTED, SalesOrderStatus.CANCELED}


@dataclass(frozen=True)
class Button:
    label: str | Promise
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
            Button(
                label=label,
                status=target,
                kind="back" if target == PickupStatus.PENDING else "forward",
            )
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
        buttons.append(Button(label=RELEASE_LABEL, status=order.held_from_status))
    for target, label in ORDER_BUTTON_LABELS.items():
        if target not in allowed or (
            order.status == SalesOrderStatus.ON_HOLD and target == order.held_from_status
        ):
            continue
        asking = target in ORDER_BUTTONS_ASKING
        kind = "danger" if asking else ("back" if target == SalesOrderStatus.ON_HOLD else "forward")
        confirm = (
            gettext(
                "{action} order {number}? Its open pickups and deliveries are canceled too."
            ).format(action=label, number=order.number)
            if asking
            else ""
        )
        buttons.append(Button(label=label, status=target, kind=kind, confirm=confirm))
    return _with_primary(buttons)
