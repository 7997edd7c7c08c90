"""Live updates in a real browser: a changed fragment is morphed into the page, so focus, typed
text and scroll survive, and polls never dim the page."""

from itertools import pairwise

import pytest
from playwright.sync_api import expect

from core.actors import Actor
from fulfillment.services import pickup_set_status
from orders.statuses import PickupStatus
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The contract: a move made on one screen shows on the others within 3 s.
LIVE_MS = 3_000

COUNT_POLLS = """
window.__polls = 0;
document.addEventListener("htmx:afterRequest", function (event) {
  if (event.detail.elt && event.detail.elt.id === "pickup-queue") window.__polls += 1;
});
"""


def polls(page) -> int:
    return page.evaluate("window.__polls")


def wait_for_polls(page, more: int) -> None:
    target = polls(page) + more
    page.wait_for_function(f"window.__polls >= {target}", timeout=more * 4_000)


def test_focus_on_a_card_button_survives_three_polls_and_a_change(staff_page, organization):
    factories.pickup_order(organization, pager_number="17")
    page = staff_page
    page.goto("/desk/pickups/")
    page.evaluate(COUNT_POLLS)
    button = page.locator('article[data-number="17"]').get_by_role("button", name="Prepared")
    button.focus()
    page.evaluate("window.__focused = document.activeElement")
    factories.pickup_order(organization, pager_number="18")  # a change the next poll morphs in
    expect(page.locator('article[data-number="18"]')).to_be_visible(timeout=LIVE_MS)
    wait_for_polls(page, 3)
    assert page.evaluate("document.activeElement === window.__focused")
    assert page.evaluate("document.activeElement.textContent") == "Prepared"


def test_typed_text_and_scroll_survive_a_changed_poll(staff_page, organization):
    factories.many_pickups(organization, 30)
    page = staff_page
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto("/desk/pickups/")
    page.evaluate(COUNT_POLLS)
    page.locator("#pager-box").fill("12")
    page.evaluate("window.scrollTo(0, 500)")
    page.wait_for_function("window.scrollY === 500")
    first = factories.pickup_order(organization, pager_number="99")
    expect(page.locator('article[data-number="99"]')).to_be_attached(timeout=LIVE_MS)
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=first.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    expect(page.locator('.lane-ready article[data-number="99"]')).to_be_attached(timeout=LIVE_MS)
    assert page.evaluate("window.scrollY") == 500
    assert page.locator("#pager-box").input_value() == "12"


def test_no_button_dims_during_polls(staff_page, organization):
    factories.pickup_order(organization, pager_number="17")
    page = staff_page
    page.goto("/desk/pickups/")
    page.evaluate(
        """
        window.__lowest = 1; window.__sampled = 0;
        document.addEventListener("htmx:beforeSend", function (event) {
          if (!event.detail.elt || event.detail.elt.id !== "pickup-queue") return;
          document.querySelectorAll("button").forEach(function (b) {
            window.__lowest = Math.min(window.__lowest, parseFloat(getComputedStyle(b).opacity));
          });
          window.__sampled += 1;
        });
        """
    )
    factories.pickup_order(organization, pager_number="18")
    page.wait_for_function("window.__sampled >= 3", timeout=12_000)
    assert page.evaluate("window.__lowest") == 1


def test_an_idle_poll_swaps_nothing(staff_page, organization):
    factories.pickup_order(organization, pager_number="17")
    page = staff_page
    page.goto("/desk/pickups/")
    page.evaluate(
        """
        window.__statuses = []; window.__swaps = 0;
        document.addEventListener("htmx:afterRequest", function (event) {
          if (event.detail.elt && event.detail.elt.id === "pickup-queue")
            window.__statuses.push(event.detail.xhr.status);
        });
        document.addEventListener("htmx:beforeSwap", function (event) {
          if (event.detail.elt && event.detail.elt.id === "pickup-queue" && event.detail.shouldSwap)
            window.__swaps += 1;
        });
        """
    )
    page.wait_for_function("window.__statuses.length >= 2", timeout=10_000)
    statuses = page.evaluate("window.__statuses")
    assert 304 in statuses  # (a poll across a minute may re-render: the ages move on)
    assert page.evaluate("window.__swaps") == statuses.count(200)


RECORD_TAGS = """
window.__polls_seen = [];
document.addEventListener("htmx:afterRequest", function (event) {
  var elt = event.detail.elt, xhr = event.detail.xhr;
  if (!elt || elt.id !== "pickup-queue" || !xhr) return;
  window.__polls_seen.push({
    sent: (event.detail.requestConfig.headers || {})["If-None-Match"] || null,
    status: xhr.status,
    tag: xhr.getResponseHeader("ETag"),
  });
});
"""


def test_an_idle_poll_past_its_pass_is_checked_and_the_next_poll_carries_the_renewed_pass(
    staff_page, organization, settings
):
    settings.DESK_POLL_PASS_SECONDS = 1  # shorter than the 2 s between polls: each is checked
    factories.pickup_order(organization, pager_number="17")
    page = staff_page
    page.goto("/desk/pickups/")
    page.evaluate(RECORD_TAGS)
    page.wait_for_function("window.__polls_seen.length >= 3", timeout=12_000)
    seen = page.evaluate("window.__polls_seen")
    idle = [
        (poll, following)
        for poll, following in pairwise(seen)
        if poll["status"] == 304  # (a poll across a minute may re-render: the ages move on)
    ]
    assert idle, seen
    for poll, following in idle:
        assert poll["tag"] and poll["tag"] != poll["sent"], "a checked 304 renews the pass"
        assert following["sent"] == poll["tag"], "the next poll shows the renewed pass"
