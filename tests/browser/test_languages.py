"""The desk and the counter screen in German and French in a real browser: the browser's
language, the user's menu, a counter screen's ?lang= and its display's language; labels,
`html lang`, and dates and numbers written the language's way."""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import TABLET, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE_MS = 5_000
GERMAN_MOMENT = re.compile(r"^(Mo|Di|Mi|Do|Fr|Sa|So), \d{1,2}\. \w{3} \d{2}:\d{2}$")
FRENCH_MOMENT = re.compile(r"^(lun|mar|mer|jeu|ven|sam|dim)\. \d{1,2} \S+ \d{2}:\d{2}$")


@pytest.fixture
def german_context(browser, live_server) -> Iterator:
    """A browser whose Accept-Language is German (Chromium sends it from the locale)."""
    context = browser.new_context(
        viewport=TABLET, base_url=live_server.url, bypass_csp=True, locale="de-DE"
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def berlin_store(organization):
    organization.time_zone = "Europe/Berlin"
    organization.save()
    return organization


def test_a_german_browser_gets_the_pickup_queue_in_german(
    german_context, live_server, berlin_store
):
    factories.pickup_order(berlin_store, pager_number="17")
    log_in(german_context, live_server, factories.staff(berlin_store, "alice"))
    page = german_context.new_page()
    page.goto("/desk/pickups/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Abhol-Warteschlange")).to_be_visible()
    expect(page.locator("#lane-preparing")).to_contain_text("In Vorbereitung")
    expect(page.locator("#lane-ready")).to_contain_text("Abholbereit")
    card = page.locator('#pickup-queue article[data-number="17"]')
    expect(card.get_by_role("button")).to_have_text(["Vorbereitet", "Abgeholt"])
    card.get_by_role("button", name="Vorbereitet").click()
    expect(page.locator('.lane-ready article[data-number="17"]')).to_be_visible()
    expect(page.locator("#notice")).to_contain_text("17 ist abholbereit.")
    expect(
        page.locator('.lane-ready article[data-number="17"]').get_by_role("button")
    ).to_have_text(["Abgeholt", "Zurück"])


def test_a_german_order_page_writes_dates_and_money_the_german_way(
    german_context, live_server, berlin_store
):
    order = factories.order(
        berlin_store,
        items=[("Kaffee", "100", "12.90")],
        placed_at=timezone.now() - timedelta(days=3),
    )
    log_in(german_context, live_server, factories.staff(berlin_store, "alice"))
    page = german_context.new_page()
    page.goto(f"/desk/orders/{order.id}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name=f"Bestellung {order.number}")).to_be_visible()
    placed = page.locator(".facts div", has_text="Aufgegeben").locator("dd")
    expect(placed).to_have_text(GERMAN_MOMENT)
    expect(page.locator("td.total")).to_have_text("1.290,00 EUR")
    expect(page.get_by_role("button", name="Bestätigen")).to_be_visible()


def test_the_language_menu_turns_the_desk_french_for_that_user(staff_page, berlin_store):
    order = factories.order(
        berlin_store,
        items=[("Café", "100", "12.90")],
        placed_at=timezone.now() - timedelta(days=3),
    )
    staff_page.goto("/desk/pickups/")
    expect(staff_page.locator("html")).to_have_attribute("lang", "en")
    staff_page.locator("#language-switch").select_option("fr")
    expect(staff_page.locator("html")).to_have_attribute("lang", "fr")
    expect(staff_page).to_have_url(re.compile(r"/desk/pickups/$"))
    expect(staff_page.get_by_role("heading", name="File des retraits")).to_be_visible()
    staff_page.goto(f"/desk/orders/{order.id}/")
    placed = staff_page.locator(".facts div", has_text="Passée").locator("dd")
    expect(placed).to_have_text(FRENCH_MOMENT)
    expect(staff_page.locator("td.total")).to_have_text("1\xa0290,00 EUR")


def test_a_counter_screen_link_with_lang_is_german_and_stays_german_as_it_polls(
    browser, live_server, berlin_store
):
    display = factories.display(berlin_store, service_location="front", language="fr")
    screen = browser.new_context(base_url=live_server.url, locale="en-US")
    counter = screen.new_page()
    counter.goto(f"{display.get_absolute_url()}?lang=de")
    expect(counter.locator("html")).to_have_attribute("lang", "de")
    expect(counter.locator("#counter-preparing")).to_have_text("In Vorbereitung")
    expect(counter.locator("#counter-ready")).to_have_text("Abholbereit")
    factories.pickup_order(berlin_store, pager_number="23", service_location="front")
    expect(counter.locator(".preparing .number[data-key]", has_text="23")).to_be_visible(
        timeout=LIVE_MS
    )
    expect(counter.locator("#counter-preparing")).to_have_text("In Vorbereitung")
    screen.close()


def test_a_counter_screen_without_lang_takes_its_displays_language(
    browser, live_server, berlin_store
):
    display = factories.display(berlin_store, service_location="front", language="fr")
    screen = browser.new_context(base_url=live_server.url, locale="de-DE")
    counter = screen.new_page()
    counter.goto(display.get_absolute_url())
    expect(counter.locator("html")).to_have_attribute("lang", "fr")
    expect(counter.locator("#counter-preparing")).to_have_text("En préparation")
    expect(counter.locator("#counter-ready")).to_have_text("Prêt")
    screen.close()
