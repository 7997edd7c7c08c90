"""Builders shared by the order, fulfillment and checkout tests: drafts written straight to the
database (independent of the draft API), checked out through the real checkout function."""

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

from core.actors import Actor
from core.models import Organization
from drafts.checkout import draft_check_out
from drafts.models import DraftDelivery, DraftItem, DraftPickup, SalesOrderDraft
from fulfillment.models import Delivery, Pickup
from orders.models import Product, SalesOrder, TaxRate

TEST_ACTOR = Actor.system("tests")


def make_product(
    organization: Organization,
    product_id: str,
    *,
    price: str = "10.00",
    gross: bool = True,
    tax: str = "DE_STANDARD_VAT_2007",
    currency: str = "EUR",
    name: str | None = None,
) -> Product:
    return Product.objects.create(
        organization=organization,
        product_id=product_id,
        name=name or product_id.title(),
        price_value=Decimal(price),
        currency=currency,
        price_is_gross=gross,
        tax=TaxRate.objects.get(identifier=tax),
    )


def make_draft(
    organization: Organization,
    *,
    finalized: bool = True,
    sales_channel: str = "webshop",
    customer: dict | None = None,
    additional_invoice_information: list | None = None,
) -> SalesOrderDraft:
    return SalesOrderDraft.objects.create(
        organization=organization,
        number=f"T{uuid4().hex[:10]}",
        sales_channel=sales_channel,
        customer_information=customer,
        additional_invoice_information=additional_invoice_information or [],
        finalized_at=datetime.now().astimezone() if finalized else None,
    )


def add_item(
    draft: SalesOrderDraft,
    product: Product,
    quantity: str = "1",
    *,
    unit: str = "PIECES",
    price: str | None = None,
    price_is_gross: bool | None = None,
    currency: str | None = None,
    depending_items: list[dict] | None = None,
    lot: str | None = None,
    additional_invoice_information: list | None = None,
) -> DraftItem:
    return DraftItem.objects.create(
        draft=draft,
        product=product,
        lot=lot,
        quantity_value=Decimal(quantity),
        quantity_unit=unit,
        depending_items=depending_items or [],
        price_value=None if price is None else Decimal(price),
        price_currency=None if price is None else (currency or product.currency),
        price_is_gross=None if price is None else bool(price_is_gross),
        additional_invoice_information=additional_invoice_information or [],
    )


def add_pickup(
    draft: SalesOrderDraft,
    items: list[Any],
    *,
    pager: str | None = None,
    location: str | None = "counter-1",
    area: str | None = None,
    collector: dict | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> DraftPickup:
    return DraftPickup.objects.create(
        draft=draft,
        item_ids=[str(getattr(item, "id", item)) for item in items],
        service_location=location,
        service_area=area,
        pager_number=pager,
        collector_information=collector,
        time_start=start,
        time_end=end,
    )


def add_delivery(
    draft: SalesOrderDraft,
    items: list[Any],
    *,
    shipping_location: str | None = "warehouse",
    shipping_service: str | None = "courier",
    address: dict | None = None,
    recipient: dict | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> DraftDelivery:
    return DraftDelivery.objects.create(
        draft=draft,
        item_ids=[str(getattr(item, "id", item)) for item in items],
        shipping_location=shipping_location,
        shipping_service=shipping_service,
        delivery_address=address,
        recipient_information=recipient,
        time_start=start,
        time_end=end,
    )


def check_out(draft: SalesOrderDraft, actor: Actor = TEST_ACTOR) -> SalesOrder:
    return draft_check_out(organization_id=draft.organization_id, draft_id=draft.id, actor=actor)


def order_with(
    organization: Organization,
    product: Product,
    *,
    pickups: int = 1,
    deliveries: int = 0,
    pagers: list[str | None] | None = None,
    sales_channel: str = "webshop",
) -> SalesOrder:
    """A checked-out order: one item per fulfillment (plus one when there is none)."""
    draft = make_draft(organization, sales_channel=sales_channel)
    items = [add_item(draft, product, "1") for _ in range(max(1, pickups + deliveries))]
    for index in range(pickups):
        pager = pagers[index] if pagers else None
        add_pickup(draft, [items[index]], pager=pager)
    for index in range(deliveries):
        add_delivery(draft, [items[pickups + index]])
    return check_out(draft)


def pickups_of(order: SalesOrder) -> list[Pickup]:
    return list(Pickup.objects.filter(order=order).order_by("created_at", "id"))


def deliveries_of(order: SalesOrder) -> list[Delivery]:
    return list(Delivery.objects.filter(order=order).order_by("created_at", "id"))
