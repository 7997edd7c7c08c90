"""Writes of the webhooks app: subscriptions and redelivery."""

from uuid import UUID

from django.db import transaction
from django.utils import timezone

from core.error_codes import ProblemCode
from core.problems import NotFound, Unprocessable
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.selectors import subscription_get
from webhooks.targets import TargetRefused, resolve


def _check_target(url: str) -> None:
    try:
        resolve(url)
    except TargetRefused as refused:
        raise Unprocessable(str(refused), code=ProblemCode.WEBHOOK_TARGET_REFUSED) from refused


def subscription_create(
    *, organization_id: str, url: str, events: list[str], description: str
) -> WebhookSubscription:
    _check_target(url)
    return WebhookSubscription.objects.create(
        organization_id=organization_id, url=url, events=events, description=description
    )


@transaction.atomic
def subscription_replace(
    *,
    organization_id: str,
    subscription_id: UUID | str,
    url: str,
    events: list[str],
    description: str,
    active: bool,
) -> WebhookSubscription:
    """Reactivating clears the reason of an automatic deactivation and the failure clock."""
    subscription = subscription_get(
        organization_id=organization_id, subscription_id=subscription_id, for_update=True
    )
    _check_target(url)
    if active and not subscription.active:
        subscription.deactivated_reason = ""
        subscription.failing_since = None
    subscription.url, subscription.events = url, events
    subscription.description, subscription.active = description, active
    subscription.save()
    return subscription


def subscription_delete(*, organization_id: str, subscription_id: UUID | str) -> None:
    subscription = subscription_get(
        organization_id=organization_id, subscription_id=subscription_id
    )
    deleted, _ = WebhookSubscription.objects.filter(id=subscription.id).delete()
    if not deleted:
        raise NotFound(f"Webhook {subscription_id} not found.")


def deliveries_redeliver(*, delivery_ids: list[int]) -> int:
    """Send these deliveries again now (delivered or given up ones too); attempts go on
    counting."""
    return WebhookDelivery.objects.filter(id__in=delivery_ids).update(
        state=WebhookDelivery.State.PENDING,
        next_attempt_at=timezone.now(),
        claim=None,
        claimed_until=None,
    )
