"""A draft's planned pickups and deliveries: add, replace, delete."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction

from core.error_codes import ProblemCode
from core.ids import parse_id
from core.problems import NotFound
from drafts.models import DraftDelivery, DraftPickup, SalesOrderDraft
from drafts.services.checks import (
    _assigned_items,
    _canonical_id,
    _draft_item_ids,
    _fulfillment_item_lists,
    _fulfillment_item_problems,
    _lock_editable_draft,
    _pager_held_problem,
    _pager_sibling_problem,
    _raise_unprocessable,
    _touch,
)

# --- pickups --------------------------------------------------------------------------------


def _find_pickup(draft: SalesOrderDraft, draft_pickup_id: str | UUID) -> DraftPickup:
    parsed = parse_id(draft_pickup_id)
    pickup = (
        DraftPickup.objects.select_for_update().filter(draft=draft, id=parsed).first()
        if parsed
        else None
    )
    if pickup is None:
        raise NotFound(f"Pickup {draft_pickup_id} not found in sales order draft {draft.number}.")
    return pickup


def _write_pickup(
    *,
    draft: SalesOrderDraft,
    pickup: DraftPickup,
    item_ids: list[str],
    service_location: str | None,
    service_area: str | None,
    time_start: datetime | None,
    time_end: datetime | None,
    pager_number: str | None,
    collector_information: dict[str, Any] | None,
) -> DraftPickup:
    existing = None if pickup._state.adding else pickup.id
    item_ids = [_canonical_id(item_id) for item_id in item_ids]
    _raise_unprocessable(
        "items",
        _fulfillment_item_problems(
            item_ids=item_ids,
            draft_item_ids=_draft_item_ids(draft),
            assigned=_assigned_items(_fulfillment_item_lists(draft, except_pickup=existing)),
        ),
        code=ProblemCode.ITEM_NOT_IN_DRAFT,
    )
    pager_problems = [
        _pager_sibling_problem(
            draft=draft,
            pager_number=pager_number,
            service_location=service_location,
            except_pickup=existing,
        ),
        _pager_held_problem(
            organization_id=draft.organization_id,
            pager_number=pager_number,
            service_location=service_location,
        ),
    ]
    _raise_unprocessable(
        "pager_number",
        [problem for problem in pager_problems if problem],
        code=ProblemCode.PAGER_NUMBER_HELD,
    )
    pickup.item_ids = item_ids
    pickup.service_location = service_location
    pickup.service_area = service_area
    pickup.time_start = time_start
    pickup.time_end = time_end
    pickup.pager_number = pager_number
    pickup.collector_information = collector_information
    pickup.save()
    _touch(draft)
    return pickup


@transaction.atomic
def draft_pickup_add(
    *,
    organization_id: str,
    draft_id: str | UUID,
    item_ids: list[str],
    service_location: str | None,
    service_area: str | None,
    time_start: datetime | None,
    time_end: datetime | None,
    pager_number: str | None,
    collector_information: dict[str, Any] | None,
) -> DraftPickup:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    return _write_pickup(
        draft=draft,
        pickup=DraftPickup(draft=draft),
        item_ids=item_ids,
        service_location=service_location,
        service_area=service_area,
        time_start=time_start,
        time_end=time_end,
        pager_number=pager_number,
        collector_information=collector_information,
    )


@transaction.atomic
def draft_pickup_replace(
    *,
    organization_id: str,
    draft_id: str | UUID,
    draft_pickup_id: str | UUID,
    item_ids: list[str],
    service_location: str | None,
    service_area: str | None,
    time_start: datetime | None,
    time_end: datetime | None,
    pager_number: str | None,
    collector_information: dict[str, Any] | None,
) -> DraftPickup:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    return _write_pickup(
        draft=draft,
        pickup=_find_pickup(draft, draft_pickup_id),
        item_ids=item_ids,
        service_location=service_location,
        service_area=service_area,
        time_start=time_start,
        time_end=time_end,
        pager_number=pager_number,
        collector_information=collector_information,
    )


@transaction.atomic
def draft_pickup_delete(
    *, organization_id: str, draft_id: str | UUID, draft_pickup_id: str | UUID
) -> None:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    _find_pickup(draft, draft_pickup_id).delete()
    _touch(draft)


# --- deliveries -----------------------------------------------------------------------------


def _find_delivery(draft: SalesOrderDraft, draft_delivery_id: str | UUID) -> DraftDelivery:
    parsed = parse_id(draft_delivery_id)
    delivery = (
        DraftDelivery.objects.select_for_update().filter(draft=draft, id=parsed).first()
        if parsed
        else None
    )
    if delivery is None:
        raise NotFound(
            f"Delivery {draft_delivery_id} not found in sales order draft {draft.number}."
        )
    return delivery


def _write_delivery(
    *,
    draft: SalesOrderDraft,
    delivery: DraftDelivery,
    item_ids: list[str],
    delivery_address: dict[str, Any] | None,
    time_start: datetime | None,
    time_end: datetime | None,
    recipient_information: dict[str, Any] | None,
    shipping_location: str | None,
    shipping_service: str | None,
) -> DraftDelivery:
    existing = None if delivery._state.adding else delivery.id
    item_ids = [_canonical_id(item_id) for item_id in item_ids]
    _raise_unprocessable(
        "items",
        _fulfillment_item_problems(
            item_ids=item_ids,
            draft_item_ids=_draft_item_ids(draft),
            assigned=_assigned_items(_fulfillment_item_lists(draft, except_delivery=existing)),
        ),
        code=ProblemCode.ITEM_NOT_IN_DRAFT,
    )
    delivery.item_ids = item_ids
    delivery.delivery_address = delivery_address
    delivery.time_start = time_start
    delivery.time_end = time_end
    delivery.recipient_information = recipient_information
    delivery.shipping_location = shipping_location
    delivery.shipping_service = shipping_service
    delivery.save()
    _touch(draft)
    return delivery


@transaction.atomic
def draft_delivery_add(
    *,
    organization_id: str,
    draft_id: str | UUID,
    item_ids: list[str],
    delivery_address: dict[str, Any] | None,
    time_start: datetime | None,
    time_end: datetime | None,
    recipient_information: dict[str, Any] | None,
    shipping_location: str | None,
    shipping_service: str | None,
) -> DraftDelivery:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    return _write_delivery(
        draft=draft,
        delivery=DraftDelivery(draft=draft),
        item_ids=item_ids,
        delivery_address=delivery_address,
        time_start=time_start,
        time_end=time_end,
        recipient_information=recipient_information,
        shipping_location=shipping_location,
        shipping_service=shipping_service,
    )


@transaction.atomic
def draft_delivery_replace(
    *,
    organization_id: str,
    draft_id: str | UUID,
    draft_delivery_id: str | UUID,
    item_ids: list[str],
    delivery_address: dict[str, Any] | None,
    time_start: datetime | None,
    time_end: datetime | None,
    recipient_information: dict[str, Any] | None,
    shipping_location: str | None,
    shipping_service: str | None,
) -> DraftDelivery:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    return _write_delivery(
        draft=draft,
        delivery=_find_delivery(draft, draft_delivery_id),
        item_ids=item_ids,
        delivery_address=delivery_address,
        time_start=time_start,
        time_end=time_end,
        recipient_information=recipient_information,
        shipping_location=shipping_location,
        shipping_service=shipping_service,
    )


@transaction.atomic
def draft_delivery_delete(
    *, organization_id: str, draft_id: str | UUID, draft_delivery_id: str | UUID
) -> None:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    _find_delivery(draft, draft_delivery_id).delete()
    _touch(draft)
