"""Reads of the fulfillment app: pickups and deliveries in the API's shapes.

Rows are read with `values()` and their items with one more query (a subquery on the same
page, not a list of 5 000 ids), then turned into plain dicts that already have the exact shape
of the response schemas (every field present, nested objects with all their keys), so the list
endpoints can render them without a validation pass: two queries whatever the page size, and no
model instances for a list of 5 000.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db.models import Model, QuerySet

from core.paging import TimeWindow, in_window, page_of
from core.problems import NotFound
from core.schemas import (
    Address,
    DeliveryRecipientInformation,
    PickupCollectorInformation,
    format_datetime,
)
from fulfillment.models import Delivery, DeliveryItem, Pickup, PickupItem
from fulfillment.schemas import DeliveryListQuery, PickupListQuery
from orders.selectors import parse_id, quantity, shaper

PICKUP_COLUMNS = (
    "id",
    "order_id",
    "status",
    "pickup_number",
    "pager_number",
    "service_location",
    "service_area",
    "time_start",
    "time_end",
    "collector_information",
)
DELIVERY_COLUMNS = (
    "id",
    "order_id",
    "status",
    "delivery_address",
    "time_start",
    "time_end",
    "recipient_information",
    "shipping_location",
    "shipping_service",
)


shape_collector = shaper(PickupCollectorInformation)
shape_address = shaper(Address)
shape_recipient = shaper(DeliveryRecipientInformation)


def _time_range(row: dict) -> dict | None:
    if row["time_start"] is None and row["time_end"] is None:
        return None
    return {"start": format_datetime(row["time_start"]), "end": format_datetime(row["time_end"])}


def _items_by_owner(
    item_model: type[Model], owner_field: str, owners: list[dict], owner_ids: Any
) -> dict[UUID, list[dict]]:
    """The fulfillment items of these pickups (or deliveries), rendered, in one query.

    `owner_ids` selects the owners' ids: a queryset (a subquery) or a list.
    """
    order_of = {row["id"]: str(row["order_id"]) for row in owners}
    by_owner: dict[UUID, list[dict]] = defaultdict(list)
    if not owners:
        return by_owner
    rows = (
        item_model.objects.filter(**{f"{owner_field}__in": owner_ids})
        .order_by("position", "id")
        .values_list(
            f"{owner_field}_id", "id", "product", "quantity_value", "quantity_unit", "order_item_id"
        )
    )
    shown: dict[Any, Any] = {}  # a page repeats the same few quantities: render each once
    for owner_id, item_id, product, value, unit, order_item_id in rows:
        if owner_id not in order_of:  # a row added between the two queries
            continue
        if value not in shown:
            shown[value] = quantity(value)
        by_owner[owner_id].append(
            {
                "id": str(item_id),
                "product": product,
                "quantity": {"value": shown[value], "unit": unit},
                "sales_order": order_of[owner_id],
                "sales_order_item_id": str(order_item_id),
            }
        )
    return by_owner


def pickup_render(row: dict, items: list[dict]) -> dict:
    location = None
    if row["service_location"] or row["service_area"] is not None:
        location = {
            "service_location": row["service_location"] or None,
            "service_area": row["service_area"],
        }
    return {
        "id": str(row["id"]),
        "status": row["status"],
        "items": items,
        "pickup_number": row["pickup_number"],
        "pickup_location": location,
        "pickup_time_range": _time_range(row),
        "pager_number": row["pager_number"],
        "collector_information": shape_collector(row["collector_information"]),
    }


def delivery_render(row: dict, items: list[dict]) -> dict:
    return {
        "id": str(row["id"]),
        "status": row["status"],
        "items": items,
        "delivery_address": shape_address(row["delivery_address"]),
        "delivery_time_range": _time_range(row),
        "recipient_information": shape_recipient(row["recipient_information"]),
        "shipping_location": row["shipping_location"],
        "shipping_service": row["shipping_service"],
    }


def _one(model: type[Model], columns: tuple[str, ...], *, organization_id: str, id: Any) -> dict:
    parsed = parse_id(id)
    row = (
        model.objects.filter(organization_id=organization_id, id=parsed).values(*columns).first()
        if parsed
        else None
    )
    if row is None:
        raise NotFound(f"{model._meta.verbose_name.capitalize()} {id} not found.")
    return row


def _order_filter(queryset: QuerySet, sales_order_id: str | None) -> QuerySet:
    if sales_order_id is None:
        return queryset
    # An id that is not a UUID names no order: an empty page, not an error.
    parsed = parse_id(sales_order_id)
    return queryset.filter(order_id=parsed) if parsed else queryset.none()


# --- pickups ------------------------------------------------------------------------------


def pickup_get(*, organization_id: str, pickup_id: str | UUID) -> dict:
    """Two queries: the pickup and its items."""
    row = _one(Pickup, PICKUP_COLUMNS, organization_id=organization_id, id=pickup_id)
    items = _items_by_owner(PickupItem, "pickup", [row], [row["id"]])
    return pickup_render(row, items.get(row["id"], []))


def pickup_page(*, organization_id: str, query: PickupListQuery) -> dict:
    """Two queries (pickups, their items), whatever the page size."""
    pickups = _order_filter(
        Pickup.objects.filter(organization_id=organization_id), query.sales_order_id
    )
    if query.pickup_number is not None:
        pickups = pickups.filter(pickup_number=query.pickup_number)
    if query.pager_number is not None:
        pickups = pickups.filter(pager_number=query.pager_number)
    if query.pickup_location_id is not None:
        pickups = pickups.filter(service_location=query.pickup_location_id)
    if query.status:
        pickups = pickups.filter(status__in=[str(status) for status in query.status])
    return _page(pickups, query, PICKUP_COLUMNS, PickupItem, "pickup", pickup_render)


# --- deliveries ---------------------------------------------------------------------------


def delivery_get(*, organization_id: str, delivery_id: str | UUID) -> dict:
    """Two queries: the delivery and its items."""
    row = _one(Delivery, DELIVERY_COLUMNS, organization_id=organization_id, id=delivery_id)
    items = _items_by_owner(DeliveryItem, "delivery", [row], [row["id"]])
    return delivery_render(row, items.get(row["id"], []))


def delivery_page(*, organization_id: str, query: DeliveryListQuery) -> dict:
    """Two queries (deliveries, their items), whatever the page size."""
    deliveries = _order_filter(
        Delivery.objects.filter(organization_id=organization_id), query.sales_order_id
    )
    if query.shipping_location_id is not None:
        deliveries = deliveries.filter(shipping_location=query.shipping_location_id)
    if query.shipping_service_id is not None:
        deliveries = deliveries.filter(shipping_service=query.shipping_service_id)
    if query.status:
        deliveries = deliveries.filter(status__in=[str(status) for status in query.status])
    return _page(deliveries, query, DELIVERY_COLUMNS, DeliveryItem, "delivery", delivery_render)


def _page(
    queryset: QuerySet,
    window: TimeWindow,
    columns: tuple[str, ...],
    item_model: type[Model],
    owner_field: str,
    render: Callable[[dict, list[dict]], dict],
) -> dict:
    page = in_window(queryset, window=window, time_field="created_at")
    rows = list(page.values(*columns))
    items = _items_by_owner(item_model, owner_field, rows, page.values("id"))
    return page_of(rows, lambda row: render(row, items.get(row["id"], [])))
