"""Tenant isolation of the API, for every operation of the published OpenAPI schema (a new
endpoint is walked automatically; one whose path parameters this file cannot aim at another
organization's objects fails the test until the table below learns them):

(a) no credentials → 403; (b) another organization's token → 403; (c) the right token with
another organization's object ids → 404. In every case the body holds none of the other
organization's data and nothing was written.
"""

import base64
import json
import re

import pytest

from desk.api import api as ninja_api
from tests.conftest import WINDOW, assert_problem
from tests.isolation.conftest import Tenant, database_snapshot, victim_snapshot

SCHEMA = ninja_api.get_openapi_schema()
METHODS = ("get", "post", "put", "patch", "delete")
OPERATIONS = [
    (method.upper(), path, operation)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method in METHODS
]
OPERATION_IDS = [f"{method} {path}" for method, path, _ in OPERATIONS]

# Operations anyone may call: they reveal nothing about any organization.
PUBLIC = {("GET", "/api/health")}
# Authenticated by HTTP Basic client credentials instead of a bearer token.
BASIC_AUTH = {("GET", "/api/auth/authorize/{org-id}")}

# Which object a path parameter names: (inside a draft path?, the collection segment before it).
OBJECT_OF_PARAMETER = {
    (False, "products"): "product",
    (False, "sales-order-drafts"): "draft",
    (True, "sales-order-drafts"): "draft",
    (True, "items"): "draft_item",
    (True, "pickups"): "draft_pickup",
    (True, "deliveries"): "draft_delivery",
    (False, "sales-orders"): "order",
    (False, "pickups"): "pickup",
    (False, "deliveries"): "delivery",
    (False, "webhooks"): "webhook",
}
ORG_PARAMETER = "org-id"


def object_parameters(path: str) -> list[tuple[str, str]]:
    """(parameter name, object kind) of every path parameter except the organization."""
    segments = path.strip("/").split("/")
    in_draft = "sales-order-drafts" in segments
    found = []
    for position, segment in enumerate(segments):
        match = re.fullmatch(r"\{(.+)\}", segment)
        if not match or match.group(1) == ORG_PARAMETER:
            continue
        previous = segments[position - 1]
        inside = in_draft and previous != "sales-order-drafts"
        key = (inside, previous) if previous != "sales-order-drafts" else (in_draft, previous)
        kind = OBJECT_OF_PARAMETER.get(key)
        if kind is None:
            pytest.fail(
                f"{path}: no object for path parameter {{{match.group(1)}}} after "
                f"'{previous}'; add it to OBJECT_OF_PARAMETER and the tenants' fixtures"
            )
        found.append((match.group(1), kind))
    return found


def url_for(path: str, *, org: Tenant, objects: Tenant) -> str:
    """The path for organization `org`, its object ids taken from `objects`."""
    url = path.replace("{" + ORG_PARAMETER + "}", org.org_id)
    for name, kind in object_parameters(path):
        url = url.replace("{" + name + "}", objects.ids()[kind])
    return url


def resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    return SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def minimal_instance(schema: dict, depth: int = 0):
    """A small value valid for `schema` (required fields only), for bodies this file has no
    hand-written example of."""
    schema = resolve(schema)
    if depth > 8:
        return None
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [option for option in schema[key] if resolve(option).get("type") != "null"]
            return minimal_instance(options[0], depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][min(1, len(schema["enum"]) - 1)]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: minimal_instance(schema["properties"][name], depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "array":
        return [minimal_instance(schema["items"], depth + 1)] * schema.get("minItems", 0)
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date-time":
        return "2030-01-01T10:00:00Z"
    return "x" * max(schema.get("minLength", 1), 1)


def body_for(operation: dict, *, intruder: Tenant, victim: Tenant):
    """A well-formed body, so that what is tested is the tenant check, not validation."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    schema = content["schema"]
    name = schema.get("$ref", "").rsplit("/", 1)[-1] or schema.get("title", "")
    examples = {
        "SalesOrderDraftIn": {"sales_channel": "web"},
        "SalesOrderDraftFinalizationRequest": {"@type": "SalesOrderDraftFinalizationRequest"},
        "SalesOrderDraftCustomerInformation": {"individual_name": "Intruder"},
        "SalesOrderDraftItemIn": {
            "product": intruder.product_id,
            "quantity": {"value": 1, "unit": "PIECES"},
        },
        "SalesOrderDraftPickupIn": {"items": [victim.draft_item_id], "pager_number": "5"},
        "SalesOrderDraftDeliveryIn": {"items": [victim.draft_item_id]},
        "ProductIn": {
            "name": "Intruder beans",
            "price": {"value": 1, "unit": "EUR"},
            "price_is_gross": True,
            "tax": "DE_STANDARD_VAT_2007",
        },
        "WebhookIn": {"url": "https://93.184.216.34/hooks", "events": ["*"]},
        "WebhookReplace": {"url": "https://93.184.216.34/hooks", "events": ["*"]},
        # The deprecated checkout: the body is the draft id.
        "SalesOrderDraftId": victim.draft_id,
    }
    if name in examples:
        return examples[name]
    return minimal_instance(schema)


def call(client, method: str, url: str, *, token: str | None, body=None, basic: str | None = None):
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if basic:
        headers["Authorization"] = "Basic " + base64.b64encode(basic.encode()).decode()
    query = WINDOW if method == "GET" and not re.search(r"\{[^}]+\}$", url) else None
    if method == "GET":
        return client.get(url, query or {}, headers=headers)
    handler = getattr(client, method.lower())
    if body is None:
        return handler(url, headers=headers)
    return handler(url, data=json.dumps(body), content_type="application/json", headers=headers)


def assert_nothing_read(response, victim: Tenant, *, sent: str = "") -> None:
    """No victim data in the body, beyond what the request itself said (an id echoed in a
    404's detail reveals nothing)."""
    leaks = [
        leak
        for leak in victim.leaks_in(response.content.decode("utf-8", "replace"))
        if leak not in sent
    ]
    assert not leaks, f"the other organization's data leaked: {leaks}"


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_no_credentials_get_403_and_touch_nothing(
    client, victim, intruder, method, path, operation
):
    if (method, path) in PUBLIC:
        response = call(client, method, path, token=None)
        assert response.status_code in (200, 503)
        assert_nothing_read(response, victim)
        return
    body = body_for(operation, intruder=intruder, victim=victim)
    before = database_snapshot()
    response = call(
        client, method, url_for(path, org=victim, objects=victim), token=None, body=body
    )
    assert_problem(response, 403)
    assert_nothing_read(response, victim, sent=path)
    assert database_snapshot() == before


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_another_organizations_token_gets_403_and_touches_nothing(
    client, victim, intruder, method, path, operation
):
    if (method, path) in PUBLIC:
        pytest.skip("public: names no organization")
    body = body_for(operation, intruder=intruder, victim=victim)
    url = url_for(path, org=victim, objects=victim)
    before = database_snapshot()
    if (method, path) in BASIC_AUTH:
        response = call(
            client,
            method,
            url,
            token=None,
            basic=f"{intruder.client_name}:{intruder.client_secret}",
        )
    else:
        response = call(client, method, url, token=intruder.token, body=body)
    assert_problem(response, 403)
    assert_nothing_read(response, victim)
    assert database_snapshot() == before


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_own_token_with_another_organizations_ids_gets_404_and_touches_nothing(
    client, victim, intruder, method, path, operation
):
    """The intruder calls its own organization's path with the victim's object ids."""
    if (method, path) in PUBLIC | BASIC_AUTH:
        pytest.skip("names no object")
    body = body_for(operation, intruder=intruder, victim=victim)
    url = url_for(path, org=intruder, objects=victim)
    before = victim_snapshot(victim.org_id)
    response = call(client, method, url, token=intruder.token, body=body)
    kinds = [kind for _, kind in object_parameters(path)]
    if kinds == ["product"] and method == "PUT":
        # Product ids are chosen by the client: this creates the intruder's own product.
        assert response.status_code in (200, 201), response.content
    elif kinds:
        assert_problem(response, 404)
    elif body == victim.draft_id:
        # The deprecated checkout of another organization's draft: an unknown draft.
        assert_problem(response, 404)
    else:
        # Lists and creations of the intruder's own: they succeed and show only its data.
        assert response.status_code in (200, 201), response.content
    assert_nothing_read(response, victim, sent=url + json.dumps(body))
    assert victim_snapshot(victim.org_id) == before


def test_every_operation_of_the_schema_is_walked():
    walked = {(method, path) for method, path, _ in OPERATIONS}
    for _method, path, _ in OPERATIONS:
        object_parameters(path)  # fails for a parameter the matrix cannot aim
    assert len(walked) == len(OPERATIONS)
    assert {(m, p) for m, p in PUBLIC | BASIC_AUTH} <= walked
    assert len(OPERATIONS) >= 33
