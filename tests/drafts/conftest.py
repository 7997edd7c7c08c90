"""Fixtures of the draft tests: a draft, a second product, helpers to add parts and count rows."""

from decimal import Decimal

import pytest

from drafts.models import DraftDelivery, DraftItem, DraftPickup, SalesOrderDraft
from orders.models import Product, TaxRate
from tests.conftest import json_of

DRAFTS = "/sales-order-drafts"


def item_body(product: str = "coffee", **overrides) -> dict:
    body = {"product": product, "quantity": {"value": 2, "unit": "PIECES"}}
    body.update(overrides)
    return body


def row_counts() -> dict[str, int]:
    """How many rows each draft table holds: a rejected request must not change any."""
    return {
        "drafts": SalesOrderDraft.objects.count(),
        "items": DraftItem.objects.count(),
        "pickups": DraftPickup.objects.count(),
        "deliveries": DraftDelivery.objects.count(),
        "customers": SalesOrderDraft.objects.exclude(customer_information=None).count(),
        "finalized": SalesOrderDraft.objects.exclude(finalized_at=None).count(),
    }


class DraftBuilder:
    """Builds a draft through the API, the way a consumer would."""

    def __init__(self, api, draft_id: str):
        self.api = api
        self.id = draft_id
        self.url = f"{DRAFTS}/{draft_id}"

    def add_item(self, **body) -> dict:
        response = self.api.post(f"{self.url}/items", item_body(**body))
        assert response.status_code == 201, response.content
        return json_of(response)

    def add_pickup(self, items: list[str], **body) -> dict:
        response = self.api.post(f"{self.url}/pickups", {"items": items, **body})
        assert response.status_code == 201, response.content
        return json_of(response)

    def add_delivery(self, items: list[str], **body) -> dict:
        response = self.api.post(f"{self.url}/deliveries", {"items": items, **body})
        assert response.status_code == 201, response.content
        return json_of(response)

    def finalize(self):
        return self.api.patch(self.url, {"@type": "SalesOrderDraftFinalizationRequest"})


def create_draft(api, sales_channel: str = "webshop") -> DraftBuilder:
    response = api.post(DRAFTS, {"sales_channel": sales_channel})
    assert response.status_code == 201, response.content
    return DraftBuilder(api, response.json()["id"])


@pytest.fixture
def draft(api, product) -> DraftBuilder:
    return create_draft(api)


@pytest.fixture
def finalized(draft) -> tuple[DraftBuilder, dict]:
    """A finalized draft with one item, a pickup and a customer; returns it and its item."""
    item = draft.add_item()
    draft.add_pickup([item["id"]], pager_number="5")
    assert draft.api.put(f"{draft.url}/customer", {"individual_name": "Ann"}).status_code == 200
    assert draft.finalize().status_code == 204
    return draft, item


@pytest.fixture
def swiss_tea(organization) -> Product:
    return Product.objects.create(
        organization=organization,
        product_id="tea",
        name="Mountain tea",
        price_value=Decimal("4.50"),
        currency="CHF",
        price_is_gross=True,
        tax=TaxRate.objects.get(identifier="CH_STANDARD_VAT_2008"),
    )
