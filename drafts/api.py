"""Sales Order Drafts API: operations #1-#23 of the enfore Sales Orders API 0.4.5.

Handlers only parse, call one selector or service, and render. The rules live in
drafts.services; the shapes in drafts.schemas.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status

from core.paging import TimeWindow
from core.schemas import problems
from drafts import selectors, services
from drafts.schemas import (
    SalesOrderDraftCustomerInformation,
    SalesOrderDraftDeliveryIn,
    SalesOrderDraftDeliveryOut,
    SalesOrderDraftDeliveryPage,
    SalesOrderDraftFinalizationRequest,
    SalesOrderDraftIn,
    SalesOrderDraftItemIn,
    SalesOrderDraftItemOut,
    SalesOrderDraftItemPage,
    SalesOrderDraftListQuery,
    SalesOrderDraftOut,
    SalesOrderDraftPage,
    SalesOrderDraftPickupIn,
    SalesOrderDraftPickupOut,
    SalesOrderDraftPickupPage,
)

router = Router(tags=["Sales Order Drafts"])
PREFIX = "/org/{org_id}/sales-order-drafts"

DRAFT = "/{draft_id}"
CUSTOMER = DRAFT + "/customer"
ITEMS = DRAFT + "/items"
ITEM = ITEMS + "/{item_id}"

# Every operation can meet a 400 (e.g. a NUL byte in the path) and a 403.
READ = problems(400, 403, 404)
WRITE = problems(400, 403, 404, 409, 413, 422)
DELETE = problems(400, 403, 404, 409)

FINALIZED = "A finalized draft cannot be changed (409); reading it still works."


# --- drafts (#1-#5) ---------------------------------------------------------------------


@router.get(
    "",
    response={200: SalesOrderDraftPage, **problems(400, 403)},
    summary="Iterate over sales order drafts.",
    description=(
        "Drafts created in [`from`, `to`), oldest first (ties by id), paged by `limit`/`offset`. "
        "Finalized drafts (baskets waiting at the desk) are listed too."
    ),
    operation_id="listSalesOrderDrafts",
)
def list_drafts(request: HttpRequest, org_id: Path[str], query: Query[SalesOrderDraftListQuery]):
    return Status(200, selectors.draft_page(organization_id=org_id, query=query))


@router.post(
    "",
    response={201: SalesOrderDraftOut, **WRITE},
    summary="Create a sales order draft.",
    description="The server assigns `id` and `number`; values sent for them are ignored.",
    operation_id="createSalesOrderDraft",
)
def create_draft(request: HttpRequest, org_id: Path[str], payload: SalesOrderDraftIn):
    draft = services.draft_create(organization_id=org_id, **payload.fields())
    return Status(201, selectors.draft_render(draft))


@router.get(
    DRAFT,
    response={200: SalesOrderDraftOut, **READ},
    summary="Get a sales order draft.",
    operation_id="getSalesOrderDraft",
)
def get_draft(request: HttpRequest, org_id: Path[str], draft_id: str):
    draft = selectors.draft_get(organization_id=org_id, draft_id=draft_id)
    return Status(200, selectors.draft_render(draft))


@router.delete(
    DRAFT,
    response={204: None, **DELETE},
    summary="Delete a sales order draft with all its parts.",
    description=FINALIZED,
    operation_id="deleteSalesOrderDraft",
)
def delete_draft(request: HttpRequest, org_id: Path[str], draft_id: str):
    services.draft_delete(organization_id=org_id, draft_id=draft_id)
    return Status(204, None)


@router.patch(
    DRAFT,
    response={204: None, **WRITE},
    summary="Finalize a sales order draft.",
    description=(
        'Body `{"@type": "SalesOrderDraftFinalizationRequest"}`. The draft becomes a basket '
        "waiting for checkout at the desk. 422 when it has no items or a reference is no longer "
        "consistent (unknown item, product, currency, pager held), or when it is already finalized."
    ),
    operation_id="finalizeSalesOrderDraft",
)
def finalize_draft(
    request: HttpRequest,
    org_id: Path[str],
    draft_id: str,
    payload: SalesOrderDraftFinalizationRequest,
):
    services.draft_finalize(organization_id=org_id, draft_id=draft_id)
    return Status(204, None)


# --- customer (#6-#8) -------------------------------------------------------------------


@router.get(
    CUSTOMER,
    response={200: SalesOrderDraftCustomerInformation, **READ},
    summary="Get the draft's customer information.",
    description="404 when the draft has no customer information.",
    operation_id="getSalesOrderDraftCustomer",
)
def get_customer(request: HttpRequest, org_id: Path[str], draft_id: str):
    return Status(200, selectors.customer_get(organization_id=org_id, draft_id=draft_id))


@router.put(
    CUSTOMER,
    response={200: SalesOrderDraftCustomerInformation, **WRITE},
    summary="Set or replace the draft's customer information.",
    description=FINALIZED,
    operation_id="setSalesOrderDraftCustomer",
)
def put_customer(
    request: HttpRequest,
    org_id: Path[str],
    draft_id: str,
    payload: SalesOrderDraftCustomerInformation,
):
    customer = services.draft_customer_set(
        organization_id=org_id, draft_id=draft_id, **payload.fields()
    )
    return Status(200, selectors.customer_render(customer))


@router.delete(
    CUSTOMER,
    response={204: None, **DELETE},
    summary="Remove the draft's customer information.",
    description="404 when the draft has no customer information. " + FINALIZED,
    operation_id="deleteSalesOrderDraftCustomer",
)
def delete_customer(request: HttpRequest, org_id: Path[str], draft_id: str):
    services.draft_customer_delete(organization_id=org_id, draft_id=draft_id)
    return Status(204, None)


# --- items (#9-#13) ---------------------------------------------------------------------


@router.get(
    ITEMS,
    response={200: SalesOrderDraftItemPage, **READ},
    summary="Iterate over the draft's items.",
    description="Items created in [`from`, `to`), oldest first, paged by `limit`/`offset`.",
    operation_id="listSalesOrderDraftItems",
)
def list_items(request: HttpRequest, org_id: Path[str], draft_id: str, window: Query[TimeWindow]):
    return Status(
        200, selectors.item_page(organization_id=org_id, draft_id=draft_id, window=window)
    )


@router.post(
    ITEMS,
    response={201: SalesOrderDraftItemOut, **WRITE},
    summary="Add an item to the draft.",
    description=(
        "`product` must be a product of the organization's catalog (422). A manual `price` must "
        "be in the product's currency (422). `depending_items` must name other items of the "
        "same draft, without cycles (422). " + FINALIZED
    ),
    operation_id="createSalesOrderDraftItem",
)
def create_item(
    request: HttpRequest, org_id: Path[str], draft_id: str, payload: SalesOrderDraftItemIn
):
    item = services.draft_item_write(organization_id=org_id, draft_id=draft_id, data=payload.data())
    return Status(201, selectors.item_render(item))


@router.get(
    ITEM,
    response={200: SalesOrderDraftItemOut, **READ},
    summary="Get an item.",
    operation_id="getSalesOrderDraftItem",
)
def get_item(request: HttpRequest, org_id: Path[str], draft_id: str, item_id: str):
    item = selectors.item_get(organization_id=org_id, draft_id=draft_id, item_id=item_id)
    return Status(200, selectors.item_render(item))


@router.put(
    ITEM,
    response={200: SalesOrderDraftItemOut, **WRITE},
    summary="Replace an item.",
    description="The same rules as when adding an item. " + FINALIZED,
    operation_id="replaceSalesOrderDraftItem",
)
def put_item(
    request: HttpRequest,
    org_id: Path[str],
    draft_id: str,
    item_id: str,
    payload: SalesOrderDraftItemIn,
):
    item = services.draft_item_write(
        organization_id=org_id, draft_id=draft_id, item_id=item_id, data=payload.data()
    )
    return Status(200, selectors.item_render(item))


@router.delete(
    ITEM,
    response={204: None, **DELETE},
    summary="Remove an item from the draft.",
    description=(
        "409 while a pickup, a delivery or another item's `depending_items` still names the "
        "item: remove the reference first. " + FINALIZED
    ),
    operation_id="deleteSalesOrderDraftItem",
)
def delete_item(request: HttpRequest, org_id: Path[str], draft_id: str, item_id: str):
    services.draft_item_delete(organization_id=org_id, draft_id=draft_id, item_id=item_id)
    return Status(204, None)


# --- pickups (#14-#18) and deliveries (#19-#23) ------------------------------------------


@dataclass(frozen=True)
class PlannedFulfillment:
    """What the five operations of a draft's pickups, or of its deliveries, differ in. Paths,
    selectors and services name the part's id `id_name` (`draft_pickup_id`)."""

    singular: str
    plural: str
    id_name: str
    page: type[Schema]
    out: type[Schema]
    payload: type[Schema]
    rules: str
    list: Callable[..., dict]
    get: Callable[..., Any]
    render: Callable[[Any], Schema]
    write: Callable[..., Any]
    delete: Callable[..., None]


