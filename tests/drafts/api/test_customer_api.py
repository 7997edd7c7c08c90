"""#6-#8: the customer information of a draft."""

from drafts.models import SalesOrderDraft
from tests.conftest import assert_problem, json_of

CUSTOMER = {
    "individual": "contact-17",
    "individual_name": "Ann Example",
    "organization": "org-3",
    "organization_name": "Example AG",
    "invoice_address": {
        "street_name": "Bahnhofstrasse",
        "street_number": "1",
        "city": "Zürich",
        "zip": "8001",
        "country_code": "CH",
    },
    "contact_address": {"full_address": "Bahnhofstrasse 1, 8001 Zürich"},
    "contact_email": "ann@example.com",
    "contact_phone": "+41 44 123 45 67",
}


def test_get_customer_of_a_draft_without_one_is_404(api, draft):
    body = assert_problem(api.get(f"{draft.url}/customer"), 404)
    assert "no customer information" in body["detail"]


def test_put_customer_returns_200_with_the_customer(api, draft):
    response = api.put(f"{draft.url}/customer", CUSTOMER)
    assert response.status_code == 200
    body = json_of(response)
    assert {key: value for key, value in body.items() if key.endswith("address") is False} == {
        key: value for key, value in CUSTOMER.items() if not key.endswith("address")
    }
    assert body["invoice_address"]["city"] == "Zürich"
    assert body["invoice_address"]["country_code"] == "CH"
    assert body["invoice_address"]["care_of"] is None


def test_get_customer_returns_what_was_put(api, draft):
    put = json_of(api.put(f"{draft.url}/customer", CUSTOMER))
    response = api.get(f"{draft.url}/customer")
    assert response.status_code == 200
    assert json_of(response) == put


def test_put_customer_replaces_the_previous_one(api, draft):
    api.put(f"{draft.url}/customer", CUSTOMER)
    body = api.put(f"{draft.url}/customer", {"individual_name": "Bob"}).json()
    assert body["individual_name"] == "Bob"
    assert body["individual"] is None
    assert body["invoice_address"] is None


def test_put_an_empty_customer_is_allowed(api, draft):
    response = api.put(f"{draft.url}/customer", {})
    assert response.status_code == 200
    assert set(json_of(response).values()) == {None}
    assert api.get(f"{draft.url}/customer").status_code == 200


def test_put_customer_with_a_bad_email_is_400_and_writes_nothing(api, draft):
    assert_problem(api.put(f"{draft.url}/customer", {"contact_email": "not an email"}), 400)
    assert SalesOrderDraft.objects.get().customer_information is None


def test_put_customer_with_an_unknown_country_is_400(api, draft):
    body = {"invoice_address": {"country_code": "XX"}}
    assert_problem(api.put(f"{draft.url}/customer", body), 400)


def test_put_customer_with_an_overlong_individual_is_400(api, draft):
    assert_problem(api.put(f"{draft.url}/customer", {"individual": "x" * 257}), 400)
    assert SalesOrderDraft.objects.get().customer_information is None


def test_put_customer_of_an_unknown_draft_is_404(api, product):
    url = "/sales-order-drafts/8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de/customer"
    assert_problem(api.put(url, CUSTOMER), 404)


def test_delete_customer_returns_204_and_removes_it(api, draft):
    api.put(f"{draft.url}/customer", CUSTOMER)
    response = api.delete(f"{draft.url}/customer")
    assert response.status_code == 204
    assert response.content == b""
    assert SalesOrderDraft.objects.get().customer_information is None
    assert_problem(api.get(f"{draft.url}/customer"), 404)


def test_delete_customer_when_none_is_set_is_404(api, draft):
    assert_problem(api.delete(f"{draft.url}/customer"), 404)
