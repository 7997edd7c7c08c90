"""The API's edge: JSON in (strict), JSON out (exact decimals as numbers), bearer auth, and the
mapping of every error to an RFC 9457 problem document with the contract's status code."""

import json
import logging
import threading
import time
from decimal import Decimal
from typing import Any

import simplejson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import BaseRenderer
from ninja.security import HttpBearer

from core.models import ApiClient, ApiToken, hash_token
from core.problems import (
    PROBLEM_CONTENT_TYPE,
    BadRequest,
    Problem,
    problem_body,
)
from core.statements import Quote, Statement, column, table

logger = logging.getLogger(__name__)

MAX_JSON_DEPTH = 32


def _reject_constant(name: str) -> Any:
    raise BadRequest(f"{name} is not a valid JSON number.")


def _check_json_value(value: Any, depth: int = 0) -> None:
    """NUL bytes cannot be stored (PostgreSQL text) and deep nesting is never meaningful."""
    if depth > MAX_JSON_DEPTH:
        raise BadRequest(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
    if isinstance(value, str):
        if "\x00" in value:
            raise BadRequest("Text must not contain NUL characters.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json_value(key, depth + 1)
            _check_json_value(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_json_value(item, depth + 1)


def parse_json_body(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("Request body is not valid UTF-8.") from exc
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise BadRequest("JSON nested too deeply.") from exc
    except json.JSONDecodeError as exc:
        raise BadRequest(f"Malformed JSON: {exc.msg} at position {exc.pos}.") from exc
    except ValueError as exc:  # e.g. an integer literal with too many digits
        raise BadRequest(f"Malformed JSON: {exc}.") from exc
    _check_json_value(data)
    return data


class StrictJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json_body(request.body)


class ExactJsonRenderer(BaseRenderer):
    """Decimals go out as JSON numbers with their exact digits, never as strings or floats."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        if data is None:
            return ""
        return simplejson.dumps(data, use_decimal=True, default=_json_default)


_RENDERER = ExactJsonRenderer()
# What django-ninja sends for a validated body (NinjaAPI.get_content_type).
JSON_CONTENT_TYPE = f"{_RENDERER.media_type}; charset={_RENDERER.charset}"


def json_response(request: HttpRequest, data: Any, *, status: int = 200) -> HttpResponse:
    """`data` sent exactly as django-ninja sends a response body it has validated (the API's
    renderer, the same Content-Type), without the validation pass: for bodies a selector builds
    in the declared schema's exact shape on a hot path. The operation keeps `response=` for the
    OpenAPI document, and its tests compare the body with its validated form."""
    return HttpResponse(
        _RENDERER.render(request, data, response_status=status),
        status=status,
        content_type=JSON_CONTENT_TYPE,
    )


def _json_default(value: Any) -> Any:
    from datetime import datetime
    from uuid import UUID

    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


_TOKEN_FIELDS = tuple(ApiToken._meta.concrete_fields)
_TOKEN_ATTNAMES = [field.attname for field in _TOKEN_FIELDS]


def _token_lookup_sql(quote: Quote) -> str:
    token, client = ApiToken._meta, ApiClient._meta
    columns = ", ".join(column("t", field, quote) for field in _TOKEN_FIELDS)
    return (
        f"SELECT {columns}, {column('c', client.get_field('is_active'), quote)} "
        f"FROM {table(ApiToken, quote)} t "
        f"LEFT JOIN {table(ApiClient, quote)} c "
        f"ON {column('c', client.pk, quote)} = {column('t', token.get_field('client'), quote)} "
        f"WHERE {column('t', token.get_field('token_hash'), quote)} = %s"
    )


# Every authenticated request needs the token's row: one statement written once (no ORM
# compilation per request), joined to the API client only (its is_active counts), no ORDER BY
# (token_hash is unique).
TOKEN_LOOKUP = Statement(
    _token_lookup_sql,
    columns=[*_TOKEN_FIELDS, ApiClient._meta.get_field("is_active")],
    params=[ApiToken._meta.get_field("token_hash")],
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class RecentTokens:
    """The token rows this process read in the last `API_TOKEN_CACHE_SECONDS` (default 2),
    by token hash, for read-only requests.

    An integration polling a pickup sends the same token many times a second; re-reading its
    row each time is a database round trip per request (issue 5's throughput figure). What is
    kept is the row, never a decision: expiry and the organization are checked on every request
    against it. The price, and the limit of this cache:

    - a token revoked, or whose API client is deactivated, can still *read* for at most that
      many seconds in a process that read it just before (then it is read again and refused);
    - requests that may write (any method but GET/HEAD/OPTIONS) always read the row from the
      database, so a revoked token never writes anything, and an event never names a token
      that was deleted meanwhile; they also drop the kept row, so the reads after a write
      read it again (and a test that writes, then counts the queries of a read, sees the
      lookup);
    - only reads keep rows; unknown tokens are not kept, and at most `size` rows are (the
      oldest go first).
    `API_TOKEN_CACHE_SECONDS = 0` turns it off.
    """

    def __init__(self, *, size: int = 1024) -> None:
        self.size = size
        self.clock = time.monotonic
        self._rows: dict[str, tuple[tuple, float]] = {}
        self._lock = threading.Lock()

    @property
    def seconds(self) -> float:
        return getattr(settings, "API_TOKEN_CACHE_SECONDS", 2.0)

    def get(self, token_hash: str) -> tuple | None:
        entry = self._rows.get(token_hash)
        if entry is None:
            return None
        row, read_at = entry
        if self.clock() - read_at < self.seconds:
            return row
        self.forget(token_hash)
        return None

    def forget(self, token_hash: str) -> None:
        if token_hash in self._rows:
            with self._lock:
                self._rows.pop(token_hash, None)

    def put(self, token_hash: str, row: tuple) -> None:
        if self.seconds <= 0:
            return
        with self._lock:
            self._rows.pop(token_hash, None)
            while len(self._rows) >= self.size:
                del self._rows[next(iter(self._rows))]
            self._rows[token_hash] = (row, self.clock())

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()


RECENT_TOKENS = RecentTokens()


class OrganizationBearer(HttpBearer):
    """`Authorization: Bearer <token>`, valid only for the organization named in the path."""

    openapi_description = "An access token from GET /api/auth/authorize/{org-id}."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        org_id = request.resolver_match.kwargs.get("org_id") if request.resolver_match else None
        if not token or org_id is None or len(token) > 512:
            return None
        token_hash = hash_token(token)
        read_only = request.method in SAFE_METHODS
        row = RECENT_TOKENS.get(token_hash) if read_only else None
        if row is None:
            rows = TOKEN_LOOKUP.rows(token_hash)
            if read_only and rows:
                RECENT_TOKENS.put(token_hash, rows[0])
            elif not read_only:
                RECENT_TOKENS.forget(token_hash)  # the reads after it see what it saw
            if not rows:
                return None
            row = rows[0]
        *values, client_is_active = row
        found = ApiToken.from_db(DEFAULT_DB_ALIAS, _TOKEN_ATTNAMES, values)
        if not found.is_usable or found.organization_id != org_id:
            return None
        if found.client_id is not None and not client_is_active:
            return None
        return found


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


def problem(status: int, title: str, detail: str) -> HttpResponse:
    response = HttpResponse(
        simplejson.dumps(problem_body(status=status, title=title, detail=detail)),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    return response


def describe_validation_errors(errors: list[dict]) -> str:
    parts = []
    for error in errors[:10]:
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        message = error.get("msg", "invalid value")
        parts.append(f"{location}: {message}" if location else message)
    more = len(errors) - 10
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts) or "Invalid request."


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Problem)
    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem(exc.status, exc.title, exc.detail)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # django-ninja says 422; for this API a malformed request is a 400.
        return problem(400, "Bad request", describe_validation_errors(exc.errors))

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            403,
            "Credentials missing or not sufficient",
            "Send a valid, unexpired bearer token of this organization.",
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, Problem):
            return problem(cause.status, cause.title, cause.detail)
        if isinstance(cause, RequestDataTooBig):
            return problem(413, "Request body too large", "Request bodies are limited to 1 MiB.")
        status = exc.status_code
        title = "Bad request" if status == 400 else "Error"
        return problem(status, title, str(exc.message) if hasattr(exc, "message") else str(exc))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(404, "Resource not found", str(exc) or "Not found.")

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return problem(413, "Request body too large", "Request bodies are limited to 1 MiB.")

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, OperationalError | InterfaceError):
            logger.warning("database unavailable: %s", exc)
            return problem(503, "Service unavailable", "The database is not reachable; retry.")
        if isinstance(exc, DatabaseError):
            logger.exception("database error")
            return problem(500, "Internal error", "The request could not be completed.")
        logger.exception("unexpected error")
        return problem(500, "Internal error", "The request could not be completed.")
