"""The pickup queue by keyboard or barcode scanner: number, Enter, Enter — at any pace."""

import re

import pytest
from playwright.sync_api import expect

from fulfillment.models import Pickup
from orders.statuses import PickupStatus
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A slow clerk: slower than the poll, so polls land between the keys.
KEY_DELAY_MS = 600


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_the_pager_box_has_focus_when_the_queue_opens(staff_page, organization):
    staff_page.goto("/desk/pickups/")
    expect(staff_page.locator("#pager-box")).to_be_focused()


def test_slash_focuses_the_pager_box_from_anywhere(staff_page, organization):
    factories.pickup_order(organization, pager_number="17")
    page = staff_page
    page.goto("/desk/pickups/")
    page.get_by_role("link", name="Orders").focus()
    page.keyboard.press("/")
    expect(page.locator("#pager-box")).to_be_focused()
    assert page.locator("#pager-box").input_value() == ""


def test_a_ready_pickup_is_handed_over_with_number_enter_enter_at_600_ms_per_key(
    staff_page, organization
):
    prepared = factories.pickup_order(organization, pager_number="17")
    factories.pickup_order(organization, pager_number="18")
    page = staff_page
    page.goto("/desk/pickups/")
    box = page.locator("#pager-box")
    expect(box).to_be_focused()

    page.keyboard.type("17", delay=KEY_DELAY_MS)
    page.keyboard.press("Enter")
    expect(page.locator('article[data-number="17"] button.primary')).to_be_focused()
    assert focused_text(page) == "Prepared"
    page.keyboard.press("Enter")
    expect(page.locator('.lane-ready article[data-number="17"]')).to_be_visible()
    expect(box).to_be_focused()

    page.keyboard.type("17", delay=KEY_DELAY_MS)  # over the selected last number
    page.keyboard.press("Enter")
    expect(page.locator('article[data-number="17"] button.primary')).to_be_focused()
    assert focused_text(page) == "Picked up"
    page.keyboard.press(" ")
    expect(page.locator("#notice")).to_contain_text("17 was picked up.")
    expect(box).to_be_focused()
    prepared.refresh_from_db()
    assert prepared.status == PickupStatus.PICKED_UP
    assert Pickup.objects.get(pager_number="18").status == PickupStatus.PENDING


def test_escape_clears_the_search(staff_page, organization):
    factories.pickup_order(organization, pager_number="17")
    factories.pickup_order(organization, pager_number="18")
    page = staff_page
    page.goto("/desk/pickups/")
    page.keyboard.type("17")
    page.keyboard.press("Enter")
    expect(page.locator("#pickup-queue article")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator("#pickup-queue article")).to_have_count(2)
    expect(page.locator("#pager-box")).to_be_focused()
    assert page.locator("#pager-box").input_value() == ""


def test_a_pickup_without_pager_is_hash_and_its_number(staff_page, organization):
    paged = factories.pickup_order(organization, pager_number="5")
    unpaged = factories.pickup_order(organization, pager_number=None)
    page = staff_page
    page.goto("/desk/pickups/")
    expect(page.locator(".big-number", has_text=f"#{unpaged.pickup_number}")).to_be_visible()
    page.keyboard.type(f"#{unpaged.pickup_number}")
    page.keyboard.press("Enter")
    expect(page.locator("#pickup-queue article")).to_have_count(1)
    expect(page.locator(f'article[data-number="#{unpaged.pickup_number}"]')).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.type(paged.pager_number)
    page.keyboard.press("Enter")
    expect(page.locator("#pickup-queue article")).to_have_count(1)
    expect(page.locator('article[data-number="5"]')).to_be_visible()


def test_the_counter_screen_shows_hash_numbers_for_pickups_without_pager(page, organization):
    unpaged = factories.pickup_order(organization, pager_number=None, service_location="front")
    display = factories.display(organization, service_location="front")
    page.goto(display.get_absolute_url())
    expect(page.locator(".preparing .number[data-key]")).to_have_text([f"#{unpaged.pickup_number}"])


def test_after_a_search_the_polls_keep_the_filter(staff_page, organization):
    factories.pickup_order(organization, pager_number="17")
    factories.pickup_order(organization, pager_number="18")
    page = staff_page
    page.goto("/desk/pickups/")
    page.keyboard.type("17")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"number=17"))
    factories.pickup_order(organization, pager_number="19")  # changes the unfiltered queue only
    page.evaluate(
        """window.__polled = 0; document.addEventListener("htmx:afterRequest", function (e) {
             if (e.detail.elt && e.detail.elt.id === "pickup-queue") window.__polled += 1; });"""
    )
    page.wait_for_function("window.__polled >= 2", timeout=10_000)
    expect(page.locator("#pickup-queue article")).to_have_count(1)
