"""Subscriptions, the outbox of events, and their deliveries with every attempt.

An event row is written in the transaction of the change it reports; one delivery row per
(event, subscription) carries the retry state the workers claim.
"""

import base64
import secrets
import uuid

from django.db import models
from django.utils import timezone

from core.models import Organization

EVENT_TYPES = (
    "sales_order.created",
    "sales_order.status_changed",
    "pickup.status_changed",
    "delivery.status_changed",
)
ALL_EVENTS = "*"


def new_secret() -> str:
    """`whsec_` + base64 of 24 random bytes (Standard Webhooks)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


class WebhookSubscription(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text='Event types, or ["*"] for all.')
    description = models.CharField(max_length=500, blank=True, default="")
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    failing_since = models.DateTimeField(
        null=True, blank=True, help_text="First failed attempt since the last success."
    )
    deactivated_reason = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organization", "active"], name="webhook_org_active")]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return ALL_EVENTS in self.events or event_type in self.events


class WebhookEvent(models.Model):
    """The outbox: what happened, with the body every delivery of it sends."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=64)
    object_id = models.UUIDField()
    sequence = models.PositiveIntegerField()
    occurred_at = models.DateTimeField()
    body = models.TextField(help_text="The JSON body sent, byte for byte, on every attempt.")

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_id", "sequence"], name="webhook_event_object_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} #{self.sequence} of {self.object_id}"


class WebhookDelivery(models.Model):
    """One event to one subscription; claimed by one worker at a time through a lease."""

    class State(models.TextChoices):
        PENDING = "PENDING", "Pending"
        DELIVERED = "DELIVERED", "Delivered"
        FAILED = "FAILED", "Given up"

    id = models.BigAutoField(primary_key=True)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Found through the unique (event, subscription) index, which leads with it.
    event = models.ForeignKey(
        WebhookEvent, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.UUIDField(null=True, blank=True, help_text="The worker claim holding it.")
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscription"], name="webhook_delivery_unique"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"


class WebhookAttempt(models.Model):
    """Every POST a worker made (or could not make), in order."""

    id = models.BigAutoField(primary_key=True)
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    # Found through the log index (subscription, at, id), which leads with it.
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=64)
    attempt = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    duration_ms = models.PositiveIntegerField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["subscription", "at", "id"], name="webhook_attempt_log")]

    def __str__(self) -> str:
        return f"attempt {self.attempt} of {self.event_id}: {self.status_code or self.error}"
