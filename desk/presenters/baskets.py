"""Baskets waiting for checkout, as the desk shows them, and the overview's counts."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from core.problems import Problem
from desk.presenters.texts import (
    address_city,
    age_text,
    local_midnight,
    minutes_between,
    person_name,
    pickup_overdue_since,
)
from drafts.checkout import item_price
from drafts.models import DraftItem, SalesOrderDraft
from drafts.selectors import finalized_drafts
from fulfillment.board_selectors import open_work_counts
from orders.selectors import sales_order_counts

BASKETS_SHOWN = 100


@dataclass
class BasketLine:
    item: DraftItem
    gross: Decimal | None
    currency: str


@dataclass
class Basket:
    draft: SalesOrderDraft
    customer: str
    lines: list[BasketLine]
    total: Decimal | None
    currency: str
    waiting: str
    pickups: list[str]
    deliveries: list[str]


def _basket(draft: SalesOrderDraft, *, now: datetime) -> Basket:
    lines = []
    for item in draft.items.all():
        try:
            price = item_price(item)
            lines.append(BasketLine(item=item, gross=price.gross, currency=price.currency))
        except Problem:
            lines.append(BasketLine(item=item, gross=None, currency=""))
    currencies = {line.currency for line in lines}
    priced = all(line.gross is not None for line in lines) and len(currencies) == 1
    pickups = []
    for pickup in draft.pickups.all():
        where = pickup.service_location or gettext("pickup")
        pickups.append(
            gettext("{where} · pager {number}").format(where=where, number=pickup.pager_number)
            if pickup.pager_number
            else where
        )
    deliveries = []
    for delivery in draft.deliveries.all():
        who = person_name(delivery.recipient_information) or person_name(delivery.delivery_address)
        city = address_city(delivery.delivery_address)
        deliveries.append(", ".join(part for part in (who, city) if part) or gettext("delivery"))
    return Basket(
        draft=draft,
        customer=person_name(draft.customer_information),
        lines=lines,
        total=sum((line.gross for line in lines), Decimal(0)) if priced and lines else None,
        currency=currencies.pop() if priced and lines else "",
        waiting=age_text(minutes_between(draft.finalized_at, now)),
        pickups=pickups,
        deliveries=deliveries,
    )


def waiting_baskets(*, organization_id: str) -> tuple[list[Basket], int]:
    """Finalized drafts, longest waiting first, at most BASKETS_SHOWN of them, and how many
    wait in all. Five queries whatever the number of baskets and items."""
    drafts = finalized_drafts(organization_id=organization_id)
    total = drafts.count()
    now = timezone.now()
    return [_basket(draft, now=now) for draft in drafts[:BASKETS_SHOWN]], total


def overview_counts(*, organization_id: str) -> dict[str, int]:
    """What waits on each page. Four queries: pickups, deliveries, orders, baskets."""
    now = timezone.now()
    counts = open_work_counts(
        organization_id=organization_id,
        overdue_before=pickup_overdue_since(now),
        received_since=local_midnight(now),
    )
    counts |= sales_order_counts(organization_id=organization_id)
    counts["baskets"] = finalized_drafts(organization_id=organization_id).count()
    return counts
