"""The outbox: events written in the transaction of the change they report.

Apps that own a resource register how its GET renders it (`register_renderer`), so an event's
`data.object` is exactly that rendering, taken at the moment of the change. Events are written
only for organizations with an active subscription that wants them; `sequence` counts the
events written for one object, from 1.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import simplejson
from django.db import connection
from django.db.models import Max

from webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription

Renderer = Callable[[str, UUID], dict]
_RENDERERS: dict[str, Renderer] = {}


def register_renderer(object_type: str, render: Renderer) -> None:
    """`render(organization_id, object_id)` returns the object as its GET renders it."""
    _RENDERERS[object_type] = render


@dataclass(frozen=True)
class Change:
    """One change of one object: `previous_status` is None for a creation."""

    object_type: str  # "sales_order", "pickup", "delivery"
    object_id: UUID
    occurred_at: datetime
    previous_status: str | None = None

    @property
    def event_type(self) -> str:
        return (
            f"{self.object_type}.{'created' if self.previous_status is None else 'status_changed'}"
        )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def render_body(body: dict) -> str:
    """The API's JSON: decimals as exact numbers, times in UTC with `Z`."""
    return simplejson.dumps(body, use_decimal=True, default=_json_default)


def record(*, organization_id: str, changes: list[Change]) -> list[WebhookEvent]:
    """Write the events of `changes` (in the caller's transaction, after the change is saved)
    with one delivery per active subscription that wants each. One query when nobody listens."""
    subscriptions = list(
        WebhookSubscription.objects.filter(organization_id=organization_id, active=True).only(
            "id", "events"
        )
    )
    if not subscriptions:
        return []
    events: list[WebhookEvent] = []
    deliveries: list[WebhookDelivery] = []
    for change in changes:
        wanting = [s for s in subscriptions if s.wants(change.event_type)]
        if not wanting or change.object_type not in _RENDERERS:
            continue
        rendered = _RENDERERS[change.object_type](organization_id, change.object_id)
        last = WebhookEvent.objects.filter(object_id=change.object_id).aggregate(
            last=Max("sequence")
        )["last"]
        event_id = uuid4()
        sequence = (last or 0) + 1
        data: dict[str, Any] = {"object": rendered}
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
        event = WebhookEvent(
            id=event_id,
            organization_id=organization_id,
            type=change.event_type,
            object_id=change.object_id,
            sequence=sequence,
            occurred_at=change.occurred_at,
            body=render_body(body),
        )
        event.save(force_insert=True)
        events.append(event)
        deliveries.extend(
            WebhookDelivery(subscription_id=s.id, event=event, next_attempt_at=change.occurred_at)
            for s in wanting
        )
    if deliveries:
        WebhookDelivery.objects.bulk_create(deliveries)
        wake_workers()
    return events


WAKE_CHANNEL = "webhook_deliveries"


def wake_workers() -> None:
    """PostgreSQL tells listening workers at commit (nothing if the transaction rolls back);
    elsewhere workers find new deliveries by polling."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {WAKE_CHANNEL}")
