"""Reads of the fulfillment app: pickups and deliveries in the API's shapes.

Lists: rows are read with `values()` and their items with one more query (a subquery on the
same page, not a list of 5 000 ids), ids read as text by the database (`UuidText`), then turned
into plain dicts that already have the exact shape of the response schemas (every field
present, nested objects with all their keys), so the list endpoints can render them without a
validation pass: two queries whatever the page size, and no model instances for a list of 5 000.

One pickup or delivery (on every integration's request path): one statement, the row joined
to its items, the ORM's query compiled once (`core.statements`), not per request.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db.models import Model, QuerySet

from core.ids import parse_id
from core.paging import TimeWindow, in_window, page_of, where_given
from core.problems import NotFound
from core.schemas import (
    Address,
    DeliveryRecipientInformation,
    PickupCollectorInformation,
    format_datetime,
)
from core.statements import Read, Statement, UuidText
from fulfillment.models import Delivery, DeliveryItem, Pickup, PickupItem
from fulfillment.schemas import DeliveryListQuery, PickupListQuery
from orders.selectors import quantity, shaper

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
    item_model: type[Model], owner_field: str, orders_of: dict[str, str], owner_ids: Any
) -> dict[str, list[dict]]:
    """The fulfillment items of these pickups (or deliveries), rendered, in one query.

    `orders_of` maps each owner's id (text) to its sales order's id (text); `owner_ids` selects
    the owners' ids in the query: a queryset (a subquery) or a list. Ids come from the database
    as text, so an item costs a tuple, two dicts and one lookup by a string.
    """
    by_owner: dict[str, list[dict]] = {owner: [] for owner in orders_of}
    if not by_owner:
        return by_owner
    rows = (
        item_model.objects.filter(**{f"{owner_field}__in": owner_ids})
        .order_by("position", "id")
        .values_list(
            UuidText(f"{owner_field}_id"),
            UuidText("id"),
            "product",
            "quantity_value",
            "quantity_unit",
            UuidText("order_item_id"),
        )
    )
    shown: dict[Any, Any] = {}  # a page repeats the same few quantities: render each once
    for owner_id, item_id, product, value, unit, order_item_id in rows:
        items = by_owner.get(owner_id)
        if items is None:  # a row added between the two queries
            continue
        shown_value = shown.get(value)
        if shown_value is None:
            shown_value = shown[value] = quantity(value)
        items.append(
            {
                "id": item_id,
                "product": product,
                "quantity": {"value": shown_value, "unit": unit},
                "sales_order": orders_of[owner_id],
                "sales_order_item_id": order_item_id,
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


# --- one pickup or delivery: its row and its items in one statement -----------------------

ITEM_COLUMNS = ("id", "product", "quantity_value", "quantity_unit", "order_item")


class _OneWithItems:
    """The owner (a pickup or delivery) of this id and organization joined to its items, one
    row per item in the items' order (one row of NULL items for an owner without items), no
    row for an unknown id or another organization's: the ORM's query, compiled once."""

    def __init__(self, model: type[Model], columns: tuple[str, ...]):
        self.model, self.columns = model, columns
        item_columns = [f"items__{name}" for name in ITEM_COLUMNS]
        self.statement = Statement.of_query(
            lambda id, organization_id: (
                model.objects.filter(id=id, organization_id=organization_id)
                .order_by("items__position", "items__id")
                .values_list(*columns, *item_columns)
            ),
            params=[model._meta.pk, model._meta.get_field("organization")],
        )

    def read(
        self,
        *,
        organization_id: str,
        id: Any,
        render: Callable[[dict, list[dict]], dict],
    ) -> Read:
        """The owner rendered by `render(row, items)`; NotFound when it is not there."""
        label = self.model._meta.verbose_name.capitalize()
        parsed = parse_id(id)
        if parsed is None:
            raise NotFound(f"{label} {id} not found.")

        def shape(results: list[list[tuple]]) -> dict:
            rows = results[0]
            if not rows:
                raise NotFound(f"{label} {id} not found.")
            width = len(self.columns)
            row = dict(zip(self.columns, rows[0][:width], strict=True))
            order_id = str(row["order_id"])
            items = [
                {
                    "id": str(item_id),
                    "product": product,
                    "quantity": {"value": quantity(value), "unit": unit},
                    "sales_order": order_id,
                    "sales_order_item_id": str(order_item_id),
                }
                for item_id, product, value, unit, order_item_id in (line[width:] for line in rows)
                if item_id is not None
            ]
            return render(row, items)

        return Read(((self.statement, (parsed, organization_id)),), shape)


def _order_filter(queryset: QuerySet, sales_order_id: str | None) -> QuerySet:
    if sales_order_id is None:
        return queryset
    # An id that is not a UUID names no order: an empty page, not an error.
    parsed = parse_id(sales_order_id)
    return queryset.filter(order_id=parsed) if parsed else queryset.none()


# --- pickups ------------------------------------------------------------------------------


_ONE_PICKUP = _OneWithItems(Pickup, PICKUP_COLUMNS)


def pickup_read(*, organization_id: str, pickup_id: str | UUID) -> Read:
    """The pickup as its GET renders it, read by one statement (the pickup joined to its
    items) that can share a round trip with other reads (`core.statements.read_all`)."""
    return _ONE_PICKUP.read(organization_id=organization_id, id=pickup_id, render=pickup_render)


def pickup_get(*, organization_id: str, pickup_id: str | UUID) -> dict:
    """One query: the pickup joined to its items."""
    return pickup_read(organization_id=organization_id, pickup_id=pickup_id).value()


def pickup_page(*, organization_id: str, query: PickupListQuery) -> dict:
    """Two queries (pickups, their items), whatever the page size."""
    pickups = _order_filter(
        Pickup.objects.filter(organization_id=organization_id), query.sales_order_id
    )
    pickups = where_given(
        pickups,
        pickup_number=query.pickup_number,
        pager_number=query.pager_number,
        service_location=query.pickup_location_id,
    )
    if query.status:
        pickups = pickups.filter(status__in=[str(status) for status in query.status])
    return _page(pickups, query, PICKUP_COLUMNS, PickupItem, "pickup", pickup_render)


# --- deliveries ---------------------------------------------------------------------------


_ONE_DELIVERY = _OneWithItems(Delivery, DELIVERY_COLUMNS)


def delivery_read(*, organization_id: str, delivery_id: str | UUID) -> Read:
    """The delivery as its GET renders it (one statement; see `pickup_read`)."""
    return _ONE_DELIVERY.read(
        organization_id=organization_id, id=delivery_id, render=delivery_render
    )


def delivery_get(*, organization_id: str, delivery_id: str | UUID) -> dict:
    """One query: the delivery joined to its items."""
    return delivery_read(organization_id=organization_id, delivery_id=delivery_id).value()


def delivery_page(*, organization_id: str, query: DeliveryListQuery) -> dict:
    """Two queries (deliveries, their items), whatever the page size."""
    deliveries = _order_filter(
        Delivery.objects.filter(organization_id=organization_id), query.sales_order_id
    )
    deliveries = where_given(
        deliveries,
        shipping_location=query.shipping_location_id,
        shipping_service=query.shipping_service_id,
    )
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
    # The ids as text from the database: the items are matched to their owner by them, and
    # the response shows them as text anyway.
    names = ("id", "order_id", *(name for name in columns if name not in ("id", "order_id")))
    rows = [
        dict(zip(names, values, strict=True))
        for values in page.values_list(UuidText("id"), UuidText("order_id"), *names[2:])
    ]
    items = _items_by_owner(
        item_model, owner_field, {row["id"]: row["order_id"] for row in rows}, page.values("id")
    )
    return page_of(rows, lambda row: render(row, items.get(row["id"], [])))
