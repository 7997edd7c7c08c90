from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from core.actors import Actor
from core.paging import OffsetLimit
from core.rendering import json_list_response, json_response
from core.schemas import Identifier, problems
from orders import selectors, services
from orders.schemas import (
    ProductIn,
    ProductOut,
    ProductPage,
    SalesOrderListQuery,
    SalesOrderOut,
    SalesOrderPage,
    status_body_openapi,
    status_from_body,
)
from orders.statuses import SalesOrderStatus

router = Router(tags=["Sales Orders"])
PREFIX = "/org/{org_id}/sales-orders"
catalog_router = Router(tags=["Catalog"])
CATALOG_PREFIX = "/org/{org_id}/products"


# --- sales orders (#24-#27) ---------------------------------------------------------------


@router.get(
    "",
    response={200: SalesOrderPage, **problems(400, 403)},
    summary="Iterate over sales orders.",
    description="Sales orders of the window, sorted ascending by transaction date/time (ties "
    "by id). `status` may be repeated or comma-separated.",
    operation_id="listSalesOrders",
)
def list_sales_orders(request: HttpRequest, org_id: Path[str], query: Query[SalesOrderListQuery]):
    # Up to 5 000 orders: the selector builds the schema's exact shape; render it directly.
    return json_list_response(
        request, selectors.sales_order_page, organization_id=org_id, query=query
    )


@router.get(
    "/{sales_order_id}",
    response={200: SalesOrderOut, **problems(403, 404)},
    summary="Get a sales order.",
    operation_id="getSalesOrder",
)
def get_sales_order(request: HttpRequest, org_id: Path[str], sales_order_id: str):
    # The selector builds SalesOrderOut's exact shape (the list's rendering), sent without a
    # validation pass; tests compare it with its validated form.
    return json_response(
        request, selectors.sales_order_get(organization_id=org_id, sales_order_id=sales_order_id)
    )


@router.put(
    "/{sales_order_id}/status",
    response={204: None, **problems(400, 403, 404, 409, 413)},
    summary="Move a sales order to another status.",
    description='Body: `{"status": "CONFIRMED"}` or the bare JSON string `"CONFIRMED"`. '
    "NEW → CONFIRMED | REJECTED | ON_HOLD | CANCELED; CONFIRMED → IN_PROCESS | ON_HOLD | "
    "CANCELED; IN_PROCESS → COMPLETED | ON_HOLD | CANCELED; ON_HOLD → the status it was held "
    "from, or CANCELED. Canceling or rejecting cancels the open pickups and deliveries. "
    "Setting the current status again is a no-op; a transition not allowed is a 409.",
    openapi_extra=status_body_openapi(SalesOrderStatus, "SalesOrderStatus"),
    operation_id="setSalesOrderStatus",
)
def set_sales_order_status(request: HttpRequest, org_id: Path[str], sales_order_id: str):
    status = status_from_body(request, SalesOrderStatus)
    services.sales_order_set_status(
        organization_id=org_id,
        sales_order_id=sales_order_id,
        status=status,
        actor=Actor.for_token(request.auth),
    )
    return Status(204, None)


# --- catalog (extension) ------------------------------------------------------------------


@catalog_router.get(
    "",
    response={200: ProductPage, **problems(400, 403)},
    summary="Iterate over the organization's catalog products.",
    operation_id="listProducts",
)
def list_products(request: HttpRequest, org_id: Path[str], paging: Query[OffsetLimit]):
    return selectors.product_page(organization_id=org_id, paging=paging)


@catalog_router.get(
    "/{product_id}",
    response={200: ProductOut, **problems(400, 403, 404)},
    operation_id="getProduct",
)
def get_product(request: HttpRequest, org_id: Path[str], product_id: Path[Identifier]):
    product = selectors.product_get(organization_id=org_id, product_id=product_id)
    return selectors.product_render(product)


@catalog_router.put(
    "/{product_id}",
    response={200: ProductOut, 201: ProductOut, **problems(400, 403, 404, 413, 422)},
    summary="Create or replace a product.",
    operation_id="putProduct",
)
def put_product(
    request: HttpRequest, org_id: Path[str], product_id: Path[Identifier], payload: ProductIn
):
    product, created = services.product_put(
        organization_id=org_id,
        product_id=product_id,
        name=payload.name,
        price_value=payload.price.value,
        currency=payload.price.unit.value,
        price_is_gross=payload.price_is_gross,
        tax_identifier=payload.tax,
    )
    return Status(201 if created else 200, selectors.product_render(product))


@catalog_router.delete(
    "/{product_id}",
    response={204: None, **problems(400, 403, 404, 409)},
    operation_id="deleteProduct",
)
def delete_product(request: HttpRequest, org_id: Path[str], product_id: Path[Identifier]):
    services.product_delete(organization_id=org_id, product_id=product_id)
    return Status(204, None)
