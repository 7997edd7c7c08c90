"""Live fragments answer a poll whose change stamp still holds with a bodiless 304, and a
changed fragment with its new stamp. An idle poll that shows a poll pass younger than
DESK_POLL_PASS_SECONDS costs the stamp alone, in any process; anything that sends data checks
afresh."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from core.actors import Actor
from core.models import Membership
from desk import access, live
from desk.views import baskets, overview
from fulfillment.services import delivery_set_status, pickup_set_status
from orders.services import sales_order_set_status
from orders.statuses import DeliveryStatus, PickupStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import HTMX, act, staff_client

# the change stamp, on a valid poll pass
IDLE_POLL_QUERIES = 1
# session, user with memberships, the change stamp
IDLE_POLL_QUERIES_CHECKED = 3
# the stamp, session, user with memberships, the rows, their item lines
CHANGED_BOARD_POLL_QUERIES = 5
# the display with its stamp
IDLE_SCREEN_POLL_QUERIES = 1
# the display with its stamp, the numbers
CHANGED_SCREEN_POLL_QUERIES = 2

LIVE_PAGES = ["/desk/", "/desk/pickups/", "/desk/deliveries/", "/desk/orders/", "/desk/baskets/"]
BOARDS = ["/desk/pickups/", "/desk/deliveries/"]


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """The minute in the stamps of pages that show ages stands still during a test."""
    for module in (live, overview, baskets):
        monkeypatch.setattr(module, "clock_minute", lambda: 29_000_000)


@pytest.fixture(autouse=True)
def later(monkeypatch):
    """The clock of poll passes stands still during a test; `later(seconds)` moves it."""
    now = [access._clock()]
    monkeypatch.setattr(access, "_clock", lambda: now[0])

    def advance(seconds: float) -> None:
        now[0] += seconds

    return advance


def poll(client: Client, url: str, stamp: str | None = None):
    headers = dict(HTMX)
    if stamp is not None:
        headers["If-None-Match"] = stamp
    return client.get(url, headers=headers)


def _move_pickup(organization, status=PickupStatus.PREPARED):
    pickup = factories.pickup_order(organization, pager_number="7")

    def move():
        pickup_set_status(
            organization_id=organization.id,
            pickup_id=pickup.id,
            status=status,
            actor=Actor.system(),
        )

    return move


def _hold_order(organization):
    pickup = factories.pickup_order(organization, pager_number="7")

    def move():
        sales_order_set_status(
            organization_id=organization.id,
            sales_order_id=pickup.order_id,
            status=SalesOrderStatus.ON_HOLD,
            actor=Actor.system(),
        )

    return move


def _move_delivery(organization):
    delivery = factories.delivery_order(organization)

    def move():
        delivery_set_status(
            organization_id=organization.id,
            delivery_id=delivery.id,
            status=DeliveryStatus.PREPARED,
            actor=Actor.system(),
        )

    return move


def _new_basket(organization):
    return lambda: factories.basket(organization)


CHANGES = {
    "a pickup move on the queue": ("/desk/pickups/", _move_pickup),
    "a pickup move on the overview": ("/desk/", _move_pickup),
    "a pickup move on the orders": ("/desk/orders/", _move_pickup),
    "a pickup leaving the queue": (
        "/desk/pickups/",
        lambda org: _move_pickup(org, PickupStatus.PICKED_UP),
    ),
    "an order on hold on the queue": ("/desk/pickups/", _hold_order),
    "a delivery move on the board": ("/desk/deliveries/", _move_delivery),
    "a new basket on the baskets": ("/desk/baskets/", _new_basket),
    "a new basket on the overview": ("/desk/", _new_basket),
}


@pytest.mark.parametrize("url", LIVE_PAGES)
def test_a_poll_with_the_current_stamp_is_a_bodiless_304(organization, url):
    factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    first = poll(desk, url)
    assert first.status_code == 200
    again = poll(desk, url, first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", LIVE_PAGES)
def test_the_stamp_is_in_the_fragment_for_the_next_poll(organization, url):
    desk = staff_client(organization)
    response = poll(desk, url)
    assert f'data-stamp="{response["ETag"].strip(chr(34))}"'.encode() in response.content


def test_the_full_page_ignores_a_stamp(organization):
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    response = desk.get("/desk/pickups/", headers={"If-None-Match": stamp})
    assert response.status_code == 200
    assert b"<html" in response.content


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_shown_on_a_page_changes_its_stamp(organization, change):
    url, prepare = change
    move = prepare(organization)
    desk = staff_client(organization)
    stamp = poll(desk, url)["ETag"]
    move()
    response = poll(desk, url, stamp)
    assert response.status_code == 200
    assert response["ETag"] != stamp


def test_an_order_on_hold_shows_on_the_queue(organization):
    hold = _hold_order(organization)
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    hold()
    assert b"this pickup cannot move" in poll(desk, "/desk/pickups/", stamp).content


def test_a_pickup_move_changes_the_counter_screen_stamp(organization):
    move = _move_pickup(organization)
    url = factories.display(organization).get_absolute_url()
    stamp = poll(Client(), url)["ETag"]
    move()
    response = poll(Client(), url, stamp)
    assert response.status_code == 200
    assert b">7<" in response.content


def test_a_move_at_another_location_leaves_a_filtered_queue_idle(organization):
    factories.pickup_order(organization, pager_number="7", service_location="front")
    elsewhere = factories.pickup_order(organization, pager_number="8", service_location="back")
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/?location=front")["ETag"]
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=elsewhere.id,
        status=PickupStatus.PREPARED,
        actor=Actor.system(),
    )
    assert poll(desk, "/desk/pickups/?location=front", stamp).status_code == 304


def test_a_stamp_of_other_filters_does_not_hold(organization):
    factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    assert poll(desk, "/desk/pickups/?number=7", stamp).status_code == 200


def test_the_stamp_is_the_organizations_own(organization, other_organization):
    factories.pickup_order(organization, pager_number="7")
    ours = poll(staff_client(organization), "/desk/pickups/")["ETag"]
    theirs = staff_client(other_organization, "bob")
    assert poll(theirs, "/desk/pickups/", ours).status_code == 200


def test_cards_kept_rendered_carry_each_browsers_own_csrf_token(organization):
    factories.pickup_order(organization, pager_number="7")
    for username in ("alice", "bob"):
        desk = staff_client(organization, username)
        body = poll(desk, "/desk/pickups/").content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        secret = desk.cookies["csrftoken"].value
        assert tokens
        assert all(_unmask_cipher_token(token) == secret for token in tokens)


# --- what polls cost ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("url", ["/desk/pickups/", "/desk/deliveries/", "/desk/"])
def test_an_idle_poll_with_a_valid_pass_costs_one_query(
    organization, url, count, django_assert_num_queries
):
    factories.many_pickups(organization, count)
    desk = staff_client(organization)
    stamp = poll(desk, url)["ETag"]
    with django_assert_num_queries(IDLE_POLL_QUERIES):
        assert poll(desk, url, stamp).status_code == 304


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("url", ["/desk/pickups/", "/desk/deliveries/", "/desk/"])
def test_an_idle_poll_checked_afresh_costs_the_look_up_and_one_query(
    organization, url, count, django_assert_num_queries, settings
):
    settings.DESK_POLL_PASS_SECONDS = 0
    factories.many_pickups(organization, count)
    desk = staff_client(organization)
    stamp = poll(desk, url)["ETag"]
    with django_assert_num_queries(IDLE_POLL_QUERIES_CHECKED):
        assert poll(desk, url, stamp).status_code == 304


@pytest.mark.parametrize("count", [3, 300])
@pytest.mark.parametrize("url", BOARDS)
def test_a_changed_board_poll_costs_five_queries(
    organization, url, count, django_assert_num_queries
):
    factories.many_pickups(organization, count, first_pager=100)
    move = _move_delivery(organization) if "deliveries" in url else _move_pickup(organization)
    desk = staff_client(organization)
    stamp = poll(desk, url)["ETag"]
    move()
    with django_assert_num_queries(CHANGED_BOARD_POLL_QUERIES):
        assert poll(desk, url, stamp).status_code == 200


@pytest.mark.parametrize("count", [3, 300])
def test_a_screen_poll_costs_one_query_idle_and_two_changed(
    organization, count, django_assert_num_queries
):
    factories.many_pickups(organization, count, first_pager=100)
    move = _move_pickup(organization)
    url = factories.display(organization).get_absolute_url()
    stamp = poll(Client(), url)["ETag"]
    with django_assert_num_queries(IDLE_SCREEN_POLL_QUERIES):
        assert poll(Client(), url, stamp).status_code == 304
    move()
    with django_assert_num_queries(CHANGED_SCREEN_POLL_QUERIES):
        assert poll(Client(), url, stamp).status_code == 200


# --- how long verified access lasts -----------------------------------------------------------


def _membership_removed(organization, desk):
    Membership.objects.filter(organization=organization).delete()


def _session_ended_elsewhere(organization, desk):
    Session.objects.all().delete()  # a logout served by another process


def _password_changed(organization, desk):
    user = Membership.objects.get(organization=organization).user
    user.set_password("another-password-1")
    user.save()


ACCESS_ENDS = {
    "a removed membership": _membership_removed,
    "a logout elsewhere": _session_ended_elsewhere,
    "a changed password": _password_changed,
}


def _refused(response) -> bool:
    """What a poll without access gets: the browser sent to the login page or reloaded."""
    return response.status_code == 200 and ("HX-Redirect" in response or "HX-Refresh" in response)


@pytest.mark.parametrize("end", ACCESS_ENDS.values(), ids=ACCESS_ENDS.keys())
def test_ended_access_still_gets_not_modified_within_the_window_then_nothing(
    organization, later, end, settings
):
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    end(organization, desk)
    later(settings.DESK_POLL_PASS_SECONDS / 2)
    assert poll(desk, "/desk/pickups/", stamp).status_code == 304
    later(settings.DESK_POLL_PASS_SECONDS / 2)
    assert _refused(poll(desk, "/desk/pickups/", stamp))


@pytest.mark.parametrize("end", ACCESS_ENDS.values(), ids=ACCESS_ENDS.keys())
def test_ended_access_ends_polls_at_once_with_the_window_off(organization, end, settings):
    settings.DESK_POLL_PASS_SECONDS = 0
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    end(organization, desk)
    assert _refused(poll(desk, "/desk/pickups/", stamp))


def test_a_changed_poll_within_the_window_checks_afresh(organization):
    move = _move_pickup(organization)
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    _membership_removed(organization, desk)
    move()
    response = poll(desk, "/desk/pickups/", stamp)
    assert _refused(response)
    assert b">7<" not in response.content


def test_a_button_within_the_window_checks_afresh(organization):
    pickup = factories.pickup_order(organization, pager_number="7")
    desk = staff_client(organization)
    poll(desk, "/desk/pickups/")
    _membership_removed(organization, desk)
    response = act(desk, f"/desk/pickups/{pickup.id}/status/", {"status": PickupStatus.PREPARED})
    assert _refused(response)
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PENDING


def test_a_logout_ends_the_browsers_polls_at_once(organization):
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    desk.post("/logout/")
    assert _refused(poll(desk, "/desk/pickups/", stamp))


# --- poll passes --------------------------------------------------------------------------------


def _tag_of(etag: str) -> tuple[str, str]:
    """A fragment's tag: its stamp, and its poll pass (empty without one)."""
    stamp, _, poll_pass = etag.strip('"').partition(".")
    return stamp, poll_pass


