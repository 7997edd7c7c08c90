"""Request and response shapes of the catalog extension and the Sales Orders API (spec §3.17-§3.21),
and the one parser of status-update bodies shared by #27, #30 and #33."""

from typing import Any

from django.db.models import TextChoices
from django.http import HttpRequest
from ninja import Schema
from pydantic import Field, StrictBool

from core.paging import TimeWindow, page_schema, repeated_or_comma_separated
from core.parsing import parse_json_body
from core.problems import BadRequest
from core.schemas import (
    AdditionalInvoiceInformation,
    CustomerInformation,
    DateTime,
    ItemDependency,
    Money,
    ProblemSchema,
    Quantity,
    ShortText,
    StrictSchema,
    nul_free,
)
from orders.statuses import (
    AggregatedFulfillmentStatus,
    DeliveryStatus,
    FulfillmentType,
    PickupStatus,
    SalesOrderStatus,
)

TaxIdentifier = nul_free(min_length=1, max_length=64)
ProductName = nul_free(min_length=1, max_length=256)


# --- catalog (extension) ------------------------------------------------------------------


class ProductIn(StrictSchema):
    name: ProductName
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
    problems: list[ProblemSchema]


# --- sales orders (#24-#27) ---------------------------------------------------------------


class DiscountOut(Schema):
    name: str | None = None
    gross_amount: Money | None = None
    net_amount: Money | None = None
    promotion_id: str | None = None
    external_data: str | None = None


class SalesOrderItemOut(Schema):
    id: str
    name: str
    product: str = Field(description="ID of the product sold.")
    lot: str | None = None
    quantity: Quantity
    gross_amount: Money = Field(description="Line total (unit price × quantity), gross.")
    net_amount: Money = Field(description="Line total (unit price × quantity), net.")
    undiscounted_gross_amount: Money
    undiscounted_net_amount: Money
    discounts: list[DiscountOut]
    taxes: list[str] = Field(description="Tax identifiers, e.g. DE_STANDARD_VAT_2007.")
    depending_items: list[ItemDependency]
    additional_invoice_information: list[AdditionalInvoiceInformation]


class FulfillmentRef(Schema):
    fulfillment_type: FulfillmentType
    fulfillment_id: str


class FulfillmentInformationOut(Schema):
    aggregated_status: AggregatedFulfillmentStatus
    fulfillments: list[FulfillmentRef]


class InvoiceInformationOut(Schema):
    aggregated_status: str = Field(
        description="Always NOT_NECESSARY: this desk issues no invoices."
    )
    invoices: list[str]


class SalesOrderOut(Schema):
    id: str
    number: str = Field(description="Human-readable number, unique per organization.")
    sales_channel: str
    additional_invoice_information: list[AdditionalInvoiceInformation]
    transaction_date_and_time: DateTime
    status: SalesOrderStatus
    customer_information: CustomerInformation | None = None
    items: list[SalesOrderItemOut]
    fulfillment_information: FulfillmentInformationOut
    invoice_information: InvoiceInformationOut
    invoices: list[str]
    discounts: list[DiscountOut]


SalesOrderPage = page_schema(SalesOrderOut, "SalesOrderPage")


class SalesOrderListQuery(TimeWindow):
    sales_channel_id: ShortText | None = Field(None, description="Only orders of this channel.")
    number: ShortText | None = Field(None, description="Only the order with this number.")
    status: repeated_or_comma_separated(SalesOrderStatus) = Field(
        None,
        description="Only orders in one of these statuses: repeat the parameter or separate "
        "values by commas.",
    )


# --- rendering without a validation pass ---------------------------------------------------


# --- status-update bodies (#27, #30, #33) -------------------------------------------------


def status_from_body(request: HttpRequest, choices: type[TextChoices]) -> str:
    """The status of a status-update body: `{"status": "X"}` or the bare JSON string `"X"`.

    Anything else (malformed JSON, another shape, an unknown value) is a 400.
    """
    data: Any = parse_json_body(request.body)
    if isinstance(data, dict):
        if "status" not in data:
            raise BadRequest('The body needs a "status" field, e.g. {"status": "PREPARED"}.')
        data = data["status"]
    if not isinstance(data, str):
        raise BadRequest('Send {"status": "<STATUS>"} or the bare JSON string "<STATUS>".')
    if data not in choices.values:
        shown = data if len(data) <= 40 else data[:40] + "…"
        raise BadRequest(f"Unknown status {shown!r}; expected one of {', '.join(choices.values)}.")
    return data


def status_body_openapi(choices: type[TextChoices], name: str) -> dict:
    """`openapi_extra` declaring the body that `status_from_body` reads: `{"status": …}` or the
    bare status, both by reference to the named enum (see `status_update_schemas`)."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"$ref": f"#/components/schemas/{name}Update"},
                            {"$ref": f"#/components/schemas/{name}"},
                        ],
                    },
                    "examples": {
                        "object": {"value": {"status": choices.values[1]}},
                        "bare string": {"value": choices.values[1]},
                    },
                }
            },
        }
    }


def status_update_schemas(choices: type[TextChoices], name: str) -> dict[str, dict]:
    """The components `status_body_openapi` refers to: the enum and the `{"status"}` object."""
    return {
        name: {"type": "string", "enum": list(choices.values), "title": name},
        f"{name}Update": {
            "type": "object",
            "title": f"{name}Update",
            "properties": {"status": {"$ref": f"#/components/schemas/{name}"}},
            "required": ["status"],
        },
    }


STATUS_UPDATE_SCHEMAS = {
    **status_update_schemas(SalesOrderStatus, "SalesOrderStatus"),
    **status_update_schemas(PickupStatus, "PickupStatus"),
    **status_update_schemas(DeliveryStatus, "DeliveryStatus"),
}


__all__ = [
    "STATUS_UPDATE_SCHEMAS",
    "ProductIn",
    "ProductOut",
    "ProductPage",
    "SalesOrderListQuery",
    "SalesOrderOut",
    "SalesOrderPage",
    "ShortText",
    "status_body_openapi",
    "status_from_body",
]