def add_planned_fulfillment_operations(part: PlannedFulfillment) -> None:
    """Lists, adds, gets, replaces and removes one kind of planned fulfillment of a draft."""
    collection = f"/{{draft_id}}/{part.plural}"
    one = f"{collection}/{{{part.id_name}}}"
    name, names = part.singular.capitalize(), part.plural.capitalize()  # in operationIds
    PartId = Annotated[str, Path(alias=part.id_name)]

    @router.get(
        collection,
        response={200: part.page, **READ},
        summary=f"List the draft's {part.plural}.",
        description="All of them, oldest first.",
        operation_id=f"listSalesOrderDraft{names}",
        url_name=f"list_{part.plural}",
    )
    def list_parts(request: HttpRequest, org_id: Path[str], draft_id: str):
        return Status(200, part.list(organization_id=org_id, draft_id=draft_id))

    @router.post(
        collection,
        response={201: part.out, **WRITE},
        summary=f"Add a {part.singular} to the draft.",
        description=part.rules + FINALIZED,
        operation_id=f"createSalesOrderDraft{name}",
        url_name=f"create_{part.singular}",
    )
    def create_part(request: HttpRequest, org_id: Path[str], draft_id: str, payload: part.payload):
        written = part.write(organization_id=org_id, draft_id=draft_id, data=payload.data())
        return Status(201, part.render(written))

    @router.get(
        one,
        response={200: part.out, **READ},
        summary=f"Get a {part.singular}.",
        operation_id=f"getSalesOrderDraft{name}",
        url_name=f"get_{part.singular}",
    )
    def get_part(request: HttpRequest, org_id: Path[str], draft_id: str, part_id: PartId):
        found = part.get(organization_id=org_id, draft_id=draft_id, **{part.id_name: part_id})
        return Status(200, part.render(found))

    @router.put(
        one,
        response={200: part.out, **WRITE},
        summary=f"Replace a {part.singular}.",
        description=part.rules + FINALIZED,
        operation_id=f"replaceSalesOrderDraft{name}",
        url_name=f"put_{part.singular}",
    )
    def put_part(
        request: HttpRequest,
        org_id: Path[str],
        draft_id: str,
        part_id: PartId,
        payload: part.payload,
    ):
        written = part.write(
            organization_id=org_id,
            draft_id=draft_id,
            data=payload.data(),
            **{part.id_name: part_id},
        )
        return Status(200, part.render(written))

    @router.delete(
        one,
        response={204: None, **DELETE},
        summary=f"Remove a {part.singular}.",
        description=FINALIZED,
        operation_id=f"deleteSalesOrderDraft{name}",
        url_name=f"delete_{part.singular}",
    )
    def delete_part(request: HttpRequest, org_id: Path[str], draft_id: str, part_id: PartId):
        part.delete(organization_id=org_id, draft_id=draft_id, **{part.id_name: part_id})
        return Status(204, None)


