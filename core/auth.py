"""Bearer auth of the organization's API: the token's row read once per request (or reused
for reads from this process's recent tokens), checked against the organization in the path."""

import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest
from ninja.security import HttpBearer

from core.models import ApiClient, ApiToken, hash_token
from core.statements import Quote, Statement, column, table

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
