import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import ApiToken, Organization
from orders.statuses import SalesOrderStatus

AMOUNT = {"max_digits": 19, "decimal_places": 4}


class TaxRate(models.Model):
    """A VAT rate by its enfore identifier, e.g. DE_STANDARD_VAT_2007 = 0.19."""

    identifier = models.CharField(
        primary_key=True, max_length=64, help_text="<CC>_<KIND>_VAT_<YEAR>"
    )
    rate = models.DecimalField(
        max_digits=6, decimal_places=4, help_text="As a fraction: 0.19 for 19 %."
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["identifier"]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.rate * 100:.2f} %)"


class Product(models.Model):
    """A catalog entry. Its id (`product_id`) is chosen by the client, unique per organization."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="products"
    )
    product_id = models.CharField(max_length=256)
    name = models.CharField(max_length=256)
    price_value = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    price_is_gross = models.BooleanField(default=True)
    tax = models.ForeignKey(TaxRate, on_delete=models.PROTECT, related_name="products")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "product_id"], name="product_id_unique")
        ]
        ordering = ["organization", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.product_id})"


class SalesOrder(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="sales_orders"
    )
    number = models.CharField(max_length=32)
    sales_channel = models.CharField(max_length=256)
    status = models.CharField(
        max_length=16, choices=SalesOrderStatus.choices, default=SalesOrderStatus.NEW
    )
    held_from_status = models.CharField(
        max_length=16,
        choices=SalesOrderStatus.choices,
        blank=True,
        default="",
        help_text="While ON_HOLD: the status that Release returns to.",
    )
    transaction_date_and_time = models.DateTimeField(default=timezone.now)
    customer_information = models.JSONField(null=True, blank=True)
    additional_invoice_information = models.JSONField(default=list, blank=True)
    discounts = models.JSONField(default=list, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="")
    total_gross = models.DecimalField(**AMOUNT, default=Decimal("0"))
    total_net = models.DecimalField(**AMOUNT, default=Decimal("0"))
    draft_number = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="order_number_unique")
        ]
        indexes = [
            models.Index(
                fields=["organization", "transaction_date_and_time", "id"],
                name="order_window_idx",
            ),
            models.Index(fields=["organization", "status"], name="order_status_idx"),
        ]
        ordering = ["transaction_date_and_time", "id"]

    def __str__(self) -> str:
        return f"Order {self.number}"


class SalesOrderItem(models.Model):
    """A priced line. Amounts are line totals (unit price × quantity). Its id is the id the item
    had in the draft, so `depending_items` references stay valid through checkout."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=256)
    product = models.CharField(max_length=256)
    lot = models.CharField(max_length=256, null=True, blank=True)
    quantity_value = models.DecimalField(**AMOUNT)
    quantity_unit = models.CharField(max_length=32)
    currency = models.CharField(max_length=3)
    gross_amount = models.DecimalField(**AMOUNT)
    net_amount = models.DecimalField(**AMOUNT)
    undiscounted_gross_amount = models.DecimalField(**AMOUNT)
    undiscounted_net_amount = models.DecimalField(**AMOUNT)
    discounts = models.JSONField(default=list, blank=True)
    taxes = models.JSONField(default=list, blank=True)
    depending_items = models.JSONField(default=list, blank=True)
    additional_invoice_information = models.JSONField(default=list, blank=True)

    # What a line shows wherever it is listed (the API's items, the admin's inline).
    LINE_FIELDS = (
        "name",
        "product",
        "lot",
        "quantity_value",
        "quantity_unit",
        "currency",
        "gross_amount",
        "net_amount",
    )

    class Meta:
        ordering = ["order", "position", "id"]

    def __str__(self) -> str:
        return f"{self.quantity_value} × {self.name}"


class StatusEvent(models.Model):
    """One row per status change of an order, pickup or delivery: what, from, to, when, who.

    Every event belongs to the order concerned, so an order's history is one indexed query.
    """

    class Subject(models.TextChoices):
        SALES_ORDER = "SALES_ORDER", "Sales order"
        PICKUP = "PICKUP", "Pickup"
        DELIVERY = "DELIVERY", "Delivery"

    id = models.BigAutoField(primary_key=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="events")
    subject_type = models.CharField(max_length=16, choices=Subject.choices)
    subject_id = models.UUIDField()
    from_status = models.CharField(max_length=16, blank=True, default="")
    to_status = models.CharField(max_length=16)
    occurred_at = models.DateTimeField(default=timezone.now)
    actor_label = models.CharField(max_length=200)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_token = models.ForeignKey(
        ApiToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "id"], name="event_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type} {self.from_status or '∅'} → {self.to_status}"
