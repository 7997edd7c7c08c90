"""Pictures for the docs: the pickup queue, the counter screen and the delivery board with
realistic data, saved under docs/ (DESK_SCREENSHOT_DIR elsewhere)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import Counter
from desk.presenters.texts import local_midnight
from fulfillment.models import Delivery
from orders.statuses import DeliveryStatus, PickupStatus, SalesOrderStatus
from tests import factories
from tests.browser.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PNG = b"\x89PNG\r\n\x1a\n"

BAKERY = {
    "bread": ("Sourdough loaf", "5.20"),
    "croissant": ("Butter croissant", "1.90"),
    "beans": ("Espresso beans 250 g", "8.90"),
    "oat": ("Oat milk 1 l", "2.40"),
    "roll": ("Cinnamon roll", "2.80"),
    "cake": ("Cheesecake slice", "3.90"),
    "juice": ("Apple juice 0.75 l", "3.10"),
    "baguette": ("Baguette", "2.30"),
}


def basket(*lines: tuple[str, str]) -> list[tuple[str, str, str]]:
    return [(BAKERY[key][0], quantity, BAKERY[key][1]) for key, quantity in lines]


def realistic_counters(organization) -> None:
    """Numbers as a shop in business for a while has them."""
    Counter.take(organization_id=organization.id, name="sales_order", count=2_340)
    Counter.take(organization_id=organization.id, name="pickup", count=1_180)


PICKUPS = [
    # pager, status, minutes waiting, collector, items
    ("12", PickupStatus.PENDING, 14, "Lena Fischer", basket(("bread", "1"), ("croissant", "4"))),
    ("7", PickupStatus.PENDING, 9, "Jonas Weber", basket(("beans", "2"))),
    ("31", PickupStatus.PENDING, 6, "Mia Schneider", basket(("roll", "3"), ("oat", "1"))),
    (None, PickupStatus.PENDING, 4, "Noah Becker", basket(("cake", "2"))),
    ("18", PickupStatus.PENDING, 2, "Emma Hoffmann", basket(("baguette", "2"), ("juice", "1"))),
    ("25", PickupStatus.PENDING, 1, "Ben Schäfer", basket(("croissant", "6"))),
    ("3", PickupStatus.PREPARED, 17, "Sofia Wagner", basket(("bread", "2"))),
    ("21", PickupStatus.PREPARED, 8, "Paul Koch", basket(("beans", "1"), ("oat", "2"))),
    ("9", PickupStatus.PREPARED, 5, "Hannah Richter", basket(("cake", "1"), ("roll", "2"))),
]


def pickups(organization) -> None:
    for pager, status, minutes, collector, items in PICKUPS:
        factories.pickup_order(
            organization,
            pager_number=pager,
            status=status,
            minutes_ago=minutes,
            collector=collector,
            service_location="Front counter",
            items=items,
        )


def test_picture_of_the_pickup_queue(staff_page, organization, settings):
    settings.PICKUP_WAIT_WARNING_MINUTES = 10
    realistic_counters(organization)
    pickups(organization)
    factories.pickup_order(
        organization,
        pager_number="40",
        minutes_ago=3,
        collector="Elias Klein",
        service_location="Front counter",
        order_status=SalesOrderStatus.ON_HOLD,
        items=basket(("juice", "6")),
    )
    staff_page.set_viewport_size({"width": 1280, "height": 800})
    staff_page.goto("/desk/pickups/")
    expect(staff_page.locator("#pickup-queue article")).to_have_count(len(PICKUPS) + 1)
    path = SCREENSHOTS / "pickup-queue.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    staff_page.screenshot(path=path, full_page=True, animations="disabled")
    assert path.read_bytes().startswith(PNG)


def test_picture_of_the_counter_screen(page, organization):
    realistic_counters(organization)
    pickups(organization)
    display = factories.display(organization, service_location="Front counter", name="Front")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(display.get_absolute_url())
    expect(page.locator(".ready .number")).to_have_count(3)
    path = SCREENSHOTS / "counter-screen.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, animations="disabled")
    assert path.read_bytes().startswith(PNG)


DELIVERIES = [
    # status, minutes since ordered, recipient, (street, number), zip, city, service, items
    (
        DeliveryStatus.PENDING,
        42,
        "Clara Zimmermann",
        ("Kastanienallee", "31"),
        "10435",
        "Berlin",
        "Bike courier",
        basket(("bread", "2"), ("croissant", "6")),
    ),
    (
        DeliveryStatus.PENDING,
        25,
        "Felix Braun",
        ("Brandenburger Str.", "5"),
        "14467",
        "Potsdam",
        "DHL",
        basket(("beans", "4")),
    ),
    (
        DeliveryStatus.PENDING,
        7,
        "Marie Krüger",
        ("Oderberger Str.", "12"),
        "10435",
        "Berlin",
        "Bike courier",
        basket(("cake", "4")),
    ),
    (
        DeliveryStatus.PREPARED,
        63,
        "Leon Hartmann",
        ("Torstraße", "140"),
        "10119",
        "Berlin",
        "Bike courier",
        basket(("roll", "6"), ("oat", "2")),
    ),
    (
        DeliveryStatus.PREPARED,
        51,
        "Ida Lange",
        ("Karl-Liebknecht-Str.", "9"),
        "04107",
        "Leipzig",
        "DHL",
        basket(("beans", "2"), ("juice", "3")),
    ),
    (
        DeliveryStatus.SHIPPED,
        95,
        "Anton Schmitt",
        ("Weinbergsweg", "2"),
        "10119",
        "Berlin",
        "Bike courier",
        basket(("baguette", "3")),
    ),
    (
        DeliveryStatus.SHIPPED,
        130,
        "Greta Werner",
        ("Schanzenstraße", "77"),
        "20357",
        "Hamburg",
        "DHL",
        basket(("beans", "6")),
    ),
    (
        DeliveryStatus.RECEIVED,
        180,
        "Karl Schulz",
        ("Veteranenstr.", "21"),
        "10119",
        "Berlin",
        "Bike courier",
        basket(("bread", "1")),
    ),
    (
        DeliveryStatus.RECEIVED,
        240,
        "Frieda Maier",
        ("Zionskirchplatz", "4"),
        "10119",
        "Berlin",
        "Bike courier",
        basket(("cake", "2")),
    ),
]


def test_picture_of_the_delivery_board(staff_page, organization):
    realistic_counters(organization)
    midnight = local_midnight()
    for status, minutes, recipient, street, zip_code, city, service, items in DELIVERIES:
        delivery = factories.delivery_order(
            organization,
            status=status,
            minutes_ago=minutes,
            recipient=recipient,
            street=street,
            zip_code=zip_code,
            city=city,
            shipping_service=service,
            shipping_location="Bakery Mitte",
            items=items,
        )
        if status == DeliveryStatus.RECEIVED:
            # Received this morning (a fixed time keeps the picture stable), or a while ago.
            received = midnight + timedelta(hours=8, minutes=minutes // 6)
            if received > timezone.now():
                received = max(timezone.now() - timedelta(minutes=minutes // 3), midnight)
            Delivery.objects.filter(id=delivery.id).update(status_changed_at=received)
    staff_page.set_viewport_size({"width": 1280, "height": 800})
    staff_page.goto("/desk/deliveries/")
    expect(staff_page.locator("#delivery-board article")).to_have_count(len(DELIVERIES))
    path = SCREENSHOTS / "delivery-board.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    staff_page.screenshot(path=path, full_page=True, animations="disabled")
    assert path.read_bytes().startswith(PNG)
