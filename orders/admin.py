"""Admin for managers: the catalog (tax rates, products) is edited here; sales orders and their
status events are history and only shown."""

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ShownOnly
from orders.models import Product, SalesOrder, SalesOrderItem, StatusEvent, TaxRate


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ["identifier", "percent", "description"]
    search_fields = ["identifier", "description"]
    ordering = ["identifier"]

    @admin.display(description="rate", ordering="rate")
    def percent(self, tax: TaxRate) -> str:
        return f"{tax.rate * 100:.2f} %"

    def get_readonly_fields(self, request: HttpRequest, obj: TaxRate | None = None):
        # Products and order items refer to the identifier.
        return ["identifier"] if obj is not None else []


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "product_id",
        "name",
        "organization",
        "price_value",
        "currency",
        "price_is_gross",
        "tax",
        "updated_at",
    ]
    list_filter = ["organization", "currency", "price_is_gross", "tax"]
    search_fields = ["product_id", "name"]
    list_select_related = ["organization", "tax"]
    autocomplete_fields = ["organization", "tax"]
    readonly_fields = ["created_at", "updated_at"]
    ordering = ["organization", "product_id"]


class SalesOrderItemInline(ShownOnly, admin.TabularInline):
    model = SalesOrderItem
    extra = 0
    fields = ["position", *SalesOrderItem.LINE_FIELDS, "taxes"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False


class StatusEventInline(ShownOnly, admin.TabularInline):
    model = StatusEvent
    extra = 0
    fields = [
        "occurred_at",
        "subject_type",
        "subject_id",
        "from_status",
        "to_status",
        "actor_label",
    ]
    readonly_fields = fields
    can_delete = False
    verbose_name = "event"
    verbose_name_plural = "history"


@admin.register(SalesOrder)
class SalesOrderAdmin(ShownOnly, admin.ModelAdmin):
    list_display = [
        "number",
        "organization",
        "status",
        "sales_channel",
        "transaction_date_and_time",
        "total_gross",
        "currency",
        "draft_number",
    ]
    list_filter = ["status", "organization", "sales_channel", "currency"]
    search_fields = ["number", "draft_number", "sales_channel"]
    list_select_related = ["organization"]
    date_hierarchy = "transaction_date_and_time"
    ordering = ["-transaction_date_and_time", "-id"]
    inlines = [SalesOrderItemInline, StatusEventInline]


@admin.register(StatusEvent)
class StatusEventAdmin(ShownOnly, admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "order",
        "subject_type",
        "from_status",
        "to_status",
        "actor_label",
    ]
    list_filter = ["subject_type", "to_status", "organization"]
    search_fields = ["order__number", "actor_label", "=subject_id"]
    list_select_related = ["order"]
    date_hierarchy = "occurred_at"
    ordering = ["-occurred_at", "-id"]
