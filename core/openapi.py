"""The published OpenAPI document: what django-ninja generates, said the way the contract says
it: the spec's path parameter names and descriptions, the spec's response and tag texts,
problem documents as application/problem+json, both security schemes, no unused components."""

import copy
from typing import Any

from core.openapi_texts import (
    DEFAULT_RESPONSES,
    PATH_PARAMETERS,
    PATH_PARAMETERS_UNDER_DRAFTS,
    PATH_PARAMETERS_UNDER_FULFILLMENTS,
    RESPONSES,
    TAGS,
)
from core.problems import PROBLEM_CONTENT_TYPE

# Path parameters are named as in the enfore spec ({org-id}, {sales-order-draft-id}, …);
# Python needs identifiers, so the code says org_id and the published schema says org-id.
PATH_PARAMETER_NAMES = {
    "org_id": "org-id",
    "draft_id": "sales-order-draft-id",
    "item_id": "item-id",
    "draft_pickup_id": "pickup-id",
    "draft_delivery_id": "delivery-id",
    "sales_order_id": "sales-order-id",
    "pickup_id": "pickup-id",
    "delivery_id": "delivery-id",
    "product_id": "product-id",
    "webhook_id": "webhook-id",
}

PROBLEM_SCHEMA_NAME = "Problem"
PROBLEM_SCHEMA_REF = f"#/components/schemas/{PROBLEM_SCHEMA_NAME}"
SCHEMA_NAMES = {"ProblemSchema": PROBLEM_SCHEMA_NAME}

BEARER = "OrganizationBearer"
BASIC = "ClientBasic"
SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "An access token from GET /api/auth/authorize/{org-id}.",
    },
    BASIC: {
        "type": "http",
        "scheme": "basic",
        "description": "The API client's name and secret, created by an admin.",
    },
}

# A string parameter holds no NUL character (the edge refuses it with a 400).
NO_NUL = r"^[^\x00]*$"

SERVERS = [{"url": "/", "description": "This server"}]


def basic_auth() -> dict:
    """`openapi_extra` of an operation that takes the API client's HTTP Basic credentials."""
    return {"security": [{BASIC: []}]}


def no_auth() -> dict:
    """`openapi_extra` of an operation anyone may call."""
    return {"security": []}


def _operations(schema: dict) -> list[tuple[str, dict]]:
    return [
        (path, operation)
        for path, operations in schema.get("paths", {}).items()
        for operation in operations.values()
        if isinstance(operation, dict)
    ]


def rename_path_parameters(schema: dict) -> dict:
    renamed: dict[str, Any] = {}
    for path, operations in schema.get("paths", {}).items():
        for python_name, spec_name in PATH_PARAMETER_NAMES.items():
            path = path.replace("{" + python_name + "}", "{" + spec_name + "}")
        renamed[path] = operations
        descriptions = {
            **PATH_PARAMETERS,
            **(
                PATH_PARAMETERS_UNDER_FULFILLMENTS
                if "/fulfillments/" in path
                else PATH_PARAMETERS_UNDER_DRAFTS
            ),
        }
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "path":
                    continue
                name = PATH_PARAMETER_NAMES.get(parameter["name"], parameter["name"])
                parameter["name"] = name
                if name in descriptions:
                    parameter["description"] = descriptions[name]
    schema["paths"] = renamed
    return schema


def _forbid_nul_in_parameters(schema: dict) -> None:
    for _, operation in _operations(schema):
        for parameter in operation.get("parameters", []):
            value = parameter.get("schema", {})
            for candidate in [value, *value.get("anyOf", [])]:
                free_text = not {"pattern", "format", "enum"} & set(candidate)
                if candidate.get("type") == "string" and free_text:
                    candidate["pattern"] = NO_NUL
            parameter.get("schema", {}).pop("title", None)


VALIDATED_KEYWORDS = frozenset(
    {"maxLength", "minLength", "pattern", "enum", "format", "minimum", "maximum", "type"}
)


