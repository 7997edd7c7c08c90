"""Applies idempotency keys to every POST and PATCH under /api/org/{org-id}/, after the
request's bearer token is accepted for that organization (a key never answers a stranger)."""

from collections.abc import Callable

import simplejson
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from core.http import OrganizationBearer
from core.problems import problem_body
from idempotency.services import HEADER, KeyRefused, run_once

METHODS = frozenset({"POST", "PATCH"})
ORG_PREFIX = "/api/org/"
_BEARER = OrganizationBearer()


def _problem(status: int, code: str, title: str, detail: str) -> HttpResponse:
    body = {**problem_body(status=status, title=title, detail=detail), "code": code}
    return HttpResponse(
        simplejson.dumps(body), status=status, content_type="application/problem+json"
    )


TITLES = {400: "Bad request", 409: "Conflict", 422: "Specified data is semantically incorrect"}


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, view_args, view_kwargs):
        key = request.headers.get(HEADER)
        if (
            key is None
            or request.method not in METHODS
            or not request.path_info.startswith(ORG_PREFIX)
            or "org_id" not in view_kwargs
        ):
            return None
        try:
            if _BEARER(request) is None:
                return None  # the API answers 403 itself; nothing is kept for it
            return run_once(
                organization_id=view_kwargs["org_id"],
                key=key,
                request=request,
                respond=lambda: view(request, *view_args, **view_kwargs),
            )
        except KeyRefused as refused:
            return _problem(refused.status, refused.code, TITLES[refused.status], refused.detail)
        except (OperationalError, InterfaceError):
            return _problem(
                503,
                "DATABASE_UNAVAILABLE",
                "Service unavailable",
                "The database is not reachable; retry.",
            )
