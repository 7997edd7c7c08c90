"""The draft itself and its customer: create, delete, finalize, set or remove the customer."""

from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from core.error_codes import ProblemCode
from core.models import Counter
from core.problems import NotFound, Unprocessable
from drafts.models import SalesOrderDraft
from drafts.services.checks import (
    DRAFT_COUNTER,
    _dependency_problems,
    _depending_ids,
    _fulfillment_item_lists,
    _fulfillment_item_problems,
    _lock_editable_draft,
    _pager_held_problem,
    _pickup_location_label,
    _raise_unprocessable,
    lock_draft,
)

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
