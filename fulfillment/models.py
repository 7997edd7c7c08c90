import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import Organization, language_field
from orders.models import AMOUNT, SalesOrder, SalesOrderItem
from orders.statuses import DeliveryStatus, PickupStatus

ACTIVE_PICKUP = Q(status__in=[PickupStatus.PENDING, PickupStatus.PREPARED])


class Pickup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="pickups")
    pickup_number = models.CharField(max_length=32)
    status = models.CharField(
        max_length=16, choices=PickupStatus.choices, default=PickupStatus.PENDING
    )
    pager_number = models.CharField(max_length=64, null=True, blank=True)
    service_location = models.CharField(
        max_length=256, blank=True, default="", help_text="Pickup location (service location)."
    )
    service_area = models.CharField(max_length=256, null=True, blank=True)
    time_start = models.DateTimeField(null=True, blank=True)
    time_end = models.DateTimeField(null=True, blank=True)
    collector_information = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "pickup_number"], name="pickup_number_unique"
            ),
            # A pager is held by at most one open pickup per organization and location.
            models.UniqueConstraint(
                fields=["organization", "service_location", "pager_number"],
                condition=ACTIVE_PICKUP & Q(pager_number__isnull=False),
                name="active_pager_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "created_at", "id"], name="pickup_window_idx"),
            models.Index(
                fields=["organization", "status", "service_location"], name="pickup_queue_idx"
            ),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Pickup {self.pickup_number}"


class Delivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    delivery_address = models.JSONField(null=True, blank=True)
    time_start = models.DateTimeField(null=True, blank=True)
    time_end = models.DateTimeField(null=True, blank=True)
    recipient_information = models.JSONField(null=True, blank=True)
    shipping_location = models.CharField(max_length=256, null=True, blank=True)
    shipping_service = models.CharField(max_length=256, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["organization", "created_at", "id"], name="delivery_window_idx"),
            models.Index(fields=["organization", "status"], name="delivery_status_idx"),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Delivery {self.id}"


class FulfillmentItem(models.Model):
    """What a pickup or delivery hands over: a quantity of one sales order item."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order_item = models.ForeignKey(SalesOrderItem, on_delete=models.CASCADE, related_name="+")
    product = models.CharField(max_length=256)
    quantity_value = models.DecimalField(**AMOUNT)
    quantity_unit = models.CharField(max_length=32)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class PickupItem(FulfillmentItem):
    pickup = models.ForeignKey(Pickup, on_delete=models.CASCADE, related_name="items")

    def __str__(self) -> str:
        return f"{self.quantity_value} x {self.product}"


class DeliveryItem(FulfillmentItem):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="items")

    def __str__(self) -> str:
        return f"{self.quantity_value} x {self.product}"


class BoardVersion(models.Model):
    """How often the cards a live board shows at one location have changed: counted up by
    database triggers (migration 0003) in the transaction of every write that can change a
    card: a pickup or delivery inserted, updated or deleted, its item lines, its order or the
    order's items updated. A board's change stamp is its version (the sum over its locations
    when it shows them all), read by key: it costs the same at 3 open rows and at 3 000.

    `board` is "pickups" (location: the pickup's service location) or "deliveries" (the
    shipping location, "" for none); each write first counts up its organization's own row
    (board "organization"), whose lock makes one organization's writers take their location
    rows one transaction at a time (no deadlock). A row exists once its location had a card.
    No foreign key constraint in the database: the triggers of a delete (an organization's
    cascade, a test database's flush) may write a row after its organization went; the
    organization's own delete trigger removes its rows."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    board = models.CharField(max_length=16)
    location = models.CharField(max_length=256, blank=True, default="")
    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "board", "location"], name="board_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board} at {self.location or '(none)'}: {self.version}"


def new_display_secret() -> str:
    return secrets.token_urlsafe(24)


class CounterDisplay(models.Model):
    """A customer-facing screen for one pickup location, opened by its secret link (no login)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="displays"
    )
    service_location = models.CharField(max_length=256, blank=True, default="")
    name = models.CharField(max_length=200, blank=True, default="")
    secret = models.CharField(max_length=64, unique=True, default=new_display_secret)
    language = language_field(
        help_text="The screen's language; blank follows the browser. A link's ?lang= wins."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name or f"Counter screen {self.service_location or '(all)'}"

    def get_absolute_url(self) -> str:
        return f"/display/{self.secret}/"
