"""The published OpenAPI document: what django-ninja generates, said the way the contract says
it (the spec's path parameter names, problem documents as application/problem+json)."""

from typing import Any

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
}


def rename_path_parameters(schema: dict) -> dict:
    renamed: dict[str, Any] = {}
    for path, operations in schema.get("paths", {}).items():
        for python_name, spec_name in PATH_PARAMETER_NAMES.items():
            path = path.replace("{" + python_name + "}", "{" + spec_name + "}")
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path":
                    parameter["name"] = PATH_PARAMETER_NAMES.get(
                        parameter["name"], parameter["name"]
                    )
        renamed[path] = operations
    schema["paths"] = renamed
    return schema


def publish(schema: dict) -> dict:
    """The document as served at /api/openapi.json."""
    return declare_problem_media_type(rename_path_parameters(schema))


PROBLEM_SCHEMA_REF = "#/components/schemas/ProblemSchema"


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
    below turn every validation error into one): declare it where the operation did not."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            validated = "requestBody" in operation or any(
                _is_validated(parameter) for parameter in operation.get("parameters", [])
            )
            if validated and 400 not in responses and "400" not in responses:
                responses[400] = {
                    "description": "Bad Request",
                    "content": {"application/json": {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
                }
            for response in responses.values():
                content = response.get("content", {})
                body = content.get("application/json")
                if body is not None and body.get("schema", {}).get("$ref") == PROBLEM_SCHEMA_REF:
                    response["content"] = {PROBLEM_CONTENT_TYPE: body}
    return schema
