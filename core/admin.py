"""Admin for managers: organizations and their staff, API clients and the tokens they hold.

Secrets and token hashes are never shown. Tokens are history: they can be revoked, not edited or
deleted. Counters (the sequences behind draft, order and pickup numbers) are not shown at all.
"""

import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from core.models import ApiClient, ApiToken, Membership, Organization, UserPreferences


class ShownOnly:
    """Shown, never added, changed or deleted here: the desk and the API write these rows,
    checking the rules (status machines, references) that the admin would bypass."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name = "staff member"
    verbose_name_plural = "staff members"


class UserPreferencesInline(admin.StackedInline):
    """A user's own language for the desk, set here or by the user on the desk."""

    model = UserPreferences
    can_delete = False
    fields = ["language"]


class StaffUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, UserPreferencesInline]


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), StaffUserAdmin)


class OrganizationForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=[(name, name) for name in sorted(zoneinfo.available_timezones())],
        help_text=Organization._meta.get_field("time_zone").help_text,
    )

    class Meta:
        model = Organization
        fields = ["id", "name", "time_zone"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationForm
    list_display = ["id", "name", "time_zone", "staff_count", "created_at"]
    search_fields = ["id", "name"]
    ordering = ["id"]
    inlines = [MembershipInline]
    readonly_fields = ["created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(staff=Count("membership", distinct=True))

    @admin.display(description="staff", ordering="staff")
    def staff_count(self, organization: Organization) -> int:
        return organization.staff

    def get_readonly_fields(self, request: HttpRequest, obj: Organization | None = None):
        # The id is the {org-id} of every API path and token: fixed once created.
        return ["id", *self.readonly_fields] if obj is not None else self.readonly_fields


class ApiClientForm(forms.ModelForm):
    secret = forms.CharField(
        label="Secret",
        required=False,
        strip=False,
        min_length=12,
        max_length=256,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=(
            "At least 12 characters. Stored only as a hash; it cannot be shown again. "
            "Leave empty to keep the current secret."
        ),
    )

    class Meta:
        model = ApiClient
        fields = ["organization", "name", "is_active"]

    def clean_secret(self) -> str:
        secret = self.cleaned_data.get("secret", "")
        if not secret and not self.instance.secret_hash:
            raise forms.ValidationError("A new API client needs a secret.")
        if "\x00" in secret:
            raise forms.ValidationError("The secret must not contain NUL characters.")
        return secret

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if ":" in name:
            # HTTP Basic splits name and secret at the first colon.
            raise forms.ValidationError("The name must not contain a colon.")
        return name

    def save(self, commit: bool = True) -> ApiClient:
        client = super().save(commit=False)
        if self.cleaned_data.get("secret"):
            client.set_secret(self.cleaned_data["secret"])
        if commit:
            client.save()
        return client


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "organization", "is_active", "created_at"]
    list_filter = ["is_active", "organization"]
    search_fields = ["name", "organization__id", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = ["created_at"]
    fields = ["organization", "name", "secret", "is_active", "created_at"]
    actions = ["deactivate"]

    @admin.action(description="Deactivate the selected clients (their tokens stop working)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(is_active=False)
        self.message_user(request, f"Deactivated {count} API client(s).", messages.SUCCESS)


class TokenStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return [("usable", "usable"), ("expired", "expired"), ("revoked", "revoked")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        now = timezone.now()
        if self.value() == "revoked":
            return queryset.exclude(revoked_at=None)
        if self.value() == "expired":
            return queryset.filter(revoked_at=None, expires_at__lte=now)
        if self.value() == "usable":
            return queryset.filter(revoked_at=None).exclude(expires_at__lte=now)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only history of issued tokens; the one change allowed is revoking them."""

    list_display = ["label", "organization", "client", "created_at", "expires_at", "state"]
    list_filter = [TokenStateFilter, "organization"]
    search_fields = ["label", "client__name", "organization__id"]
    list_select_related = ["organization", "client"]
    fields = ["label", "organization", "client", "created_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ["revoke"]

    @admin.display(description="state")
    def state(self, token: ApiToken) -> str:
        if token.revoked_at is not None:
            return "revoked"
        return "usable" if token.is_usable else "expired"

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} token(s).", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        # The list may act (revoke); a single token's page is view-only.
        return obj is None and super().has_change_permission(request, obj)
