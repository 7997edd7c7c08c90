"""Reads of the orders app."""

from core.paging import OffsetLimit, page_of
from core.problems import NotFound
from orders.models import Product


def product_render(product: Product) -> dict:
    return {
        "id": product.product_id,
        "name": product.name,
        "price": {"value": product.price_value, "unit": product.currency},
        "price_is_gross": product.price_is_gross,
        "tax": product.tax_id,
    }


def product_get(*, organization_id: str, product_id: str) -> Product:
    product = Product.objects.filter(organization_id=organization_id, product_id=product_id).first()
    if product is None:
        raise NotFound(f"Product {product_id} not found.")
    return product


def product_page(*, organization_id: str, paging: OffsetLimit) -> dict:
    rows = Product.objects.filter(organization_id=organization_id).order_by("created_at", "id")[
        paging.offset : paging.offset + paging.limit
    ]
    return page_of(rows, product_render)
