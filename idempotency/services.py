"""Idempotent retries of POST and PATCH under /api/org/{org-id}/ (the contract's semantics).

The first request with a key runs as usual, inside one transaction that also writes the key's
row with its answer; a 5xx answer rolls both back, so only answers below 500 are kept. An
answer below 500 whose work failed inside that transaction (a service's 4xx) rolls the work
back and is kept by a transaction of its own (`run_once`). While it runs, the same key is 409
IDEMPOTENCY_KEY_IN_USE (PostgreSQL: a transaction-scoped advisory lock tried without waiting,
in the statement that looks for the kept answer; SQLite serializes writers, so a second
request waits for the first to commit and then sees its answer). The same key with another
method, path or body is 422 IDEMPOTENCY_KEY_REUSED. Keys live 24 hours; the worker purges
expired ones.
"""

import hashlib
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, BooleanField, Func, Subquery, Value
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.error_codes import ProblemCode
from core.models import Organization
from core.problems import BadRequest, Conflict, Unprocessable
from core.statements import Insert, Statement
from idempotency.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
LIFETIME = timedelta(hours=24)
MAX_LENGTH = 255


def check_key(key: str) -> None:
    if not 1 <= len(key) <= MAX_LENGTH or not all(" " <= char <= "~" for char in key):
        raise BadRequest(f"{HEADER} must be 1 to {MAX_LENGTH} printable ASCII characters.")


def fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (
        request.method or "",
        request.path_info.rstrip("/"),
        request.META.get("QUERY_STRING", ""),
    ):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\n")
    digest.update(request.body)
    return digest.hexdigest()


class _AdvisoryLock(Func):
    """`pg_try_advisory_xact_lock(n)`: true when this transaction now holds lock `n`, false
    at once when another transaction holds it."""

    function = "pg_try_advisory_xact_lock"
    output_field = BooleanField()


def _lock_token(*, organization_id: str, key: str) -> int:
    digest = hashlib.sha256(f"{organization_id}\n{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# PostgreSQL: the lock and the kept answer's id, if any, in one statement (compiled once).
_HOLD_AND_FIND = Statement.of_query(
    lambda token, organization_id, key: Organization.objects.filter(pk=organization_id).values_list(
        _AdvisoryLock(Value(token, output_field=BigIntegerField())),
        Subquery(
            IdempotencyKey.objects.filter(organization_id=organization_id, key=key)
            .order_by()
            .values("pk")[:1]
        ),
    ),
    params=[BigIntegerField(), Organization._meta.pk, IdempotencyKey._meta.get_field("key")],
)

# The first answer, kept (compiled once).
_KEEP = Insert(
    IdempotencyKey,
    fields=[
        "organization_id",
        "key",
        "fingerprint",
        "status_code",
        "content_type",
        "body",
        "created_at",
    ],
)


def _hold_and_find(*, organization_id: str, key: str) -> IdempotencyKey | None:
    """Hold the key for this transaction and read its kept answer, if any; `_in_use()` when
    another request holds it.

    PostgreSQL: one statement takes the lock and looks for the row. Its snapshot is taken
    before the lock, so a first request that commits in between is not seen; this one then
    runs too, and its own key row collides with the kept one at insert (the unique
    constraint): the whole transaction rolls back and the answer is 409 IN_USE.
    SQLite: take the database's write lock first (an UPDATE that matches nothing), so the
    read sees every committed key; a concurrent request waits there for this one to commit."""
    if connection.vendor == "postgresql":
        token = _lock_token(organization_id=organization_id, key=key)
        [(held, kept_id)] = _HOLD_AND_FIND.rows(token, organization_id, key)
        if not held:
            raise _in_use()
        return None if kept_id is None else IdempotencyKey.objects.get(pk=kept_id)
    IdempotencyKey.objects.filter(pk=0).update(key="")
    # The unique (organization, key) row, if any: no ORDER BY, the constraint allows one.
    return next(
        iter(IdempotencyKey.objects.filter(organization_id=organization_id, key=key).order_by()),
        None,
    )


def replay(stored: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(
        bytes(stored.body), status=stored.status_code, content_type=stored.content_type or None
    )
    if not stored.content_type:
        del response["Content-Type"]
    response[REPLAYED_HEADER] = "true"
    return response


def _in_use() -> Conflict:
    return Conflict(
        "A request with this Idempotency-Key is still running; retry once it has answered.",
        code=ProblemCode.IDEMPOTENCY_KEY_IN_USE,
    )


class _WorkFailed(Exception):
    """The handler answered below 500 but its work failed inside the transaction, which is
    now marked for rollback: carries the answer out of the transaction as it rolls back."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


def run_once(
    *,
    organization_id: str,
    key: str,
    request: HttpRequest,
    respond: Callable[[], HttpResponse],
) -> HttpResponse:
    """`respond()` the first time; its kept answer for a repetition within 24 hours.

    The handler's own atomic blocks join the key's transaction without a savepoint
    (PostgreSQL: `atomics_joined`, two round trips fewer; SQLite's savepoints cost none and
    stay). When the work fails inside one and the answer is below 500 (a service's 4xx), all
    of it rolls back, and the answer is kept in a transaction of its own: the key is looked up
    again there, so a request with the same key that ran in between is answered for (its
    kept answer, or 409 while it runs)."""
    check_key(key)
    print_ = fingerprint(request)
    try:
        return _in_transaction(
            organization_id=organization_id, key=key, print_=print_, respond=respond
        )
    except _WorkFailed as failed:
        answer = failed.response
    return _in_transaction(
        organization_id=organization_id, key=key, print_=print_, respond=lambda: answer
    )


def _in_transaction(
    *, organization_id: str, key: str, print_: str, respond: Callable[[], HttpResponse]
) -> HttpResponse:
    try:
        with transaction.atomic():
            return _first_or_kept(
                organization_id=organization_id, key=key, print_=print_, respond=respond
            )
    except IntegrityError as error:  # another request stored this key first
        raise _in_use() from error


def _first_or_kept(
    *, organization_id: str, key: str, print_: str, respond: Callable[[], HttpResponse]
) -> HttpResponse:
    stored = _hold_and_find(organization_id=organization_id, key=key)
    if stored is not None and stored.created_at <= timezone.now() - LIFETIME:
        stored.delete()
        stored = None
    if stored is not None:
        if stored.fingerprint != print_:
            raise Unprocessable(
                "This Idempotency-Key was used for another request (method, path or body); "
                "use a new key for a new request.",
                code=ProblemCode.IDEMPOTENCY_KEY_REUSED,
            )
        return replay(stored)
    with getattr(connection, "atomics_joined", nullcontext)():
        response = respond()
    if response.status_code >= 500 or response.streaming:
        transaction.set_rollback(True)
        return response
    if transaction.get_rollback():
        raise _WorkFailed(response)
    _KEEP.run(
        organization_id=organization_id,
        key=key,
        fingerprint=print_,
        status_code=response.status_code,
        content_type=response.get("Content-Type", ""),
        body=response.content,
        created_at=timezone.now(),
    )
    return response


def purge_expired() -> int:
    """Delete keys older than 24 hours; how many went."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lte=timezone.now() - LIFETIME).delete()
    return deleted
