"""#5: finalizing a draft, and the draft being frozen afterwards."""

import pytest

from drafts.models import DraftItem, DraftPickup, SalesOrderDraft
from tests.conftest import WINDOW, assert_problem, json_of
from tests.drafts.api.test_pickups_api import open_pickup
from tests.drafts.conftest import item_body, row_counts

FINALIZE = {"@type": "SalesOrderDraftFinalizationRequest"}
UNKNOWN = "8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de"


def test_finalize_returns_204_and_marks_the_draft(api, draft):
    draft.add_item()
    response = api.patch(draft.url, FINALIZE)
    assert response.status_code == 204
    assert response.content == b""
    assert SalesOrderDraft.objects.get().finalized_at is not None


def test_finalize_a_draft_without_items_is_422(api, draft):
    body = assert_problem(api.patch(draft.url, FINALIZE), 422, "DRAFT_EMPTY")
    assert "no items" in body["detail"]
    assert SalesOrderDraft.objects.get().finalized_at is None


def test_finalize_twice_is_422(api, draft):
    draft.add_item()
    assert api.patch(draft.url, FINALIZE).status_code == 204
    body = assert_problem(api.patch(draft.url, FINALIZE), 422, "DRAFT_FINALIZED")
    assert "already finalized" in body["detail"]


def test_finalize_an_unknown_draft_is_404(api, product):
    assert_problem(api.patch(f"/sales-order-drafts/{UNKNOWN}", FINALIZE), 404)


@pytest.mark.parametrize(
    "body",
    [{}, {"@type": "SalesOrderDraftCancellationRequest"}, {"type": "x"}, [FINALIZE], "x", None],
    ids=["empty", "other-type", "no-at-type", "array", "string", "no-body"],
)
def test_finalize_without_the_finalization_request_is_400(api, draft, body):
    draft.add_item()
    assert_problem(api.patch(draft.url, body), 400)
    assert SalesOrderDraft.objects.get().finalized_at is None


def test_finalize_with_a_pickup_naming_a_vanished_item_is_422(api, draft):
    item = draft.add_item()
    pickup = draft.add_pickup([item["id"]])
    DraftPickup.objects.filter(id=pickup["id"]).update(item_ids=[item["id"], UNKNOWN])
    body = assert_problem(api.patch(draft.url, FINALIZE), 422, "DRAFT_INCONSISTENT")
    assert UNKNOWN in body["detail"]
    assert SalesOrderDraft.objects.get().finalized_at is None


def test_finalize_with_a_depending_item_that_vanished_is_422(api, draft):
    item = draft.add_item()
    DraftItem.objects.filter(id=item["id"]).update(depending_items=[{"depending_item_id": UNKNOWN}])
    assert UNKNOWN in assert_problem(api.patch(draft.url, FINALIZE), 422)["detail"]
    assert SalesOrderDraft.objects.get().finalized_at is None


def test_finalize_after_the_product_changed_currency_under_a_manual_price_is_422(api, draft):
    draft.add_item(price={"price": {"value": 9, "unit": "EUR"}, "price_is_gross": True})
    catalog_change = api.put(
        "/products/coffee",
        {
            "name": "Coffee",
            "price": {"value": 11, "unit": "CHF"},
            "price_is_gross": True,
            "tax": "CH_STANDARD_VAT_2008",
        },
    )
    assert catalog_change.status_code == 200
    assert "CHF" in assert_problem(api.patch(draft.url, FINALIZE), 422)["detail"]


def test_finalize_when_the_pager_got_taken_meanwhile_is_422(api, draft, organization):
    draft.add_pickup(
        [draft.add_item()["id"]],
        pager_number="12",
        pickup_location={"service_location": "counter-1"},
    )
    open_pickup(organization, pager="12", location="counter-1")
    assert "pager number 12" in assert_problem(api.patch(draft.url, FINALIZE), 422)["detail"]
    assert SalesOrderDraft.objects.get().finalized_at is None


def test_finalize_a_draft_with_pickup_delivery_and_dependencies(api, draft):
    deposit = draft.add_item()
    bottle = draft.add_item(depending_items=[{"depending_item_id": deposit["id"]}])
    draft.add_pickup([bottle["id"]], pager_number="1")
    draft.add_delivery([deposit["id"]])
    assert api.patch(draft.url, FINALIZE).status_code == 204


FROZEN_WRITES = [
    ("delete", "", None),
    ("put", "/customer", {"individual_name": "Bob"}),
    ("delete", "/customer", None),
    ("post", "/items", item_body()),
    ("put", "/items/{item}", item_body(lot="L2")),
    ("delete", "/items/{item}", None),
    ("post", "/pickups", {"items": ["{item}"]}),
    ("put", "/pickups/{pickup}", {"items": ["{item}"]}),
    ("delete", "/pickups/{pickup}", None),
    ("post", "/deliveries", {"items": ["{item}"]}),
    ("put", "/deliveries/{delivery}", {"items": ["{item}"]}),
    ("delete", "/deliveries/{delivery}", None),
]


@pytest.mark.parametrize(
    ("method", "path", "body"), FROZEN_WRITES, ids=[f"{m} {p}" for m, p, _ in FROZEN_WRITES]
)
def test_every_change_after_finalization_is_409_and_writes_nothing(api, draft, method, path, body):
    item = draft.add_item()
    other_item = draft.add_item()
    pickup = draft.add_pickup([item["id"]])
    delivery = draft.add_delivery([other_item["id"]])
    api.put(f"{draft.url}/customer", {"individual_name": "Ann"})
    assert draft.finalize().status_code == 204
    ids = {"item": item["id"], "pickup": pickup["id"], "delivery": delivery["id"]}
    if body and "items" in body:
        body = {"items": [ids["item"]]}
    before = row_counts()
    snapshot = {
        part: api.get(f"{draft.url}/{part}").content
        for part in ("customer", "pickups", "deliveries")
    }
    response = api.request(method.upper(), draft.url + path.format(**ids), body)
    assert "finalized" in assert_problem(response, 409, "DRAFT_FINALIZED")["detail"]
    assert row_counts() == before
    for part, content in snapshot.items():
        assert api.get(f"{draft.url}/{part}").content == content


def test_a_finalized_draft_can_still_be_read(api, finalized):
    draft, item = finalized
    assert api.get(draft.url).status_code == 200
    assert api.get(f"{draft.url}/customer").json()["individual_name"] == "Ann"
    assert json_of(api.get(f"{draft.url}/items/{item['id']}")) == item
    assert api.get(f"{draft.url}/items", query=WINDOW).json()["items"] == [
        api.get(f"{draft.url}/items/{item['id']}").json()
    ]
    assert len(api.get(f"{draft.url}/pickups").json()["items"]) == 1
    assert api.get(f"{draft.url}/deliveries").json() == {"items": [], "problems": []}
