"""A draft's items: add, replace, delete."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import transaction

from core.error_codes import ProblemCode
from core.ids import parse_id
from core.problems import Conflict, NotFound
from drafts.models import DraftItem, SalesOrderDraft
from drafts.services.checks import (
    _canonical_dependencies,
    _check_price_currency,
    _dependency_problems,
    _depending_ids,
    _fulfillment_item_lists,
    _item_graph,
    _lock_editable_draft,
    _product_of_catalog,
    _raise_unprocessable,
    _touch,
)

# --- items ----------------------------------------------------------------------------------


def _find_item(draft: SalesOrderDraft, item_id: str | UUID) -> DraftItem:
    parsed = parse_id(item_id)
    item = (
        DraftItem.objects.select_for_update().filter(draft=draft, id=parsed).first()
        if parsed
        else None
    )
    if item is None:
        raise NotFound(f"Item {item_id} not found in sales order draft {draft.number}.")
    return item


def _write_item(
    *,
    draft: SalesOrderDraft,
    item: DraftItem,
    product_id: str,
    lot: str | None,
    quantity_value: Decimal,
    quantity_unit: str,
    depending_items: list[dict[str, Any]],
    price_value: Decimal | None,
    price_currency: str | None,
    price_is_gross: bool | None,
    additional_invoice_information: list[dict[str, Any]],
    is_new: bool,
) -> DraftItem:
    product = _product_of_catalog(organization_id=draft.organization_id, product_id=product_id)
    _check_price_currency(product=product, price_currency=price_currency)
    depending_items = _canonical_dependencies(depending_items)
    _raise_unprocessable(
        "depending_items",
        _dependency_problems(
            item_id=None if is_new else str(item.id),
            depending_ids=_depending_ids(depending_items),
            graph=_item_graph(draft),
        ),
        code=ProblemCode.ITEM_NOT_IN_DRAFT,
    )
    manual = price_value is not None
    item.product = product
    item.lot = lot
    item.quantity_value = quantity_value
    item.quantity_unit = quantity_unit
    item.depending_items = depending_items
    item.price_value = price_value if manual else None
    item.price_currency = price_currency if manual else None
    item.price_is_gross = price_is_gross if manual else None
    item.additional_invoice_information = additional_invoice_information
    item.save()
    _touch(draft)
    return item


@transaction.atomic
def draft_item_add(
    *,
    organization_id: str,
    draft_id: str | UUID,
    product_id: str,
    lot: str | None,
    quantity_value: Decimal,
    quantity_unit: str,
    depending_items: list[dict[str, Any]],
    price_value: Decimal | None,
    price_currency: str | None,
    price_is_gross: bool | None,
    additional_invoice_information: list[dict[str, Any]],
) -> DraftItem:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    return _write_item(
        draft=draft,
        item=DraftItem(draft=draft),
        product_id=product_id,
        lot=lot,
        quantity_value=quantity_value,
        quantity_unit=quantity_unit,
        depending_items=depending_items,
        price_value=price_value,
        price_currency=price_currency,
        price_is_gross=price_is_gross,
        additional_invoice_information=additional_invoice_information,
        is_new=True,
    )


@transaction.atomic
def draft_item_replace(
    *,
    organization_id: str,
    draft_id: str | UUID,
    item_id: str | UUID,
    product_id: str,
    lot: str | None,
    quantity_value: Decimal,
    quantity_unit: str,
    depending_items: list[dict[str, Any]],
    price_value: Decimal | None,
    price_currency: str | None,
    price_is_gross: bool | None,
    additional_invoice_information: list[dict[str, Any]],
) -> DraftItem:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    return _write_item(
        draft=draft,
        item=_find_item(draft, item_id),
        product_id=product_id,
        lot=lot,
        quantity_value=quantity_value,
        quantity_unit=quantity_unit,
        depending_items=depending_items,
        price_value=price_value,
        price_currency=price_currency,
        price_is_gross=price_is_gross,
        additional_invoice_information=additional_invoice_information,
        is_new=False,
    )


@transaction.atomic
def draft_item_delete(*, organization_id: str, draft_id: str | UUID, item_id: str | UUID) -> None:
    """Delete an item nothing refers to; 409 while a pickup, delivery or item still names it."""
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    item = _find_item(draft, item_id)
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
