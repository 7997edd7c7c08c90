"""Writes of the workers: claim due deliveries, attempt one, record what happened.

A claim is a lease (`claim`, `claimed_until`) taken in one statement: PostgreSQL skips rows
another worker has locked (`FOR UPDATE SKIP LOCKED`); SQLite runs the claim as one UPDATE,
which its single writer serializes. A worker killed mid-delivery holds its lease no longer
than `WEBHOOK_LEASE_SECONDS`; then another worker attempts the delivery again.
"""

from datetime import datetime, timedelta
from uuid import UUID, uuid4

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, Subquery
from django.utils import timezone

from webhooks import sender
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

State = WebhookDelivery.State


def _due(now: datetime):
    return WebhookDelivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        state=State.PENDING,
        next_attempt_at__lte=now,
        subscription__active=True,
    )


def claim_due(*, limit: int) -> tuple[UUID, list[WebhookDelivery]]:
    """Up to `limit` due deliveries, leased to a new claim that no other worker holds."""
    now = timezone.now()
    claim = uuid4()
    lease = {
        "claim": claim,
        "claimed_until": now + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS),
    }
    due = _due(now).order_by("next_attempt_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            ids = list(
                due.select_for_update(skip_locked=True, of=("self",)).values_list("id", flat=True)[
                    :limit
                ]
            )
            if ids:
                WebhookDelivery.objects.filter(id__in=ids).update(**lease)
    else:
        WebhookDelivery.objects.filter(id__in=Subquery(due.values("id")[:limit])).update(**lease)
    claimed = list(
        WebhookDelivery.objects.filter(claim=claim)
        .select_related("event", "subscription")
        .order_by("next_attempt_at", "id")
    )
    return claim, claimed


def renew(*, claim: UUID) -> None:
    """Extend the lease of what this claim has not attempted yet (a slow receiver must not let
    another worker take the rest of the claim while this one still holds it)."""
    WebhookDelivery.objects.filter(claim=claim, state=State.PENDING).update(
        claimed_until=timezone.now() + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    )


def release(*, claim: UUID) -> None:
    """Give back what a stopping worker claimed but did not attempt."""
    WebhookDelivery.objects.filter(claim=claim, state=State.PENDING).update(
        claim=None, claimed_until=None
    )


def attempt(*, delivery: WebhookDelivery, claim: UUID) -> sender.Outcome:
    """One signed POST of the event to the subscription, logged; the retry state follows."""
    subscription, event = delivery.subscription, delivery.event
    at = timezone.now()
    outcome = sender.post(
        url=subscription.url,
        body=event.body,
        headers=sender.signed_headers(
            secret=subscription.secret, event_id=str(event.id), at=at, body=event.body
        ),
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
    )
    record_outcome(delivery=delivery, claim=claim, outcome=outcome, at=at)
    return outcome


@transaction.atomic
def record_outcome(
    *, delivery: WebhookDelivery, claim: UUID, outcome: sender.Outcome, at: datetime
) -> None:
    number = delivery.attempts + 1
    WebhookAttempt.objects.create(
        delivery=delivery,
        subscription_id=delivery.subscription_id,
        event_id=delivery.event_id,
        event_type=delivery.event.type,
        attempt=number,
        status_code=outcome.status_code,
        error=outcome.error,
        duration_ms=outcome.duration_ms,
        at=at,
    )
    now = timezone.now()
    mine = WebhookDelivery.objects.filter(id=delivery.id, claim=claim)
    released = {"claim": None, "claimed_until": None, "attempts": F("attempts") + 1}
    if outcome.delivered:
        mine.update(state=State.DELIVERED, **released)
        WebhookSubscription.objects.filter(
            id=delivery.subscription_id, failing_since__isnull=False
        ).update(failing_since=None)
        return
    delays = settings.WEBHOOK_RETRY_DELAYS
    if number > len(delays):
        mine.update(state=State.FAILED, **released)
    else:
        mine.update(next_attempt_at=now + timedelta(seconds=delays[number - 1]), **released)
    _note_failure(subscription_id=delivery.subscription_id, at=at, outcome=outcome)


def _note_failure(*, subscription_id: UUID, at: datetime, outcome: sender.Outcome) -> None:
    """A subscription whose every attempt failed for a day is deactivated, with the reason."""
    WebhookSubscription.objects.filter(id=subscription_id, failing_since__isnull=True).update(
        failing_since=at
    )
    limit = timedelta(seconds=settings.WEBHOOK_DEACTIVATE_AFTER_SECONDS)
    failing = WebhookSubscription.objects.filter(
        id=subscription_id, active=True, failing_since__lte=at - limit
    ).values_list("failing_since", flat=True)
    since = failing.first()
    if since is None:
        return
    last = f"HTTP {outcome.status_code}" if outcome.status_code else outcome.error
    WebhookSubscription.objects.filter(id=subscription_id).update(
        active=False,
        deactivated_reason=(
            f"Deactivated {at:%Y-%m-%d %H:%M} UTC: every delivery failed since "
            f"{since:%Y-%m-%d %H:%M} UTC (last: {last})."
        )[:500],
    )
