"""#14-#18: the planned pickups of a draft, their item references and pager numbers."""

import pytest

from drafts.models import DraftPickup
from fulfillment.models import Pickup
from orders.models import SalesOrder
from tests.conftest import assert_problem, json_of
from tests.drafts.conftest import create_draft, row_counts

UNKNOWN = "8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de"


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


def test_get_pickup_returns_what_was_added(api, draft):
    created = draft.add_pickup([draft.add_item()["id"]], pager_number="1")
    response = api.get(f"{draft.url}/pickups/{created['id']}")
    assert response.status_code == 200
    assert json_of(response) == created


def test_list_pickups_returns_all_oldest_first(api, draft):
    first = draft.add_pickup([draft.add_item()["id"]])
    second = draft.add_pickup([draft.add_item()["id"]])
    response = api.get(f"{draft.url}/pickups")
    assert response.status_code == 200
    assert json_of(response) == {"items": [first, second], "problems": []}


def test_add_pickup_without_items_is_400(api, draft):
    assert_problem(api.post(f"{draft.url}/pickups", {"pager_number": "1"}), 400)
    assert_problem(api.post(f"{draft.url}/pickups", {"items": []}), 400)
    assert DraftPickup.objects.count() == 0


def test_add_pickup_naming_an_item_that_is_not_in_the_draft_is_422(api, draft):
    body = assert_problem(
        api.post(f"{draft.url}/pickups", {"items": [UNKNOWN]}), 422, "ITEM_NOT_IN_DRAFT"
    )
    assert UNKNOWN in body["detail"]
    assert DraftPickup.objects.count() == 0


def test_add_pickup_naming_an_item_of_another_draft_is_422(api, draft):
    elsewhere = create_draft(api).add_item()
    assert_problem(api.post(f"{draft.url}/pickups", {"items": [elsewhere["id"]]}), 422)
    assert DraftPickup.objects.count() == 0


def test_add_pickup_naming_an_item_twice_is_422(api, draft):
    item = draft.add_item()
    response = api.post(f"{draft.url}/pickups", {"items": [item["id"], item["id"]]})
    assert "twice" in assert_problem(response, 422)["detail"]


def test_add_pickup_of_an_item_already_in_a_delivery_is_422(api, draft):
    item = draft.add_item()
    delivery = draft.add_delivery([item["id"]])
    response = api.post(f"{draft.url}/pickups", {"items": [item["id"]]})
    assert delivery["id"] in assert_problem(response, 422)["detail"]
    assert DraftPickup.objects.count() == 0


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


def test_replace_pickup_with_an_unknown_item_is_422_and_keeps_it(api, draft):
    pickup = draft.add_pickup([draft.add_item()["id"]])
    assert_problem(api.put(f"{draft.url}/pickups/{pickup['id']}", {"items": [UNKNOWN]}), 422)
    assert json_of(api.get(f"{draft.url}/pickups/{pickup['id']}")) == pickup


def test_replace_unknown_pickup_is_404(api, draft):
    item = draft.add_item()
    assert_problem(api.put(f"{draft.url}/pickups/{UNKNOWN}", {"items": [item["id"]]}), 404)


def test_get_unknown_pickup_is_404(api, draft):
    assert_problem(api.get(f"{draft.url}/pickups/{UNKNOWN}"), 404)
    assert_problem(api.get(f"{draft.url}/pickups/not-a-uuid"), 404)


def test_get_pickup_through_another_draft_is_404(api, draft):
    pickup = draft.add_pickup([draft.add_item()["id"]])
    other = create_draft(api)
    assert_problem(api.get(f"{other.url}/pickups/{pickup['id']}"), 404)
    assert_problem(api.delete(f"{other.url}/pickups/{pickup['id']}"), 404)
    assert DraftPickup.objects.count() == 1


def test_delete_pickup_returns_204(api, draft):
    pickup = draft.add_pickup([draft.add_item()["id"]])
    response = api.delete(f"{draft.url}/pickups/{pickup['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert DraftPickup.objects.count() == 0
    assert_problem(api.get(f"{draft.url}/pickups/{pickup['id']}"), 404)


def test_pager_number_longer_than_64_characters_is_400(api, draft):
    response = api.post(
        f"{draft.url}/pickups", {"items": [draft.add_item()["id"]], "pager_number": "9" * 65}
    )
    assert_problem(response, 400)


def test_item_ids_are_matched_whatever_their_letter_case(api, draft):
    item = draft.add_item()
    pickup = draft.add_pickup([item["id"].upper()])
    assert pickup["items"] == [item["id"]]
    assert_problem(api.delete(f"{draft.url}/items/{item['id']}"), 409)
