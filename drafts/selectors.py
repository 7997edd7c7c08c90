"""Reads of the drafts app: finding a draft and its parts within one organization, and rendering
them in the API's shapes.

Unknown ids, ids of another organization and ids that are not even UUIDs are all "not found".
Renderers return validated schema instances, so a stored row that cannot be rendered fails in
`page_of` (and becomes an entry of `problems`) rather than failing the whole page.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, OuterRef, Prefetch, QuerySet, Subquery

from core.ids import M, get_by_id
from core.models import Organization
from core.paging import TimeWindow, in_window, page_of, where_given
from core.problems import NotFound
from drafts.models import DraftDelivery, DraftItem, DraftPickup, SalesOrderDraft
from drafts.schemas import (
    SalesOrderDraftCustomerInformation,
    SalesOrderDraftDeliveryOut,
    SalesOrderDraftItemOut,
    SalesOrderDraftListQuery,
    SalesOrderDraftOut,
    SalesOrderDraftPickupOut,
)
from orders.models import StatusEvent


def plain_number(value: Decimal) -> Decimal:
    """The value without the trailing zeros of its database column: 2.0000 -> 2, 1.50 -> 1.5,
    so an item reads the same as it was written."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return normalized.quantize(Decimal(1))
    return normalized


# --- drafts ---------------------------------------------------------------------------------


def draft_get(*, organization_id: str, draft_id: str | UUID) -> SalesOrderDraft:
    return get_by_id(
        SalesOrderDraft.objects.filter(organization_id=organization_id),
        draft_id,
        not_found=f"Sales order draft {draft_id} not found.",
    )


_PART_LABELS = {DraftItem: "Item", DraftPickup: "Pickup", DraftDelivery: "Delivery"}


def part_of_draft(parts: QuerySet[M], *, draft: SalesOrderDraft, part_id: str | UUID) -> M:
    """The draft's item, pickup or delivery with this id, from `parts` (which may lock or
    select related rows); 404 for an id of no part of this draft."""
    label = _PART_LABELS[parts.model]
    return get_by_id(
        parts.filter(draft=draft),
        part_id,
        not_found=f"{label} {part_id} not found in sales order draft {draft.number}.",
    )


def draft_render(draft: SalesOrderDraft) -> SalesOrderDraftOut:
    return SalesOrderDraftOut.model_validate(
        {
            "id": str(draft.id),
            "number": draft.number,
            "sales_channel": draft.sales_channel,
            "additional_invoice_information": draft.additional_invoice_information or [],
        }
    )


def draft_page(*, organization_id: str, query: SalesOrderDraftListQuery) -> dict:
    """One query, whatever the page size."""
    drafts = where_given(
        SalesOrderDraft.objects.filter(organization_id=organization_id),
        sales_channel=query.sales_channel_id,
        number=query.number,
    )
    return page_of(in_window(drafts, window=query, time_field="created_at"), draft_render)


# --- customer -------------------------------------------------------------------------------


def customer_get(
    *, organization_id: str, draft_id: str | UUID
) -> SalesOrderDraftCustomerInformation:
    draft = draft_get(organization_id=organization_id, draft_id=draft_id)
    if draft.customer_information is None:
        raise NotFound(f"Sales order draft {draft.number} has no customer information.")
    return customer_render(draft.customer_information)


def customer_render(customer: dict) -> SalesOrderDraftCustomerInformation:
    return SalesOrderDraftCustomerInformation.model_validate(customer)


# --- items ----------------------------------------------------------------------------------


def item_get(*, organization_id: str, draft_id: str | UUID, item_id: str | UUID) -> DraftItem:
    draft = draft_get(organization_id=organization_id, draft_id=draft_id)
    return part_of_draft(DraftItem.objects.select_related("product"), draft=draft, part_id=item_id)


def item_render(item: DraftItem) -> SalesOrderDraftItemOut:
    price = None
    if item.price_value is not None:
        price = {
            "price": {"value": plain_number(item.price_value), "unit": item.price_currency},
            "price_is_gross": bool(item.price_is_gross),
        }
    return SalesOrderDraftItemOut.model_validate(
        {
            "id": str(item.id),
            "product": item.product.product_id,
            "lot": item.lot,
            "quantity": {"value": plain_number(item.quantity_value), "unit": item.quantity_unit},
            "depending_items": item.depending_items or [],
            "price": price,
            "additional_invoice_information": item.additional_invoice_information or [],
        }
    )


def item_page(*, organization_id: str, draft_id: str | UUID, window: TimeWindow) -> dict:
    """Two queries (the draft, then its items with their products), whatever the page size."""
    draft = draft_get(organization_id=organization_id, draft_id=draft_id)
    items = DraftItem.objects.filter(draft=draft).select_related("product")
    return page_of(in_window(items, window=window, time_field="created_at"), item_render)


