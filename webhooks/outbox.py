"""The outbox: events written in the transaction of the change they report.

Apps that own a resource register how its GET reads it (`register_renderer`: a
`core.statements.Read`), so an event's `data.object` is exactly that rendering. Events are
written only for organizations with an active subscription that wants them; `sequence` counts
the events written for one object, from 1.

A transition (`@transition`: one transaction) collects the changes it records and writes their
events when it returns, still inside its transaction: the organization's subscriptions read
once, then every object's rendering and last `sequence` read in one round trip, then the events,
their deliveries and the workers' `NOTIFY` written in one more (on PostgreSQL; one statement at
a time elsewhere). An object changed twice in one transition (an order put IN_PROCESS then
COMPLETED by its last pickup) is read once, at the end, and each of its events carries the
status that event reports: within a transition only statuses move. Changes recorded outside a
transition are written at once, the same way.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar
from uuid import UUID, uuid4

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import AutoField, Max, Model

from core.rendering import render_json
from core.statements import Read, Statement, read_all, run_together
from webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription

Renderer = Callable[[str, UUID], Read]
_RENDERERS: dict[str, Renderer] = {}


def register_renderer(object_type: str, render: Renderer) -> None:
    """`render(organization_id, object_id)` is the `Read` of the object as its GET renders it."""
    _RENDERERS[object_type] = render


@dataclass(frozen=True)
class Change:
    """One change of one object: `previous_status` is None for a creation; `status` is the
    status it moved to (None: as the object's rendering shows it)."""

    object_type: str  # "sales_order", "pickup", "delivery"
    object_id: UUID
    occurred_at: datetime
    previous_status: str | None = None
    status: str | None = None

    @property
    def event_type(self) -> str:
        return (
            f"{self.object_type}.{'created' if self.previous_status is None else 'status_changed'}"
        )


def render_body(body: dict) -> str:
    """The API's JSON: decimals as exact numbers, times in UTC with `Z`."""
    return render_json(body)


@dataclass
class _Pending:
    """The changes a transition recorded, with the subscriptions of their organization."""

    subscriptions: dict[str, list[WebhookSubscription]] = field(default_factory=dict)
    changes: list[tuple[str, Change, list[WebhookSubscription]]] = field(default_factory=list)


_pending: ContextVar[_Pending | None] = ContextVar("webhook_outbox_pending", default=None)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def _collecting() -> Iterator[_Pending]:
    pending = _Pending()
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)


def transition(function: Callable[P, R]) -> Callable[P, R]:
    """A service that moves statuses, in one transaction (like `transaction.atomic`): the
    events of the changes it records are written when it returns, before the commit; if it
    raises, none are (and its transaction rolls back). It must not swallow an error of its own
    writes inside a savepoint: the changes recorded there would still be reported."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            with _collecting() as pending:
                result = function(*args, **kwargs)
            _write(pending)
            return result

    return wrapper


def _subscriptions(pending: _Pending, organization_id: str) -> list[WebhookSubscription]:
    found = pending.subscriptions.get(organization_id)
    if found is None:
        found = pending.subscriptions[organization_id] = list(
            WebhookSubscription.objects.filter(organization_id=organization_id, active=True).only(
                "id", "events"
            )
        )
    return found


def record(*, organization_id: str, changes: list[Change]) -> None:
    """Report `changes` (in the caller's transaction, after the change is saved): inside a
    transition, when it returns; otherwise now. One query when nobody listens (one per
    transition)."""
    current = _pending.get()
    pending = current if current is not None else _Pending()
    subscriptions = _subscriptions(pending, organization_id)
    if not subscriptions:
        return
    for change in changes:
        wanting = [s for s in subscriptions if s.wants(change.event_type)]
        if wanting and change.object_type in _RENDERERS:
            pending.changes.append((organization_id, change, wanting))
    if current is None:
        _write(pending)


# The object's last event sequence: no row when it has no event yet.
LAST_SEQUENCE = Statement.of_query(
    lambda object_id: (
        WebhookEvent.objects.filter(object_id=object_id)
        .order_by()
        .values("object_id")
        .annotate(last=Max("sequence"))
        .values_list("last")
    ),
    params=[WebhookEvent._meta.get_field("object_id")],
)


def _last_sequence(object_id: UUID) -> Read:
    def shape(results: list[list[tuple]]) -> int:
        (rows,) = results
        return rows[0][0] if rows else 0

    return Read(((LAST_SEQUENCE, (object_id,)),), shape)


def _write(pending: _Pending, using: str = DEFAULT_DB_ALIAS) -> None:
    if not pending.changes:
        return
    objects = list(
        dict.fromkeys(
            (org, change.object_type, change.object_id) for org, change, _ in pending.changes
        )
    )
    values = read_all(
        [_RENDERERS[kind](org, object_id) for org, kind, object_id in objects]
        + [_last_sequence(object_id) for _, _, object_id in objects],
        using=using,
    )
    rendered = dict(zip(objects, values[: len(objects)], strict=True))
    last = {
        object_id: value
        for (_, _, object_id), value in zip(objects, values[len(objects) :], strict=True)
    }
    events: list[WebhookEvent] = []
    deliveries: list[WebhookDelivery] = []
    for organization_id, change, wanting in pending.changes:
        shown = rendered[(organization_id, change.object_type, change.object_id)]
        if change.status is not None and shown.get("status") != change.status:
            shown = {**shown, "status": change.status}
        last[change.object_id] += 1
        event = _event(organization_id, change, shown, last[change.object_id])
        events.append(event)
        deliveries.extend(
            WebhookDelivery(subscription_id=s.id, event=event, next_attempt_at=change.occurred_at)
            for s in wanting
        )
    statements = _inserts(WebhookEvent, events, using) + _inserts(
        WebhookDelivery, deliveries, using
    )
    if connections[using].vendor == "postgresql":
        # Listening workers hear it at commit (not at all if the transaction rolls back);
        # elsewhere they find new deliveries by polling.
        statements.append((f"NOTIFY {WAKE_CHANNEL}", []))
    run_together(statements, using=using)


def _event(organization_id: str, change: Change, shown: dict, sequence: int) -> WebhookEvent:
    event_id = uuid4()
    data: dict[str, Any] = {"object": shown}
    if change.previous_status is not None:
        data["previous_status"] = change.previous_status
    body = {
        "id": str(event_id),
        "type": change.event_type,
        "occurred_at": change.occurred_at,
        "organization": organization_id,
        "sequence": sequence,
        "data": data,
    }
    return WebhookEvent(
        id=event_id,
        organization_id=organization_id,
        type=change.event_type,
        object_id=change.object_id,
        sequence=sequence,
        occurred_at=change.occurred_at,
        body=render_body(body),
    )


def _inserts(model: type[Model], rows: list[Model], using: str) -> list[tuple[str, list]]:
    """`INSERT … VALUES (…), (…)` of `rows` (in batches the backend takes), not yet run, so
    they can share a round trip with other statements. Values are prepared as `save()`
    prepares them; an auto id is left to the database; nothing is read back. (Plain VALUES
    rather than the arrays `bulk_create` sends to PostgreSQL: quoting a JSON body inside an
    array literal costs more than the insert.)"""
    if not rows:
        return []
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)]
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        "VALUES "
    )
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = connection.ops.bulk_batch_size(fields, rows) or len(rows)
    statements = []
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        params = [
            f.get_db_prep_save(f.pre_save(row, add=True), connection)
            for row in batch
            for f in fields
        ]
        statements.append((head + ", ".join([one] * len(batch)), params))
    return statements


WAKE_CHANNEL = "webhook_deliveries"
