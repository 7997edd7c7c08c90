"""What every write of a draft's part does first: lock the draft, check the references it names."""

from collections.abc import Iterable
from dataclasses import fields
from typing import Any
from uuid import UUID

from django.db.models import Model

from core.error_codes import ProblemCode
from core.ids import M, get_by_id, parse_id
from core.problems import Conflict, Unprocessable
from drafts.models import SalesOrderDraft
from drafts.selectors import part_of_draft
from fulfillment.models import ACTIVE_PICKUP, Pickup
from orders.models import Product

DRAFT_COUNTER = "draft"


# --- locking and shared checks ------------------------------------------------------------


def lock_draft(*, organization_id: str, draft_id: str | UUID) -> SalesOrderDraft:
    """The draft row, locked until the end of the transaction; 404 if not of this org."""
    return get_by_id(
        SalesOrderDraft.objects.select_for_update().filter(organization_id=organization_id),
        draft_id,
        not_found=f"Sales order draft {draft_id} not found.",
    )


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


def _part_to_write(
    model: type[M], *, organization_id: str, draft_id: str | UUID, part_id: str | UUID | None
) -> tuple[SalesOrderDraft, M]:
    """The draft, locked and editable, and a new part of it (no `part_id`) or its part with
    this id, locked; 404 for an id of no part of this draft."""
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    if part_id is None:
        return draft, model(draft=draft)
    return draft, part_of_draft(model.objects.select_for_update(), draft=draft, part_id=part_id)


def _save_part(draft: SalesOrderDraft, part: Model, data: Any) -> None:
    """Write `data` (a dataclass whose fields are the part's own) to the part, and note the
    draft's change."""
    for name in (field.name for field in fields(data)):
        setattr(part, name, getattr(data, name))
    part.save()
    _touch(draft)


def _delete_part(
    model: type[Model], *, organization_id: str, draft_id: str | UUID, part_id: str | UUID
) -> None:
    draft = _lock_editable_draft(organization_id=organization_id, draft_id=draft_id)
    part_of_draft(model.objects.select_for_update(), draft=draft, part_id=part_id).delete()
    _touch(draft)


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