# --- pickups and deliveries -------------------------------------------------------------------


def _time_range(start: Any, end: Any) -> dict | None:
    if start is None and end is None:
        return None
    return {"start": start, "end": end}


def pickup_get(
    *, organization_id: str, draft_id: str | UUID, draft_pickup_id: str | UUID
) -> DraftPickup:
    draft = draft_get(organization_id=organization_id, draft_id=draft_id)
    return part_of_draft(DraftPickup.objects.all(), draft=draft, part_id=draft_pickup_id)


def _parts_page(
    model: type[M], render: Callable[[M], Any], *, organization_id: str, draft_id: str | UUID
) -> dict:
    draft = draft_get(organization_id=organization_id, draft_id=draft_id)
    return page_of(model.objects.filter(draft=draft).order_by("created_at", "id"), render)


def pickup_render(pickup: DraftPickup) -> SalesOrderDraftPickupOut:
    location = None
    if pickup.service_location is not None or pickup.service_area is not None:
        location = {
            "service_location": pickup.service_location,
            "service_area": pickup.service_area,
        }
    return SalesOrderDraftPickupOut.model_validate(
        {
            "id": str(pickup.id),
            "items": list(pickup.item_ids or []),
            "pickup_location": location,
            "pickup_time_range": _time_range(pickup.time_start, pickup.time_end),
            "pager_number": pickup.pager_number,
            "collector_information": pickup.collector_information,
        }
    )


def pickup_list(*, organization_id: str, draft_id: str | UUID) -> dict:
    """All pickups of the draft, oldest first; the spec gives this list no paging."""
    return _parts_page(
        DraftPickup, pickup_render, organization_id=organization_id, draft_id=draft_id
    )


def delivery_get(
    *, organization_id: str, draft_id: str | UUID, draft_delivery_id: str | UUID
) -> DraftDelivery:
    draft = draft_get(organization_id=organization_id, draft_id=draft_id)
    return part_of_draft(DraftDelivery.objects.all(), draft=draft, part_id=draft_delivery_id)


def delivery_render(delivery: DraftDelivery) -> SalesOrderDraftDeliveryOut:
    return SalesOrderDraftDeliveryOut.model_validate(
        {
            "id": str(delivery.id),
            "items": list(delivery.item_ids or []),
            "delivery_address": delivery.delivery_address,
            "delivery_time_range": _time_range(delivery.time_start, delivery.time_end),
            "recipient_information": delivery.recipient_information,
            "shipping_location": delivery.shipping_location,
            "shipping_service": delivery.shipping_service,
        }
    )


def delivery_list(*, organization_id: str, draft_id: str | UUID) -> dict:
    """All deliveries of the draft, oldest first; the spec gives this list no paging."""
    return _parts_page(
        DraftDelivery, delivery_render, organization_id=organization_id, draft_id=draft_id
    )


def finalized_drafts(*, organization_id: str) -> QuerySet:
    """The organization's finalized drafts (baskets waiting for checkout), longest waiting
    first, with their items (and the items' products and taxes), pickups and deliveries
    prefetched."""
    return (
        SalesOrderDraft.objects.filter(organization_id=organization_id, finalized_at__isnull=False)
        .order_by("finalized_at", "id")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=DraftItem.objects.select_related("product__tax").order_by(
                    "created_at", "id"
                ),
            ),
            "pickups",
            "deliveries",
        )
    )


def finalized_drafts_stamp(*, organization_id: str) -> tuple:
    """What changes whenever the waiting baskets change: how many, their newest change and their
    products' newest change (prices). One query."""
    return tuple(
        SalesOrderDraft.objects.filter(organization_id=organization_id, finalized_at__isnull=False)
        .order_by()
        .aggregate(
            count=Count("id", distinct=True),
            changed=Max("updated_at"),
            priced=Max("items__product__updated_at"),
        )
        .values()
    )


def activity_stamp(*, organization_id: str) -> tuple:
    """What changes whenever a count of the desk's overview changes: the organization's newest
    status event (every move and every checkout appends events), and how many drafts are
    finalized and their newest change. One query."""
    finalized = SalesOrderDraft.objects.filter(
        organization_id=OuterRef("id"), finalized_at__isnull=False
    ).order_by()
    row = (
        Organization.objects.filter(id=organization_id)
        .annotate(
            newest_event=Subquery(
                StatusEvent.objects.filter(organization_id=OuterRef("id"))
                .order_by("-id")
                .values("id")[:1]
            ),
            finalized_count=Subquery(
                finalized.values("organization_id").annotate(n=Count("id")).values("n")[:1]
            ),
            drafts_changed=Subquery(finalized.order_by("-updated_at").values("updated_at")[:1]),
        )
        .values_list("newest_event", "finalized_count", "drafts_changed")
        .first()
    )
    return tuple(row or ())
