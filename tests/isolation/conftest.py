"""Two organizations with one of everything each: the victim (`shop`) and the intruder
(`rival`). Every victim string that could leak carries the marker VICTIMX, so a response that
shows any of the victim's data is caught by a substring test, together with the victim's ids."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from bench.seed import seed_orders
from core.models import Membership
from core.services import api_client_create
from drafts.models import DraftDelivery, DraftItem, DraftPickup, SalesOrderDraft
from fulfillment.models import CounterDisplay, Delivery, Pickup
from orders.models import Product, SalesOrder, TaxRate
from webhooks.models import WebhookSubscription

MARKER = "VICTIMX"
APPS = ("core", "orders", "fulfillment", "drafts", "webhooks", "auth", "sessions")


@dataclass
class Tenant:
    org_id: str
    token: str
    marker: str
    product_id: str = ""
    draft_id: str = ""
    draft_item_id: str = ""
    draft_pickup_id: str = ""
    draft_delivery_id: str = ""
    order_id: str = ""
    pickup_id: str = ""
    delivery_id: str = ""
    display_secret: str = ""
    webhook_id: str = ""
    client_name: str = ""
    client_secret: str = ""
    user: object = None
    secrets: list[str] = field(default_factory=list)

    def ids(self) -> dict[str, str]:
        return {
            "product": self.product_id,
            "draft": self.draft_id,
            "draft_item": self.draft_item_id,
            "draft_pickup": self.draft_pickup_id,
            "draft_delivery": self.draft_delivery_id,
            "order": self.order_id,
            "pickup": self.pickup_id,
            "delivery": self.delivery_id,
            "display": self.display_secret,
            "webhook": self.webhook_id,
        }

    def leaks_in(self, text: str) -> list[str]:
        """The victim's identifying strings found in `text`."""
        return [value for value in (self.marker, *self.ids().values()) if value and value in text]


def build_tenant(organization, token: str, marker: str, username: str) -> Tenant:
    org_id = organization.id
    tax = TaxRate.objects.get(identifier="DE_STANDARD_VAT_2007")
    product = Product.objects.create(
        organization=organization,
        product_id=f"{marker.lower()}-beans",
        name=f"{marker} beans",
        price_value=Decimal("10.00"),
        currency="EUR",
        tax=tax,
    )
    draft = SalesOrderDraft.objects.create(
        organization=organization,
        number=f"{marker}-D1",
        sales_channel=f"{marker}-web",
        customer_information={"individual_name": f"{marker} Customer"},
        finalized_at=None,
    )
    item = DraftItem.objects.create(
        draft=draft, product=product, quantity_value=Decimal("2"), quantity_unit="PIECES"
    )
    other_item = DraftItem.objects.create(
        draft=draft, product=product, quantity_value=Decimal("1"), quantity_unit="PIECES"
    )
    draft_pickup = DraftPickup.objects.create(
        draft=draft,
        item_ids=[str(item.id)],
        pager_number="77",
        collector_information={"name": f"{marker} Collector"},
    )
    draft_delivery = DraftDelivery.objects.create(
        draft=draft,
        item_ids=[str(other_item.id)],
        recipient_information={"individual_name": f"{marker} Recipient"},
    )
    created = seed_orders(
        organization_id=org_id,
        orders=1,
        items_per_order=2,
        pickups=True,
        deliveries=True,
        prefix=marker,
        service_location="counter-1",
        pager_numbers=False,
    )
    SalesOrder.objects.filter(organization_id=org_id).update(
        customer_information={"individual_name": f"{marker} Customer"}
    )
    Pickup.objects.filter(organization_id=org_id).update(
        pager_number=f"{marker}9", collector_information={"name": f"{marker} Collector"}
    )
    display = CounterDisplay.objects.create(
        organization=organization, service_location="counter-1", name=f"{marker} counter"
    )
    webhook = WebhookSubscription.objects.create(
        organization=organization,
        url=f"https://{marker.lower()}.example/hooks",
        events=["*"],
        description=f"{marker} shop hook",
    )
    client_secret = f"{marker}-client-secret"
    api_client_create(organization=organization, name=f"{marker}-app", secret=client_secret)
    user = get_user_model().objects.create_user(username=username, password="x-password-1")
    Membership.objects.create(organization=organization, user=user)
    return Tenant(
        org_id=org_id,
        token=token,
        marker=marker,
        product_id=product.product_id,
        draft_id=str(draft.id),
        draft_item_id=str(item.id),
        draft_pickup_id=str(draft_pickup.id),
        draft_delivery_id=str(draft_delivery.id),
        order_id=created["orders"][0],
        pickup_id=created["pickups"][0],
        delivery_id=created["deliveries"][0],
        display_secret=display.secret,
        webhook_id=str(webhook.id),
        secrets=[webhook.secret],
        client_name=f"{marker}-app",
        client_secret=client_secret,
        user=user,
    )


@pytest.fixture
def victim(organization, api) -> Tenant:
    return build_tenant(organization, api.token, MARKER, "victim-clerk")


@pytest.fixture
def intruder(other_organization, other_api) -> Tenant:
    return build_tenant(other_organization, other_api.token, "RIVALX", "rival-clerk")


def database_snapshot() -> dict[str, list[tuple]]:
    """Every row of the project's tables (and users, sessions), to prove nothing was written."""
    snapshot: dict[str, list[tuple]] = {}
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows = model.objects.order_by("pk").values_list()
            snapshot[model._meta.label] = [tuple(map(str, row)) for row in rows]
    return snapshot


def victim_snapshot(org_id: str) -> dict[str, list[tuple]]:
    """The victim's rows only (the intruder may write its own)."""
    return {
        "drafts": list(
            SalesOrderDraft.objects.filter(organization_id=org_id).order_by("pk").values_list()
        ),
        "draft_items": list(
            DraftItem.objects.filter(draft__organization_id=org_id).order_by("pk").values_list()
        ),
        "draft_pickups": list(
            DraftPickup.objects.filter(draft__organization_id=org_id).order_by("pk").values_list()
        ),
        "draft_deliveries": list(
            DraftDelivery.objects.filter(draft__organization_id=org_id).order_by("pk").values_list()
        ),
        "orders": list(
            SalesOrder.objects.filter(organization_id=org_id).order_by("pk").values_list()
        ),
        "pickups": list(Pickup.objects.filter(organization_id=org_id).order_by("pk").values_list()),
        "deliveries": list(
            Delivery.objects.filter(organization_id=org_id).order_by("pk").values_list()
        ),
        "products": list(
            Product.objects.filter(organization_id=org_id).order_by("pk").values_list()
        ),
        "webhooks": list(
            WebhookSubscription.objects.filter(organization_id=org_id).order_by("pk").values_list()
        ),
        "events": list(
            apps.get_model("orders", "StatusEvent")
            .objects.filter(organization_id=org_id)
            .order_by("pk")
            .values_list()
        ),
    }