def _is_validated(parameter: dict) -> bool:
    """Whether a parameter's value can fail validation (anything but a free string)."""
    schema = parameter.get("schema", {})
    keywords = set(schema) & VALIDATED_KEYWORDS
    return bool(keywords - {"type"}) or schema.get("type", "string") != "string" or "$ref" in schema


def declare_problem_media_type(schema: dict) -> dict:
    """Error responses are sent as `application/problem+json` (RFC 9457); say so in the OpenAPI
    schema too, or clients (and schemathesis) see an undocumented content type. And every
    operation whose parameters or body can fail validation can answer 400 (the error handlers
    turn every validation error into one): declare it where the operation did not."""
    for _, operation in _operations(schema):
        responses = operation.setdefault("responses", {})
        validated = "requestBody" in operation or any(
            _is_validated(parameter) for parameter in operation.get("parameters", [])
        )
        if validated and 400 not in responses and "400" not in responses:
            responses[400] = {
                "description": DEFAULT_RESPONSES[400],
                "content": {"application/json": {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
            }
        for response in responses.values():
            content = response.get("content", {})
            body = content.get("application/json")
            if body is not None and body.get("schema", {}).get("$ref") == PROBLEM_SCHEMA_REF:
                response["content"] = {PROBLEM_CONTENT_TYPE: body}
    return schema


def _describe_responses(schema: dict) -> None:
    for _, operation in _operations(schema):
        texts = RESPONSES.get(operation.get("operationId", ""), {})
        responses = operation.get("responses", {})
        for status in list(responses):
            code = int(status)
            text = texts.get(code) or DEFAULT_RESPONSES.get(code)
            if text:
                responses[status]["description"] = text
        operation["responses"] = {
            str(key): value
            for key, value in sorted(responses.items(), key=lambda entry: int(entry[0]))
        }


def _rename_schemas(schema: dict) -> dict:
    components = schema.get("components", {}).get("schemas", {})
    for old, new in SCHEMA_NAMES.items():
        if old in components:
            components[new] = {**components.pop(old), "title": new}
    return _walk_refs(schema, SCHEMA_NAMES)


def _walk_refs(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                prefix, _, name = value.rpartition("/")
                if name in names:
                    node[key] = f"{prefix}/{names[name]}"
            else:
                _walk_refs(value, names)
    elif isinstance(node, list):
        for value in node:
            _walk_refs(value, names)
    return node


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.add(value.rsplit("/", 1)[-1])
            else:
                _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def _drop_unused_components(schema: dict) -> None:
    components = schema.get("components", {}).get("schemas", {})
    used: set[str] = set()
    _refs(schema.get("paths", {}), used)
    pending = list(used)
    while pending:
        inner: set[str] = set()
        _refs(components.get(pending.pop(), {}), inner)
        pending.extend(inner - used)
        used |= inner
    for name in list(components):
        if name not in used:
            del components[name]


def _declare_security(schema: dict) -> None:
    schema.setdefault("components", {})["securitySchemes"] = copy.deepcopy(SECURITY_SCHEMES)


def _declare_tags(schema: dict) -> None:
    used = {tag for _, operation in _operations(schema) for tag in operation.get("tags", [])}
    schema["tags"] = [tag for tag in TAGS if tag["name"] in used] + [
        {"name": name} for name in sorted(used - {tag["name"] for tag in TAGS})
    ]


def publish(schema: dict, *, schemas: dict[str, dict] | None = None) -> dict:
    """The document as served at /api/openapi.json; `schemas` are components that operations
    refer to by hand (through `openapi_extra`)."""
    schema["servers"] = copy.deepcopy(SERVERS)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, component in (schemas or {}).items():
        components.setdefault(name, copy.deepcopy(component))
    rename_path_parameters(schema)
    _forbid_nul_in_parameters(schema)
    _rename_schemas(schema)
    declare_problem_media_type(schema)
    _describe_responses(schema)
    _declare_security(schema)
    _declare_tags(schema)
    _drop_unused_components(schema)
    return schema