HANDED_OVER_ONCE = (
    "`items` must name at least one item of the same draft, each once, and no item that "
    "another pickup or delivery of the draft already hands over (422). "
)
PAGER_FREE = (
    "`pager_number` must not be held by an open (PENDING/PREPARED) pickup of the organization "
    "at the same `pickup_location.service_location`, nor by another pickup of this draft there "
    "(422). "
)

add_planned_fulfillment_operations(
    PlannedFulfillment(
        singular="pickup",
        plural="pickups",
        id_name="draft_pickup_id",
        page=SalesOrderDraftPickupPage,
        out=SalesOrderDraftPickupOut,
        payload=SalesOrderDraftPickupIn,
        rules=HANDED_OVER_ONCE + PAGER_FREE,
        list=selectors.pickup_list,
        get=selectors.pickup_get,
        render=selectors.pickup_render,
        write=services.draft_pickup_write,
        delete=services.draft_pickup_delete,
    )
)
add_planned_fulfillment_operations(
    PlannedFulfillment(
        singular="delivery",
        plural="deliveries",
        id_name="draft_delivery_id",
        page=SalesOrderDraftDeliveryPage,
        out=SalesOrderDraftDeliveryOut,
        payload=SalesOrderDraftDeliveryIn,
        rules=HANDED_OVER_ONCE,
        list=selectors.delivery_list,
        get=selectors.delivery_get,
        render=selectors.delivery_render,
        write=services.draft_delivery_write,
        delete=services.draft_delivery_delete,
    )
)
