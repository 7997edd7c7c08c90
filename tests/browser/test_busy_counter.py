"""The busy counter: a compact queue the browser remembers, lanes one tap apart on a phone,
every nav item reachable."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULLY_IN_VIEW = """
() => Array.from(document.querySelectorAll("#pickup-queue article.pickup")).filter((el) => {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
}).length
"""


def test_the_compact_queue_fits_16_pickups_at_1280_by_800_and_is_remembered(
    staff_page, organization
):
    factories.many_pickups(organization, 20)
    page = staff_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/desk/pickups/")
    toggle = page.get_by_role("button", name="Compact view")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(FULLY_IN_VIEW) >= 16
    page.reload()
    expect(page.get_by_role("button", name="Compact view")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.evaluate(FULLY_IN_VIEW) >= 16


def test_on_a_phone_the_ready_lane_is_one_tap_away(staff_page, organization):
    factories.many_pickups(organization, 47)
    page = staff_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/desk/pickups/")
    ready_tab = page.locator("[data-lane-tab=ready]")
    expect(ready_tab).to_be_visible()
    ready_tab.click()
    first_ready = page.locator(".lane-ready article.pickup").first
    expect(first_ready).to_be_visible()
    assert first_ready.bounding_box()["y"] < 844
    expect(page.locator(".lane-preparing")).to_be_hidden()
    page.locator("[data-lane-tab=preparing]").click()
    expect(page.locator(".lane-preparing article.pickup").first).to_be_visible()


def test_on_a_phone_every_nav_item_is_on_screen(staff_page, organization):
    page = staff_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/desk/pickups/")
    links = page.locator("nav.tabs a")
    assert links.count() >= 5
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, links.nth(index).inner_text()
