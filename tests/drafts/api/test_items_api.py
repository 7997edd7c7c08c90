"""#9-#13: the items of a draft, and the rules on product, price and depending items."""

from decimal import Decimal

import pytest

from drafts.models import DraftItem
from tests.conftest import WINDOW, assert_problem, json_of
from tests.drafts.conftest import item_body, row_counts

UNKNOWN = "8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de"


def test_add_item_returns_201_with_the_item(api, draft):
    response = api.post(
        f"{draft.url}/items",
        {
            "product": "coffee",
            "lot": "LOT-7",
            "quantity": {"value": 2.5, "unit": "MASS_KILOGRAMS"},
            "additional_invoice_information": [{"type": "engraving", "text": ["Ann"]}],
        },
    )
    assert response.status_code == 201
    body = json_of(response)
    assert body == {
        "id": body["id"],
        "product": "coffee",
        "lot": "LOT-7",
        "quantity": {"value": Decimal("2.5"), "unit": "MASS_KILOGRAMS"},
        "depending_items": [],
        "price": None,
        "additional_invoice_information": [{"type": "engraving", "text": ["Ann"]}],
    }
    assert DraftItem.objects.get().quantity_value == Decimal("2.5")


def test_an_item_reads_back_as_it_was_written(api, draft):
    created = draft.add_item(
        quantity={"value": 3, "unit": "PIECES"},
        price={"price": {"value": 1.25, "unit": "EUR"}, "price_is_gross": False},
    )
    response = api.get(f"{draft.url}/items/{created['id']}")
    assert response.status_code == 200
    assert response.content.count(b'"value": 3,') == 1
    assert json_of(response) == created


def test_add_item_with_a_manual_price_in_the_products_currency(api, draft):
    item = draft.add_item(price={"price": {"value": 8.9, "unit": "EUR"}, "price_is_gross": True})
    assert item["price"] == {
        "price": {"value": Decimal("8.9"), "unit": "EUR"},
        "price_is_gross": True,
    }
    stored = DraftItem.objects.get()
    assert (stored.price_value, stored.price_currency, stored.price_is_gross) == (
        Decimal("8.9"),
        "EUR",
        True,
    )


def test_add_item_with_a_manual_price_in_another_currency_is_422(api, draft):
    body = assert_problem(
        api.post(
            f"{draft.url}/items",
            item_body(price={"price": {"value": 8, "unit": "CHF"}, "price_is_gross": True}),
        ),
        422,
    )
    assert "EUR" in body["detail"] and "CHF" in body["detail"]
    assert DraftItem.objects.count() == 0


def test_add_item_with_a_price_without_price_is_gross_is_400(api, draft):
    response = api.post(
        f"{draft.url}/items", item_body(price={"price": {"value": 8, "unit": "EUR"}})
    )
    assert_problem(response, 400)
    assert DraftItem.objects.count() == 0


def test_add_item_of_an_unknown_product_is_422(api, draft):
    body = assert_problem(
        api.post(f"{draft.url}/items", item_body("caviar")), 422, "UNKNOWN_PRODUCT"
    )
    assert "caviar" in body["detail"]
    assert DraftItem.objects.count() == 0


def test_add_item_of_another_organizations_product_is_422(api, draft, other_organization):
    from orders.models import Product, TaxRate

    Product.objects.create(
        organization=other_organization,
        product_id="rival-coffee",
        name="Rival coffee",
        price_value=Decimal("9"),
        currency="EUR",
        tax=TaxRate.objects.get(identifier="DE_STANDARD_VAT_2007"),
    )
    assert_problem(api.post(f"{draft.url}/items", item_body("rival-coffee")), 422)
    assert DraftItem.objects.count() == 0


def test_add_item_to_an_unknown_draft_is_404(api, product):
    response = api.post(f"/sales-order-drafts/{UNKNOWN}/items", item_body())
    assert_problem(response, 404)


@pytest.mark.parametrize("missing", ["product", "quantity"])
def test_add_item_without_a_required_field_is_400(api, draft, missing):
    body = item_body()
    del body[missing]
    detail = assert_problem(api.post(f"{draft.url}/items", body), 400)["detail"]
    assert missing in detail
    assert DraftItem.objects.count() == 0


