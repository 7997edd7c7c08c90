"""A draft's items: one writer (add or replace) taking one `ItemData`, and delete."""

from uuid import UUID

from django.db import transaction

from core.error_codes import ProblemCode
from core.problems import Conflict
from drafts.data import ItemData
from drafts.models import DraftItem
from drafts.selectors import part_of_draft
from drafts.services.checks import (
    _canonical_dependencies,
    _check_price_currency,
    _dependency_problems,
    _depending_ids,
    _fulfillment_item_lists,
    _item_graph,
    _lock_editable_draft,
    _part_to_write,
    _product_of_catalog,
    _raise_unprocessable,
    _touch,
)


@transaction.atomic
def draft_item_write(
    *,
    organization_id: str,
    draft_id: str | UUID,
    item_id: str | UUID | None = None,
    data: ItemData,
) -> DraftItem:
    """Add an item to the draft (no `item_id`) or replace one of its items."""
    draft, item = _part_to_write(
        DraftItem, organization_id=organization_id, draft_id=draft_id, part_id=item_id
    )
    product = _product_of_catalog(organization_id=draft.organization_id, product_id=data.product_id)
    _check_price_currency(product=product, price_currency=data.price_currency)
    depending_items = _canonical_dependencies(data.depending_items)
    _raise_unprocessable(
        "depending_items",
        _dependency_problems(
            item_id=None if item_id is None else str(item.id),
            depending_ids=_depending_ids(depending_items),
            graph=_item_graph(draft),
        ),
        code=ProblemCode.ITEM_NOT_IN_DRAFT,
    )
    manual = data.price_value is not None
    item.product = product
    item.lot = data.lot
    item.quantity_value = data.quantity_value
    item.quantity_unit = data.quantity_unit
    item.depending_items = depending_items
    item.price_value = data.price_value if manual else None
    item.price_currency = data.price_currency if manual else None
    item.price_is_gross = data.price_is_gross if manual else None
    item.additional_invoice_information = data.additional_invoice_information
    item.save()
    _touch(draft)
    return item


@transaction.atomic
def draft_item_delete(*, organization_id: str, draft_id: str | UUID, item_id: str | UUID) -> None:
    """Delete an item nothing refers to; 409 while a pickup, delivery or item still names it."""
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    item = part_of_draft(DraftItem.objects.select_for_update(), draft=draft, part_id=item_id)
    key = str(item.id)
    holders = [holder for holder, listed in _fulfillment_item_lists(draft) if key in listed]
    holders += [
        f"item {other_id}"
        for other_id, depending in _item_graph(draft).items()
        if other_id != key and key in depending
    ]
    if holders:
        raise Conflict(
            f"Item {key} is still referenced by {', '.join(holders)}; remove it there first.",
            code=ProblemCode.ITEM_IN_USE,
        )
    item.delete()
    _touch(draft)
