"""Every page is sent with a Content-Security-Policy that allows the desk's own scripts, styles
and connections only, and nothing on the desk pages, the login page or the counter screen (its
chime included) breaks that policy while they poll, swap and move."""

import re

import pytest
from playwright.sync_api import expect

from fulfillment.services import pickup_set_status
from orders.statuses import PickupStatus
from tests import factories
from tests.browser.conftest import TABLET, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE_MS = 5_000
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def enforced(browser, live_server):
    """A browser context that enforces the policy (the shared `context` bypasses it)."""
    context = browser.new_context(viewport=TABLET, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def watched(context):
    """A page that records every CSP violation, reported by the event and by the console."""
    page = context.new_page()
    page.add_init_script(COLLECT_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.console_violations = console
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations") + page.console_violations


def test_the_policy_allows_only_the_desks_own_sources(enforced):
    answer = enforced.new_page().goto("/login/")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_desk_pages_break_no_rule_of_the_policy(enforced, live_server, organization):
    pickup = factories.pickup_order(organization, pager_number="21")
    factories.basket(organization)
    page = watched(enforced)
    page.goto("/login/")
    page.fill("#id_username", "nobody")
    log_in(enforced, live_server, factories.staff(organization, "alice"))
    for path in ("/desk/", "/desk/deliveries/", "/desk/orders/", "/desk/baskets/"):
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
    page.goto(f"/desk/orders/{pickup.order_id}/")
    expect(page.locator("main")).to_be_visible()
    page.goto("/desk/pickups/")
    article = page.locator('article[data-number="21"]')
    article.get_by_role("button", name="Prepared").click()
    expect(page.locator('.lane-ready article[data-number="21"]')).to_be_visible()
    assert violations(page) == []


def test_the_counter_screen_chimes_within_the_policy(browser, live_server, organization):
    pickup = factories.pickup_order(organization, pager_number="9", service_location="front")
    display = factories.display(organization, service_location="front")
    screen = browser.new_context(base_url=live_server.url)
    counter = watched(screen)
    counter.goto(display.get_absolute_url())
    expect(counter.locator(".preparing .number", has_text="9")).to_be_visible()

    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status=PickupStatus.PREPARED,
        actor=factories.SETUP,
    )

    ready = counter.locator(".ready .number", has_text="9")
    expect(ready).to_be_visible(timeout=LIVE_MS)
    expect(ready).to_have_class(re.compile(r"\bflash\b"))
    assert counter.evaluate("window.deskChimes") == 1
    assert counter.evaluate("typeof new AudioContext().createOscillator") == "function"
    assert violations(counter) == []
    screen.close()


def test_the_api_docs_still_draw_under_their_own_policy(enforced):
    docs = enforced.new_page()
    docs.goto("/api/docs")
    expect(docs.locator(".swagger-ui .info .title")).to_be_visible(timeout=10_000)
