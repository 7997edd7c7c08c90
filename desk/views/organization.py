"""Choosing the organization to work for, for a user of several."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from desk.access import (
    SESSION_KEY,
    desk_response,
    member_organizations,
    safe_next,
)


@require_http_methods(["GET", "POST"])
def choose_organization(request: HttpRequest) -> HttpResponse:
    """GET: the organizations the user works for. POST organization=<id>: work for it."""
    if not request.user.is_authenticated:
        return desk_response(redirect_to_login(request.get_full_path()))
    organizations = member_organizations(request.user)
    if not organizations:
        return desk_response(render(request, "desk/no_membership.html", status=403))
    next_url = safe_next(
        request, request.POST.get("next") or request.GET.get("next"), reverse("desk-overview")
    )
    if request.method == "POST":
        wanted = request.POST.get("organization", "")
        if any(org.id == wanted for org in organizations):
            request.session[SESSION_KEY] = wanted
            return desk_response(HttpResponseRedirect(next_url))
        status = 403
    else:
        status = 200
    chosen = request.session.get(SESSION_KEY)
    context = {
        "organizations": organizations,
        "organization": next((org for org in organizations if org.id == chosen), None),
        "next": next_url,
        "refused": request.method == "POST",
    }
    return desk_response(render(request, "desk/choose_organization.html", context, status=status))
