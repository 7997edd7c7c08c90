"""Every error an API operation can end in, mapped to its problem document and status code."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from core.error_codes import ProblemCode
from core.problems import (
    BadRequest,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    Problem,
    ServiceUnavailable,
    problem_response,
)
from core.schemas import NO_NUL

logger = logging.getLogger(__name__)

TOO_LARGE = PayloadTooLarge("Request bodies are limited to 1 MiB.")
DATABASE_UNAVAILABLE = ServiceUnavailable("The database is not reachable; retry.")
INTERNAL_ERROR = Problem(
    "The request could not be completed.", status=500, code=ProblemCode.INTERNAL_ERROR
)


def _message(error: dict) -> str:
    if (error.get("ctx") or {}).get("pattern") == NO_NUL:
        return "must not contain NUL characters"
    return error.get("msg", "invalid value")


def describe_validation_errors(errors: list[dict]) -> str:
    parts = []
    for error in errors[:10]:
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        message = _message(error)
        parts.append(f"{location}: {message}" if location else message)
    more = len(errors) - 10
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts) or "Invalid request."


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Problem)
    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return problem_response(exc)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # django-ninja says 422; for this API a malformed request is a 400.
        return problem_response(BadRequest(describe_validation_errors(exc.errors)))

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            Forbidden("Send a valid, unexpired bearer token of this organization.")
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, Problem):
            return problem_response(cause)
        if isinstance(cause, RequestDataTooBig):
            return problem_response(TOO_LARGE)
        message = str(exc.message) if hasattr(exc, "message") else str(exc)
        return problem_response(Problem(message, status=exc.status_code))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(NotFound(str(exc) or "Not found."))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return problem_response(TOO_LARGE)

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if isinstance(exc, OperationalError | InterfaceError):
            logger.warning("database unavailable: %s", exc)
            return problem_response(DATABASE_UNAVAILABLE)
        if isinstance(exc, DatabaseError):
            logger.exception("database error")
        else:
            logger.exception("unexpected error")
        return problem_response(INTERNAL_ERROR)