def _tag(response) -> tuple[str, str]:
    return _tag_of(response["ETag"])


def test_a_verified_answer_carries_a_pass_in_its_tag(organization):
    stamp, poll_pass = _tag(poll(staff_client(organization), "/desk/pickups/"))
    assert stamp and poll_pass


def test_a_pass_is_honoured_by_any_process(organization, django_assert_num_queries):
    desk = staff_client(organization)
    stamp = poll(desk, "/desk/pickups/")["ETag"]
    caches["desk"].clear()  # nothing this process kept: the pass alone vouches
    with django_assert_num_queries(IDLE_POLL_QUERIES):
        assert poll(desk, "/desk/pickups/", stamp).status_code == 304


def test_a_pass_of_another_session_is_checked_afresh(organization, django_assert_num_queries):
    stamp = poll(staff_client(organization), "/desk/pickups/")["ETag"]
    other = staff_client(organization, username="other-clerk")
    poll(other, "/desk/pickups/")  # its session's first request writes the session
    with django_assert_num_queries(IDLE_POLL_QUERIES_CHECKED):
        assert poll(other, "/desk/pickups/", stamp).status_code == 304


def test_an_altered_pass_is_checked_afresh(organization, django_assert_num_queries):
    desk = staff_client(organization)
    stamp, poll_pass = _tag(poll(desk, "/desk/pickups/"))
    altered = f'"{stamp}.{poll_pass[:-2]}xx"'
    with django_assert_num_queries(IDLE_POLL_QUERIES_CHECKED):
        assert poll(desk, "/desk/pickups/", altered).status_code == 304


def test_a_pass_cannot_open_another_organizations_fragment(organization, other_organization):
    desk = staff_client(organization)
    _, poll_pass = _tag(poll(desk, "/desk/pickups/"))
    theirs, _ = _tag(poll(staff_client(other_organization, "bob"), "/desk/pickups/"))
    response = poll(desk, "/desk/pickups/", f'"{theirs}.{poll_pass}"')
    assert response.status_code == 200  # our own queue, never a 304 on theirs
    assert _tag(response)[0] != theirs


def test_a_poll_whose_pass_ran_out_gets_a_new_one_with_its_304(organization, later, settings):
    desk = staff_client(organization)
    first = poll(desk, "/desk/pickups/")["ETag"]
    later(settings.DESK_POLL_PASS_SECONDS)
    again = poll(desk, "/desk/pickups/", first)
    assert again.status_code == 304
    assert _tag(again)[0] == _tag_of(first)[0]
    assert again["ETag"] != first


def test_without_passes_a_tag_is_the_stamp_alone(organization, settings):
    settings.DESK_POLL_PASS_SECONDS = 0
    assert _tag(poll(staff_client(organization), "/desk/pickups/"))[1] == ""
