"""The counter screens' admin."""

from tests import factories


def test_a_counter_screens_page_links_to_its_display(admin_client, organization):
    display = factories.display(organization)
    url = display.get_absolute_url()
    page = admin_client.get(f"/admin/fulfillment/counterdisplay/{display.pk}/change/")
    assert page.status_code == 200
    assert f'<a href="{url}" target="_blank" rel="noopener">{url}</a>' in page.content.decode()
