"""Bearer auth of the organization's API: the token's row read once per request (or reused
for reads from this process's recent tokens), checked against the organization in the path."""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest
from ninja.security import HttpBearer

from core.models import ApiToken, hash_token
from core.statements import Statement

_TOKEN_FIELDS = tuple(ApiToken._meta.concrete_fields)
_TOKEN_ATTNAMES = [field.attname for field in _TOKEN_FIELDS]


# Every authenticated request needs the token's row: the ORM's query compiled once (no
# compilation per request), joined to the API client only (its is_active counts), no ORDER BY
# (token_hash is unique).
TOKEN_LOOKUP = Statement.of_query(
    lambda token_hash: (
        ApiToken.objects.filter(token_hash=token_hash)
        .order_by()
        .values_list(*_TOKEN_ATTNAMES, "client__is_active")
    ),
    params=[ApiToken._meta.get_field("token_hash")],
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


TOKEN_CACHE = "api_tokens"


def clock() -> float:
    return time.monotonic()


def _cache_key(token_hash: str) -> str:
    return "api-token:" + token_hash


def recent_token_row(token_hash: str) -> tuple | None:
    """The token's row as this process read it less than `API_TOKEN_CACHE_SECONDS` ago, for a
    read-only request; else None.

    What is kept is the row, never a decision: expiry and the organization are checked on
    every request against it. The limit this sets: a token revoked, or whose API client is
    deactivated, can still *read* for at most that many seconds in a process that read it just
    before. Requests that may write never use it (`forget_token_row`). The entry's own age
    decides; the cache (`CACHES["api_tokens"]`, this process's memory, bounded) only drops it
    later. `API_TOKEN_CACHE_SECONDS = 0` turns it off."""
    seconds = settings.API_TOKEN_CACHE_SECONDS
    if seconds <= 0:
        return None
    entry = caches[TOKEN_CACHE].get(_cache_key(token_hash))
    if entry is None or clock() - entry[0] >= seconds:
        return None
    return entry[1]


def keep_token_row(token_hash: str, row: tuple) -> None:
    """Keep a row a read-only request found (unknown tokens have no row and are never kept)."""
    seconds = settings.API_TOKEN_CACHE_SECONDS
    if seconds > 0:
        caches[TOKEN_CACHE].set(_cache_key(token_hash), (clock(), row), timeout=seconds + 1)


def forget_token_row(token_hash: str) -> None:
    """A request that may write read the row afresh: the reads after it see what it saw."""
    caches[TOKEN_CACHE].delete(_cache_key(token_hash))


class OrganizationBearer(HttpBearer):
    """`Authorization: Bearer <token>`, valid only for the organization named in the path."""

    openapi_description = "An access token from GET /api/auth/authorize/{org-id}."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        """Checked once per request: a middleware that must know the caller first (the
        idempotency keys) and the API's own check share one lookup."""
        checked = request.__dict__.get("_bearer_checked")
        if checked is not None and checked[0] == token:
            return checked[1]
        found = self._check(request, token)
        request.__dict__["_bearer_checked"] = (token, found)
        return found

    def _check(self, request: HttpRequest, token: str) -> ApiToken | None:
        org_id = request.resolver_match.kwargs.get("org_id") if request.resolver_match else None
        if not token or org_id is None or len(token) > 512:
            return None
        token_hash = hash_token(token)
        read_only = request.method in SAFE_METHODS
        row = recent_token_row(token_hash) if read_only else None
        if row is None:
            rows = TOKEN_LOOKUP.rows(token_hash)
            if read_only and rows:
                keep_token_row(token_hash, rows[0])
            elif not read_only:
                forget_token_row(token_hash)
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
