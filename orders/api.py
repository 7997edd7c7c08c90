from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from core.paging import OffsetLimit
from core.schemas import Identifier, ProblemSchema
from orders import selectors, services
from orders.schemas import ProductIn, ProductOut, ProductPage

router = Router(tags=["Sales Orders"])
catalog = Router(tags=["Catalog (extension)"])

ERRORS = {400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema}


@catalog.get(
    "/org/{org_id}/products",
    response={200: ProductPage, 400: ProblemSchema, 403: ProblemSchema},
    summary="Iterate over the organization's catalog products.",
)
def list_products(request: HttpRequest, org_id: str, paging: Query[OffsetLimit]):
    return selectors.product_page(organization_id=org_id, paging=paging)


@catalog.get(
    "/org/{org_id}/products/{product_id}",
    response={200: ProductOut, 403: ProblemSchema, 404: ProblemSchema},
)
def get_product(request: HttpRequest, org_id: str, product_id: Path[Identifier]):
    product = selectors.product_get(organization_id=org_id, product_id=product_id)
    return selectors.product_render(product)


@catalog.put(
    "/org/{org_id}/products/{product_id}",
    response={200: ProductOut, 201: ProductOut, **ERRORS, 413: ProblemSchema, 422: ProblemSchema},
    summary="Create or replace a product.",
)
def put_product(
    request: HttpRequest, org_id: str, product_id: Path[Identifier], payload: ProductIn
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


@catalog.delete(
    "/org/{org_id}/products/{product_id}",
    response={204: None, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema},
)
def delete_product(request: HttpRequest, org_id: str, product_id: Path[Identifier]):
    services.product_delete(organization_id=org_id, product_id=product_id)
    return Status(204, None)


router.add_router("", catalog)
