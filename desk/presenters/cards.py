"""What every card of the live boards shares: its item lines and the order's freeze."""

from dataclasses import dataclass

from desk.presenters.formats import quantity_text, status_label
from fulfillment.board_selectors import ItemRow
from orders.statuses import SALES_ORDER_FREEZES_FULFILLMENT


@dataclass(frozen=True)
class ItemLine:
    quantity: str  # "3 ×", "2.5 kg"
    name: str


def item_lines(rows: list[ItemRow]) -> list[ItemLine]:
    return [
        ItemLine(quantity_text(row.quantity_value, row.quantity_unit), row.name) for row in rows
    ]


def frozen_text(order_status: str) -> str:
    """The order's status in words when it keeps its fulfillments from moving, else ""."""
    if order_status in SALES_ORDER_FREEZES_FULFILLMENT:
        return status_label(order_status).lower()
    return ""
