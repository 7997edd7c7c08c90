"""`uv run manage.py demo`: migrate, load the demo organization, print where to go, serve.

Idempotent: the organization, catalog, staff user and counter screen are ensured on every run;
baskets and orders are seeded only while the organization has no sales orders yet. Orders are
built the way the desk builds them: drafts through drafts.services, checkout through
drafts.checkout, every status through the status machines (so every event is real).
"""

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.actors import Actor
from core.models import ApiToken, Organization
from core.services import api_token_issue, organization_ensure, staff_ensure
from drafts import services as drafts
from drafts.checkout import draft_check_out
from drafts.data import DeliveryData, ItemData, PickupData
from drafts.models import SalesOrderDraft
from fulfillment.models import CounterDisplay, Delivery, Pickup
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.models import SalesOrder
from orders.services import product_put, sales_order_set_status

ORG_ID = "demo"
ORG_NAME = "Demo Coffee House"
STAFF_USERNAME = "staff"
STAFF_PASSWORD = "staff-demo"
LOCATION = "counter-1"
TOKEN_LABEL = "demo"

# product id, name, price, gross?, tax identifier
CATALOG = [
    ("espresso-beans", "Espresso beans 1 kg", "24.90", True, "DE_STANDARD_VAT_2007"),
    ("croissant", "Butter croissant", "1.80", True, "DE_REDUCED_VAT_1983"),
    ("cheesecake", "Cheesecake slice", "3.90", True, "DE_REDUCED_VAT_1983"),
    ("oat-milk", "Oat milk 1 l", "2.49", True, "DE_REDUCED_VAT_1983"),
    ("bottle-deposit", "Bottle deposit", "0.25", True, "DE_STANDARD_VAT_2007"),
    ("mug", "Stoneware mug", "10.00", False, "DE_STANDARD_VAT_2007"),
    ("grinder", "Hand grinder", "49.00", False, "DE_STANDARD_VAT_2007"),
]

ADDRESS = {
    "recipient_name": "Jonas Weber",
    "street_name": "Torstraße",
    "street_number": "12",
    "city": "Berlin",
    "zip": "10119",
    "country_code": "DE",
}


@dataclass
class Basket:
    """One demo basket: lines (product id, quantity) and what to do with it."""

    customer: str
    lines: list[tuple[str, str]]
    pager: str | None = None  # a pickup at the counter with this pager
    pickup: bool = True
    delivery: bool = False
    pickup_moves: list[str] = field(default_factory=list)
    delivery_moves: list[str] = field(default_factory=list)
    order_moves: list[str] = field(default_factory=list)  # applied after the fulfillment moves
    first_order_moves: list[str] = field(default_factory=list)  # applied before them
    age_minutes: int = 0


# Every sales order status, every pickup status and every delivery status appears at least once.
ORDERS = [
    Basket("Anna", [("croissant", "2"), ("oat-milk", "1")], pager="1", age_minutes=14),
    Basket(
        "Ben",
        [("croissant", "2"), ("espresso-beans", "1")],
        pager="2",
        delivery=True,
        age_minutes=6,
    ),
    Basket("Clara", [("cheesecake", "3")], pager="3", first_order_moves=["CONFIRMED"]),
    Basket("David", [("croissant", "4")], pager="4", pickup_moves=["PREPARED"], age_minutes=9),
    Basket(
        "Elif",
        [("mug", "2"), ("espresso-beans", "1")],
        pager="5",
        delivery=True,
        pickup_moves=["PREPARED"],
        delivery_moves=["PREPARED"],
        age_minutes=3,
    ),
    Basket(
        "Finn",
        [("grinder", "1"), ("croissant", "1")],
        pager="6",
        delivery=True,
        delivery_moves=["PREPARED", "SHIPPED"],
        age_minutes=12,
    ),
    Basket(
        "Greta",
        [("cheesecake", "1"), ("mug", "1")],
        pager="7",
        delivery=True,
        pickup_moves=["PICKED_UP"],
    ),
    Basket("Hannes", [("croissant", "6")], pager="8", pickup_moves=["PREPARED", "PICKED_UP"]),
    Basket(
        "Ida",
        [("espresso-beans", "2")],
        pickup=False,
        delivery=True,
        delivery_moves=["PREPARED", "SHIPPED", "RECEIVED"],
    ),
    Basket(
        "Jakob",
        [("oat-milk", "6"), ("bottle-deposit", "6")],
        pager="9",
        first_order_moves=["CONFIRMED", "ON_HOLD"],
    ),
    Basket("Kim", [("cheesecake", "2")], pager="10", first_order_moves=["REJECTED"]),
    Basket(
        "Lena",
        [("espresso-beans", "1"), ("mug", "1")],
        pager="11",
        delivery=True,
        pickup_moves=["PREPARED"],
        delivery_moves=["PREPARED", "SHIPPED"],
        order_moves=["CANCELED"],
    ),
    Basket("Mats", [("croissant", "1")], pager=None, age_minutes=1),
    Basket(
        "Nora",
        [("cheesecake", "1"), ("oat-milk", "1")],
        pager="12",
        pickup_moves=["PREPARED"],
        age_minutes=2,
    ),
]

