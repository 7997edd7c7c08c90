"""The published OpenAPI schema of the Sales Order Drafts operations (#1-#23)."""

import pytest

BASE = "/api/org/{org-id}/sales-order-drafts"
DRAFT = BASE + "/{sales-order-draft-id}"

# (method, path, success code) of every operation of spec §2.1.
OPERATIONS = [
    ("get", BASE, "200"),
    ("post", BASE, "201"),
    ("get", DRAFT, "200"),
    ("delete", DRAFT, "204"),
    ("patch", DRAFT, "204"),
    ("get", DRAFT + "/customer", "200"),
    ("put", DRAFT + "/customer", "200"),
    ("delete", DRAFT + "/customer", "204"),
    ("get", DRAFT + "/items", "200"),
    ("post", DRAFT + "/items", "201"),
    ("get", DRAFT + "/items/{item-id}", "200"),
    ("put", DRAFT + "/items/{item-id}", "200"),
    ("delete", DRAFT + "/items/{item-id}", "204"),
    ("get", DRAFT + "/pickups", "200"),
    ("post", DRAFT + "/pickups", "201"),
    ("get", DRAFT + "/pickups/{pickup-id}", "200"),
    ("put", DRAFT + "/pickups/{pickup-id}", "200"),
    ("delete", DRAFT + "/pickups/{pickup-id}", "204"),
    ("get", DRAFT + "/deliveries", "200"),
    ("post", DRAFT + "/deliveries", "201"),
    ("get", DRAFT + "/deliveries/{delivery-id}", "200"),
    ("put", DRAFT + "/deliveries/{delivery-id}", "200"),
    ("delete", DRAFT + "/deliveries/{delivery-id}", "204"),
]


@pytest.fixture(scope="module")
def schema():
    from desk.api import api

    return api.get_openapi_schema()


def _operation(schema, method, path):
    return schema["paths"][path][method]


def test_all_23_draft_operations_are_published_under_their_tag(schema):
    published = {
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "Sales Order Drafts" in operation.get("tags", [])
    }
    assert published == {(method, path) for method, path, _ in OPERATIONS}


@pytest.mark.parametrize(("method", "path", "success"), OPERATIONS)
def test_each_operation_declares_its_success_and_error_codes(schema, method, path, success):
    responses = _operation(schema, method, path)["responses"]
    expected = {success, "400", "403"}
    if path != BASE:
        expected.add("404")
    if method in ("post", "put", "patch"):
        expected |= {"409", "413", "422"}
    if method == "delete":
        expected.add("409")
    assert expected <= set(map(str, responses)), sorted(map(str, responses))


def test_path_parameters_carry_the_spec_names(schema):
    names = {
        parameter["name"]
        for method, path, _ in OPERATIONS
        for parameter in _operation(schema, method, path).get("parameters", [])
        if parameter["in"] == "path"
    }
    assert names == {"org-id", "sales-order-draft-id", "item-id", "pickup-id", "delivery-id"}


def test_the_draft_list_takes_the_window_paging_and_filters(schema):
    parameters = {
        parameter["name"]: parameter.get("required", False)
        for parameter in _operation(schema, "get", BASE)["parameters"]
        if parameter["in"] == "query"
    }
    assert parameters == {
        "from": True,
        "to": True,
        "limit": False,
        "offset": False,
        "sales_channel_id": False,
        "number": False,
    }


def test_pickup_and_delivery_lists_take_no_query_parameters(schema):
    for path in (DRAFT + "/pickups", DRAFT + "/deliveries"):
        parameters = _operation(schema, "get", path).get("parameters", [])
        assert [parameter for parameter in parameters if parameter["in"] == "query"] == []


def test_item_schema_names_the_spec_fields_and_requires_product_and_quantity(schema):
    item = schema["components"]["schemas"]["SalesOrderDraftItemIn"]
    assert set(item["properties"]) == {
        "product",
        "lot",
        "quantity",
        "depending_items",
        "price",
        "additional_invoice_information",
    }
    assert set(item["required"]) == {"product", "quantity"}


def test_finalization_request_requires_its_type(schema):
    request = schema["components"]["schemas"]["SalesOrderDraftFinalizationRequest"]
    assert request["required"] == ["@type"]
    assert request["properties"]["@type"]["const"] == "SalesOrderDraftFinalizationRequest"
