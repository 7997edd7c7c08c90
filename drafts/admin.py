"""Admin for managers: sales order drafts (baskets) with their items, pickups and deliveries.

Drafts are built through the API, whose rules (catalog products, references within the draft,
pager numbers, frozen once finalized) the admin would bypass: here they are shown, and stale
ones can be deleted, but not edited.
"""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from drafts.models import DraftDelivery, DraftItem, DraftPickup, SalesOrderDraft


class ShownOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class DraftItemInline(ShownOnlyInline):
    model = DraftItem
    fields = [
        "id",
        "product",
        "lot",
        "quantity_value",
        "quantity_unit",
        "price_value",
        "price_currency",
        "price_is_gross",
        "depending_items",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("product")


class DraftPickupInline(ShownOnlyInline):
    model = DraftPickup
    fields = [
        "id",
        "item_ids",
        "service_location",
        "service_area",
        "pager_number",
        "time_start",
        "time_end",
        "collector_information",
    ]
    readonly_fields = fields


class DraftDeliveryInline(ShownOnlyInline):
    model = DraftDelivery
    fields = [
        "id",
        "item_ids",
        "delivery_address",
        "recipient_information",
        "shipping_location",
        "shipping_service",
        "time_start",
        "time_end",
    ]
    readonly_fields = fields


class FinalizedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return [("open", "being built"), ("finalized", "finalized (waiting for checkout)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "open":
            return queryset.filter(finalized_at=None)
        if self.value() == "finalized":
            return queryset.exclude(finalized_at=None)
        return queryset


@admin.register(SalesOrderDraft)
class SalesOrderDraftAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "organization",
        "sales_channel",
        "item_count",
        "finalized",
        "created_at",
        "updated_at",
    ]
    list_filter = [FinalizedFilter, "organization", "sales_channel"]
    search_fields = ["number", "sales_channel", "=id"]
    list_select_related = ["organization"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    fields = [
        "id",
        "number",
        "organization",
        "sales_channel",
        "customer_information",
        "additional_invoice_information",
        "finalized_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [DraftItemInline, DraftPickupInline, DraftDeliveryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(items_total=Count("items"))

    @admin.display(description="items", ordering="items_total")
    def item_count(self, draft: SalesOrderDraft) -> int:
        return draft.items_total

    @admin.display(description="finalized", boolean=True, ordering="finalized_at")
    def finalized(self, draft: SalesOrderDraft) -> bool:
        return draft.is_finalized

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
