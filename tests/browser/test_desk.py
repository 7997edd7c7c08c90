"""The desk in a real browser: logging in, working pickups, deliveries, orders and baskets,
the counter screen following along, and the connection banner."""

import re

import pytest
from playwright.sync_api import expect

from fulfillment.models import Pickup
from fulfillment.services import pickup_set_status
from orders.models import SalesOrder
from orders.statuses import DeliveryStatus, PickupStatus, SalesOrderStatus
from tests import factories
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# "Every page shows a move made elsewhere within 5 s."
LIVE_MS = 5_000


def card(page, number: str):
    return page.locator(f'#pickup-queue article[data-number="{number}"]')


def mark_no_reload(page) -> None:
    page.evaluate("window.__sameDocument = true")


def assert_no_reload(page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"


def test_a_staff_member_logs_in_and_lands_where_they_wanted(page, organization):
    factories.staff(organization, "alice")
    page.goto("/desk/pickups/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/desk/pickups/$"))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/desk/pickups/$"))
    expect(page.get_by_role("heading", name="Pickup queue")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/$"))


def test_a_pickup_goes_prepared_then_picked_up_and_the_counter_screen_follows(
    staff_page, browser, live_server, organization
):
    pickup = factories.pickup_order(organization, pager_number="17", service_location="front")
    display = factories.display(organization, service_location="front")
    screen = browser.new_context(base_url=live_server.url)  # no login
    counter = screen.new_page()
    live = staff_page
    live.goto("/desk/pickups/")
    counter.goto(display.get_absolute_url())
    expect(counter.locator(".preparing .number[data-key]", has_text="17")).to_be_visible()
    expect(counter.locator(".ready .number[data-key]")).to_have_count(0)

    mark_no_reload(live)
    expect(card(live, "17").locator("xpath=ancestor::section[1]")).to_have_class(
        re.compile("lane-preparing")
    )
    card(live, "17").get_by_role("button", name="Prepared").click()
    expect(live.locator('.lane-ready article[data-number="17"]')).to_be_visible()
    expect(live.locator("#notice")).to_contain_text("17 is ready.")
    assert_no_reload(live)
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PREPARED

    ready = counter.locator(".ready .number[data-key]", has_text="17")
    expect(ready).to_be_visible(timeout=LIVE_MS)
    expect(ready).to_have_class(re.compile(r"\bflash\b"))
    expect(counter.locator(".preparing .number[data-key]")).to_have_count(0)
    assert counter.evaluate("window.deskChimes") == 1

    card(live, "17").get_by_role("button", name="Picked up").click()
    expect(card(live, "17")).to_have_count(0)
    expect(live.locator("#notice")).to_contain_text("17 was picked up.")
    expect(counter.locator(".number", has_text="17")).to_have_count(0, timeout=LIVE_MS)
    assert_no_reload(live)
    screen.close()


def test_undo_takes_a_ready_pickup_back(staff_page, organization):
    factories.pickup_order(organization, pager_number="4", status=PickupStatus.PREPARED)
    staff_page.goto("/desk/pickups/")
    expect(card(staff_page, "4").get_by_role("button")).to_have_text(["Picked up", "Undo"])
    card(staff_page, "4").get_by_role("button", name="Undo").click()
    expect(staff_page.locator('.lane-preparing article[data-number="4"]')).to_be_visible()
    expect(card(staff_page, "4").get_by_role("button")).to_have_text(["Prepared", "Picked up"])


def test_a_move_made_elsewhere_shows_on_the_queue_within_5_seconds(staff_page, organization):
    pickup = factories.pickup_order(organization, pager_number="23")
    staff_page.goto("/desk/pickups/")
    mark_no_reload(staff_page)
    expect(staff_page.locator('.lane-preparing article[data-number="23"]')).to_be_visible()
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status=PickupStatus.PREPARED,
        actor=factories.SETUP,
    )
    expect(staff_page.locator('.lane-ready article[data-number="23"]')).to_be_visible(
        timeout=LIVE_MS
    )
    factories.pickup_order(organization, pager_number="24")
    expect(card(staff_page, "24")).to_be_visible(timeout=LIVE_MS)
    assert_no_reload(staff_page)


