"""RFC 9457 problem documents and the domain errors that become them.

Every error the API answers is a `Problem`; `problem_response` is the one way one is sent.
`type` is `about:blank`, so `title` is the HTTP status phrase; what went wrong is `detail` (for
people) and `code` (for programs, see `core.error_codes`).
"""

import json
from http import HTTPStatus

from django.http import HttpResponse

from core.error_codes import ProblemCode, default_code

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE = "about:blank"


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class Problem(Exception):
    """A domain error that the API answers with a problem document."""

    status: int = 400

    def __init__(
        self, detail: str, *, code: ProblemCode | None = None, status: int | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        self.code = code if code is not None else default_code(self.status)

    @property
    def title(self) -> str:
        return status_phrase(self.status)

    def body(self) -> dict:
        return problem_body(status=self.status, detail=self.detail, code=self.code)


class BadRequest(Problem):
    status = 400


class Forbidden(Problem):
    status = 403


class NotFound(Problem):
    status = 404


class StatusConflict(Problem):
    """A status transition that the machine does not allow from the current status."""

    status = 409

    def __init__(self, detail: str, *, code: ProblemCode = ProblemCode.TRANSITION_NOT_ALLOWED):
        super().__init__(detail, code=code)


class Conflict(Problem):
    """The resource's state forbids the change (a finalized draft, a part still in use)."""

    status = 409

    def __init__(self, detail: str, *, code: ProblemCode) -> None:
        super().__init__(detail, code=code)


class PayloadTooLarge(Problem):
    status = 413


class Unprocessable(Problem):
    """Valid shape, wrong meaning: unknown product, foreign item reference, pager held, …"""

    status = 422

    def __init__(self, detail: str, *, code: ProblemCode) -> None:
        super().__init__(detail, code=code)


class TooManyAttempts(Problem):
    status = 429


class ServiceUnavailable(Problem):
    status = 503

    def __init__(self, detail: str, *, code: ProblemCode = ProblemCode.DATABASE_UNAVAILABLE):
        super().__init__(detail, code=code)


def problem_body(*, status: int, detail: str, code: ProblemCode | None = None) -> dict:
    return {
        "type": PROBLEM_TYPE,
        "title": status_phrase(status),
        "status": status,
        "detail": detail,
        "code": str(code if code is not None else default_code(status)),
    }


def problem_response(problem: Problem, *, headers: dict[str, str] | None = None) -> HttpResponse:
    """The one way a problem is sent, by the API's error handlers and middleware alike."""
    response = HttpResponse(
        json.dumps(problem.body()), status=problem.status, content_type=PROBLEM_CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
