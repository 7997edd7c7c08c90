"""The pickup queue /desk/pickups/: cards by big number, Preparing apart from Ready, the
buttons the pickup machine allows, a pager box, a location filter, live fragments."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fulfillment.models import Pickup, PickupItem
from orders.models import StatusEvent
from orders.statuses import PickupStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import HTMX, act, fragment, staff_client

URL = "/desk/pickups/"
# A changed poll of the queue fragment: session, user with memberships, change stamp, pickups with
# their orders, items.
QUEUE_FRAGMENT_QUERIES = 5


def lane(content: bytes, name: str) -> str:
    """The HTML of one lane (Preparing or Ready) of the queue."""
    html = content.decode()
    start = html.index(f'class="lane lane-{name}"')
    end = html.find('class="lane lane-', start + 10)
    return html[start : end if end != -1 else len(html)]


def numbers_in(html: str) -> list[str]:
    return re.findall(r'data-number="([^"]*)"', html)


def buttons_of(content: bytes, pickup: Pickup) -> list[str]:
    html = content.decode()
    start = html.index(f'id="pickup-{pickup.id}"')
    card = html[start : html.index("</article>", start)]
    return re.findall(r'<button type="submit" name="status" value="[A-Z_]+"[^>]*>([^<]+)<', card)


def move(client, pickup: Pickup, status: str, **filters):
    return act(client, f"/desk/pickups/{pickup.id}/status/", {"status": status, **filters})


def test_pending_pickups_are_preparing_and_prepared_ones_ready_oldest_first(organization):
    newer = factories.pickup_order(organization, pager_number="12", minutes_ago=1)
    older = factories.pickup_order(organization, pager_number="31", minutes_ago=5)
    ready = factories.pickup_order(organization, pager_number="7", status=PickupStatus.PREPARED)
    factories.pickup_order(organization, pager_number="99", status=PickupStatus.PICKED_UP)
    content = staff_client(organization).get(URL).content
    assert numbers_in(lane(content, "preparing")) == [older.pager_number, newer.pager_number]
    assert numbers_in(lane(content, "ready")) == [ready.pager_number]
    assert b'data-number="99"' not in content


def test_a_card_without_pager_is_keyed_by_its_pickup_number_after_a_hash(organization):
    pickup = factories.pickup_order(organization, pager_number=None)
    content = staff_client(organization).get(URL).content
    assert f'data-number="#{pickup.pickup_number}"'.encode() in content
    assert (
        f'<span class="big-number" title="Pickup number">#{pickup.pickup_number}</span>'.encode()
        in content
    )


def test_a_card_shows_order_collector_and_items(organization):
    pickup = factories.pickup_order(
        organization,
        pager_number="5",
        collector="Ada Lovelace",
        items=[("Oat milk 1 l", "3", "2.10")],
    )
    content = staff_client(organization).get(URL).content.decode()
    assert "Ada Lovelace" in content
    assert "3 ×</span> Oat milk 1 l" in content
    assert f'href="/desk/orders/{pickup.order_id}/">{pickup.order.number}</a>' in content


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (PickupStatus.PENDING, ["Prepared", "Picked up"]),
        (PickupStatus.PREPARED, ["Picked up", "Undo"]),
    ],
)
def test_a_card_offers_only_the_moves_the_machine_allows(organization, status, buttons):
    pickup = factories.pickup_order(organization, status=status)
    assert buttons_of(staff_client(organization).get(URL).content, pickup) == buttons


def test_a_pickup_of_an_order_on_hold_offers_no_button(organization):
    pickup = factories.pickup_order(organization, order_status=SalesOrderStatus.ON_HOLD)
    content = staff_client(organization).get(URL).content
    assert buttons_of(content, pickup) == []
    assert b"Order on hold: this pickup cannot move." in content


def test_a_pickup_waiting_longer_than_the_warning_is_highlighted(organization, settings):
    settings.PICKUP_WAIT_WARNING_MINUTES = 10
    late = factories.pickup_order(organization, pager_number="1", minutes_ago=11)
    fresh = factories.pickup_order(organization, pager_number="2", minutes_ago=9)
    content = staff_client(organization).get(URL).content.decode()
    assert re.search(rf'class="card pickup overdue" id="pickup-{late.id}"', content)
    assert re.search(rf'class="card pickup" id="pickup-{fresh.id}"', content)
    assert '<span class="age late"' in content and ">11 min<" in content
    assert ">9 min<" in content


def test_prepared_moves_the_pickup_to_ready_and_answers_with_the_queue_fragment(organization):
    pickup = factories.pickup_order(organization, pager_number="17")
    desk = staff_client(organization)
    response = move(desk, pickup, PickupStatus.PREPARED)
    assert response.status_code == 200
    content = response.content
    assert b"<html" not in content
    assert content.lstrip().startswith(b'<section id="pickup-queue"')
    assert numbers_in(lane(content, "ready")) == ["17"]
    assert b'<div id="notice" class="notice-area" aria-live="polite" hx-swap-oob="true">' in content
    assert b"17 is ready." in content
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PREPARED


def test_a_staff_move_is_recorded_with_the_staff_member_as_actor(organization):
    pickup = factories.pickup_order(organization)
    move(staff_client(organization, "alice"), pickup, PickupStatus.PREPARED)
    event = StatusEvent.objects.filter(subject_id=pickup.id).latest("id")
    assert (event.from_status, event.to_status, event.actor_label) == (
        "PENDING",
        "PREPARED",
        "alice",
    )
    assert event.actor_user.username == "alice"


def test_undo_takes_a_ready_pickup_back_to_preparing(organization):
    pickup = factories.pickup_order(organization, pager_number="8", status=PickupStatus.PREPARED)
    response = move(staff_client(organization), pickup, PickupStatus.PENDING)
    assert numbers_in(lane(response.content, "preparing")) == ["8"]
    assert b"8 is back to preparing." in response.content
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PENDING


def test_picked_up_takes_the_pickup_off_the_queue(organization):
    pickup = factories.pickup_order(organization, pager_number="8", status=PickupStatus.PREPARED)
    response = move(staff_client(organization), pickup, PickupStatus.PICKED_UP)
    assert b'data-number="8"' not in response.content
    assert b"8 was picked up." in response.content
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PICKED_UP


def test_a_move_the_machine_refuses_is_a_short_inline_message(organization):
    pickup = factories.pickup_order(organization, status=PickupStatus.PICKED_UP)
    response = move(staff_client(organization), pickup, PickupStatus.PREPARED)
    assert response.status_code == 200
    assert b'class="notice error" role="alert"' in response.content
    assert b"cannot go from PICKED_UP to PREPARED" in response.content
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PICKED_UP


def test_a_pickup_of_an_order_on_hold_cannot_be_moved(organization):
    pickup = factories.pickup_order(organization, order_status=SalesOrderStatus.ON_HOLD)
    response = move(staff_client(organization), pickup, PickupStatus.PREPARED)
    assert b"is ON_HOLD; its fulfillments cannot move." in response.content
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PENDING


@pytest.mark.parametrize("status", ["CANCELED", "BOGUS", ""])
def test_a_status_that_is_no_button_moves_nothing(organization, status):
    pickup = factories.pickup_order(organization)
    response = move(staff_client(organization), pickup, status)
    assert b'class="notice error"' in response.content
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PENDING


def test_a_pickup_of_another_organization_cannot_be_moved(organization, other_organization):
    pickup = factories.pickup_order(other_organization)
    response = move(staff_client(organization), pickup, PickupStatus.PREPARED)
    assert b"not found" in response.content
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PENDING


def test_without_javascript_a_button_redirects_back_with_the_filters_and_a_message(organization):
    pickup = factories.pickup_order(organization, pager_number="17", service_location="front")
    desk = staff_client(organization)
    response = desk.post(
        f"/desk/pickups/{pickup.id}/status/",
        {"status": PickupStatus.PREPARED, "location": "front", "number": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == "/desk/pickups/?location=front"
    page = desk.get(response["Location"]).content
    assert b"17 is ready." in page


def test_the_pager_box_shows_only_that_number(organization):
    wanted = factories.pickup_order(organization, pager_number="17")
    factories.pickup_order(organization, pager_number="18")
    unpaged = factories.pickup_order(organization, pager_number=None)
    content = fragment(staff_client(organization), URL, data={"number": "17"}).content
    assert numbers_in(content.decode()) == [wanted.pager_number]
    assert b"Showing number <strong>17</strong> only." in content
    by_pickup_number = fragment(
        staff_client(organization), URL, data={"number": f"#{unpaged.pickup_number}"}
    ).content
    assert numbers_in(by_pickup_number.decode()) == [f"#{unpaged.pickup_number}"]


def test_a_bare_number_in_the_pager_box_is_a_pager_never_a_pickup_number(organization):
    factories.pickup_order(organization, pager_number="12")
    unpaged = factories.pickup_order(organization, pager_number=None)
    desk = staff_client(organization)
    assert numbers_in(fragment(desk, URL, data={"number": "12"}).content.decode()) == ["12"]
    found = fragment(desk, URL, data={"number": unpaged.pickup_number}).content.decode()
    assert f"#{unpaged.pickup_number}" not in numbers_in(found)


def test_the_pager_box_says_so_when_no_open_pickup_has_the_number(organization):
    factories.pickup_order(organization, pager_number="17")
    factories.pickup_order(organization, pager_number="23", status=PickupStatus.PICKED_UP)
    for number in ("404", "23"):
        content = fragment(staff_client(organization), URL, data={"number": number}).content
        assert numbers_in(content.decode()) == []
        assert f"No open pickup has number <strong>{number}</strong>.".encode() in content


def test_a_move_keeps_the_pager_filter(organization):
    wanted = factories.pickup_order(organization, pager_number="17")
    factories.pickup_order(organization, pager_number="18")
    response = move(staff_client(organization), wanted, PickupStatus.PREPARED, number="17")
    assert numbers_in(response.content.decode()) == ["17"]
    assert b'hx-get="/desk/pickups/?number=17"' in response.content


def test_the_location_filter_shows_one_pickup_location(organization):
    factories.pickup_order(organization, pager_number="1", service_location="front")
    factories.pickup_order(organization, pager_number="2", service_location="drive-in")
    desk = staff_client(organization)
    page = desk.get(URL, data={"location": "drive-in"}).content.decode()
    assert numbers_in(page) == ["2"]
    assert '<option value="drive-in" selected>drive-in</option>' in page
    assert '<option value="front">front</option>' in page


def test_a_poll_gets_only_the_fragment_which_polls_again_with_the_same_filters(organization):
    factories.pickup_order(organization, service_location="front")
    response = fragment(staff_client(organization), URL, data={"location": "front"})
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="pickup-queue"')
    assert "<html" not in content and 'id="pickup-filters"' not in content
    assert 'hx-get="/desk/pickups/?location=front" hx-trigger="every 2s"' in content
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(organization):
    response = staff_client(organization).get(
        URL, headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content


def test_a_move_made_elsewhere_shows_in_the_next_poll(organization):
    pickup = factories.pickup_order(organization, pager_number="17")
    desk = staff_client(organization)
    assert numbers_in(lane(fragment(desk, URL).content, "preparing")) == ["17"]
    move(staff_client(organization, "bob"), pickup, PickupStatus.PREPARED)
    assert numbers_in(lane(fragment(desk, URL).content, "ready")) == ["17"]


def _open_pickups(organization, count: int, first: int = 1) -> None:
    factories.many_pickups(organization, count, first_pager=first)


@pytest.mark.parametrize("count", [3, 300])
def test_a_queue_poll_costs_the_same_few_queries_for_3_or_300_pickups(
    organization, count, django_assert_num_queries
):
    _open_pickups(organization, count)
    desk = staff_client(organization)
    desk.get(URL)  # the page, which polls
    with django_assert_num_queries(QUEUE_FRAGMENT_QUERIES):
        response = fragment(desk, URL)
    assert len(numbers_in(response.content.decode())) == count


def test_the_full_queue_page_costs_a_fixed_number_of_queries(organization):
    desk = staff_client(organization)
    desk.get(URL)
    counts = []
    _open_pickups(organization, 3)
    for more in (0, 37):
        _open_pickups(organization, more, first=4)
        with CaptureQueriesContext(connection) as queries:
            desk.get(URL)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_text_from_customers_and_shops_is_escaped_on_the_cards(organization):
    pickup = factories.pickup_order(
        organization,
        pager_number="<b>7</b>",
        service_location='front "A" & co',
        collector="<script>alert(1)</script>",
        items=[("Tea & 'biscuits' <xl>", "1", "2.00")],
    )
    factories.pickup_order(organization, service_location="back")
    content = fragment(staff_client(organization), URL).content.decode()
    assert "<script>" not in content and "<b>7</b>" not in content
    assert 'data-number="&lt;b&gt;7&lt;/b&gt;"' in content
    assert '<p class="person">&lt;script&gt;alert(1)&lt;/script&gt;</p>' in content
    assert '<span class="chip">front &quot;A&quot; &amp; co</span>' in content
    assert "1 ×</span> Tea &amp; &#x27;biscuits&#x27; &lt;xl&gt;</li>" in content
    assert f"· Pickup {pickup.pickup_number}</span>" in content


def test_location_chips_show_only_when_the_queue_mixes_locations(organization):
    factories.pickup_order(organization, service_location="front")
    desk = staff_client(organization)
    assert b'class="chip"' not in fragment(desk, URL).content
    factories.pickup_order(organization, service_location="drive-in")
    content = fragment(desk, URL).content
    assert b'<span class="chip">front</span>' in content
    assert b'<span class="chip">drive-in</span>' in content
    filtered = fragment(desk, URL, data={"location": "front"}).content
    assert b'class="chip"' not in filtered


def test_a_card_shows_quantities_with_their_units_in_item_order(organization):
    pickup = factories.pickup_order(
        organization, items=[("Flour", "1", "1.00"), ("Cheese", "1", "1.00"), ("Nails", "1", "1")]
    )
    PickupItem.objects.filter(pickup=pickup, position=0).update(
        quantity_value="2.5000", quantity_unit="MASS_KILOGRAMS"
    )
    PickupItem.objects.filter(pickup=pickup, position=1).update(
        quantity_value="0.2500", quantity_unit="MASS_GRAMS"
    )
    PickupItem.objects.filter(pickup=pickup, position=2).update(quantity_value="12.0000")
    content = fragment(staff_client(organization), URL).content.decode()
    assert (
        '<ul class="items"><li><span class="qty">2.5 kg</span> Flour</li>'
        '<li><span class="qty">0.25 g</span> Cheese</li>'
        '<li><span class="qty">12 ×</span> Nails</li></ul>'
    ) in content


def test_a_card_shows_its_pickup_window_in_the_stores_time_zone(organization):
    organization.time_zone = "Europe/Berlin"
    organization.save()
    now = timezone.now()
    pickup = factories.pickup_order(organization)
    start = now + timedelta(days=3)
    Pickup.objects.filter(id=pickup.id).update(time_start=start)
    content = fragment(staff_client(organization), URL).content.decode()
    local = timezone.localtime(start, organization.zone)
    weekday, month = local.strftime("%a"), local.strftime("%b")
    text = f"from {weekday} {local.day} {month} {local:%H:%M}"
    assert f'<p class="window">{text}</p>' in content


def test_every_button_form_carries_the_csrf_token_and_the_filters(organization):
    for pager in ("1", "2", "3"):
        factories.pickup_order(organization, pager_number=pager, service_location="front")
    content = fragment(staff_client(organization), URL, data={"location": "front"}).content
    forms = re.findall(rb'<form class="actions".*?</form>', content, re.S)
    assert len(forms) == 3
    for form in forms:
        assert re.search(rb'<input type="hidden" name="csrfmiddlewaretoken" value="\w+">', form)
        assert b'<input type="hidden" name="location" value="front">' in form
        assert b'<input type="hidden" name="number" value="">' in form


def test_without_javascript_a_cards_form_posts_with_the_pages_csrf_token(organization):
    pickup = factories.pickup_order(organization, pager_number="17", service_location="front")
    factories.pickup_order(organization, pager_number="18", service_location="front")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(factories.staff(organization))
    page = browser.get(URL, data={"location": "front"}).content.decode()
    start = page.index(f'id="pickup-{pickup.id}"')
    form = page[page.index('<form class="actions"', start) : page.index("</form>", start)]
    action = re.search(r'method="post" action="([^"]+)"', form).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    response = browser.post(action, {**fields, "status": PickupStatus.PREPARED})
    assert response.status_code == 302
    assert response["Location"] == "/desk/pickups/?location=front"
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.PREPARED


def test_ages_count_from_the_pickups_creation(organization):
    pickup = factories.pickup_order(organization, pager_number="5")
    Pickup.objects.filter(id=pickup.id).update(created_at=timezone.now() - timedelta(minutes=75))
    content = staff_client(organization).get(URL).content
    assert b">1 h 15 min<" in content
