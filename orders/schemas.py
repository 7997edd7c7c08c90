from typing import Annotated

from ninja import Schema
from pydantic import StrictBool, StringConstraints

from core.schemas import Money, ShortText, StrictSchema

TaxIdentifier = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class ProductIn(StrictSchema):
    name: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    price: Money
    price_is_gross: StrictBool = True
    tax: TaxIdentifier


class ProductOut(Schema):
    id: str
    name: str
    price: Money
    price_is_gross: bool
    tax: str


class ProductPage(Schema):
    items: list[ProductOut]
    problems: list[dict]


__all__ = ["ProductIn", "ProductOut", "ProductPage", "ShortText"]
