"""The catalog extension: GET list / GET one / PUT create-or-replace / DELETE products."""

from decimal import Decimal

import pytest

from orders.models import Product
from tests.conftest import assert_problem, json_of

COFFEE = {
    "name": "Coffee beans 500 g",
    "price": {"value": 10.5, "unit": "EUR"},
    "price_is_gross": True,
    "tax": "DE_STANDARD_VAT_2007",
}


def test_put_creates_a_product_with_201(api):
    response = api.put("/products/coffee", COFFEE)
    assert response.status_code == 201
    assert json_of(response) == {
        "id": "coffee",
        "name": "Coffee beans 500 g",
        "price": {"value": Decimal("10.5"), "unit": "EUR"},
        "price_is_gross": True,
        "tax": "DE_STANDARD_VAT_2007",
    }
    product = Product.objects.get()
    assert (product.product_id, product.price_value, product.tax_id) == (
        "coffee",
        Decimal("10.5"),
        "DE_STANDARD_VAT_2007",
    )


def test_put_replaces_an_existing_product_with_200(api):
    api.put("/products/coffee", COFFEE)
    replacement = {
        "name": "Coffee beans 1 kg",
        "price": {"value": 18, "unit": "CHF"},
        "price_is_gross": False,
        "tax": "CH_STANDARD_VAT_2008",
    }
    response = api.put("/products/coffee", replacement)
    assert response.status_code == 200
    assert json_of(response) == {"id": "coffee", **replacement}
    assert Product.objects.count() == 1


def test_put_with_an_unknown_tax_is_422_and_writes_nothing(api):
    body = assert_problem(
        api.put("/products/coffee", {**COFFEE, "tax": "XX_MADE_UP_VAT_2099"}), 422
    )
    assert "XX_MADE_UP_VAT_2099" in body["detail"]
    assert Product.objects.count() == 0


def test_put_with_an_unknown_tax_keeps_the_existing_product(api):
    api.put("/products/coffee", COFFEE)
    assert_problem(
        api.put("/products/coffee", {**COFFEE, "name": "x", "tax": "NOPE"}), 422, "UNKNOWN_TAX"
    )
    assert Product.objects.get().name == "Coffee beans 500 g"


@pytest.mark.parametrize(
    "body",
    [
        {**COFFEE, "price": {"value": "10.5", "unit": "EUR"}},
        {**COFFEE, "price": {"value": 10, "unit": "EURO"}},
        {**COFFEE, "price_is_gross": "yes"},
        {**COFFEE, "name": ""},
        {**COFFEE, "name": "n" * 10_000},
        {key: value for key, value in COFFEE.items() if key != "tax"},
        {key: value for key, value in COFFEE.items() if key != "price"},
        [COFFEE],
    ],
    ids=[
        "price-as-string",
        "unknown-currency",
        "gross-as-string",
        "empty-name",
        "long-name",
        "no-tax",
        "no-price",
        "array",
    ],
)
def test_put_with_a_malformed_body_is_400(api, body):
    assert_problem(api.put("/products/coffee", body), 400)
    assert Product.objects.count() == 0


def test_put_with_an_overlong_product_id_is_400(api):
    assert_problem(api.put("/products/" + "p" * 257, COFFEE), 400)
    assert Product.objects.count() == 0


def test_get_returns_the_product(api):
    created = json_of(api.put("/products/coffee", COFFEE))
    response = api.get("/products/coffee")
    assert response.status_code == 200
    assert json_of(response) == created


def test_get_unknown_product_is_404(api):
    assert "tea" in assert_problem(api.get("/products/tea"), 404)["detail"]


def test_get_product_of_another_organization_is_404(api, other_api):
    other_api.put("/products/coffee", COFFEE)
    assert_problem(api.get("/products/coffee"), 404)


def test_get_with_an_overlong_product_id_is_400(api):
    assert_problem(api.get("/products/" + "p" * 257), 400)


