"""A draft's planned pickups and deliveries: one writer each (add or replace) taking one
`PickupData` or `DeliveryData`, and delete."""

from dataclasses import replace
from uuid import UUID

from django.db import transaction

from core.error_codes import ProblemCode
from drafts.data import DeliveryData, PickupData
from drafts.models import DraftDelivery, DraftPickup, SalesOrderDraft
from drafts.services.checks import (
    _assigned_items,
    _canonical_id,
    _delete_part,
    _draft_item_ids,
    _fulfillment_item_lists,
    _fulfillment_item_problems,
    _pager_held_problem,
    _pager_sibling_problem,
    _part_to_write,
    _raise_unprocessable,
    _save_part,
)


def _checked_items(
    draft: SalesOrderDraft, item_ids: list[str], **except_part: UUID | None
) -> list[str]:
    """The item ids as the server writes them; 422 for an item not in the draft, named twice or
    already handed over by another of its pickups or deliveries (`except_pickup` or
    `except_delivery`: the one being replaced)."""
    canonical = [_canonical_id(item_id) for item_id in item_ids]
    _raise_unprocessable(
        "items",
        _fulfillment_item_problems(
            item_ids=canonical,
            draft_item_ids=_draft_item_ids(draft),
            assigned=_assigned_items(_fulfillment_item_lists(draft, **except_part)),
        ),
        code=ProblemCode.ITEM_NOT_IN_DRAFT,
    )
    return canonical


# --- pickups --------------------------------------------------------------------------------


@transaction.atomic
def draft_pickup_write(
    *,
    organization_id: str,
    draft_id: str | UUID,
    draft_pickup_id: str | UUID | None = None,
    data: PickupData,
) -> DraftPickup:
    """Add a pickup to the draft (no `draft_pickup_id`) or replace one of its pickups."""
    draft, pickup = _part_to_write(
        DraftPickup, organization_id=organization_id, draft_id=draft_id, part_id=draft_pickup_id
    )
    existing = None if pickup._state.adding else pickup.id
    item_ids = _checked_items(draft, data.item_ids, except_pickup=existing)
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
    _save_part(draft, pickup, replace(data, item_ids=item_ids))
    return pickup


@transaction.atomic
def draft_pickup_delete(
    *, organization_id: str, draft_id: str | UUID, draft_pickup_id: str | UUID
) -> None:
    _delete_part(
        DraftPickup, organization_id=organization_id, draft_id=draft_id, part_id=draft_pickup_id
    )


# --- deliveries -----------------------------------------------------------------------------


@transaction.atomic
def draft_delivery_write(
    *,
    organization_id: str,
    draft_id: str | UUID,
    draft_delivery_id: str | UUID | None = None,
    data: DeliveryData,
) -> DraftDelivery:
    """Add a delivery to the draft (no `draft_delivery_id`) or replace one of its deliveries."""
    draft, delivery = _part_to_write(
        DraftDelivery,
        organization_id=organization_id,
        draft_id=draft_id,
        part_id=draft_delivery_id,
    )
    existing = None if delivery._state.adding else delivery.id
    item_ids = _checked_items(draft, data.item_ids, except_delivery=existing)
    _save_part(draft, delivery, replace(data, item_ids=item_ids))
    return delivery


@transaction.atomic
def draft_delivery_delete(
    *, organization_id: str, draft_id: str | UUID, draft_delivery_id: str | UUID
) -> None:
    _delete_part(
        DraftDelivery,
        organization_id=organization_id,
        draft_id=draft_id,
        part_id=draft_delivery_id,
    )
