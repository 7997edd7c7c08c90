"""Failed sign-ins throttled per username and address (django-axes keeps the count).

After AXES_FAILURE_LIMIT failures for one username from one address within AXES_COOLOFF_TIME,
further attempts are refused until the newest failure is that old. Staff sign-ins at /login/
go through Django's `authenticate()`, where axes' backend refuses them; the API's Basic exchange
checks API clients, not users, so it asks and tells axes itself through these functions. Locks
are listed and lifted in the admin (Axes › Access attempts: delete the row).
"""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core.problems import TooManyAttempts, problem_response


def lock_seconds_left(request: HttpRequest, *, username: str) -> int | None:
    """Seconds until `username` may sign in again from this request's address; None when it
    is not locked."""
    credentials = {"username": username}
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    newest = (
        AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    cool_off = get_cool_off(request)
    if newest is None or cool_off is None:
        return int(cool_off.total_seconds()) if cool_off else 1
    left = (newest + cool_off - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def sign_in_failed(request: HttpRequest, *, username: str) -> None:
    """Count a failed sign-in of `username` from this request's address."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def too_many_attempts_response(*, retry_after: int) -> HttpResponse:
    minutes = max(1, math.ceil(retry_after / 60))
    problem = TooManyAttempts(
        f"Too many failed sign-ins for this name from this address; retry in {minutes} min."
    )
    return problem_response(problem, headers={"Retry-After": str(retry_after)})
