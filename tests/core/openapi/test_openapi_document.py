"""The published OpenAPI document says what the contract's section "OpenAPI document" says."""

import json

import pytest
from openapi_spec_validator import validate

from core.error_codes import ProblemCode
from core.openapi_texts import CREDENTIALS

OPERATION_IDS = {
    "listSalesOrderDrafts", "createSalesOrderDraft", "getSalesOrderDraft",
    "deleteSalesOrderDraft", "finalizeSalesOrderDraft", "getSalesOrderDraftCustomer",
    "setSalesOrderDraftCustomer", "deleteSalesOrderDraftCustomer",
    *(
        f"{verb}SalesOrderDraft{noun}"
        for noun in ("Item", "Pickup", "Delivery")
        for verb in ("create", "get", "replace", "delete")
    ),
    "listSalesOrderDraftItems", "listSalesOrderDraftPickups", "listSalesOrderDraftDeliveries",
    "listSalesOrders", "createSalesOrderFromDraft", "getSalesOrder", "setSalesOrderStatus",
    "listPickups", "getPickup", "setPickupStatus", "listDeliveries", "getDelivery",
    "setDeliveryStatus", "authorize", "health", "listProducts", "getProduct", "putProduct",
    "deleteProduct",
}  # fmt: skip


@pytest.fixture(scope="module")
def document() -> dict:
    from desk.api import api

    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/")))


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def walk(node, found: list[tuple[str, dict]], where: str = "") -> list[tuple[str, dict]]:
    if isinstance(node, dict):
        found.append((where, node))
        for key, value in node.items():
            walk(value, found, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            walk(value, found, f"{where}/{index}")
    return found


def test_the_document_is_valid_openapi(document):
    validate(document)


def test_operation_ids_are_the_contracts_camel_case_names(document):
    ids = {operation["operationId"] for _, _, operation in operations(document)}
    assert ids >= OPERATION_IDS
    assert all(name[0].islower() and "_" not in name for name in ids)


def test_money_and_quantity_values_are_numbers_with_their_bounds(document):
    schemas = document["components"]["schemas"]
    assert schemas["Money"]["properties"]["value"]["type"] == "number"
    assert schemas["Money"]["properties"]["value"]["maximum"] == 10**14
    quantity = schemas["Quantity"]["properties"]["value"]
    assert quantity["type"] == "number" and quantity["exclusiveMinimum"] == 0


def test_no_pydantic_keyword_leaks_into_the_document(document):
    leaks = {"max_digits", "decimal_places", "gt", "ge", "lt", "le"}
    for where, node in walk(document["components"], []):
        if "properties" not in where.rsplit("/", 1)[-1]:
            assert not leaks & set(node), where


def test_every_timestamp_is_a_date_time(document):
    timestamps = 0
    for where, node in walk(document["components"]["schemas"], []):
        name = where.rsplit("/", 1)[-1]
        if where.endswith(f"properties/{name}") and (
            name.endswith(("_at", "date_and_time")) or name in {"start", "end"}
        ):
            variants = [node, *node.get("anyOf", [])]
            assert any(v.get("format") == "date-time" for v in variants), where
            timestamps += 1
    assert timestamps >= 3


def test_bearer_and_basic_schemes_are_declared(document):
    schemes = document["components"]["securitySchemes"]
    assert {scheme["scheme"] for scheme in schemes.values()} == {"bearer", "basic"}
    paths = document["paths"]
    basic = [name for name, scheme in schemes.items() if scheme["scheme"] == "basic"]
    assert paths["/api/auth/authorize/{org-id}"]["get"]["security"] == [{basic[0]: []}]
    assert paths["/api/health"]["get"]["security"] == []
    assert document["servers"] == [{"url": "/", "description": "This server"}]


def test_no_component_is_unused(document):
    text = json.dumps({key: value for key, value in document.items() if key != "components"})
    schemas = document["components"]["schemas"]
    inner = json.dumps(schemas)
    for name in schemas:
        ref = f'"#/components/schemas/{name}"'
        assert ref in text or ref in inner, name


def test_status_bodies_refer_to_named_status_enums(document):
    body = document["paths"]["/api/org/{org-id}/fulfillments/pickups/{pickup-id}/status"]["put"]
    schema = body["requestBody"]["content"]["application/json"]["schema"]
    assert schema["oneOf"] == [
        {"$ref": "#/components/schemas/PickupStatusUpdate"},
        {"$ref": "#/components/schemas/PickupStatus"},
    ]


def test_each_operation_has_one_tag_and_every_tag_a_description(document):
    assert all(len(operation["tags"]) == 1 for _, _, operation in operations(document))
    assert all(tag.get("description") for tag in document["tags"])


def test_responses_carry_the_specs_descriptions(document):
    for method, path, operation in operations(document):
        responses = operation["responses"]
        if "403" in responses:
            assert responses["403"]["description"] == CREDENTIALS, (method, path)
    set_pickup = document["paths"]["/api/org/{org-id}/fulfillments/pickups/{pickup-id}/status"]
    assert set_pickup["put"]["responses"]["409"]["description"] == (
        "Specified status is incompatible with the current status of the pickup"
    )


def test_path_parameters_carry_the_specs_descriptions(document):
    for method, path, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter.get("description"), (method, path, parameter["name"])


def test_the_problem_schema_says_what_is_always_sent_and_lists_every_code(document):
    problem = document["components"]["schemas"]["Problem"]
    assert {"title", "status", "detail", "code"} <= set(problem["required"])
    code = document["components"]["schemas"]["ProblemCode"]
    assert set(code["enum"]) == {value.value for value in ProblemCode}


def test_text_fields_refuse_nul_characters_in_the_schema(document):
    item = document["components"]["schemas"]["SalesOrderDraftItemIn"]["properties"]
    assert item["product"]["pattern"] == r"^[^\x00]*$"
