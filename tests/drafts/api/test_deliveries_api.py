"""#19-#23: the planned deliveries of a draft: what only deliveries do. What pickups and
deliveries do alike is in test_planned_fulfillments_api.py."""

from drafts.models import DraftDelivery
from tests.conftest import assert_problem, json_of

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
