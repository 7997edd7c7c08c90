"""Reads of the webhooks app, rendered as the API sends them."""

from uuid import UUID

from core.ids import parse_id
from core.paging import OffsetLimit, page_of
from core.problems import NotFound
from webhooks.models import WebhookAttempt, WebhookSubscription


def subscription_get(
    *, organization_id: str, subscription_id: UUID | str, for_update: bool = False
) -> WebhookSubscription:
    parsed = parse_id(subscription_id)
    rows = WebhookSubscription.objects.filter(organization_id=organization_id, id=parsed)
    found = (rows.select_for_update() if for_update else rows).first() if parsed else None
    if found is None:
        raise NotFound(f"Webhook {subscription_id} not found.")
    return found


def subscription_render(subscription: WebhookSubscription, *, with_secret: bool = False) -> dict:
    rendered = {
        "id": str(subscription.id),
        "url": subscription.url,
        "events": list(subscription.events),
        "description": subscription.description,
        "active": subscription.active,
        "created_at": subscription.created_at,
    }
    if with_secret:
        rendered["secret"] = subscription.secret
    return rendered


def subscription_page(*, organization_id: str, paging: OffsetLimit) -> dict:
    rows = WebhookSubscription.objects.filter(organization_id=organization_id).order_by(
        "created_at", "id"
    )[paging.offset : paging.offset + paging.limit]
    return page_of(rows, subscription_render)


def attempt_render(attempt: WebhookAttempt) -> dict:
    return {
        "event_id": str(attempt.event_id),
        "event_type": attempt.event_type,
        "attempt": attempt.attempt,
        "status_code": attempt.status_code,
        "error": attempt.error,
        "duration_ms": attempt.duration_ms,
        "at": attempt.at,
    }


def attempt_page(*, organization_id: str, subscription_id: UUID | str, paging: OffsetLimit) -> dict:
    """Every attempt to this subscription, oldest first."""
    subscription = subscription_get(
        organization_id=organization_id, subscription_id=subscription_id
    )
    rows = WebhookAttempt.objects.filter(subscription=subscription).order_by("at", "id")[
        paging.offset : paging.offset + paging.limit
    ]
    return page_of(rows, attempt_render)
