from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.errors import DATABASE_UNAVAILABLE, TOO_LARGE
from core.postgresql.deadlines import serving_request
from core.problems import BadRequest, problem_response

API_PREFIX = "/api/"


class ApiEdgeMiddleware:
    """Rejects what the API can never accept before any view or database work, and accepts a
    trailing slash on every API path (the enfore user docs write one) without redirecting."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            rejection = self.reject(request)
            if rejection is not None:
                return rejection
            if len(request.path_info) > len(API_PREFIX) and request.path_info.endswith("/"):
                request.path_info = request.path_info.rstrip("/")
        return self.get_response(request)

    def reject(self, request: HttpRequest) -> HttpResponse | None:
        raw_query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or b"\x00" in unquote_to_bytes(raw_query):
            return problem_response(BadRequest("NUL characters are not allowed."))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(BadRequest("Content-Length is not a number."))
        if length > settings.API_MAX_BODY_BYTES:
            return problem_response(TOO_LARGE)
        return None


class DatabaseDeadlineMiddleware:
    """Every database call made while serving a request has a deadline (core.postgresql), so a
    database that stops answering costs a 503 within seconds, never a hang."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with serving_request():
            return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A desk page whose database is gone says so plainly (503) instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if request.path_info.startswith(API_PREFIX):
            return problem_response(DATABASE_UNAVAILABLE)
        html = render_to_string("connection_lost.html", {"request": request})
        return HttpResponse(html, status=503)
