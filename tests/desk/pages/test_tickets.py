"""A pickup's ticket /desk/pickups/<id>/ticket/ (big number, order number, items, a QR code of
the big number, print CSS) and the queue's print view /desk/pickups/print/."""

import html as html_lib
import re

import pytest
from django.test import Client

from tests import factories
from tests.desk.client import staff_client
from tests.desk.qr import decode_path

pytestmark = pytest.mark.django_db


def ticket_url(pickup) -> str:
    return f"/desk/pickups/{pickup.id}/ticket/"


def qr_of(html: str) -> tuple[str, int]:
    size = int(re.search(r'<svg class="qr" viewBox="0 0 (\d+) \1"', html).group(1))
    path = re.search(r'<path d="([^"]+)" fill="#000"/>', html).group(1)
    return path, size


def test_a_ticket_shows_the_big_number_order_number_and_items(organization):
    pickup = factories.pickup_order(
        organization, pager_number="17", items=[("Espresso beans 1 kg", "2", "19.90")]
    )

    response = staff_client(organization).get(ticket_url(pickup))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<p class="ticket-number">17</p>' in page
    assert f'<dd class="ticket-order">{pickup.order.number}</dd>' in page
    assert "Espresso beans 1 kg" in page
    assert "print.css" in page


@pytest.mark.parametrize(("pager", "big"), [("17", "17"), (None, "#{number}")])
def test_the_qr_code_decodes_to_the_big_number(organization, pager, big):
    pickup = factories.pickup_order(organization, pager_number=pager)
    expected = big.format(number=pickup.pickup_number)

    page = staff_client(organization).get(ticket_url(pickup)).content.decode()

    assert decode_path(*qr_of(page)) == [expected]
    assert f'aria-label="QR code of {html_lib.escape(expected)}"' in page


def test_a_long_order_sums_up_the_items_left_off_so_the_ticket_stays_one_page(organization):
    items = [(f"Product {index}", "1", "1.00") for index in range(9)]
    pickup = factories.pickup_order(organization, pager_number="3", items=items)

    page = staff_client(organization).get(ticket_url(pickup)).content.decode()

    assert "Product 5" in page
    assert "Product 6" not in page
    assert "and 3 more items" in page


def test_the_receipt_paper_is_chosen_by_a_link(organization):
    pickup = factories.pickup_order(organization, pager_number="3")
    page = staff_client(organization).get(ticket_url(pickup), {"paper": "receipt"})
    assert 'class="ticket-page paper-receipt"' in page.content.decode()


def test_each_card_of_the_queue_links_its_ticket(organization):
    first = factories.pickup_order(organization, pager_number="4")
    second = factories.pickup_order(organization)

    page = staff_client(organization).get("/desk/pickups/").content.decode()

    for pickup in (first, second):
        assert f'href="{ticket_url(pickup)}"' in page


def test_another_organizations_pickup_has_no_ticket(organization, other_organization):
    theirs = factories.pickup_order(other_organization, pager_number="5")
    assert staff_client(organization).get(ticket_url(theirs)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(organization):
    pickup = factories.pickup_order(organization, pager_number="5")
    response = Client().get(ticket_url(pickup))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_the_print_view_lists_the_open_pickups_without_navigation_or_buttons(organization):
    factories.pickup_order(organization, pager_number="21")
    factories.pickup_order(organization, pager_number="22", status="PREPARED")
    factories.pickup_order(organization, pager_number="23", status="PICKED_UP")

    page = staff_client(organization).get("/desk/pickups/print/").content.decode()

    assert re.findall(r'<tr data-number="([^"]+)">', page) == ["21", "22"]
    assert "<nav" not in page
    assert "<button" not in page
    assert "<form" not in page


def test_the_print_view_keeps_the_location_filter(organization):
    factories.pickup_order(organization, pager_number="21", service_location="front")
    factories.pickup_order(organization, pager_number="22", service_location="back")

    page = staff_client(organization).get("/desk/pickups/print/", {"location": "back"})

    assert re.findall(r'<tr data-number="([^"]+)">', page.content.decode()) == ["22"]


def test_the_queue_links_its_print_view(organization):
    page = staff_client(organization).get("/desk/pickups/", {"location": "back"})
    assert 'href="/desk/pickups/print/?location=back"' in page.content.decode()
