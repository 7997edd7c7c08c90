"""What every card of the live boards shares: its item lines, the order's freeze, and the
version of what it shows."""

import hashlib
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from desk.presenters.formats import quantity_text
from fulfillment.board_selectors import ItemRow
from orders.statuses import SalesOrderStatus

# How a card says the order keeps it from moving: "Order on hold: this pickup cannot move."
FROZEN_TEXTS = {
    SalesOrderStatus.ON_HOLD: pgettext_lazy("an order that is", "on hold"),
    SalesOrderStatus.REJECTED: pgettext_lazy("an order that is", "rejected"),
    SalesOrderStatus.CANCELED: pgettext_lazy("an order that is", "canceled"),
}


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
    return str(FROZEN_TEXTS.get(order_status, ""))


def card_version(row: tuple, items: list[ItemRow]) -> str:
    """Changes whenever the row or the item lines a card is made of change: with the page's
    `card_scope` (language, time zone, clock minute, filters) and its chips, the key of the
    card's rendered markup."""
    text = repr((tuple(row), [tuple(item) for item in items]))  # plain tuples repr faster
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


class KeptCard:
    """A card as its board lays it out (`fields`: status, location, version, chips) whose
    texts are worked out by `build()` only when its markup is rendered, not when the template
    finds that markup kept rendered."""

    def __init__(self, build, **fields) -> None:
        self.__dict__.update(fields)
        self._build = build
        self._card = None

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._card is None:
            self._card = self._build()
        return getattr(self._card, name)
