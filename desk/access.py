"""Who may see a desk page: a logged-in member of the organization whose data it shows.

A user of several organizations picks one; the choice lives in the session and is checked
against the memberships on every request (one query), so a removed membership ends access at
once. A user with no membership sees a clear message and never any data.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from core.models import Organization

SESSION_KEY = "desk_organization_id"


def member_organizations(user) -> list[Organization]:
    return list(Organization.objects.filter(members=user).order_by("name", "id"))


def is_fragment_request(request: HttpRequest) -> bool:
    """An HTMX request for a fragment (a poll, a button), not a history restore."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def desk_response(response: HttpResponse) -> HttpResponse:
    """Live pages are never cached, and a fragment never stands in for its page."""
    add_never_cache_headers(response)
    patch_vary_headers(response, ["HX-Request"])
    return response


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _current_page(request: HttpRequest) -> str:
    """The page the user is on: for an HTMX request, the browser's address, else this one."""
    if request.htmx and request.htmx.current_url_abs_path:
        return request.htmx.current_url_abs_path
    return request.get_full_path()


def desk_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require a logged-in member; sets request.organization and request.organizations."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.htmx:
                login = f"{settings.LOGIN_URL}?{urlencode({'next': _current_page(request)})}"
                return desk_response(HttpResponseClientRedirect(login))
            return desk_response(redirect_to_login(request.get_full_path()))
        organizations = member_organizations(request.user)
        if not organizations:
            if request.htmx:
                return desk_response(HttpResponseClientRefresh())
            return desk_response(render(request, "desk/no_membership.html", status=403))
        chosen = request.session.get(SESSION_KEY)
        organization = next((org for org in organizations if org.id == chosen), None)
        if organization is None:
            if len(organizations) > 1:
                choose = (
                    f"{reverse('desk-organization')}?{urlencode({'next': _current_page(request)})}"
                )
                if request.htmx:
                    return desk_response(HttpResponseClientRedirect(choose))
                return desk_response(HttpResponseRedirect(choose))
            organization = organizations[0]
            request.session[SESSION_KEY] = organization.id
        request.organization = organization
        request.organizations = organizations
        return desk_response(view(request, *args, **kwargs))

    return wrapped