def test_list_returns_products_oldest_first(api):
    ids = ["coffee", "tea", "milk"]
    for product_id in ids:
        api.put(f"/products/{product_id}", COFFEE)
    response = api.get("/products")
    assert response.status_code == 200
    body = json_of(response)
    assert [product["id"] for product in body["items"]] == ids
    assert body["problems"] == []


def test_list_pages_with_limit_and_offset(api):
    ids = [f"p{number}" for number in range(5)]
    for product_id in ids:
        api.put(f"/products/{product_id}", COFFEE)
    body = api.get("/products", query={"limit": 2, "offset": 3}).json()
    assert [product["id"] for product in body["items"]] == ids[3:5]


def test_list_shows_only_the_callers_products(api, other_api):
    other_api.put("/products/coffee", COFFEE)
    assert api.get("/products").json() == {"items": [], "problems": []}


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 5001}, {"limit": "abc"}, {"offset": -1}])
def test_list_with_bad_paging_is_400(api, query):
    assert_problem(api.get("/products", query=query), 400)


@pytest.mark.parametrize("count", [3, 30])
def test_list_runs_a_fixed_number_of_queries(api, django_assert_num_queries, count):
    for number in range(count):
        api.put(f"/products/p{number}", COFFEE)
    with django_assert_num_queries(2):
        response = api.get("/products", query={"limit": 5000})
    assert len(response.json()["items"]) == count


def test_delete_removes_the_product_with_204(api):
    api.put("/products/coffee", COFFEE)
    response = api.delete("/products/coffee")
    assert response.status_code == 204
    assert response.content == b""
    assert Product.objects.count() == 0


def test_delete_unknown_product_is_404(api):
    assert_problem(api.delete("/products/coffee"), 404)


def test_delete_product_of_another_organization_is_404_and_keeps_it(api, other_api):
    other_api.put("/products/coffee", COFFEE)
    assert_problem(api.delete("/products/coffee"), 404)
    assert Product.objects.count() == 1


def test_delete_product_used_by_a_draft_item_is_409_and_keeps_it(api):
    api.put("/products/coffee", COFFEE)
    draft = api.post("/sales-order-drafts", {"sales_channel": "pos"}).json()
    item = api.post(
        f"/sales-order-drafts/{draft['id']}/items",
        {"product": "coffee", "quantity": {"value": 1, "unit": "PIECES"}},
    )
    assert item.status_code == 201
    body = assert_problem(api.delete("/products/coffee"), 409, "PRODUCT_IN_USE")
    assert "coffee" in body["detail"]
    assert Product.objects.count() == 1
    assert (
        api.get(f"/sales-order-drafts/{draft['id']}/items/{item.json()['id']}").status_code == 200
    )


def test_delete_product_after_its_draft_item_is_gone(api):
    api.put("/products/coffee", COFFEE)
    draft = api.post("/sales-order-drafts", {"sales_channel": "pos"}).json()
    api.post(
        f"/sales-order-drafts/{draft['id']}/items",
        {"product": "coffee", "quantity": {"value": 1, "unit": "PIECES"}},
    )
    assert api.delete(f"/sales-order-drafts/{draft['id']}").status_code == 204
    assert api.delete("/products/coffee").status_code == 204


def test_catalog_paths_accept_a_trailing_slash(api):
    assert api.put("/products/coffee/", COFFEE).status_code == 201
    assert api.get("/products/").status_code == 200
    assert api.get("/products/coffee/").status_code == 200
    assert api.delete("/products/coffee/").status_code == 204


def test_catalog_needs_a_token_of_the_organization(api, other_api):
    assert_problem(api.get("/products", token=other_api.token), 403)
    assert_problem(api.put("/products/coffee", COFFEE, token=""), 403)
    assert Product.objects.count() == 0


def test_every_catalog_operation_declares_400_and_403():
    from desk.api import api

    paths = api.get_openapi_schema()["paths"]
    operations = [
        (method, operation)
        for path, methods in paths.items()
        if path.startswith("/api/org/{org-id}/products")
        for method, operation in methods.items()
    ]
    assert len(operations) == 4
    for method, operation in operations:
        assert {"400", "403"} <= set(map(str, operation["responses"])), method
