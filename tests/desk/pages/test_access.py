"""Who may see the desk pages: logged-in members of the organization, nobody else."""

import pytest
from django.test import Client

from core.models import Membership
from desk.access import SESSION_KEY
from orders.statuses import PickupStatus
from tests import factories
from tests.desk.client import HTMX, staff_client

DESK_PAGES = ["/desk/", "/desk/pickups/", "/desk/deliveries/", "/desk/orders/", "/desk/baskets/"]


@pytest.mark.parametrize("url", DESK_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_an_anonymous_htmx_poll_redirects_the_browser_to_the_login_page(db):
    response = Client().get(
        "/desk/pickups/",
        headers={**HTMX, "HX-Current-URL": "http://testserver/desk/pickups/?location=front"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=%2Fdesk%2Fpickups%2F%3Flocation%3Dfront"
    assert response.content == b""


def test_the_login_page_logs_a_staff_member_in_and_lands_on_the_overview(organization):
    factories.staff(organization, "alice")
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200
    assert b'name="username"' in page.content
    response = client.post("/login/", {"username": "alice", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(organization):
    factories.staff(organization, "alice")
    response = Client().post("/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert b"do not match" in response.content


def test_logging_out_is_a_post_that_ends_the_session(organization):
    desk = staff_client(organization)
    assert desk.get("/logout/").status_code == 405
    response = desk.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert desk.get("/desk/").status_code == 302


@pytest.mark.parametrize("url", DESK_PAGES)
def test_every_desk_page_answers_a_member(organization, url):
    desk = staff_client(organization)
    response = desk.get(url)
    assert response.status_code == 200
    assert b'hx-headers=\'{"X-CSRFToken": "' in response.content
    assert response["Cache-Control"].startswith("max-age=0")
    assert "HX-Request" in response["Vary"]


def test_a_user_without_membership_sees_a_clear_message_and_no_data(organization):
    factories.pickup_order(organization, pager_number="4711", collector="Secret Person")
    user = factories.staff(organization, "carol")
    Membership.objects.filter(user=user).delete()
    client = Client()
    client.force_login(user)
    for url in [*DESK_PAGES, "/desk/organization/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"works for no organization" in response.content
        assert b"4711" not in response.content
        assert b"Secret Person" not in response.content


def test_a_poll_after_the_membership_ended_reloads_the_page(organization):
    desk = staff_client(organization)
    Membership.objects.all().delete()
    response = desk.get("/desk/pickups/", headers=HTMX)
    assert response["HX-Refresh"] == "true"


def test_a_user_of_several_organizations_picks_one_first(organization, other_organization):
    user = factories.staff(organization, "dana")
    factories.staff(other_organization, "dana")
    client = Client()
    client.force_login(user)
    response = client.get("/desk/pickups/")
    assert response.status_code == 302
    assert response["Location"] == "/desk/organization/?next=%2Fdesk%2Fpickups%2F"
    page = client.get(response["Location"])
    assert organization.name.encode() in page.content
    assert other_organization.name.encode() in page.content


def test_the_chosen_organization_is_the_one_whose_data_is_shown(organization, other_organization):
    factories.pickup_order(organization, pager_number="111")
    factories.pickup_order(other_organization, pager_number="222")
    user = factories.staff(organization, "dana")
    factories.staff(other_organization, "dana")
    client = Client()
    client.force_login(user)
    chosen = client.post(
        "/desk/organization/", {"organization": other_organization.id, "next": "/desk/pickups/"}
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == "/desk/pickups/"
    page = client.get("/desk/pickups/").content
    assert b'data-number="222"' in page
    assert b'data-number="111"' not in page
    assert b'id="org-switch"' in page  # the switcher, for a user of several organizations
    client.post("/desk/organization/", {"organization": organization.id})
    page = client.get("/desk/pickups/").content
    assert b'data-number="111"' in page
    assert b'data-number="222"' not in page


def test_choosing_an_organization_one_is_not_member_of_is_refused(organization, other_organization):
    user = factories.staff(organization, "erin")
    client = Client()
    client.force_login(user)
    response = client.post("/desk/organization/", {"organization": other_organization.id})
    assert response.status_code == 403
    assert client.session.get(SESSION_KEY) != other_organization.id


def test_a_session_choice_of_a_lost_membership_falls_back_to_the_remaining_one(
    organization, other_organization
):
    factories.pickup_order(other_organization, pager_number="222")
    user = factories.staff(organization, "fred")
    factories.staff(other_organization, "fred")
    client = Client()
    client.force_login(user)
    client.post("/desk/organization/", {"organization": other_organization.id})
    Membership.objects.filter(user=user, organization=other_organization).delete()
    page = client.get("/desk/pickups/")
    assert page.status_code == 200
    assert b'data-number="222"' not in page.content


def test_the_next_address_of_the_chooser_stays_on_this_site(organization, other_organization):
    user = factories.staff(organization, "gina")
    factories.staff(other_organization, "gina")
    client = Client()
    client.force_login(user)
    response = client.post(
        "/desk/organization/", {"organization": organization.id, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/desk/"


def test_a_post_without_csrf_token_is_refused(organization):
    pickup = factories.pickup_order(organization)
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.staff(organization))
    response = client.post(f"/desk/pickups/{pickup.id}/status/", {"status": PickupStatus.PREPARED})
    assert response.status_code == 403
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PENDING


def test_a_post_with_the_csrf_header_that_htmx_sends_is_accepted(organization):
    pickup = factories.pickup_order(organization)
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.staff(organization))
    page = client.get("/desk/pickups/")
    token = page.content.split(b'"X-CSRFToken": "')[1].split(b'"')[0].decode()
    response = client.post(
        f"/desk/pickups/{pickup.id}/status/",
        {"status": PickupStatus.PREPARED},
        headers={**HTMX, "X-CSRFToken": token},
    )
    assert response.status_code == 200
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PREPARED


@pytest.mark.parametrize(
    "url",
    [
        "/desk/pickups/00000000-0000-0000-0000-000000000000/status/",
        "/desk/deliveries/00000000-0000-0000-0000-000000000000/status/",
        "/desk/orders/00000000-0000-0000-0000-000000000000/status/",
        "/desk/baskets/00000000-0000-0000-0000-000000000000/check-out/",
    ],
)
def test_actions_are_post_only(organization, url):
    assert staff_client(organization).get(url).status_code == 405


def test_a_member_of_another_organization_sees_none_of_its_data(organization, other_organization):
    rival_desk = staff_client(other_organization, "bob")
    pickup = factories.pickup_order(organization, pager_number="4711", collector="Ada Lovelace")
    delivery = factories.delivery_order(organization, recipient="Grace Hopper")
    factories.basket(organization, customer="Basket Owner")
    for url in DESK_PAGES:
        content = rival_desk.get(url).content
        for secret in (b"4711", b"Ada Lovelace", b"Grace Hopper", b"Basket Owner"):
            assert secret not in content, (url, secret)
    assert rival_desk.get(f"/desk/orders/{pickup.order_id}/").status_code == 404
    assert rival_desk.get(f"/desk/orders/{delivery.order_id}/").status_code == 404


def test_the_root_address_leads_to_the_desk(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/desk/"


def test_a_page_whose_database_fails_answers_503_connection_lost(organization, monkeypatch):
    from django.db import OperationalError

    from fulfillment import board_selectors

    def unavailable(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    desk = staff_client(organization)
    monkeypatch.setattr(board_selectors, "pickup_queue_rows", unavailable)
    response = desk.get("/desk/pickups/", headers=HTMX)
    assert response.status_code == 503
    assert b"Connection lost" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/desk/pickups/?number=%00&location=a%00b",
        "/desk/deliveries/?location=%00&service=%00",
        "/desk/orders/?q=%00&status=%00&page=%00",
        "/desk/pickups/?number=" + "9" * 10_000,
        "/display/%00/",
    ],
)
def test_odd_query_parameters_never_break_a_page(organization, url):
    response = staff_client(organization).get(url)
    assert response.status_code in (200, 404)
