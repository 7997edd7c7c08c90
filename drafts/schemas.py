"""Request and response shapes of the Sales Order Drafts API (spec §3.1-§3.16).

Input is strict (wrong types, unknown enum values and over-long strings are a 400); unknown
fields, and the read-only `id`/`number` a client may echo back, are ignored.
"""

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StrictBool

from core.paging import TimeWindow, page_schema
from core.schemas import (
    AdditionalInvoiceInformation,
    Address,
    CustomerInformation,
    DeliveryRecipientInformation,
    Identifier,
    ItemDependency,
    Money,
    PickupCollectorInformation,
    PickupLocation,
    Quantity,
    ShortText,
    StrictSchema,
    TimeRange,
    nul_free,
)
from drafts.data import DeliveryData, ItemData, PickupData

# Lists are bounded so that a request can never ask the server for unbounded work.
MAX_LIST = 1000
PagerNumber = nul_free(min_length=1, max_length=64)
InvoiceInformationList = Annotated[
    list[AdditionalInvoiceInformation], Field(default_factory=list, max_length=100)
]


def _json_list(values: list[Schema]) -> list[dict[str, Any]]:
    return [value.model_dump(mode="json") for value in values]


def _json_or_none(value: Schema | None) -> dict[str, Any] | None:
    return None if value is None else value.model_dump(mode="json")


# --- the draft itself (#1-#5) ----------------------------------------------------------


class SalesOrderDraftIn(StrictSchema):
    sales_channel: Identifier = Field(
        description="ID of the sales channel the order was created on / received from."
    )
    additional_invoice_information: InvoiceInformationList

    def fields(self) -> dict[str, Any]:
        """The keyword arguments of drafts.services.draft_create."""
        return {
            "sales_channel": self.sales_channel,
            "additional_invoice_information": _json_list(self.additional_invoice_information),
        }


class SalesOrderDraftOut(Schema):
    id: str = Field(description="Draft ID, assigned by the server.")
    number: str = Field(description="Draft number, assigned by the server (D1, D2, …).")
    sales_channel: str
    additional_invoice_information: list[AdditionalInvoiceInformation]


SalesOrderDraftPage = page_schema(SalesOrderDraftOut, "SalesOrderDraftPage")


class SalesOrderDraftListQuery(TimeWindow):
    sales_channel_id: ShortText | None = Field(
        None, description="Only drafts of this sales channel."
    )
    number: ShortText | None = Field(None, description="Only the draft with this number.")


class SalesOrderDraftFinalizationRequest(StrictSchema):
    """SalesOrderDraftUpdateRequest; its one variant finalizes the draft."""

    type: Literal["SalesOrderDraftFinalizationRequest"] = Field(alias="@type")


# --- customer (#6-#8) ---------------------------------------------------------------------


class SalesOrderDraftCustomerInformation(CustomerInformation):
    """Who placed the order; every field optional."""

    def fields(self) -> dict[str, Any]:
        return {"customer_information": self.model_dump(mode="json")}


# --- items (#9-#13) -----------------------------------------------------------------------


class SalesOrderDraftItemPrice(StrictSchema):
    price: Money = Field(description="Price of a single item.")
    price_is_gross: StrictBool = Field(description="true: gross price; false: net price.")


class SalesOrderDraftItemIn(StrictSchema):
    product: Identifier = Field(description="ID of a product of the organization's catalog.")
    lot: ShortText | None = None
    quantity: Quantity
    depending_items: list[ItemDependency] = Field(default_factory=list, max_length=MAX_LIST)
    price: SalesOrderDraftItemPrice | None = Field(
        None, description="A manual price of a single item; overrides the product's price."
    )
    additional_invoice_information: InvoiceInformationList

    def data(self) -> ItemData:
        """What drafts.services.draft_item_write takes."""
        price = self.price
        return ItemData(
            product_id=self.product,
            lot=self.lot,
            quantity_value=self.quantity.value,
            quantity_unit=self.quantity.unit.value,
            depending_items=_json_list(self.depending_items),
            price_value=price.price.value if price else None,
            price_currency=price.price.unit.value if price else None,
            price_is_gross=price.price_is_gross if price else None,
            additional_invoice_information=_json_list(self.additional_invoice_information),
        )


class SalesOrderDraftItemOut(Schema):
    id: str
    product: str
    lot: str | None = None
    quantity: Quantity
    depending_items: list[ItemDependency]
    price: SalesOrderDraftItemPrice | None = None
    additional_invoice_information: list[AdditionalInvoiceInformation]


SalesOrderDraftItemPage = page_schema(SalesOrderDraftItemOut, "SalesOrderDraftItemPage")


# --- pickups (#14-#18) and deliveries (#19-#23) ---------------------------------------------

ItemIds = Annotated[
    list[Identifier],
    Field(
        min_length=1,
        max_length=MAX_LIST,
        description="IDs of items of the same draft; at least one.",
    ),
]


class SalesOrderDraftPickupIn(StrictSchema):
    items: ItemIds
    pickup_location: PickupLocation | None = None
    pickup_time_range: TimeRange | None = None
    pager_number: PagerNumber | None = Field(
        None, description="Paging device; not held by another open pickup at the same location."
    )
    collector_information: PickupCollectorInformation | None = None

    def data(self) -> PickupData:
        """What drafts.services.draft_pickup_write takes."""
        location, time_range = self.pickup_location, self.pickup_time_range
        return PickupData(
            item_ids=list(self.items),
            service_location=location.service_location if location else None,
            service_area=location.service_area if location else None,
            time_start=time_range.start if time_range else None,
            time_end=time_range.end if time_range else None,
            pager_number=self.pager_number,
            collector_information=_json_or_none(self.collector_information),
        )


class SalesOrderDraftPickupOut(Schema):
    id: str
    items: list[str]
    pickup_location: PickupLocation | None = None
    pickup_time_range: TimeRange | None = None
    pager_number: str | None = None
    collector_information: PickupCollectorInformation | None = None


SalesOrderDraftPickupPage = page_schema(SalesOrderDraftPickupOut, "SalesOrderDraftPickupPage")


class SalesOrderDraftDeliveryIn(StrictSchema):
    items: ItemIds
    delivery_address: Address | None = None
    delivery_time_range: TimeRange | None = None
    recipient_information: DeliveryRecipientInformation | None = None
    shipping_location: ShortText | None = None
    shipping_service: ShortText | None = None

    def data(self) -> DeliveryData:
        """What drafts.services.draft_delivery_write takes."""
        time_range = self.delivery_time_range
        return DeliveryData(
            item_ids=list(self.items),
            delivery_address=_json_or_none(self.delivery_address),
            time_start=time_range.start if time_range else None,
            time_end=time_range.end if time_range else None,
            recipient_information=_json_or_none(self.recipient_information),
            shipping_location=self.shipping_location,
            shipping_service=self.shipping_service,
        )


class SalesOrderDraftDeliveryOut(Schema):
    id: str
    items: list[str]
    delivery_address: Address | None = None
    delivery_time_range: TimeRange | None = None
    recipient_information: DeliveryRecipientInformation | None = None
    shipping_location: str | None = None
    shipping_service: str | None = None


SalesOrderDraftDeliveryPage = page_schema(SalesOrderDraftDeliveryOut, "SalesOrderDraftDeliveryPage")
