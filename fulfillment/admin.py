"""Admin for managers: counter screens (display links) are created and switched off here;
pickups and deliveries are history written by the desk and the API, and only shown."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.loader import render_to_string

from core.admin import ShownOnly
from fulfillment.models import (
    CounterDisplay,
    Delivery,
    DeliveryItem,
    Pickup,
    PickupItem,
    new_display_secret,
)

ITEM_FIELDS = ["position", "product", "quantity_value", "quantity_unit", "order_item"]


class PickupItemInline(ShownOnly, admin.TabularInline):
    model = PickupItem
    extra = 0
    fields = ITEM_FIELDS
    readonly_fields = ITEM_FIELDS


class DeliveryItemInline(ShownOnly, admin.TabularInline):
    model = DeliveryItem
    extra = 0
    fields = ITEM_FIELDS
    readonly_fields = ITEM_FIELDS


@admin.register(Pickup)
class PickupAdmin(ShownOnly, admin.ModelAdmin):
    list_display = [
        "pickup_number",
        "pager_number",
        "status",
        "service_location",
        "order",
        "organization",
        "created_at",
        "status_changed_at",
    ]
    list_filter = ["status", "organization", "service_location"]
    search_fields = ["pickup_number", "pager_number", "order__number", "=id"]
    list_select_related = ["order", "organization"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    inlines = [PickupItemInline]


@admin.register(Delivery)
class DeliveryAdmin(ShownOnly, admin.ModelAdmin):
    list_display = [
        "id",
        "status",
        "shipping_location",
        "shipping_service",
        "order",
        "organization",
        "created_at",
        "status_changed_at",
    ]
    list_filter = ["status", "organization", "shipping_location", "shipping_service"]
    search_fields = ["order__number", "shipping_location", "shipping_service", "=id"]
    list_select_related = ["order", "organization"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    inlines = [DeliveryItemInline]


@admin.register(CounterDisplay)
class CounterDisplayAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "service_location", "language", "is_active", "link"]
    list_filter = ["organization", "is_active"]
    search_fields = ["name", "service_location"]
    list_select_related = ["organization"]
    fields = [
        "organization",
        "service_location",
        "name",
        "language",
        "is_active",
        "link",
        "created_at",
    ]
    readonly_fields = ["link", "created_at"]
    actions = ["deactivate", "issue_new_link"]

    @admin.action(description="Deactivate (the screen shows 'not found' within seconds)")
    def deactivate(self, request: HttpRequest, queryset) -> None:
        count = queryset.update(is_active=False)
        self.message_user(request, f"{count} counter screen(s) deactivated.")

    @admin.action(description="Issue a new link (the old link stops working)")
    def issue_new_link(self, request: HttpRequest, queryset) -> None:
        for display in queryset:
            display.secret = new_display_secret()
            display.save(update_fields=["secret"])
        self.message_user(request, f"{len(queryset)} counter screen link(s) replaced.")

    @admin.display(description="display link")
    def link(self, display: CounterDisplay) -> str:
        if display._state.adding:
            return "(shown once saved)"
        url = display.get_absolute_url()
        return render_to_string("admin/fulfillment/display_link.html", {"url": url})
