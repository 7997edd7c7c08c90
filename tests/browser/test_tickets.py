"""A pickup's ticket in a real browser: printed with its print CSS it fills one page (A6 or an
80 mm receipt), its QR code read from a screenshot by a real decoder is the big number, and that
text typed into the pager box finds the pickup."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.desk.qr import decode_picture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


@pytest.mark.parametrize("pager", ["42", None])
def test_a_tickets_qr_code_finds_its_pickup_in_the_pager_box(staff_page, organization, pager):
    pickup = factories.pickup_order(organization, pager_number=pager)
    factories.pickup_order(organization, pager_number="7")  # another card, to be filtered away
    big = pager or f"#{pickup.pickup_number}"
    page = staff_page
    page.goto("/desk/pickups/")
    page.locator(f'#pickup-{pickup.id} a[href$="/ticket/"]').click()
    expect(page.locator(".ticket-number")).to_have_text(big)

    (decoded,) = decode_picture(page.locator("svg.qr").screenshot())

    assert decoded == big
    page.goto("/desk/pickups/")
    box = page.locator("#pager-box")
    box.fill(decoded)
    box.press("Enter")
    expect(page.locator("#pickup-queue article.card")).to_have_count(1)
    expect(page.locator(f"#pickup-{pickup.id}")).to_be_visible()


@pytest.mark.parametrize("paper", ["", "?paper=receipt"])
def test_a_ticket_with_many_items_prints_on_one_page(staff_page, organization, paper):
    items = [(f"Organic whole bean coffee, blend no. {index}", "2", "9.90") for index in range(12)]
    pickup = factories.pickup_order(organization, pager_number="1234", items=items)
    page = staff_page
    page.goto(f"/desk/pickups/{pickup.id}/ticket/{paper}")
    expect(page.locator(".ticket-number")).to_have_text("1234")
    page.emulate_media(media="print")
    expect(page.locator(".print-tools")).to_be_hidden()

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)

    assert pdf_pages(pdf) == 1
    # Printed, the QR code is still readable.
    (decoded,) = decode_picture(page.locator("svg.qr").screenshot())
    assert decoded == "1234"


def test_the_queues_print_view_has_no_navigation_and_no_buttons(staff_page, organization):
    factories.pickup_order(organization, pager_number="21")
    page = staff_page
    page.goto("/desk/pickups/")
    page.get_by_role("link", name="Print view").click()
    expect(page.locator('tr[data-number="21"]')).to_be_visible()
    expect(page.locator("nav, button, form")).to_have_count(0)
