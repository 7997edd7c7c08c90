"""Which language a page is in: the user's own setting, else Accept-Language, else
LANGUAGE_CODE; a counter screen's ?lang=, else its display's language; the API always English.
The contract's German labels, exactly."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.services import user_set_language
from orders.statuses import DeliveryStatus, PickupStatus, SalesOrderStatus
from tests import factories
from tests.desk.client import staff_client

pytestmark = pytest.mark.django_db

PICKUPS = "/desk/pickups/"
GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
FRENCH = {"Accept-Language": "fr-CH,fr;q=0.9"}


def html_lang(content: bytes) -> str:
    return re.search(rb'<html lang="([^"]+)">', content).group(1).decode()


def button_labels(content: bytes) -> list[str]:
    return [
        label.decode().strip()
        for label in re.findall(
            rb'<button type="submit" name="status"[^>]*>([^<]*)</button>', content
        )
    ]


def test_without_accept_language_a_page_is_in_english(organization):
    response = staff_client(organization).get(PICKUPS)
    assert html_lang(response.content) == "en"
    assert b"<h1>Pickup queue</h1>" in response.content


def test_a_page_follows_the_browsers_accept_language(organization):
    response = staff_client(organization).get(PICKUPS, headers=GERMAN)
    assert html_lang(response.content) == "de"
    assert b"<h1>Abhol-Warteschlange</h1>" in response.content
    assert response["Content-Language"] == "de"


def test_a_language_the_desk_does_not_speak_falls_back_to_english(organization):
    response = staff_client(organization).get(PICKUPS, headers={"Accept-Language": "ja"})
    assert html_lang(response.content) == "en"


def test_the_users_own_language_wins_over_the_browsers(organization):
    client = staff_client(organization)
    user_set_language(user=factories.staff(organization), language="fr")
    response = client.get(PICKUPS, headers=GERMAN)
    assert html_lang(response.content) == "fr"
    assert b"<h1>File des retraits</h1>" in response.content


def test_the_language_menu_keeps_the_users_choice_and_returns_to_the_page(organization):
    client = staff_client(organization)
    response = client.post("/desk/language/", {"language": "de", "next": PICKUPS})
    assert response.status_code == 302
    assert response["Location"] == PICKUPS
    assert html_lang(client.get(PICKUPS, headers=FRENCH).content) == "de"


def test_browser_language_in_the_menu_clears_the_users_choice(organization):
    client = staff_client(organization)
    client.post("/desk/language/", {"language": "de", "next": PICKUPS})
    client.post("/desk/language/", {"language": "", "next": PICKUPS})
    assert html_lang(client.get(PICKUPS, headers=FRENCH).content) == "fr"


def test_the_menu_marks_the_users_language(organization):
    client = staff_client(organization)
    client.post("/desk/language/", {"language": "fr", "next": PICKUPS})
    content = client.get(PICKUPS).content.decode()
    assert '<option value="fr" lang="fr" selected>Français</option>' in content


def test_the_language_menu_never_sends_elsewhere(organization):
    response = staff_client(organization).post(
        "/desk/language/", {"language": "de", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/desk/"


def test_the_users_language_costs_no_query_of_its_own(organization):
    client = staff_client(organization)
    client.get("/desk/")  # the session learns its organization
    browser_language = queries_of(client, "/desk/")
    user_set_language(user=factories.staff(organization), language="de")
    assert queries_of(client, "/desk/") == browser_language


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def test_the_login_page_follows_the_browsers_language():
    response = Client().get("/login/", headers=GERMAN)
    assert html_lang(response.content) == "de"
    assert "Melden Sie sich mit Ihrem Mitarbeiterkonto an." in response.content.decode()


def test_the_german_pickup_buttons_are_the_contracts(organization):
    factories.pickup_order(organization, pager_number="4")
    factories.pickup_order(organization, pager_number="5", status=PickupStatus.PREPARED)
    content = staff_client(organization).get(PICKUPS, headers=GERMAN).content
    assert button_labels(content) == ["Vorbereitet", "Abgeholt", "Abgeholt", "Zurück"]


def test_the_german_delivery_buttons_are_the_contracts(organization):
    for status in (DeliveryStatus.PENDING, DeliveryStatus.PREPARED, DeliveryStatus.SHIPPED):
        factories.delivery_order(organization, status=status)
    content = staff_client(organization).get("/desk/deliveries/", headers=GERMAN).content
    assert sorted(set(button_labels(content))) == [
        "Versandt",
        "Vorbereitet",
        "Zugestellt",
        "Zurück",
    ]


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        (SalesOrderStatus.NEW, ["Bestätigen", "Zurückstellen", "Ablehnen", "Stornieren"]),
        (SalesOrderStatus.CONFIRMED, ["Starten", "Zurückstellen", "Stornieren"]),
        (SalesOrderStatus.IN_PROCESS, ["Abschließen", "Zurückstellen", "Stornieren"]),
    ],
)
def test_the_german_order_buttons_are_the_contracts(organization, status, labels):
    order = factories.order(organization, status=status)
    content = staff_client(organization).get(f"/desk/orders/{order.id}/", headers=GERMAN).content
    assert button_labels(content) == labels


def test_a_held_order_is_released_in_german(organization):
    order = factories.order(organization, status=SalesOrderStatus.ON_HOLD)
    content = staff_client(organization).get(f"/desk/orders/{order.id}/", headers=GERMAN).content
    assert button_labels(content)[0] == "Freigeben"


def test_the_german_basket_button_is_the_contracts(organization):
    factories.basket(organization)
    content = staff_client(organization).get("/desk/baskets/", headers=GERMAN).content.decode()
    assert '<button type="submit" class="primary">Bestellung anlegen</button>' in content


def test_a_notice_is_in_the_users_language(organization):
    pickup = factories.pickup_order(organization, pager_number="17")
    client = staff_client(organization)
    user_set_language(user=factories.staff(organization), language="de")
    response = client.post(
        f"/desk/pickups/{pickup.id}/status/",
        {"status": PickupStatus.PREPARED},
        headers={"HX-Request": "true"},
    )
    assert "17 ist abholbereit." in response.content.decode()


def test_an_api_problem_stays_english_whatever_the_browser_asks(api):
    def post(extra: dict):
        return api.client.post(
            api.base + "/sales-order-drafts",
            data='{"sales_channel": 5}',
            content_type="application/json",
            headers={**api._headers(None), **extra},
        )

    english, german = post({}), post(GERMAN)
    assert german.status_code == english.status_code == 400
    assert german.json() == english.json()
    assert "Content-Language" not in german


def test_a_refused_move_is_explained_in_the_users_language(organization):
    pickup = factories.pickup_order(organization, status=PickupStatus.PICKED_UP)
    client = staff_client(organization)
    user_set_language(user=factories.staff(organization), language="fr")
    response = client.post(
        f"/desk/pickups/{pickup.id}/status/",
        {"status": PickupStatus.PREPARED},
        headers={"HX-Request": "true"},
    )
    assert "Cette étape n&#x27;est pas possible maintenant" in response.content.decode()


def test_a_page_puts_the_users_language_into_the_browsers_cookie(organization):
    client = staff_client(organization)
    user_set_language(user=factories.staff(organization), language="de")
    client.cookies["desk_language"] = "fr"
    response = client.get(PICKUPS)
    assert html_lang(response.content) == "de"
    assert response.cookies["desk_language"].value == "de"


def test_a_cookie_left_by_another_users_choice_is_dropped(organization):
    client = staff_client(organization)
    client.cookies["desk_language"] = "de"
    response = client.get(PICKUPS, headers=FRENCH)
    assert html_lang(response.content) == "fr"
    assert response.cookies["desk_language"].value == ""


def test_a_page_whose_cookie_is_right_sets_none(organization):
    client = staff_client(organization)
    user_set_language(user=factories.staff(organization), language="de")
    client.cookies["desk_language"] = "de"
    response = client.get(PICKUPS)
    assert html_lang(response.content) == "de"
    assert "desk_language" not in response.cookies
