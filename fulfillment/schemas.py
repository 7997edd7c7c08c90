"""Response shapes and list filters of the Fulfillments API (spec §3.22-§3.24, #28-#33)."""

from ninja import Schema
from pydantic import Field

from core.paging import TimeWindow, page_schema, repeated_or_comma_separated
from core.schemas import (
    Address,
    DeliveryRecipientInformation,
    PickupCollectorInformation,
    PickupLocation,
    Quantity,
    ShortText,
    TimeRange,
)
from orders.statuses import DeliveryStatus, PickupStatus


class FulfillmentItemOut(Schema):
    id: str
    product: str = Field(description="ID of the product.")
    quantity: Quantity
    sales_order: str = Field(description="ID of the sales order.")
    sales_order_item_id: str = Field(description="ID of the SalesOrderItem.")


class PickupOut(Schema):
    id: str
    status: PickupStatus
    items: list[FulfillmentItemOut]
    pickup_number: str = Field(description="Assigned by the server, unique per organization.")
    pickup_location: PickupLocation | None = None
    pickup_time_range: TimeRange | None = None
    pager_number: str | None = None
    collector_information: PickupCollectorInformation | None = None


class DeliveryOut(Schema):
    id: str
    status: DeliveryStatus
    items: list[FulfillmentItemOut]
    delivery_address: Address | None = None
    delivery_time_range: TimeRange | None = None
    recipient_information: DeliveryRecipientInformation | None = None
    shipping_location: str | None = None
    shipping_service: str | None = None


PickupPage = page_schema(PickupOut, "PickupPage")
DeliveryPage = page_schema(DeliveryOut, "DeliveryPage")


class PickupListQuery(TimeWindow):
    sales_order_id: ShortText | None = Field(None, description="Only pickups of this order.")
    pickup_number: ShortText | None = Field(None, description="Only the pickup with this number.")
    pager_number: ShortText | None = Field(None, description="Only pickups with this pager.")
    pickup_location_id: ShortText | None = Field(
        None, description="Only pickups at this pickup location (service location)."
    )
    status: repeated_or_comma_separated(PickupStatus) = Field(
        None, description="Only pickups in one of these statuses (repeated or comma-separated)."
    )


class DeliveryListQuery(TimeWindow):
    sales_order_id: ShortText | None = Field(None, description="Only deliveries of this order.")
    shipping_location_id: ShortText | None = Field(
        None, description="Only deliveries shipped from this service location."
    )
    shipping_service_id: ShortText | None = Field(
        None, description="Only deliveries with this shipping service."
    )
    status: repeated_or_comma_separated(DeliveryStatus) = Field(
        None,
        description="Only deliveries in one of these statuses (repeated or comma-separated).",
    )
