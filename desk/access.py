"""Who may see a desk page: a logged-in member of the organization whose data it shows.

A user of several organizations picks one; the choice lives in the session and is checked
against the memberships on every request (read with the user, in one query), so a removed
membership ends access at once. A user with no membership sees a clear message and never any
data.

A poll that may be answered "not modified" (a bodiless 304, no data) may instead show a poll
pass: a signed note, issued with every verified answer, that this session was verified as a
member of an organization less than DESK_POLL_PASS_SECONDS ago (`passed_organization`). Any
process checks it with the secret key alone, so a screen's polls need no session, user or
membership read, whichever worker they reach.
"""

import hashlib
import math
import time
from collections.abc import Callable
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from core.backends import StaffBackend
from core.models import Membership, Organization
from desk.languages import follow_user_language, remember_language

SESSION_KEY = "desk_organization_id"


class MemberBackend(StaffBackend):
    """Django's model backend, reading a session's user together with their preferences and
    memberships (one query); a user without any membership is read on its own."""

    def get_user(self, user_id):
        memberships = list(
            Membership.objects.filter(user_id=user_id)
            .select_related("user", "user__preferences", "organization")
            .order_by("organization__name", "organization__id")
        )
        if not memberships:
            return super().get_user(user_id)
        user = memberships[0].user
        user.desk_organizations = [membership.organization for membership in memberships]
        return user if self.user_can_authenticate(user) else None


def member_organizations(user) -> list[Organization]:
    known = getattr(user, "desk_organizations", None)
    if known is not None:
        return known
    return list(Organization.objects.filter(members=user).order_by("name", "id"))


# --- poll passes: access verified recently, for polls that send no data ----------------------

PASS_SALT = "desk.poll-pass"


def _clock() -> float:
    return time.time()


def _session_mark(request: HttpRequest) -> str | None:
    """What ties a pass to the session cookie it was issued to (a digest, not the key)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    return hashlib.blake2b(session_key.encode(), digest_size=12).hexdigest()


def issue_pass(request: HttpRequest, organization: Organization) -> str | None:
    """A pass for polls of this session on `organization`, good for DESK_POLL_PASS_SECONDS;
    None when passes are off or the request has no session cookie."""
    mark = _session_mark(request)
    if mark is None or settings.DESK_POLL_PASS_SECONDS <= 0:
        return None
    issued_at = math.floor(_clock() * 10) / 10  # to a tenth of a second, never later than now
    note = [mark, organization.id, organization.time_zone, issued_at]
    return signing.Signer(salt=PASS_SALT).sign_object(note)


def passed_organization(request: HttpRequest, token: str) -> Organization | None:
    """The organization `token` vouches for, if it is this session's, unaltered and younger
    than DESK_POLL_PASS_SECONDS; else None. Only for answers without data."""
    seconds = settings.DESK_POLL_PASS_SECONDS
    mark = _session_mark(request)
    note = _opened(token) if seconds > 0 and mark is not None else None
    if note is None:
        return None
    issued_to, organization_id, time_zone, issued_at = note
    if issued_to != mark or not 0 <= _clock() - issued_at < seconds:
        return None
    return Organization(id=organization_id, time_zone=time_zone)


@lru_cache(maxsize=4096)
def _opened(token: str) -> tuple | None:
    """The note a pass carries, if its signature holds (a screen shows one pass for several
    polls: each is checked once per process)."""
    try:
        note = signing.Signer(salt=PASS_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return tuple(note) if isinstance(note, list) and len(note) == 4 else None


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
    """Require a logged-in member; sets request.organization and request.organizations, and
    serves the page in the organization's time zone."""

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
        language = follow_user_language(request, request.user)
        with timezone.override(organization.zone):  # times and "today" in the store's zone
            response = desk_response(view(request, *args, **kwargs))
        return response if language is None else remember_language(response, language)

    return wrapped
