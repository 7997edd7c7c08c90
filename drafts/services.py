"""Writes of the drafts app: building a basket and finalizing it.

Every write runs in one transaction and first locks the draft row (`select_for_update`), so a
concurrent finalization (or checkout, which locks the same row first) can never interleave with
a change to the draft's parts. A rejected request raises before anything is written, or inside
the transaction, which then rolls back.

Rules (each a problem document with its status):
- unknown draft, item, pickup or delivery, or one of another organization: 404;
- any change to a finalized draft or its parts: 409;
- an item whose `product` is not in the organization's catalog: 422;
- a manual price whose currency is not the product's currency: 422;
- `depending_items` naming an item that is not in the same draft, the item itself, the same item
  twice, or closing a cycle: 422;
- pickup/delivery `items` naming an item that is not in the same draft, the same item twice, or
  an item already handed over by another pickup or delivery of the draft: 422;
- a pager number held by an open (PENDING/PREPARED) pickup of the organization at the same
  pickup location, or by another pickup of the same draft at that location: 422;
- deleting an item that a pickup, a delivery or another item's `depending_items` still names:
  409 (remove the reference first);
- finalizing a draft without items, or with a reference that is no longer consistent: 422;
  finalizing it again: 422 ("draft already finalized" in the contract's table of 422s).
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from core.error_codes import ProblemCode
from core.models import Counter
from core.problems import Conflict, NotFound, Unprocessable
from drafts.models import DraftDelivery, DraftItem, DraftPickup, SalesOrderDraft
from drafts.selectors import parse_id
from fulfillment.models import ACTIVE_PICKUP, Pickup
from orders.models import Product

DRAFT_COUNTER = "draft"


# --- locking and shared checks ------------------------------------------------------------


def lock_draft(*, organization_id: str, draft_id: str | UUID) -> SalesOrderDraft:
    """The draft row, locked until the end of the transaction; 404 if not of this org."""
    parsed = parse_id(draft_id)
    draft = (
        SalesOrderDraft.objects.select_for_update()
        .filter(organization_id=organization_id, id=parsed)
        .first()
        if parsed
        else None
    )
    if draft is None:
        raise NotFound(f"Sales order draft {draft_id} not found.")
    return draft


def _lock_editable_draft(*, organization_id: str, draft_id: str | UUID) -> SalesOrderDraft:
    draft = lock_draft(organization_id=organization_id, draft_id=draft_id)
    if draft.is_finalized:
        raise Conflict(
            f"Sales order draft {draft.number} is finalized; it and its parts can no longer "
            "be changed.",
            code=ProblemCode.DRAFT_FINALIZED,
        )
    return draft


def _touch(draft: SalesOrderDraft) -> None:
    draft.save(update_fields=["updated_at"])


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


def _product_of_catalog(*, organization_id: str, product_id: str) -> Product:
    product = Product.objects.filter(organization_id=organization_id, product_id=product_id).first()
    if product is None:
        raise Unprocessable(
            f"Product {product_id} is not in the organization's catalog.",
            code=ProblemCode.UNKNOWN_PRODUCT,
        )
    return product


def _check_price_currency(*, product: Product, price_currency: str | None) -> None:
    if price_currency is not None and price_currency != product.currency:
        raise Unprocessable(
            f"The manual price is in {price_currency}, but product {product.product_id} is "
            f"sold in {product.currency}; a manual price must be in the product's currency.",
            code=ProblemCode.CURRENCY_MISMATCH,
        )


def _dependency_problems(
    *, item_id: str | None, depending_ids: list[str], graph: dict[str, list[str]]
) -> list[str]:
    """What is wrong with an item's `depending_items`, given the draft's other items.

    `graph` maps each item id of the draft to the ids its `depending_items` name.
    """
    problems = []
    for repeated in _duplicates(depending_ids):
        problems.append(f"depending item {repeated} is listed twice")
    for depending_id in dict.fromkeys(depending_ids):
        if item_id is not None and depending_id == item_id:
            problems.append("an item cannot depend on itself")
        elif depending_id not in graph:
            problems.append(f"depending item {depending_id} is not an item of this draft")
    if problems or item_id is None:
        return problems
    # A cycle through the item: can the item be reached from one of its depending items?
    graph = {**graph, item_id: depending_ids}
    stack, seen = list(depending_ids), set()
    while stack:
        current = stack.pop()
        if current == item_id:
            return ["depending_items would form a cycle"]
        if current in seen:
            continue
        seen.add(current)
        stack.extend(graph.get(current, []))
    return problems


def _canonical_id(value: str) -> str:
    """An item id as the server writes it (lower-case UUID), so `ABC…` and `abc…` match."""
    parsed = parse_id(value)
    return str(parsed) if parsed else value


def _canonical_dependencies(depending_items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**entry, "depending_item_id": _canonical_id(str(entry["depending_item_id"]))}
        for entry in depending_items
    ]


def _depending_ids(depending_items: list[dict]) -> list[str]:
    return [str(entry.get("depending_item_id")) for entry in depending_items or []]


def _item_graph(draft: SalesOrderDraft) -> dict[str, list[str]]:
    """Item id -> the ids its `depending_items` name, for every item of the draft."""
    return {
        str(item_id): _depending_ids(depending)
        for item_id, depending in draft.items.values_list("id", "depending_items")
    }


def _fulfillment_item_lists(
    draft: SalesOrderDraft,
    *,
    except_pickup: UUID | None = None,
    except_delivery: UUID | None = None,
) -> list[tuple[str, list[str]]]:
    """(which pickup or delivery, the item ids it hands over) for the draft's fulfillments."""
    pickups = draft.pickups.exclude(id=except_pickup).order_by("created_at", "id")
    deliveries = draft.deliveries.exclude(id=except_delivery).order_by("created_at", "id")
    return [
        (f"pickup {pickup_id}", [str(item_id) for item_id in item_ids or []])
        for pickup_id, item_ids in pickups.values_list("id", "item_ids")
    ] + [
        (f"delivery {delivery_id}", [str(item_id) for item_id in item_ids or []])
        for delivery_id, item_ids in deliveries.values_list("id", "item_ids")
    ]


