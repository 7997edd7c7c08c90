"""#14-#18: the planned pickups of a draft: what only pickups do, their pager numbers. What
pickups and deliveries do alike is in test_planned_fulfillments_api.py."""

import pytest

from drafts.models import DraftPickup
from fulfillment.models import Pickup
from orders.models import SalesOrder
from tests.conftest import assert_problem, json_of
from tests.drafts.conftest import row_counts


def open_pickup(organization, *, pager: str, location: str, status: str = "PENDING") -> Pickup:
    """A pickup of a checked-out order, as the fulfillment desk holds it."""
    order = SalesOrder.objects.create(
        organization=organization, number=f"S{pager}{status}", sales_channel="pos"
    )
    return Pickup.objects.create(
        organization=organization,
        order=order,
        pickup_number=f"P{pager}{status}",
        status=status,
        pager_number=pager,
        service_location=location,
    )


def test_add_pickup_returns_201_with_the_pickup(api, draft):
    item = draft.add_item()
    response = api.post(
        f"{draft.url}/pickups",
        {
            "items": [item["id"]],
            "pickup_location": {"service_location": "counter-1", "service_area": "front"},
            "pickup_time_range": {
                "start": "2030-05-01T10:00:00+02:00",
                "end": "2030-05-01T10:30:00Z",
            },
            "pager_number": "42",
            "collector_information": {
                "name": "Ann",
                "email": "ann@example.com",
                "phone": "+49 30 1234",
                "contact": "contact-1",
            },
        },
    )
    assert response.status_code == 201
    body = json_of(response)
    assert body == {
        "id": body["id"],
        "items": [item["id"]],
        "pickup_location": {"service_location": "counter-1", "service_area": "front"},
        "pickup_time_range": {"start": "2030-05-01T08:00:00Z", "end": "2030-05-01T10:30:00Z"},
        "pager_number": "42",
        "collector_information": {
            "name": "Ann",
            "email": "ann@example.com",
            "phone": "+49 30 1234",
            "contact": "contact-1",
        },
    }


@pytest.mark.parametrize("status", ["PENDING", "PREPARED"])
def test_pager_held_by_an_open_pickup_at_the_same_location_is_422(api, draft, organization, status):
    open_pickup(organization, pager="7", location="counter-1", status=status)
    before = row_counts()
    response = api.post(
        f"{draft.url}/pickups",
        {
            "items": [draft.add_item()["id"]],
            "pager_number": "7",
            "pickup_location": {"service_location": "counter-1"},
        },
    )
    body = assert_problem(response, 422)
    assert "pager number 7" in body["detail"]
    assert DraftPickup.objects.count() == before["pickups"]


@pytest.mark.parametrize("status", ["PICKED_UP", "CANCELED"])
def test_pager_of_a_finished_pickup_is_free_again(api, draft, organization, status):
    open_pickup(organization, pager="7", location="counter-1", status=status)
    draft.add_pickup(
        [draft.add_item()["id"]],
        pager_number="7",
        pickup_location={"service_location": "counter-1"},
    )


def test_pager_held_at_another_location_is_free_here(api, draft, organization):
    open_pickup(organization, pager="7", location="counter-2")
    draft.add_pickup(
        [draft.add_item()["id"]],
        pager_number="7",
        pickup_location={"service_location": "counter-1"},
    )


def test_pager_held_by_another_organization_is_free_here(api, draft, other_organization):
    open_pickup(other_organization, pager="7", location="counter-1")
    draft.add_pickup(
        [draft.add_item()["id"]],
        pager_number="7",
        pickup_location={"service_location": "counter-1"},
    )


def test_pager_held_without_location_blocks_a_pickup_without_location(api, draft, organization):
    open_pickup(organization, pager="7", location="")
    response = api.post(
        f"{draft.url}/pickups", {"items": [draft.add_item()["id"]], "pager_number": "7"}
    )
    assert_problem(response, 422)


def test_two_pickups_of_one_draft_with_the_same_pager_and_location_is_422(api, draft):
    location = {"service_location": "counter-1"}
    draft.add_pickup([draft.add_item()["id"]], pager_number="9", pickup_location=location)
    response = api.post(
        f"{draft.url}/pickups",
        {"items": [draft.add_item()["id"]], "pager_number": "9", "pickup_location": location},
    )
    assert "already used" in assert_problem(response, 422, "PAGER_NUMBER_HELD")["detail"]
    assert DraftPickup.objects.count() == 1


def test_two_pickups_of_one_draft_with_the_same_pager_at_two_locations(api, draft):
    draft.add_pickup(
        [draft.add_item()["id"]], pager_number="9", pickup_location={"service_location": "a"}
    )
    draft.add_pickup(
        [draft.add_item()["id"]], pager_number="9", pickup_location={"service_location": "b"}
    )
    assert DraftPickup.objects.count() == 2


def test_replace_pickup_keeping_its_own_pager_is_200(api, draft):
    first = draft.add_item()
    second = draft.add_item()
    pickup = draft.add_pickup([first["id"]], pager_number="3")
    response = api.put(
        f"{draft.url}/pickups/{pickup['id']}",
        {"items": [first["id"], second["id"]], "pager_number": "3"},
    )
    assert response.status_code == 200
    body = json_of(response)
    assert body["id"] == pickup["id"]
    assert body["items"] == [first["id"], second["id"]]
    assert body["pager_number"] == "3"


def test_replace_pickup_drops_fields_not_sent(api, draft):
    item = draft.add_item()
    pickup = draft.add_pickup([item["id"]], pager_number="3", collector_information={"name": "Ann"})
    body = api.put(f"{draft.url}/pickups/{pickup['id']}", {"items": [item["id"]]}).json()
    assert body["pager_number"] is None
    assert body["collector_information"] is None


def test_pager_number_longer_than_64_characters_is_400(api, draft):
    response = api.post(
        f"{draft.url}/pickups", {"items": [draft.add_item()["id"]], "pager_number": "9" * 65}
    )
    assert_problem(response, 400)
