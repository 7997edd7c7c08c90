"""Writes of the core app: organizations, staff membership, API clients and tokens."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core.models import ApiClient, ApiToken, Membership, Organization, UserPreferences


def organization_ensure(*, org_id: str, name: str) -> Organization:
    """Create the organization, or rename it; idempotent."""
    organization, created = Organization.objects.get_or_create(id=org_id, defaults={"name": name})
    if not created and organization.name != name:
        organization.name = name
        organization.save(update_fields=["name"])
    return organization


@transaction.atomic
def staff_ensure(
    *, username: str, organization: Organization, password: str | None = None
) -> AbstractBaseUser:
    """Create the staff user (or reuse it) and make it a member of the organization."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if password is not None and (created or not user.check_password(password)):
        user.set_password(password)
    user.save()
    Membership.objects.get_or_create(organization=organization, user=user)
    return user


def api_client_create(*, organization: Organization, name: str, secret: str) -> ApiClient:
    client = ApiClient(organization=organization, name=name)
    client.set_secret(secret)
    client.save()
    return client


def api_token_issue(
    *, organization: Organization, label: str, lifetime: timedelta | None = None
) -> str:
    """A token for scripts; never expires unless a lifetime is given. Returns its plain text."""
    _, plain = ApiToken.issue(organization=organization, label=label, lifetime=lifetime)
    return plain


def user_set_language(*, user: AbstractBaseUser, language: str) -> UserPreferences:
    """The user's own language for the desk ('' follows the browser)."""
    preferences, _ = UserPreferences.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return preferences