def _assigned_items(lists: list[tuple[str, list[str]]]) -> dict[str, str]:
    """Item id -> the first pickup or delivery that hands it over."""
    assigned: dict[str, str] = {}
    for holder, item_ids in lists:
        for item_id in item_ids:
            assigned.setdefault(item_id, holder)
    return assigned


def _fulfillment_item_problems(
    *, item_ids: list[str], draft_item_ids: set[str], assigned: dict[str, str]
) -> list[str]:
    problems = []
    if not item_ids:
        problems.append("it names no items")
    for repeated in _duplicates(item_ids):
        problems.append(f"item {repeated} is listed twice")
    for item_id in dict.fromkeys(item_ids):
        if item_id not in draft_item_ids:
            problems.append(f"item {item_id} is not an item of this draft")
        elif item_id in assigned:
            problems.append(f"item {item_id} is already handed over by {assigned[item_id]}")
    return problems


def _draft_item_ids(draft: SalesOrderDraft) -> set[str]:
    return {str(item_id) for item_id in draft.items.values_list("id", flat=True)}


def _pickup_location_label(location: str) -> str:
    return f"pickup location {location!r}" if location else "the unnamed pickup location"


def _pager_held_problem(
    *, organization_id: str, pager_number: str | None, service_location: str | None
) -> str | None:
    """A pager is held while an open (PENDING/PREPARED) pickup at that location carries it."""
    if pager_number is None:
        return None
    location = service_location or ""
    held = (
        Pickup.objects.filter(
            ACTIVE_PICKUP,
            organization_id=organization_id,
            service_location=location,
            pager_number=pager_number,
        )
        .values_list("pickup_number", flat=True)
        .first()
    )
    if held is None:
        return None
    return (
        f"pager number {pager_number} is held by open pickup {held} at "
        f"{_pickup_location_label(location)}"
    )


def _pager_sibling_problem(
    *,
    draft: SalesOrderDraft,
    pager_number: str | None,
    service_location: str | None,
    except_pickup: UUID | None,
) -> str | None:
    """Two pickups of one draft would become two open pickups with the same pager."""
    if pager_number is None:
        return None
    location = service_location or ""
    siblings = draft.pickups.exclude(id=except_pickup).filter(pager_number=pager_number)
    for sibling_id, sibling_location in siblings.values_list("id", "service_location"):
        if (sibling_location or "") == location:
            return (
                f"pager number {pager_number} is already used by pickup {sibling_id} of this "
                f"draft at {_pickup_location_label(location)}"
            )
    return None


def _raise_unprocessable(subject: str, problems: list[str], *, code: ProblemCode) -> None:
    if problems:
        raise Unprocessable(f"{subject}: {'; '.join(problems)}.", code=code)


