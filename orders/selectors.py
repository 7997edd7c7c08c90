"""Reads of the orders app: the catalog and sales orders, rendered in the API's shapes.

Unknown ids, ids of another organization and ids that are not even UUIDs are all "not found".
"""

import types
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Union, get_args, get_origin
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Value
from pydantic import BaseModel

from core.ids import parse_id
from core.paging import OffsetLimit, in_window, page_of, where_given
from core.problems import NotFound
from core.schemas import (
    AdditionalInvoiceInformation,
    CustomerInformation,
    ItemDependency,
    format_datetime,
)
from core.statements import Read, Statement
from orders.models import Product, SalesOrder, SalesOrderItem
from orders.schemas import DiscountOut, SalesOrderListQuery
from orders.statuses import FulfillmentType, SalesOrderStatus, aggregated_fulfillment_status

CENT = Decimal("0.01")


def amount(value: Decimal) -> Decimal:
    """Stored with 4 places; shown with 2 unless the extra places carry digits."""
    rounded = value.quantize(CENT)
    return rounded if rounded == value else value.normalize()


def quantity(value: Decimal) -> Decimal:
    """3.0000 is shown as 3, 2.5000 as 2.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def money(value: Decimal, currency: str) -> dict:
    return {"value": amount(value), "unit": currency}


def _nested(annotation: Any) -> tuple[str, type[BaseModel]] | None:
    """("one", M) for M or M | None, ("many", M) for list[M] (or | None), else None."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        inner = [arg for arg in args if arg is not type(None)]
        return _nested(inner[0]) if len(inner) == 1 else None
    if origin is list and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return ("many", args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("one", annotation)
    return None


def shaper(model: type[BaseModel]) -> Callable[[Any], Any]:
    """A function giving a stored JSON object exactly the fields of `model`, as validating and
    dumping it would: absent fields get their defaults, nested objects are shaped the same way.
    Lists render their stored objects with it, without a pydantic pass per row."""
    plan = []
    for name, info in model.model_fields.items():
        nested = _nested(info.annotation)
        inner = shaper(nested[1]) if nested else None
        plan.append((name, info, nested[0] if nested else None, inner))

    def shape(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ValueError(f"a stored {model.__name__} is not a JSON object")
        shaped = {}
        for name, info, kind, inner in plan:
            item = value[name] if name in value else info.get_default(call_default_factory=True)
            if inner is not None and item is not None:
                item = inner(item) if kind == "one" else [inner(entry) for entry in item]
            shaped[name] = item
        return shaped

    return shape


shape_customer = shaper(CustomerInformation)
shape_invoice_information = shaper(AdditionalInvoiceInformation)
shape_dependency = shaper(ItemDependency)
shape_discount = shaper(DiscountOut)


# --- catalog ------------------------------------------------------------------------------


def product_render(product: Product) -> dict:
    return {
        "id": product.product_id,
        "name": product.name,
        "price": {"value": product.price_value, "unit": product.currency},
        "price_is_gross": product.price_is_gross,
        "tax": product.tax_id,
    }


def product_get(*, organization_id: str, product_id: str) -> Product:
    product = Product.objects.filter(organization_id=organization_id, product_id=product_id).first()
    if product is None:
        raise NotFound(f"Product {product_id} not found.")
    return product


def product_page(*, organization_id: str, paging: OffsetLimit) -> dict:
    rows = Product.objects.filter(organization_id=organization_id).order_by("created_at", "id")[
        paging.offset : paging.offset + paging.limit
    ]
    return page_of(rows, product_render)


# --- sales orders -------------------------------------------------------------------------

ORDER_COLUMNS = (
    "id",
    "number",
    "sales_channel",
    "additional_invoice_information",
    "transaction_date_and_time",
    "status",
    "customer_information",
    "discounts",
)
ITEM_COLUMNS = (
    "order_id",
    "id",
    *SalesOrderItem.LINE_FIELDS,
    "undiscounted_gross_amount",
    "undiscounted_net_amount",
    "discounts",
    "taxes",
    "depending_items",
    "additional_invoice_information",
)


def _related_model(name: str) -> Any:
    """Pickup / Delivery through the reverse relation: orders does not import fulfillment."""
    return getattr(SalesOrder, name).rel.related_model


@dataclass
class _OrderParts:
    items: list[dict] = field(default_factory=list)
    fulfillments: list[dict] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def _parts_of(orders: QuerySet, order_ids: set[UUID]) -> dict[UUID, _OrderParts]:
    """Items, pickups and deliveries of these orders: three queries, each selecting the orders
    with a subquery (`orders`) rather than a list of ids; plain rows, no model instances."""
    parts: dict[UUID, _OrderParts] = defaultdict(_OrderParts)
    if not order_ids:
        return parts
    subquery = orders.values("id")
    for row in (
        SalesOrderItem.objects.filter(order__in=subquery)
        .order_by("position", "id")
        .values(*ITEM_COLUMNS)
    ):
        if row["order_id"] in order_ids:
            parts[row["order_id"]].items.append(sales_order_item_render(row))
    for name, kind in (
        ("pickups", FulfillmentType.PICKUP),
        ("deliveries", FulfillmentType.DELIVERY),
    ):
        for order_id, row_id, status in (
            _related_model(name)
            .objects.filter(order__in=subquery)
            .order_by("created_at", "id")
            .values_list("order_id", "id", "status")
        ):
            if order_id in order_ids:
                part = parts[order_id]
                part.fulfillments.append(
                    {"fulfillment_type": kind.value, "fulfillment_id": str(row_id)}
                )
                part.statuses.append(status)
    return parts


def sales_order_item_render(row: dict) -> dict:
    currency = row["currency"]
    return {
        "id": str(row["id"]),
        "name": row["name"],
        "product": row["product"],
        "lot": row["lot"],
        "quantity": {"value": quantity(row["quantity_value"]), "unit": row["quantity_unit"]},
        "gross_amount": money(row["gross_amount"], currency),
        "net_amount": money(row["net_amount"], currency),
        "undiscounted_gross_amount": money(row["undiscounted_gross_amount"], currency),
        "undiscounted_net_amount": money(row["undiscounted_net_amount"], currency),
        "discounts": [shape_discount(entry) for entry in row["discounts"] or []],
        "taxes": row["taxes"] or [],
        "depending_items": [shape_dependency(entry) for entry in row["depending_items"] or []],
        "additional_invoice_information": [
            shape_invoice_information(entry)
            for entry in row["additional_invoice_information"] or []
        ],
    }


def sales_order_render(row: dict, parts: _OrderParts) -> dict:
    """Spec §3.17, in the exact shape of SalesOrderOut."""
    return {
        "id": str(row["id"]),
        "number": row["number"],
        "sales_channel": row["sales_channel"],
        "additional_invoice_information": [
            shape_invoice_information(entry)
            for entry in row["additional_invoice_information"] or []
        ],
        "transaction_date_and_time": format_datetime(row["transaction_date_and_time"]),
        "status": row["status"],
        "customer_information": shape_customer(row["customer_information"]),
        "items": parts.items,
        "fulfillment_information": {
            "aggregated_status": str(aggregated_fulfillment_status(parts.statuses)),
            "fulfillments": parts.fulfillments,
        },
        "invoice_information": {"aggregated_status": "NOT_NECESSARY", "invoices": []},
        "invoices": [],
        "discounts": [shape_discount(entry) for entry in row["discounts"] or []],
    }


def _rendered_orders(orders: QuerySet) -> dict[str, list]:
    """A page `{items, problems}` of these orders: four queries, whatever their number."""
    rows = list(orders.values(*ORDER_COLUMNS))
    parts = _parts_of(orders, {row["id"] for row in rows})
    return page_of(rows, lambda row: sales_order_render(row, parts[row["id"]]))


# --- one sales order: two statements of the ORM's queries, compiled once (core.statements) --

# The order joined to its items, one row per item (one row of NULL items without any).
_ORDER_WITH_ITEMS = Statement.of_query(
    lambda id, organization_id: (
        SalesOrder.objects.filter(id=id, organization_id=organization_id)
        .order_by("items__position", "items__id")
        .values_list(*ORDER_COLUMNS, *(f"items__{name}" for name in ITEM_COLUMNS[1:]))
    ),
    params=[SalesOrder._meta.pk, SalesOrder._meta.get_field("organization")],
)

_FULFILLMENT_KINDS = (
    (FulfillmentType.PICKUP, "pickups"),
    (FulfillmentType.DELIVERY, "deliveries"),
)


def _fulfillments_query(order_id: UUID) -> QuerySet:
    """The order's pickups, then its deliveries, each oldest first (ties by id), as the list's
    `_parts_of` reads them: (kind's rank, id, status, created_at)."""
    pickups, deliveries = (
        _related_model(name)
        .objects.filter(order_id=order_id)
        .annotate(rank=Value(rank))
        .values_list("rank", "id", "status", "created_at")
        .order_by()
        for rank, (_, name) in enumerate(_FULFILLMENT_KINDS)
    )
    return pickups.union(deliveries, all=True).order_by("rank", "created_at", "id")


@cache
def _fulfillments() -> Statement:
    """Built at first use: the reverse relations to fulfillment's models exist only once every
    app's models are loaded (orders does not import fulfillment)."""
    return Statement.of_query(_fulfillments_query, params=[SalesOrder._meta.pk])


def sales_order_read(*, organization_id: str, sales_order_id: str | UUID) -> Read:
    """The order as its GET renders it, read by two statements (the order joined to its
    items; its pickups and deliveries) that can share a round trip with other reads
    (`core.statements.read_all`)."""
    parsed = parse_id(sales_order_id)
    if parsed is None:
        raise NotFound(f"Sales order {sales_order_id} not found.")

    def shape(results: list[list[tuple]]) -> dict:
        rows, fulfillments = results
        if not rows:
            raise NotFound(f"Sales order {sales_order_id} not found.")
        width = len(ORDER_COLUMNS)
        parts = _OrderParts()
        for line in rows:
            if line[width] is not None:  # the item's id: NULL for an order without items
                item = dict(zip(ITEM_COLUMNS[1:], line[width:], strict=True))
                parts.items.append(sales_order_item_render(item))
        for rank, fulfillment_id, status, _ in fulfillments:
            parts.fulfillments.append(
                {
                    "fulfillment_type": _FULFILLMENT_KINDS[rank][0].value,
                    "fulfillment_id": str(fulfillment_id),
                }
            )
            parts.statuses.append(status)
        return sales_order_render(dict(zip(ORDER_COLUMNS, rows[0][:width], strict=True)), parts)

    return Read(
        ((_ORDER_WITH_ITEMS, (parsed, organization_id)), (_fulfillments(), (parsed,))),
        shape,
    )


def sales_order_get(*, organization_id: str, sales_order_id: str | UUID) -> dict:
    """The rendered order: two queries (the order joined to its items; its pickups and
    deliveries), rendered as the list renders it."""
    return sales_order_read(organization_id=organization_id, sales_order_id=sales_order_id).value()


def sales_order_page(*, organization_id: str, query: SalesOrderListQuery) -> dict:
    """Four queries (orders, items, pickups, deliveries), whatever the page size."""
    orders = where_given(
        SalesOrder.objects.filter(organization_id=organization_id),
        sales_channel=query.sales_channel_id,
        number=query.number,
    )
    if query.status:
        orders = orders.filter(status__in=[str(status) for status in query.status])
    return _rendered_orders(in_window(orders, window=query, time_field="transaction_date_and_time"))


def sales_order_counts(*, organization_id: str) -> dict[str, int]:
    """Orders waiting in each working status. One aggregate query."""
    S = SalesOrderStatus
    return SalesOrder.objects.filter(organization_id=organization_id).aggregate(
        orders_new=Count("id", filter=Q(status=S.NEW)),
        orders_confirmed=Count("id", filter=Q(status=S.CONFIRMED)),
        orders_in_process=Count("id", filter=Q(status=S.IN_PROCESS)),
        orders_on_hold=Count("id", filter=Q(status=S.ON_HOLD)),
    )
