"""Applies idempotency keys to every POST and PATCH under /api/org/{org-id}/, after the
request's bearer token is accepted for that organization (a key never answers a stranger)."""

from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja.operation import PathView

from core.auth import OrganizationBearer
from core.errors import DATABASE_UNAVAILABLE
from core.problems import Problem, problem_response
from idempotency.services import HEADER, run_once

METHODS = frozenset({"POST", "PATCH"})
ORG_PREFIX = "/api/org/"
_BEARER = OrganizationBearer()


def _operation_exists(view, method: str) -> bool:
    """Whether the API has an operation for this method at the resolved path (django-ninja
    routes every method of a path to one view, which answers 405 for the others)."""
    for cell in getattr(view, "__closure__", None) or ():
        path_view = cell.cell_contents
        if isinstance(path_view, PathView):
            return any(method in operation.methods for operation in path_view.operations)
    return False


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
            or not _operation_exists(view, request.method)
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
        except Problem as problem:
            return problem_response(problem)
        except (OperationalError, InterfaceError):
            return problem_response(DATABASE_UNAVAILABLE)
