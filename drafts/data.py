"""What a writer of a draft's part takes: one data object per part, built by the API's input
schemas (`drafts.schemas`, `….data()`) or by any other caller (the demo, tests)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, kw_only=True)
class ItemData:
    product_id: str
    quantity_value: Decimal
    quantity_unit: str
    lot: str | None = None
    depending_items: list[dict[str, Any]] = field(default_factory=list)
    # A manual price: all three, or none (then the product's price applies).
    price_value: Decimal | None = None
    price_currency: str | None = None
    price_is_gross: bool | None = None
    additional_invoice_information: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class PickupData:
    item_ids: list[str]
    service_location: str | None = None
    service_area: str | None = None
    time_start: datetime | None = None
    time_end: datetime | None = None
    pager_number: str | None = None
    collector_information: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class DeliveryData:
    item_ids: list[str]
    delivery_address: dict[str, Any] | None = None
    time_start: datetime | None = None
    time_end: datetime | None = None
    recipient_information: dict[str, Any] | None = None
    shipping_location: str | None = None
    shipping_service: str | None = None