def test_the_pager_box_finds_one_number_and_says_when_there_is_none(staff_page, organization):
    for number in ("5", "17", "31"):
        factories.pickup_order(organization, pager_number=number)
    staff_page.goto("/desk/pickups/")
    box = staff_page.get_by_label("Pager number")
    box.fill("17")
    box.press("Enter")
    expect(staff_page.locator("#pickup-queue article")).to_have_count(1)
    expect(card(staff_page, "17")).to_be_visible()
    expect(staff_page).to_have_url(re.compile(r"number=17"))
    box.fill("99")
    box.press("Enter")
    expect(staff_page.locator(".search-result")).to_contain_text("No open pickup has number 99")
    staff_page.get_by_role("link", name="Show all").click()
    expect(staff_page.locator("#pickup-queue article")).to_have_count(3)
    expect(box).to_have_value("")


def test_the_location_filter_narrows_the_queue(staff_page, organization):
    factories.pickup_order(organization, pager_number="1", service_location="front")
    factories.pickup_order(organization, pager_number="2", service_location="drive-in")
    staff_page.goto("/desk/pickups/")
    expect(staff_page.locator("#pickup-queue article")).to_have_count(2)
    staff_page.get_by_label("Location").select_option("drive-in")
    expect(staff_page.locator("#pickup-queue article")).to_have_count(1)
    expect(card(staff_page, "2")).to_be_visible()
    expect(staff_page).to_have_url(re.compile(r"location=drive-in"))


def test_a_delivery_moves_across_the_board(staff_page, organization):
    delivery = factories.delivery_order(organization, recipient="Grace Hopper")
    staff_page.goto("/desk/deliveries/")
    mark_no_reload(staff_page)
    item = staff_page.locator(f"#delivery-{delivery.id}")
    for button, column in (
        ("Prepared", "PREPARED"),
        ("Undo", "PENDING"),
        ("Prepared", "PREPARED"),
        ("Shipped", "SHIPPED"),
        ("Received", "RECEIVED"),
    ):
        item.get_by_role("button", name=button).click()
        expect(
            staff_page.locator(f'.column[data-status="{column}"] #delivery-{delivery.id}')
        ).to_be_visible()
    expect(item.get_by_role("button")).to_have_count(0)
    assert_no_reload(staff_page)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RECEIVED


def test_an_order_is_confirmed_then_canceled(staff_page, organization):
    order = factories.order(
        organization, customer={"individual_name": "Ada Lovelace"}, pickups=[{"pager_number": "9"}]
    )
    staff_page.goto("/desk/orders/")
    staff_page.get_by_role("link", name=order.number, exact=True).click()
    expect(staff_page.get_by_role("heading", name=f"Order {order.number}")).to_be_visible()
    expect(staff_page.locator("#order-detail")).to_contain_text("Ada Lovelace")
    mark_no_reload(staff_page)
    staff_page.get_by_role("button", name="Confirm").click()
    expect(staff_page.locator("#order-status")).to_have_text("Confirmed")
    expect(staff_page.locator("#order-detail .actions button")).to_have_text(
        ["Start", "Hold", "Cancel"]
    )
    staff_page.once("dialog", lambda dialog: dialog.accept())
    staff_page.get_by_role("button", name="Cancel").click()
    expect(staff_page.locator("#order-status")).to_have_text("Canceled")
    expect(staff_page.locator(".history")).to_contain_text("Canceled")
    expect(staff_page.get_by_text("This order is final.")).to_be_visible()
    assert_no_reload(staff_page)
    order.refresh_from_db()
    assert order.status == SalesOrderStatus.CANCELED
    assert Pickup.objects.get(order=order).status == PickupStatus.CANCELED


