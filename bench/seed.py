"""Bulk test data straight through the models (no API, no checkout): sales orders with items,
pickups and deliveries with their fulfillment items, for benchmarks and server-level tests.

As a command (prints the created ids as JSON):

    DATABASE_URL=... uv run python -m bench.seed --org bench --orders 10 --items 5 --pickups
"""

from __future__ import annotations

import argparse
import json
import os
import uuid
from datetime import timedelta
from decimal import Decimal


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
    import django

    django.setup()


def ensure_product(*, organization_id: str, product_id: str = "bench-coffee"):
    from orders.models import Product, TaxRate

    tax = TaxRate.objects.filter(identifier="DE_STANDARD_VAT_2007").first()
    if tax is None:
        tax = TaxRate.objects.create(identifier="DE_STANDARD_VAT_2007", rate=Decimal("0.19"))
    product, _ = Product.objects.get_or_create(
        organization_id=organization_id,
        product_id=product_id,
        defaults={
            "name": "Coffee beans 500 g",
            "price_value": Decimal("10.00"),
            "currency": "EUR",
            "price_is_gross": True,
            "tax": tax,
        },
    )
    return product


def seed_orders(
    *,
    organization_id: str,
    orders: int,
    items_per_order: int = 3,
    pickups: bool = False,
    deliveries: bool = False,
    prefix: str | None = None,
    service_location: str = "counter-1",
    pickup_status: str = "PENDING",
    pager_numbers: bool = False,
) -> dict[str, list[str]]:
    """`orders` sales orders of `items_per_order` items; each with one pickup and/or one
    delivery holding all its items. Returns the ids created, by kind."""
    from django.db import transaction
    from django.utils import timezone

    from core.models import Organization
    from fulfillment.models import Delivery, DeliveryItem, Pickup, PickupItem
    from orders.models import SalesOrder, SalesOrderItem

    Organization.objects.get_or_create(id=organization_id, defaults={"name": organization_id})
    prefix = prefix or uuid.uuid4().hex[:6]
    now = timezone.now()
    order_rows, item_rows, pickup_rows, pickup_items, delivery_rows, delivery_items = (
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for n in range(orders):
        at = now - timedelta(seconds=orders - n)
        order = SalesOrder(
            organization_id=organization_id,
            number=f"{prefix}-{n}",
            sales_channel="bench",
            transaction_date_and_time=at,
            created_at=at,
            currency="EUR",
            total_gross=Decimal("10.00") * items_per_order,
            total_net=Decimal("8.40") * items_per_order,
            customer_information={"individual_name": f"Customer {n}"},
        )
        order_rows.append(order)
        lines = []
        for position in range(items_per_order):
            line = SalesOrderItem(
                order=order,
                position=position,
                name=f"Coffee beans {position}",
                product="bench-coffee",
                quantity_value=Decimal("1"),
                quantity_unit="PIECES",
                currency="EUR",
                gross_amount=Decimal("10.00"),
                net_amount=Decimal("8.40"),
                undiscounted_gross_amount=Decimal("10.00"),
                undiscounted_net_amount=Decimal("8.40"),
                taxes=["DE_STANDARD_VAT_2007"],
            )
            lines.append(line)
        item_rows.extend(lines)
        if pickups:
            pickup = Pickup(
                organization_id=organization_id,
                order=order,
                pickup_number=f"{prefix}-P{n}",
                status=pickup_status,
                pager_number=str(n + 1) if pager_numbers else None,
                service_location=service_location,
                created_at=at,
                status_changed_at=at,
                collector_information={"name": f"Collector {n}"},
            )
            pickup_rows.append(pickup)
            pickup_items.extend(
                PickupItem(
                    pickup=pickup,
                    order_item=line,
                    product=line.product,
                    quantity_value=line.quantity_value,
                    quantity_unit=line.quantity_unit,
                    position=position,
                )
                for position, line in enumerate(lines)
            )
        if deliveries:
            delivery = Delivery(
                organization_id=organization_id,
                order=order,
                created_at=at,
                status_changed_at=at,
                shipping_location="warehouse",
                shipping_service="courier",
                delivery_address={
                    "name": f"Customer {n}",
                    "street": "Main street",
                    "house_number": str(n),
                    "zip": "10115",
                    "city": "Berlin",
                    "country_code": "DE",
                },
            )
            delivery_rows.append(delivery)
            delivery_items.extend(
                DeliveryItem(
                    delivery=delivery,
                    order_item=line,
                    product=line.product,
                    quantity_value=line.quantity_value,
                    quantity_unit=line.quantity_unit,
                    position=position,
                )
                for position, line in enumerate(lines)
            )
    with transaction.atomic():
        SalesOrder.objects.bulk_create(order_rows, batch_size=1000)
        SalesOrderItem.objects.bulk_create(item_rows, batch_size=2000)
        Pickup.objects.bulk_create(pickup_rows, batch_size=1000)
        PickupItem.objects.bulk_create(pickup_items, batch_size=2000)
        Delivery.objects.bulk_create(delivery_rows, batch_size=1000)
        DeliveryItem.objects.bulk_create(delivery_items, batch_size=2000)
    return {
        "orders": [str(row.id) for row in order_rows],
        "pickups": [str(row.id) for row in pickup_rows],
        "deliveries": [str(row.id) for row in delivery_rows],
    }


def analyze() -> None:
    """Fresh planner statistics after bulk loads (as autovacuum would give a live database);
    without them PostgreSQL plans joins over 'empty' tables as nested loops."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def remove_organization(organization_id: str) -> None:
    """Delete an organization and everything of it (children first: bulk deletes stay fast)."""
    from django.db import transaction

    from core.models import Organization
    from drafts.models import SalesOrderDraft
    from fulfillment.models import Delivery, DeliveryItem, Pickup, PickupItem
    from orders.models import SalesOrder, SalesOrderItem, StatusEvent

    analyze()
    with transaction.atomic():
        StatusEvent.objects.filter(organization_id=organization_id).delete()
        PickupItem.objects.filter(pickup__organization_id=organization_id).delete()
        DeliveryItem.objects.filter(delivery__organization_id=organization_id).delete()
        Pickup.objects.filter(organization_id=organization_id).delete()
        Delivery.objects.filter(organization_id=organization_id).delete()
        SalesOrderItem.objects.filter(order__organization_id=organization_id).delete()
        SalesOrder.objects.filter(organization_id=organization_id).delete()
        SalesOrderDraft.objects.filter(organization_id=organization_id).delete()
        Organization.objects.filter(id=organization_id).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--org", required=True)
    parser.add_argument("--orders", type=int, default=1)
    parser.add_argument("--items", type=int, default=3)
    parser.add_argument("--pickups", action="store_true")
    parser.add_argument("--deliveries", action="store_true")
    parser.add_argument("--pagers", action="store_true")
    parser.add_argument("--location", default="counter-1")
    args = parser.parse_args()
    setup_django()
    ensure_product(organization_id=args.org)
    created = seed_orders(
        organization_id=args.org,
        orders=args.orders,
        items_per_order=args.items,
        pickups=args.pickups,
        deliveries=args.deliveries,
        pager_numbers=args.pagers,
        service_location=args.location,
    )
    print(json.dumps(created))


if __name__ == "__main__":
    main()