# --- the draft ------------------------------------------------------------------------------


@transaction.atomic
def draft_create(
    *,
    organization_id: str,
    sales_channel: str,
    additional_invoice_information: list[dict[str, Any]],
) -> SalesOrderDraft:
    """A new, empty draft with the next draft number of the organization (D1, D2, …)."""
    number = Counter.take(organization_id=organization_id, name=DRAFT_COUNTER)
    return SalesOrderDraft.objects.create(
        organization_id=organization_id,
        number=f"D{number}",
        sales_channel=sales_channel,
        additional_invoice_information=additional_invoice_information,
    )


@transaction.atomic
def draft_delete(*, organization_id: str, draft_id: str | UUID) -> None:
    """Delete a draft that is not finalized, with its items, customer, pickups and deliveries."""
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    draft.delete()


def draft_consistency_problems(draft: SalesOrderDraft) -> list[str]:
    """Everything that keeps a draft from becoming a sales order; [] when it can."""
    items = list(draft.items.select_related("product").order_by("created_at", "id"))
    if not items:
        return ["it has no items"]
    problems: list[str] = []
    graph = {str(item.id): _depending_ids(item.depending_items) for item in items}
    for item in items:
        if item.product.organization_id != draft.organization_id:
            problems.append(f"item {item.id}: its product is not in the organization's catalog")
        if item.price_value is not None and item.price_currency != item.product.currency:
            problems.append(
                f"item {item.id}: manual price in {item.price_currency}, product sold in "
                f"{item.product.currency}"
            )
        problems.extend(
            f"item {item.id}: {problem}"
            for problem in _dependency_problems(
                item_id=str(item.id), depending_ids=graph[str(item.id)], graph=graph
            )
        )
    item_ids = set(graph)
    assigned: dict[str, str] = {}
    for holder, listed in _fulfillment_item_lists(draft):
        problems.extend(
            f"{holder}: {problem}"
            for problem in _fulfillment_item_problems(
                item_ids=listed, draft_item_ids=item_ids, assigned=assigned
            )
        )
        for item_id in listed:
            assigned.setdefault(item_id, holder)
    pagers: dict[tuple[str, str], UUID] = {}
    for pickup in draft.pickups.exclude(pager_number=None).order_by("created_at", "id"):
        key = (pickup.service_location or "", pickup.pager_number)
        if key in pagers:
            problems.append(
                f"pickup {pickup.id}: pager number {pickup.pager_number} is also used by "
                f"pickup {pagers[key]} at {_pickup_location_label(key[0])}"
            )
            continue
        pagers[key] = pickup.id
        held = _pager_held_problem(
            organization_id=draft.organization_id,
            pager_number=pickup.pager_number,
            service_location=pickup.service_location,
        )
        if held:
            problems.append(f"pickup {pickup.id}: {held}")
    return problems


@transaction.atomic
def draft_finalize(*, organization_id: str, draft_id: str | UUID) -> SalesOrderDraft:
    """Mark the draft as a basket ready for checkout. Afterwards it cannot be changed."""
    draft = lock_draft(organization_id=organization_id, draft_id=draft_id)
    if draft.is_finalized:
        raise Unprocessable(
            f"Sales order draft {draft.number} is already finalized.",
            code=ProblemCode.DRAFT_FINALIZED,
        )
    if not draft.items.exists():
        raise Unprocessable(
            f"Sales order draft {draft.number} cannot be finalized: it has no items.",
            code=ProblemCode.DRAFT_EMPTY,
        )
    _raise_unprocessable(
        f"Sales order draft {draft.number} cannot be finalized",
        draft_consistency_problems(draft),
        code=ProblemCode.DRAFT_INCONSISTENT,
    )
    draft.finalized_at = timezone.now()
    draft.save(update_fields=["finalized_at", "updated_at"])
    return draft


# --- customer -------------------------------------------------------------------------------


@transaction.atomic
def draft_customer_set(
    *, organization_id: str, draft_id: str | UUID, customer_information: dict[str, Any]
) -> dict[str, Any]:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    draft.customer_information = customer_information
    draft.save(update_fields=["customer_information", "updated_at"])
    return draft.customer_information


@transaction.atomic
def draft_customer_delete(*, organization_id: str, draft_id: str | UUID) -> None:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    if draft.customer_information is None:
        raise NotFound(f"Sales order draft {draft.number} has no customer information.")
    draft.customer_information = None
    draft.save(update_fields=["customer_information", "updated_at"])


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
