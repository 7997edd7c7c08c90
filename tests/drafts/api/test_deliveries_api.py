"""#19-#23: the planned deliveries of a draft."""

from drafts.models import DraftDelivery
from tests.conftest import assert_problem, json_of
from tests.drafts.conftest import create_draft

UNKNOWN = "8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de"

DELIVERY = {
    "delivery_address": {
        "recipient_name": "Ann Example",
        "street_name": "Hauptstraße",
        "street_number": "5",
        "city": "Berlin",
        "zip": "10115",
        "country_code": "DE",
    },
    "delivery_time_range": {"start": "2030-05-02T08:00:00Z", "end": "2030-05-02T12:00:00Z"},
    "recipient_information": {
        "individual": "contact-1",
        "individual_name": "Ann Example",
        "contact_email": "ann@example.com",
        "contact_phone": "+49 30 5555",
    },
    "shipping_location": "warehouse-1",
    "shipping_service": "bike-courier",
}


def test_add_delivery_returns_201_with_the_delivery(api, draft):
    item = draft.add_item()
    response = api.post(f"{draft.url}/deliveries", {"items": [item["id"]], **DELIVERY})
    assert response.status_code == 201
    body = json_of(response)
    assert body["items"] == [item["id"]]
    assert body["delivery_address"]["city"] == "Berlin"
    assert body["delivery_address"]["country_code"] == "DE"
    assert body["delivery_time_range"] == DELIVERY["delivery_time_range"]
    assert body["recipient_information"] == {
        **DELIVERY["recipient_information"],
        "organization": None,
        "organization_name": None,
    }
    assert body["shipping_location"] == "warehouse-1"
    assert body["shipping_service"] == "bike-courier"
    stored = DraftDelivery.objects.get()
    assert stored.item_ids == [item["id"]]


def test_get_delivery_returns_what_was_added(api, draft):
    created = draft.add_delivery([draft.add_item()["id"]], **DELIVERY)
    response = api.get(f"{draft.url}/deliveries/{created['id']}")
    assert response.status_code == 200
    assert json_of(response) == created


def test_list_deliveries_returns_all_oldest_first(api, draft):
    first = draft.add_delivery([draft.add_item()["id"]])
    second = draft.add_delivery([draft.add_item()["id"]], **DELIVERY)
    response = api.get(f"{draft.url}/deliveries")
    assert response.status_code == 200
    assert json_of(response) == {"items": [first, second], "problems": []}


def test_add_delivery_without_items_is_400(api, draft):
    assert_problem(api.post(f"{draft.url}/deliveries", DELIVERY), 400)
    assert_problem(api.post(f"{draft.url}/deliveries", {"items": []}), 400)
    assert DraftDelivery.objects.count() == 0


def test_add_delivery_naming_an_item_that_is_not_in_the_draft_is_422(api, draft):
    body = assert_problem(api.post(f"{draft.url}/deliveries", {"items": [UNKNOWN]}), 422)
    assert UNKNOWN in body["detail"]
    assert DraftDelivery.objects.count() == 0


def test_add_delivery_naming_an_item_of_another_draft_is_422(api, draft):
    elsewhere = create_draft(api).add_item()
    assert_problem(api.post(f"{draft.url}/deliveries", {"items": [elsewhere["id"]]}), 422)
    assert DraftDelivery.objects.count() == 0


def test_add_delivery_of_an_item_already_in_a_pickup_is_422(api, draft):
    item = draft.add_item()
    pickup = draft.add_pickup([item["id"]])
    response = api.post(f"{draft.url}/deliveries", {"items": [item["id"]]})
    assert pickup["id"] in assert_problem(response, 422)["detail"]
    assert DraftDelivery.objects.count() == 0


def test_add_delivery_with_an_invalid_time_range_is_400(api, draft):
    body = {
        "items": [draft.add_item()["id"]],
        "delivery_time_range": {"start": "2030-05-02T12:00:00Z", "end": "2030-05-02T08:00:00Z"},
    }
    assert_problem(api.post(f"{draft.url}/deliveries", body), 400)
    assert DraftDelivery.objects.count() == 0


def test_replace_delivery_returns_200_with_the_new_delivery(api, draft):
    first = draft.add_item()
    second = draft.add_item()
    delivery = draft.add_delivery([first["id"]], **DELIVERY)
    response = api.put(f"{draft.url}/deliveries/{delivery['id']}", {"items": [second["id"]]})
    assert response.status_code == 200
    body = json_of(response)
    assert body == {
        "id": delivery["id"],
        "items": [second["id"]],
        "delivery_address": None,
        "delivery_time_range": None,
        "recipient_information": None,
        "shipping_location": None,
        "shipping_service": None,
    }


def test_replace_delivery_keeping_its_own_items_is_200(api, draft):
    item = draft.add_item()
    delivery = draft.add_delivery([item["id"]])
    response = api.put(
        f"{draft.url}/deliveries/{delivery['id']}", {"items": [item["id"]], **DELIVERY}
    )
    assert response.status_code == 200


def test_replace_delivery_with_an_unknown_item_is_422_and_keeps_it(api, draft):
    delivery = draft.add_delivery([draft.add_item()["id"]])
    response = api.put(f"{draft.url}/deliveries/{delivery['id']}", {"items": [UNKNOWN]})
    assert_problem(response, 422)
    assert json_of(api.get(f"{draft.url}/deliveries/{delivery['id']}")) == delivery


def test_replace_unknown_delivery_is_404(api, draft):
    item = draft.add_item()
    assert_problem(api.put(f"{draft.url}/deliveries/{UNKNOWN}", {"items": [item["id"]]}), 404)


def test_get_unknown_delivery_is_404(api, draft):
    assert_problem(api.get(f"{draft.url}/deliveries/{UNKNOWN}"), 404)
    assert_problem(api.get(f"{draft.url}/deliveries/12345"), 404)


def test_delete_delivery_returns_204(api, draft):
    delivery = draft.add_delivery([draft.add_item()["id"]])
    response = api.delete(f"{draft.url}/deliveries/{delivery['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert DraftDelivery.objects.count() == 0


def test_delete_delivery_through_another_draft_is_404(api, draft):
    delivery = draft.add_delivery([draft.add_item()["id"]])
    other = create_draft(api)
    assert_problem(api.delete(f"{other.url}/deliveries/{delivery['id']}"), 404)
    assert DraftDelivery.objects.count() == 1
