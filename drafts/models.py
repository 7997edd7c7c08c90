import uuid

from django.db import models
from django.utils import timezone

from core.models import Organization
from orders.models import AMOUNT, Product


class SalesOrderDraft(models.Model):
    """A basket being built. Editable until finalized; a finalized draft waits at the desk
    until it is checked out into a sales order, and then no longer exists."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="drafts")
    number = models.CharField(max_length=32)
    sales_channel = models.CharField(max_length=256)
    additional_invoice_information = models.JSONField(default=list, blank=True)
    customer_information = models.JSONField(null=True, blank=True)
    finalized_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="draft_number_unique")
        ]
        indexes = [
            models.Index(fields=["organization", "created_at", "id"], name="draft_window_idx"),
            models.Index(fields=["organization", "finalized_at"], name="draft_finalized_idx"),
        ]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Draft {self.number}"

    @property
    def is_finalized(self) -> bool:
        return self.finalized_at is not None


class DraftItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(SalesOrderDraft, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    lot = models.CharField(max_length=256, null=True, blank=True)
    quantity_value = models.DecimalField(**AMOUNT)
    quantity_unit = models.CharField(max_length=32)
    depending_items = models.JSONField(default=list, blank=True)
    # A manual price overrides the catalog price; all three are set or none.
    price_value = models.DecimalField(**AMOUNT, null=True, blank=True)
    price_currency = models.CharField(max_length=3, null=True, blank=True)
    price_is_gross = models.BooleanField(null=True, blank=True)
    additional_invoice_information = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["draft", "created_at", "id"], name="draft_item_idx")]

    def __str__(self) -> str:
        return f"{self.quantity_value} × {self.product_id}"


class DraftPickup(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(SalesOrderDraft, on_delete=models.CASCADE, related_name="pickups")
    item_ids = models.JSONField(default=list, help_text="IDs of items of the same draft.")
    service_location = models.CharField(max_length=256, null=True, blank=True)
    service_area = models.CharField(max_length=256, null=True, blank=True)
    time_start = models.DateTimeField(null=True, blank=True)
    time_end = models.DateTimeField(null=True, blank=True)
    pager_number = models.CharField(max_length=64, null=True, blank=True)
    collector_information = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Pickup of draft {self.draft_id}"


class DraftDelivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(SalesOrderDraft, on_delete=models.CASCADE, related_name="deliveries")
    item_ids = models.JSONField(default=list, help_text="IDs of items of the same draft.")
    delivery_address = models.JSONField(null=True, blank=True)
    time_start = models.DateTimeField(null=True, blank=True)
    time_end = models.DateTimeField(null=True, blank=True)
    recipient_information = models.JSONField(null=True, blank=True)
    shipping_location = models.CharField(max_length=256, null=True, blank=True)
    shipping_service = models.CharField(max_length=256, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "draft deliveries"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Delivery of draft {self.draft_id}"
