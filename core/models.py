import hashlib
import secrets
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone


def default_time_zone() -> str:
    return settings.TIME_ZONE


def validate_time_zone(name: str) -> None:
    """An IANA time zone name this machine's zone database knows."""
    if name not in zoneinfo.available_timezones():
        raise ValidationError(f"{name!r} is not an IANA time zone name.", code="invalid")


def language_field(*, help_text: str) -> models.CharField:
    """A chosen language of the desk (settings.LANGUAGES), or blank for the browser's."""
    return models.CharField(
        max_length=8, blank=True, default="", choices=settings.LANGUAGES, help_text=help_text
    )


class Organization(models.Model):
    """A store (or chain) whose data is fenced off from every other organization's."""

    id = models.CharField(primary_key=True, max_length=64, help_text="The {org-id} of API paths.")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="IANA name, e.g. Europe/Berlin: the desk shows times and 'today' in it.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Membership(models.Model):
    """A staff user works for an organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization_id}"


class ApiClient(models.Model):
    """An application (shop, register, integration) allowed to call the API for one organization.

    It trades its name and secret for an access token at GET /api/auth/authorize/{org-id}.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(max_length=150)
    secret_hash = models.CharField(max_length=256, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="api_client_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization_id})"

    def set_secret(self, secret: str) -> None:
        self.secret_hash = make_password(secret)

    def check_secret(self, secret: str) -> bool:
        return bool(self.secret_hash) and check_password(secret, self.secret_hash)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored. A token reaches exactly one organization."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="tokens")
    client = models.ForeignKey(
        ApiClient, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    label = models.CharField(max_length=150, help_text="Who holds it, shown in event history.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.label} ({self.organization_id})"

    @classmethod
    def issue(
        cls,
        *,
        organization: Organization,
        label: str,
        client: ApiClient | None = None,
        lifetime: timedelta | None = None,
    ) -> tuple["ApiToken", str]:
        """Create a token and return it with its plain text, which is never stored."""
        plain = secrets.token_urlsafe(32)
        token = cls.objects.create(
            organization=organization,
            client=client,
            label=label,
            token_hash=hash_token(plain),
            expires_at=timezone.now() + lifetime if lifetime else None,
        )
        return token, plain

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class Counter(models.Model):
    """Per-organization sequences for human-readable numbers (drafts, orders, pickups)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE)
    name = models.CharField(max_length=32)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.name} = {self.value}"

    @classmethod
    def take(cls, *, organization_id: str, name: str, count: int = 1) -> int:
        """Reserve `count` consecutive numbers; return the first. Call inside a transaction.

        The UPDATE locks the counter row until commit, so two transactions never get the
        same number.
        """
        counter, _ = cls.objects.get_or_create(organization_id=organization_id, name=name)
        cls.objects.filter(pk=counter.pk).update(value=F("value") + count)
        last = cls.objects.values_list("value", flat=True).get(pk=counter.pk)
        return last - count + 1


class UserPreferences(models.Model):
    """What a staff user chose for themselves: the desk's language (blank: the browser's)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    language = language_field(
        help_text="The desk's language for this user; blank follows the browser."
    )

    class Meta:
        verbose_name = "preferences"
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"{self.user}: {self.language or 'browser language'}"
