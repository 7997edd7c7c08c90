"""What every page gets right besides its data: machine-readable times, a late pickup said in
words, a favicon."""

import re

from django.contrib.staticfiles import finders

from tests import factories
from tests.desk.client import staff_client

# A valid HTML global date-and-time string, as the desk writes them: UTC, whole seconds.
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def datetimes(content: bytes) -> list[str]:
    return re.findall(r'<time datetime="([^"]*)"', content.decode())


def test_cards_and_history_carry_valid_time_datetime_values(organization):
    pickup = factories.pickup_order(organization, pager_number="7")
    factories.delivery_order(organization)
    desk = staff_client(organization)
    for url in ("/desk/pickups/", "/desk/deliveries/", f"/desk/orders/{pickup.order_id}/"):
        values = datetimes(desk.get(url).content)
        assert values, url
        assert all(DATETIME.match(value) for value in values), (url, values)


def test_a_late_pickup_says_so_in_words(organization, settings):
    late = factories.pickup_order(
        organization, pager_number="7", minutes_ago=settings.PICKUP_WAIT_WARNING_MINUTES + 5
    )
    fresh = factories.pickup_order(organization, pager_number="8")
    html = staff_client(organization).get("/desk/pickups/").content.decode()

    def card(pickup) -> str:
        start = html.index(f'id="pickup-{pickup.id}"')
        return html[start : html.index("</article>", start)]

    assert "Late: waiting over" in card(late)
    assert "Late" not in card(fresh)


def test_pages_link_a_favicon_that_exists(organization):
    html = staff_client(organization).get("/desk/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon[^"]*\.svg"', html)
    assert finders.find("favicon.svg")


def test_favicon_ico_leads_to_the_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
