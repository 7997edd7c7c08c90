"""RFC 9457 problem documents and the domain errors that become them.

Every error the API returns is one of these; the codes of the contract live here, in one place.
"""

from http import HTTPStatus

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Problem(Exception):
    """A domain error that the API answers with a problem document."""

    status: int = 400
    title: str = "Bad request"

    def __init__(self, detail: str, *, status: int | None = None, title: str | None = None):
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title


class BadRequest(Problem):
    status = 400
    title = "Bad request"


class Forbidden(Problem):
    status = 403
    title = "Credentials missing or not sufficient"


class NotFound(Problem):
    status = 404
    title = "Resource not found"


class StatusConflict(Problem):
    """A status transition that the machine does not allow from the current status."""

    status = 409
    title = "Specified status is incompatible with the current status"


class Conflict(Problem):
    status = 409
    title = "Conflict"


class PayloadTooLarge(Problem):
    status = 413
    title = "Request body too large"


class Unprocessable(Problem):
    """Valid shape, wrong meaning: unknown product, foreign item reference, pager held, …"""

    status = 422
    title = "Specified data is semantically incorrect"


class ServiceUnavailable(Problem):
    status = 503
    title = "Service unavailable"


def problem_body(*, status: int, title: str, detail: str) -> dict:
    try:
        phrase = HTTPStatus(status).phrase.lower().replace(" ", "-")
    except ValueError:
        phrase = "error"
    return {"type": f"about:blank#{phrase}", "title": title, "status": status, "detail": detail}


def problem_response(*, status: int, title: str, detail: str) -> JsonResponse:
    return JsonResponse(
        problem_body(status=status, title=title, detail=detail),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def response_for(problem: Problem) -> JsonResponse:
    return problem_response(status=problem.status, title=problem.title, detail=problem.detail)
