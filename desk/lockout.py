"""What a locked-out sign-in sees (django-axes' AXES_LOCKOUT_CALLABLE): the API a 429 problem
with Retry-After, a browser the login page saying why and for how long."""

import math

from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.sign_in_throttle import lock_seconds_left, too_many_attempts_response

API_PREFIX = "/api/"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    username = (credentials or {}).get("username") or ""
    retry_after = lock_seconds_left(request, username=username) or 1
    if request.path_info.startswith(API_PREFIX):
        return too_many_attempts_response(retry_after=retry_after)
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "locked_minutes": max(1, math.ceil(retry_after / 60)),
        "next": request.POST.get("next", ""),
    }
    response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
