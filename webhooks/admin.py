"""Admin for managers: subscriptions with their recent attempts, deliveries with a redeliver
action. A subscription deactivated for a day of failures shows why."""

from django.contrib import admin, messages
from django.http import HttpRequest

from webhooks import services
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

RECENT_ATTEMPTS = 20
ATTEMPT_FIELDS = ["at", "event_type", "event_id", "attempt", "status_code", "error", "duration_ms"]


class RecentAttemptsInline(admin.TabularInline):
    model = WebhookAttempt
    fk_name = "subscription"
    extra = 0
    fields = ATTEMPT_FIELDS
    readonly_fields = ATTEMPT_FIELDS
    verbose_name_plural = f"recent attempts (last {RECENT_ATTEMPTS})"
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        recent = queryset.order_by("-at", "-id").values_list("id", flat=True)
        parent = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if parent:
            recent = recent.filter(subscription_id=parent)
        return queryset.filter(id__in=list(recent[:RECENT_ATTEMPTS])).order_by("-at", "-id")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "organization", "active", "deactivated_reason", "created_at"]
    list_filter = ["active", "organization"]
    search_fields = ["url", "description"]
    fields = [
        "organization",
        "url",
        "events",
        "description",
        "active",
        "deactivated_reason",
        "failing_since",
        "secret",
        "created_at",
    ]
    readonly_fields = ["secret", "deactivated_reason", "failing_since", "created_at"]
    inlines = [RecentAttemptsInline]

    def save_model(self, request, obj, form, change) -> None:
        if obj.active and "active" in form.changed_data:
            obj.deactivated_reason, obj.failing_since = "", None
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscription", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "subscription__organization"]
    list_select_related = ["event", "subscription"]
    readonly_fields = [
        "event",
        "subscription",
        "state",
        "attempts",
        "next_attempt_at",
        "claim",
        "claimed_until",
    ]
    actions = ["redeliver"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Redeliver the selected deliveries now")
    def redeliver(self, request: HttpRequest, queryset) -> None:
        count = services.deliveries_redeliver(
            delivery_ids=list(queryset.values_list("id", flat=True))
        )
        self.message_user(request, f"{count} deliveries queued again.", messages.SUCCESS)


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(admin.ModelAdmin):
    list_display = ["at", "subscription", "event_type", "attempt", "status_code", "error"]
    list_filter = ["event_type", "status_code"]
    ordering = ["-at", "-id"]
    readonly_fields = [field.name for field in WebhookAttempt._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