@pytest.mark.parametrize("value", [0, -1])
def test_add_item_with_a_quantity_that_is_not_positive_is_400(api, draft, value):
    response = api.post(
        f"{draft.url}/items", item_body(quantity={"value": value, "unit": "PIECES"})
    )
    assert_problem(response, 400)


def test_add_item_with_a_depending_item_of_the_same_draft(api, draft):
    deposit = draft.add_item()
    bottle = draft.add_item(
        depending_items=[{"depending_item_id": deposit["id"], "dependency_type": "DEPOSIT"}]
    )
    assert bottle["depending_items"] == [
        {"depending_item_id": deposit["id"], "dependency_type": "DEPOSIT"}
    ]


def test_dependency_type_defaults_to_unknown(api, draft):
    deposit = draft.add_item()
    bottle = draft.add_item(depending_items=[{"depending_item_id": deposit["id"]}])
    assert bottle["depending_items"][0]["dependency_type"] == "UNKNOWN"


def test_add_item_with_a_depending_item_that_is_not_in_the_draft_is_422(api, draft):
    body = assert_problem(
        api.post(
            f"{draft.url}/items",
            item_body(
                depending_items=[{"depending_item_id": UNKNOWN, "dependency_type": "ADD_ON"}]
            ),
        ),
        422,
    )
    assert UNKNOWN in body["detail"]
    assert DraftItem.objects.count() == 0


def test_add_item_with_a_depending_item_of_another_draft_is_422(api, draft):
    from tests.drafts.conftest import create_draft

    elsewhere = create_draft(api).add_item()
    response = api.post(
        f"{draft.url}/items",
        item_body(depending_items=[{"depending_item_id": elsewhere["id"]}]),
    )
    assert_problem(response, 422)
    assert DraftItem.objects.filter(draft_id=draft.id).count() == 0


def test_add_item_naming_the_same_depending_item_twice_is_422(api, draft):
    deposit = draft.add_item()
    dependency = {"depending_item_id": deposit["id"]}
    response = api.post(f"{draft.url}/items", item_body(depending_items=[dependency, dependency]))
    assert "twice" in assert_problem(response, 422, "ITEM_NOT_IN_DRAFT")["detail"]


def test_replace_item_depending_on_itself_is_422(api, draft):
    item = draft.add_item()
    response = api.put(
        f"{draft.url}/items/{item['id']}",
        item_body(depending_items=[{"depending_item_id": item["id"]}]),
    )
    assert "itself" in assert_problem(response, 422)["detail"]
    assert DraftItem.objects.get().depending_items == []


def test_replace_item_closing_a_dependency_cycle_is_422(api, draft):
    deposit = draft.add_item()
    bottle = draft.add_item(depending_items=[{"depending_item_id": deposit["id"]}])
    response = api.put(
        f"{draft.url}/items/{deposit['id']}",
        item_body(depending_items=[{"depending_item_id": bottle["id"]}]),
    )
    assert "cycle" in assert_problem(response, 422)["detail"]
    assert DraftItem.objects.get(id=deposit["id"]).depending_items == []


def test_replace_item_returns_200_with_the_new_item(api, draft, swiss_tea):
    item = draft.add_item(lot="L1")
    response = api.put(
        f"{draft.url}/items/{item['id']}",
        item_body("tea", quantity={"value": 1, "unit": "PIECES"}),
    )
    assert response.status_code == 200
    body = json_of(response)
    assert body["id"] == item["id"]
    assert body["product"] == "tea"
    assert body["lot"] is None
    assert body["quantity"] == {"value": 1, "unit": "PIECES"}
    assert DraftItem.objects.get().product == swiss_tea


def test_replace_item_without_price_removes_the_manual_price(api, draft):
    item = draft.add_item(price={"price": {"value": 1, "unit": "EUR"}, "price_is_gross": True})
    body = api.put(f"{draft.url}/items/{item['id']}", item_body()).json()
    assert body["price"] is None
    stored = DraftItem.objects.get()
    assert (stored.price_value, stored.price_currency, stored.price_is_gross) == (None, None, None)


