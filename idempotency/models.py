"""The first answer to each (organization, Idempotency-Key): a unique row, written in the
request's own transaction."""

from django.db import models

from core.models import Organization


class IdempotencyKey(models.Model):
    id = models.BigAutoField(primary_key=True)
    # No index of its own: the unique (organization, key) index leads with it, and a second
    # index on the organization alone lets the planner scan all of an organization's keys.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, blank=True, default="")
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="idempotency_key_unique")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_age")]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.key}"
