"""The counter screen /display/<secret>/: no login, numbers only, Preparing and Ready."""

import re

import pytest
from django.test import Client

from fulfillment.models import CounterDisplay
from fulfillment.services import pickup_set_status
from orders.statuses import PickupStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import HTMX

# A changed poll of the counter screen fragment: the display with its change stamp, the numbers. No
# session, no user.
COUNTER_FRAGMENT_QUERIES = 2


def column(content: bytes, name: str) -> list[str]:
    html = content.decode()
    start = html.index(f'class="counter-col {name}"')
    end = html.index("</section>", start)
    return re.findall(r'<li class="number" data-key="[^"]+">([^<]+)</li>', html[start:end])


@pytest.fixture
def screen(organization) -> CounterDisplay:
    return factories.display(organization, service_location="front", name="Front counter")


def test_a_counter_screen_needs_no_login(screen):
    response = Client().get(screen.get_absolute_url())
    assert response.status_code == 200
    assert b'<h1 id="counter-preparing">Preparing</h1>' in response.content
    assert b'<h1 id="counter-ready">Ready</h1>' in response.content


def test_a_wrong_secret_is_404(screen):
    assert Client().get("/display/not-the-secret/").status_code == 404
    assert Client().get("/display/" + "x" * 500 + "/").status_code == 404


def test_an_inactive_display_is_404(screen):
    CounterDisplay.objects.filter(id=screen.id).update(is_active=False)
    assert Client().get(screen.get_absolute_url()).status_code == 404


def test_pending_numbers_are_preparing_and_prepared_ones_ready_oldest_first(organization, screen):
    factories.pickup_order(organization, pager_number="12", minutes_ago=1)
    factories.pickup_order(organization, pager_number="31", minutes_ago=4)
    factories.pickup_order(organization, pager_number="7", status=PickupStatus.PREPARED)
    content = Client().get(screen.get_absolute_url()).content
    assert column(content, "preparing") == ["31", "12"]
    assert column(content, "ready") == ["7"]


def test_a_pickup_without_pager_shows_its_pickup_number_after_a_hash(organization, screen):
    pickup = factories.pickup_order(organization, pager_number=None)
    assert column(Client().get(screen.get_absolute_url()).content, "preparing") == [
        f"#{pickup.pickup_number}"
    ]


def test_picked_up_and_canceled_numbers_are_gone(organization, screen):
    factories.pickup_order(organization, pager_number="1", status=PickupStatus.PICKED_UP)
    factories.pickup_order(organization, pager_number="2", order_status=SalesOrderStatus.CANCELED)
    content = Client().get(screen.get_absolute_url()).content
    assert column(content, "preparing") == [] and column(content, "ready") == []


def test_the_screen_shows_numbers_only_never_personal_data(organization, screen):
    pickup = factories.pickup_order(organization, pager_number="42", collector="Ada Lovelace")
    content = Client().get(screen.get_absolute_url()).content.decode()
    for private in ("Ada", "Lovelace", "example.com", "+49", "Coffee"):
        assert private not in content, private
    assert str(pickup.id) not in content and str(pickup.order_id) not in content


def test_the_screen_shows_its_own_pickup_location_only(organization, screen):
    factories.pickup_order(organization, pager_number="1", service_location="front")
    factories.pickup_order(organization, pager_number="2", service_location="drive-in")
    assert column(Client().get(screen.get_absolute_url()).content, "preparing") == ["1"]


def test_a_screen_without_location_shows_every_location(organization):
    factories.pickup_order(organization, pager_number="1", service_location="front")
    factories.pickup_order(organization, pager_number="2", service_location="drive-in")
    everywhere = factories.display(organization, service_location="")
    assert column(Client().get(everywhere.get_absolute_url()).content, "preparing") == ["1", "2"]


def test_the_screen_of_one_organization_never_shows_another_ones_numbers(
    organization, other_organization, screen
):
    factories.pickup_order(other_organization, pager_number="66", service_location="front")
    assert column(Client().get(screen.get_absolute_url()).content, "preparing") == []


def test_a_poll_gets_the_board_fragment_which_polls_again(organization, screen):
    factories.pickup_order(organization, pager_number="5")
    response = Client().get(screen.get_absolute_url(), headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<main id="counter-board"')
    assert "<html" not in content
    assert f'hx-get="{screen.get_absolute_url()}" hx-trigger="every 2s"' in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_number_turning_ready_moves_columns_in_the_next_poll(organization, screen):
    pickup = factories.pickup_order(organization, pager_number="5")
    client = Client()
    assert column(client.get(screen.get_absolute_url(), headers=HTMX).content, "preparing") == ["5"]
    pickup_set_status(
        organization_id=organization.id,
        pickup_id=pickup.id,
        status="PREPARED",
        actor=factories.SETUP,
    )
    assert column(client.get(screen.get_absolute_url(), headers=HTMX).content, "ready") == ["5"]


def test_the_screen_sets_no_cookie(screen):
    response = Client().get(screen.get_absolute_url())
    assert not response.cookies


@pytest.mark.parametrize("count", [3, 300])
def test_a_screen_poll_costs_the_same_few_queries_for_3_or_300_pickups(
    organization, screen, count, django_assert_num_queries
):
    factories.many_pickups(organization, count, ready_every=3)
    client = Client()
    with django_assert_num_queries(COUNTER_FRAGMENT_QUERIES):
        response = client.get(screen.get_absolute_url(), headers=HTMX)
    content = response.content
    assert len(column(content, "preparing")) + len(column(content, "ready")) == count