def test_replace_item_with_an_unknown_product_is_422_and_keeps_the_item(api, draft):
    item = draft.add_item()
    assert_problem(api.put(f"{draft.url}/items/{item['id']}", item_body("caviar")), 422)
    assert json_of(api.get(f"{draft.url}/items/{item['id']}")) == item


def test_replace_unknown_item_is_404(api, draft):
    assert_problem(api.put(f"{draft.url}/items/{UNKNOWN}", item_body()), 404)
    assert DraftItem.objects.count() == 0


def test_get_unknown_item_is_404(api, draft):
    assert_problem(api.get(f"{draft.url}/items/{UNKNOWN}"), 404)
    assert_problem(api.get(f"{draft.url}/items/not-a-uuid"), 404)


def test_get_item_through_another_draft_is_404(api, draft):
    from tests.drafts.conftest import create_draft

    item = draft.add_item()
    other = create_draft(api)
    assert_problem(api.get(f"{other.url}/items/{item['id']}"), 404)


def test_list_items_of_the_window_oldest_first(api, draft):
    first = draft.add_item()
    second = draft.add_item(lot="B")
    response = api.get(f"{draft.url}/items", query=WINDOW)
    assert response.status_code == 200
    assert json_of(response) == {"items": [first, second], "problems": []}


def test_list_items_pages_with_limit_and_offset(api, draft):
    ids = [draft.add_item()["id"] for _ in range(4)]
    page = api.get(f"{draft.url}/items", query={**WINDOW, "limit": 2, "offset": 1}).json()
    assert [item["id"] for item in page["items"]] == ids[1:3]


def test_list_items_requires_the_window(api, draft):
    assert_problem(api.get(f"{draft.url}/items"), 400)


def test_list_items_of_an_unknown_draft_is_404(api):
    assert_problem(api.get(f"/sales-order-drafts/{UNKNOWN}/items", query=WINDOW), 404)


def test_delete_item_returns_204_and_removes_it(api, draft):
    item = draft.add_item()
    response = api.delete(f"{draft.url}/items/{item['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert DraftItem.objects.count() == 0


def test_delete_unknown_item_is_404(api, draft):
    assert_problem(api.delete(f"{draft.url}/items/{UNKNOWN}"), 404)


def test_delete_item_held_by_a_pickup_is_409_and_keeps_it(api, draft):
    item = draft.add_item()
    pickup = draft.add_pickup([item["id"]])
    before = row_counts()
    body = assert_problem(api.delete(f"{draft.url}/items/{item['id']}"), 409, "ITEM_IN_USE")
    assert pickup["id"] in body["detail"]
    assert row_counts() == before


def test_delete_item_held_by_a_delivery_is_409(api, draft):
    item = draft.add_item()
    delivery = draft.add_delivery([item["id"]])
    body = assert_problem(api.delete(f"{draft.url}/items/{item['id']}"), 409)
    assert delivery["id"] in body["detail"]
    assert DraftItem.objects.count() == 1


def test_delete_item_named_as_a_depending_item_is_409(api, draft):
    deposit = draft.add_item()
    bottle = draft.add_item(depending_items=[{"depending_item_id": deposit["id"]}])
    body = assert_problem(api.delete(f"{draft.url}/items/{deposit['id']}"), 409)
    assert bottle["id"] in body["detail"]
    assert DraftItem.objects.count() == 2


def test_delete_item_after_its_reference_is_removed(api, draft):
    item = draft.add_item()
    pickup = draft.add_pickup([item["id"]])
    assert api.delete(f"{draft.url}/pickups/{pickup['id']}").status_code == 204
    assert api.delete(f"{draft.url}/items/{item['id']}").status_code == 204


def test_depending_item_ids_are_matched_whatever_their_letter_case(api, draft):
    deposit = draft.add_item()
    bottle = draft.add_item(depending_items=[{"depending_item_id": deposit["id"].upper()}])
    assert bottle["depending_items"][0]["depending_item_id"] == deposit["id"]