# Finalized drafts that wait at the desk for "Check out".
WAITING = [
    Basket("Oskar", [("croissant", "3"), ("oat-milk", "1")], pager="20"),
    Basket(
        "Paula", [("espresso-beans", "1"), ("mug", "2")], pager=None, pickup=False, delivery=True
    ),
    Basket("Quentin", [("cheesecake", "2")], pager="21"),
]


class Command(BaseCommand):
    help = (
        "Migrate, load the demo organization 'demo' (catalog, staff user, counter screen, API "
        "token, baskets and orders in every state; idempotent), print URLs, token and login, "
        "then serve on 127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument(
            "--no-serve", action="store_true", help="only prepare the data, do not serve"
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        organization = organization_ensure(org_id=ORG_ID, name=ORG_NAME)
        self.ensure_catalog()
        staff = staff_ensure(
            username=STAFF_USERNAME, organization=organization, password=STAFF_PASSWORD
        )
        display = self.ensure_display(organization)
        token = self.fresh_token(organization)
        if SalesOrder.objects.filter(organization=organization).exists():
            self.stdout.write("Demo orders already there; nothing added.")
        else:
            actor = Actor.for_user(staff)
            with transaction.atomic():
                for basket in ORDERS:
                    self.seed_order(basket, actor)
                for basket in WAITING:
                    self.seed_draft(basket)
            self.stdout.write(
                f"Seeded {len(ORDERS)} orders and {len(WAITING)} baskets waiting for checkout."
            )
        self.report(port=port, display=display, token=token)
        if not no_serve:
            # A worker beside the server delivers the demo's webhooks (to loopback receivers).
            settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
            threading.Thread(
                target=call_command, args=("worker",), name="webhook-worker", daemon=True
            ).start()
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    # --- the fixed parts ----------------------------------------------------------------

    def ensure_catalog(self) -> None:
        for product_id, name, price, gross, tax in CATALOG:
            product_put(
                organization_id=ORG_ID,
                product_id=product_id,
                name=name,
                price_value=Decimal(price),
                currency="EUR",
                price_is_gross=gross,
                tax_identifier=tax,
            )

    def ensure_display(self, organization: Organization) -> CounterDisplay:
        display = CounterDisplay.objects.filter(
            organization=organization, service_location=LOCATION, is_active=True
        ).first()
        if display is None:
            display = CounterDisplay.objects.create(
                organization=organization, service_location=LOCATION, name="Counter 1"
            )
        return display

    def fresh_token(self, organization: Organization) -> str:
        """Tokens are stored hashed, so an old one cannot be printed again: revoke the previous
        demo token and issue a new one (one usable demo token at a time)."""
        ApiToken.objects.filter(
            organization=organization, label=TOKEN_LABEL, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        return api_token_issue(organization=organization, label=TOKEN_LABEL)

    # --- baskets and orders ---------------------------------------------------------------

    def seed_draft(self, basket: Basket) -> SalesOrderDraft:
        """A finalized draft built through the drafts services, as the API builds it."""
        draft = drafts.draft_create(
            organization_id=ORG_ID, sales_channel="webshop", additional_invoice_information=[]
        )
        drafts.draft_customer_set(
            organization_id=ORG_ID,
            draft_id=draft.id,
            customer_information={
                "individual_name": basket.customer,
                "contact_email": f"{basket.customer.lower()}@example.com",
            },
        )
        item_ids = [
            str(
                drafts.draft_item_write(
                    organization_id=ORG_ID,
                    draft_id=draft.id,
                    data=ItemData(
                        product_id=product_id,
                        quantity_value=Decimal(quantity),
                        quantity_unit="PIECES",
                    ),
                ).id
            )
            for product_id, quantity in basket.lines
        ]
        # With a delivery, the last line ships and the others are picked up.
        pickup_items = item_ids[:-1] if basket.delivery and basket.pickup else item_ids
        if basket.pickup:
            drafts.draft_pickup_write(
                organization_id=ORG_ID,
                draft_id=draft.id,
                data=PickupData(
                    item_ids=pickup_items,
                    service_location=LOCATION,
                    service_area="front",
                    pager_number=basket.pager,
                    collector_information={"name": basket.customer},
                ),
            )
        if basket.delivery:
            drafts.draft_delivery_write(
                organization_id=ORG_ID,
                draft_id=draft.id,
                data=DeliveryData(
                    item_ids=item_ids[-1:] if basket.pickup else item_ids,
                    delivery_address={**ADDRESS, "recipient_name": basket.customer},
                    recipient_information={"individual_name": basket.customer},
                    shipping_location="warehouse",
                    shipping_service="bike-courier",
                ),
            )
        return drafts.draft_finalize(organization_id=ORG_ID, draft_id=draft.id)

    def seed_order(self, basket: Basket, actor: Actor) -> SalesOrder:
        draft = self.seed_draft(basket)
        order = draft_check_out(organization_id=ORG_ID, draft_id=draft.id, actor=actor)
        if basket.age_minutes:
            then = timezone.now() - timedelta(minutes=basket.age_minutes)
            SalesOrder.objects.filter(id=order.id).update(transaction_date_and_time=then)
            for model in (Pickup, Delivery):
                model.objects.filter(order=order).update(created_at=then, status_changed_at=then)
        for status in basket.first_order_moves:
            self.move_order(order, status, actor)
        for pickup in Pickup.objects.filter(order=order):
            for status in basket.pickup_moves:
                pickup_set_status(
                    organization_id=ORG_ID, pickup_id=pickup.id, status=status, actor=actor
                )
        for delivery in Delivery.objects.filter(order=order):
            for status in basket.delivery_moves:
                delivery_set_status(
                    organization_id=ORG_ID, delivery_id=delivery.id, status=status, actor=actor
                )
        for status in basket.order_moves:
            self.move_order(order, status, actor)
        return order

    def move_order(self, order: SalesOrder, status: str, actor: Actor) -> None:
        sales_order_set_status(
            organization_id=ORG_ID, sales_order_id=order.id, status=status, actor=actor
        )

    # --- what to print --------------------------------------------------------------------

    def report(self, *, port: int, display: CounterDisplay, token: str) -> None:
        base = f"http://127.0.0.1:{port}"
        window = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z"
        lines = [
            "",
            "Fulfillment desk demo (organization 'demo')",
            f"  Staff login     {base}/login/   user: {STAFF_USERNAME}   password: "
            f"{STAFF_PASSWORD}",
            f"  Desk            {base}/desk/",
            f"  Pickup queue    {base}/desk/pickups/",
            f"  Deliveries      {base}/desk/deliveries/",
            f"  Orders          {base}/desk/orders/",
            f"  Baskets         {base}/desk/baskets/",
            f"  Counter screen  {base}{display.get_absolute_url()}",
            f"  API docs        {base}/api/docs",
            f"  API token       {token}",
            "",
            "Try the API:",
            f'  curl -H "Authorization: Bearer {token}" \\',
            f'    "{base}/api/org/{ORG_ID}/fulfillments/pickups?{window}"',
            "",
            "Watch webhook deliveries (a worker runs beside this server; loopback targets are",
            "allowed in the demo). Subscribe a receiver, e.g. https://webhook.site or your own:",
            f'  curl -X POST -H "Authorization: Bearer {token}" \\',
            '    -H "Content-Type: application/json" \\',
            '    -d \'{"url": "http://127.0.0.1:9000/hooks", "events": ["*"]}\' \\',
            f'    "{base}/api/org/{ORG_ID}/webhooks"',
            "  then press a button on the desk and list the attempts:",
            f'  curl -H "Authorization: Bearer {token}" \\',
            f'    "{base}/api/org/{ORG_ID}/webhooks/<webhook-id>/deliveries"',
            f"  or open {base}/admin/webhooks/webhookattempt/ (every attempt, newest first)",
            "",
        ]
        self.stdout.write("\n".join(lines))
