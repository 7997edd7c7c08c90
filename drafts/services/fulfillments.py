"""A draft's planned pickups and deliveries: one writer each (add or replace) taking one
`PickupData` or `DeliveryData`, and delete."""

from uuid import UUID

from django.db import transaction

from core.error_codes import ProblemCode
from core.ids import parse_id
from core.problems import NotFound
from drafts.data import DeliveryData, PickupData
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


@transaction.atomic
def draft_pickup_write(
    *,
    organization_id: str,
    draft_id: str | UUID,
    draft_pickup_id: str | UUID | None = None,
    data: PickupData,
) -> DraftPickup:
    """Add a pickup to the draft (no `draft_pickup_id`) or replace one of its pickups."""
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    pickup = (
        DraftPickup(draft=draft)
        if draft_pickup_id is None
        else _find_pickup(draft, draft_pickup_id)
    )
    existing = None if pickup._state.adding else pickup.id
    item_ids = [_canonical_id(item_id) for item_id in data.item_ids]
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
            pager_number=data.pager_number,
            service_location=data.service_location,
            except_pickup=existing,
        ),
        _pager_held_problem(
            organization_id=draft.organization_id,
            pager_number=data.pager_number,
            service_location=data.service_location,
        ),
    ]
    _raise_unprocessable(
        "pager_number",
        [problem for problem in pager_problems if problem],
        code=ProblemCode.PAGER_NUMBER_HELD,
    )
    pickup.item_ids = item_ids
    pickup.service_location = data.service_location
    pickup.service_area = data.service_area
    pickup.time_start = data.time_start
    pickup.time_end = data.time_end
    pickup.pager_number = data.pager_number
    pickup.collector_information = data.collector_information
    pickup.save()
    _touch(draft)
    return pickup


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


@transaction.atomic
def draft_delivery_write(
    *,
    organization_id: str,
    draft_id: str | UUID,
    draft_delivery_id: str | UUID | None = None,
    data: DeliveryData,
) -> DraftDelivery:
    """Add a delivery to the draft (no `draft_delivery_id`) or replace one of its deliveries."""
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    delivery = (
        DraftDelivery(draft=draft)
        if draft_delivery_id is None
        else _find_delivery(draft, draft_delivery_id)
    )
    existing = None if delivery._state.adding else delivery.id
    item_ids = [_canonical_id(item_id) for item_id in data.item_ids]
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
    delivery.delivery_address = data.delivery_address
    delivery.time_start = data.time_start
    delivery.time_end = data.time_end
    delivery.recipient_information = data.recipient_information
    delivery.shipping_location = data.shipping_location
    delivery.shipping_service = data.shipping_service
    delivery.save()
    _touch(draft)
    return delivery


@transaction.atomic
def draft_delivery_delete(
    *, organization_id: str, draft_id: str | UUID, draft_delivery_id: str | UUID
) -> None:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    _find_delivery(draft, draft_delivery_id).delete()
    _touch(draft)
