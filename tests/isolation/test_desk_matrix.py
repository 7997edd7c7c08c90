"""Tenant isolation of the staff pages, for every /desk/ route of the URLconf (a new page is
walked automatically; one whose URL parameters this file cannot aim at another organization's
objects fails until KIND_OF_KWARG learns them):

- no login → sent to /login/ (a redirect, or HTMX's HX-Redirect for a fragment request);
- a staff user of another organization → 403/404, or a page of their own organization that
  shows none of the other's data; and nothing of the other organization is written.

The counter screens (/display/<secret>/) need no login by design: an unknown secret is a 404,
and one organization's screen shows nothing of another's.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.isolation.conftest import Tenant, database_snapshot, victim_snapshot

KIND_OF_KWARG = {
    "order_id": "order",
    "pickup_id": "pickup",
    "delivery_id": "delivery",
    "draft_id": "draft",
    "secret": "display",
}
# A POST that would move the victim's object, were the page to let it through.
MOVE = {"order": "CONFIRMED", "pickup": "PREPARED", "delivery": "PREPARED"}


def routes(patterns=None, prefix: str = "") -> list[str]:
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(routes(entry.url_patterns, route))
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


DESK_ROUTES = sorted(route for route in routes() if route.startswith("desk/"))
DISPLAY_ROUTES = sorted(route for route in routes() if route.startswith("display/"))
KWARG = re.compile(r"<(?:\w+:)?(\w+)>")


def kinds_of(route: str) -> list[str]:
    kinds = []
    for name in KWARG.findall(route):
        if name not in KIND_OF_KWARG:
            pytest.fail(f"/{route}: no object for <{name}>; add it to KIND_OF_KWARG")
        kinds.append(KIND_OF_KWARG[name])
    return kinds


def url_of(route: str, objects: Tenant) -> str:
    return "/" + KWARG.sub(lambda match: objects.ids()[KIND_OF_KWARG[match.group(1)]], route)


def post_data(route: str) -> dict:
    kinds = kinds_of(route)
    return {"status": MOVE.get(kinds[-1], "PREPARED") if kinds else "PREPARED"}


def assert_no_victim_data(response, victim: Tenant, sent: str) -> None:
    text = response.content.decode("utf-8", "replace")
    leaks = [leak for leak in victim.leaks_in(text) if leak not in sent]
    assert not leaks, f"{sent}: the other organization's data leaked: {leaks}"


def test_the_desk_pages_exist_to_be_walked():
    assert "desk/" in DESK_ROUTES
    assert "desk/pickups/" in DESK_ROUTES
    for route in DESK_ROUTES:
        kinds_of(route)


@pytest.mark.parametrize("route", DESK_ROUTES)
def test_desk_page_without_login_sends_to_login_and_touches_nothing(client, victim, route):
    url = url_of(route, victim)
    before = database_snapshot()
    answers = {
        "GET": client.get(url),
        "POST": client.post(url, post_data(route)),
        "GET htmx": client.get(url, headers={"HX-Request": "true"}),
    }
    sent_to_login = 0
    for how, response in answers.items():
        assert response.status_code < 500, (how, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/login/"), (how, url, response["Location"])
            sent_to_login += 1
        elif response.get("HX-Redirect"):
            assert response["HX-Redirect"].startswith("/login/"), (how, url)
            sent_to_login += 1
        else:
            # Only a method the page does not take may answer otherwise, and with nothing.
            assert response.status_code == 405, (how, url, response.status_code)
        assert_no_victim_data(response, victim, url)
    assert sent_to_login >= 1, url
    assert database_snapshot() == before


@pytest.mark.parametrize("route", DESK_ROUTES)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_desk_page_for_a_user_of_another_organization_shows_and_moves_nothing_of_it(
    client, victim, intruder, route, htmx
):
    client.force_login(intruder.user)
    url = url_of(route, victim)
    headers = {"HX-Request": "true"} if htmx else {}
    before = victim_snapshot(victim.org_id)
    for method in ("GET", "POST"):
        if method == "GET":
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, post_data(route), headers=headers)
        assert response.status_code < 500, (method, url, response.status_code)
        if kinds_of(route) and method == "GET":
            assert response.status_code in (403, 404, 405), (method, url, response.status_code)
        if response.status_code == 302:
            leaks = [leak for leak in victim.leaks_in(response["Location"]) if leak not in url]
            assert not leaks, response["Location"]
        assert_no_victim_data(response, victim, url)
    assert victim_snapshot(victim.org_id) == before


@pytest.mark.parametrize("route", DISPLAY_ROUTES)
def test_counter_screen_shows_only_its_own_organization(client, victim, intruder, route):
    own = client.get(url_of(route, intruder))
    assert own.status_code == 200
    assert_no_victim_data(own, victim, url_of(route, intruder))
    assert intruder.marker in own.content.decode()  # it does show the intruder's own numbers

    unknown = client.get("/" + KWARG.sub("no-such-secret", route))
    assert unknown.status_code == 404
    assert_no_victim_data(unknown, victim, "")
