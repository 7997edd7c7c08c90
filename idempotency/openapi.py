"""The Idempotency-Key header in the OpenAPI document: on every POST and PATCH under
/api/org/{org-id}/, with the answers it adds."""

from idempotency.services import HEADER, MAX_LENGTH, REPLAYED_HEADER

PROBLEM_REF = "#/components/schemas/ProblemSchema"
PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Makes a retry safe: a later request of the organization with the same key, method, "
        "path and body, within 24 hours, gets the first answer again (same status and body) "
        f"with `{REPLAYED_HEADER}: true`, and writes nothing. The same key with another "
        "request is a 422 (IDEMPOTENCY_KEY_REUSED); while the first request runs, a 409 "
        "(IDEMPOTENCY_KEY_IN_USE). Only answers below 500 are kept."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH, "pattern": "^[ -~]+$"},
}
REPLAYED = {
    "description": "`true` when this answer is the kept answer of an earlier request.",
    "schema": {"type": "string", "enum": ["true"]},
}
ADDED = {
    "409": "Conflict (also: a request with this Idempotency-Key is still running)",
    "422": "Specified data is semantically incorrect (also: Idempotency-Key reused)",
}


def declare_idempotency_key(schema: dict, *, problem_media_type: str) -> dict:
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/org/"):
            continue
        for method, operation in operations.items():
            if method not in ("post", "patch"):
                continue
            operation.setdefault("parameters", []).append(dict(PARAMETER))
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if str(code).startswith("2"):
                    response.setdefault("headers", {})[REPLAYED_HEADER] = dict(REPLAYED)
            for code, description in ADDED.items():
                if code not in responses and int(code) not in responses:
                    responses[code] = {
                        "description": description,
                        "content": {problem_media_type: {"schema": {"$ref": PROBLEM_REF}}},
                    }
    return schema