def test_declining_the_cancel_question_keeps_the_order(staff_page, organization):
    order = factories.order(organization)
    staff_page.goto(f"/desk/orders/{order.id}/")
    staff_page.once("dialog", lambda dialog: dialog.dismiss())
    staff_page.get_by_role("button", name="Cancel").click()
    expect(staff_page.locator("#order-status")).to_have_text("New")
    order.refresh_from_db()
    assert order.status == SalesOrderStatus.NEW


def test_a_basket_is_checked_out_and_its_order_opened(staff_page, organization):
    draft = factories.basket(organization, customer="Ada Lovelace", pager_number="12")
    staff_page.goto("/desk/baskets/")
    basket = staff_page.locator(f"#basket-{draft.id}")
    expect(basket).to_contain_text("Ada Lovelace")
    basket.get_by_role("button", name="Check out").click()
    expect(basket).to_have_count(0)
    order = SalesOrder.objects.get(draft_number=draft.number)
    link = staff_page.get_by_role("link", name=f"Open order {order.number}")
    expect(link).to_be_visible()
    link.click()
    expect(staff_page).to_have_url(re.compile(f"/desk/orders/{order.id}/$"))
    expect(staff_page.locator("#order-status")).to_have_text("New")


def test_staff_of_another_organization_see_none_of_it(
    context, page, live_server, organization, other_organization
):
    pickup = factories.pickup_order(organization, pager_number="4711", collector="Ada Lovelace")
    factories.delivery_order(organization, recipient="Grace Hopper")
    factories.basket(organization, customer="Basket Owner")
    log_in(context, live_server, factories.staff(other_organization, "bob"))
    for path in (
        "/desk/",
        "/desk/pickups/",
        "/desk/deliveries/",
        "/desk/orders/",
        "/desk/baskets/",
    ):
        page.goto(path)
        body = page.locator("body")
        expect(body).to_contain_text("Rival Shop")
        for secret in ("4711", "Ada Lovelace", "Grace Hopper", "Basket Owner"):
            expect(body).not_to_contain_text(secret)
    response = page.goto(f"/desk/orders/{pickup.order_id}/")
    assert response.status == 404


def test_the_connection_banner_shows_while_polls_fail_and_goes_when_they_succeed(
    staff_page, organization
):
    factories.pickup_order(organization, pager_number="3")
    staff_page.goto("/desk/pickups/")
    banner = staff_page.locator("#connection-lost")
    expect(banner).to_be_hidden()
    staff_page.route("**/desk/pickups/?*", lambda route: route.abort())
    staff_page.route("**/desk/pickups/", lambda route: route.abort())
    expect(banner).to_be_visible(timeout=LIVE_MS)
    expect(banner).to_contain_text("Connection lost")
    staff_page.unroute("**/desk/pickups/?*")
    staff_page.unroute("**/desk/pickups/")
    expect(banner).to_be_hidden(timeout=LIVE_MS)
    staff_page.route(
        "**/desk/pickups/", lambda route: route.fulfill(status=503, body="Connection lost")
    )
    expect(banner).to_be_visible(timeout=LIVE_MS)
    expect(card(staff_page, "3")).to_be_visible()  # the last good fragment stays
    staff_page.unroute("**/desk/pickups/")
    expect(banner).to_be_hidden(timeout=LIVE_MS)


def test_the_counter_screen_shows_the_banner_too(page, organization, live_server):
    display = factories.display(organization)
    page.goto(display.get_absolute_url())
    page.route("**/display/**", lambda route: route.fulfill(status=503, body="down"))
    expect(page.locator("#connection-lost")).to_be_visible(timeout=LIVE_MS)
    page.unroute("**/display/**")
    expect(page.locator("#connection-lost")).to_be_hidden(timeout=LIVE_MS)


def test_buttons_are_big_enough_for_a_finger(staff_page, organization):
    factories.pickup_order(organization, pager_number="8")
    staff_page.goto("/desk/pickups/")
    for button in card(staff_page, "8").get_by_role("button").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    for link in staff_page.locator(".tabs a").all():
        assert link.bounding_box()["height"] >= 44
