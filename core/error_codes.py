"""Every machine-readable reason a problem document can carry, in one place.

A problem's `code` is stable: clients branch on it, so a code is never renamed or reused for
another reason. The OpenAPI document lists these values as the enum of `Problem.code`.
"""

from enum import StrEnum


class ProblemCode(StrEnum):
    # 400: the request's shape is wrong
    BAD_REQUEST = "BAD_REQUEST"
    # 403: credentials missing, malformed, expired, revoked or of another organization
    FORBIDDEN = "FORBIDDEN"
    # 404: unknown id, or an id of another organization
    NOT_FOUND = "NOT_FOUND"
    # 405: the path exists, the method does not
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    # 409: a status the machine does not allow from the current status
    TRANSITION_NOT_ALLOWED = "TRANSITION_NOT_ALLOWED"
    # 409 (a change to a finalized draft) and 422 (finalizing it again)
    DRAFT_FINALIZED = "DRAFT_FINALIZED"
    # 409: checking out a draft that was not finalized
    DRAFT_NOT_FINALIZED = "DRAFT_NOT_FINALIZED"
    # 409: deleting what something else still refers to
    ITEM_IN_USE = "ITEM_IN_USE"
    PRODUCT_IN_USE = "PRODUCT_IN_USE"
    # 409: the same Idempotency-Key while its first request is still running
    IDEMPOTENCY_KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE"
    # 413: a request body over the limit
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    # 422: valid shape, wrong meaning
    DRAFT_EMPTY = "DRAFT_EMPTY"
    DRAFT_INCONSISTENT = "DRAFT_INCONSISTENT"
    ITEM_NOT_IN_DRAFT = "ITEM_NOT_IN_DRAFT"
    UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT"
    UNKNOWN_TAX = "UNKNOWN_TAX"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    AMOUNT_TOO_LARGE = "AMOUNT_TOO_LARGE"
    PAGER_NUMBER_HELD = "PAGER_NUMBER_HELD"
    WEBHOOK_TARGET_REFUSED = "WEBHOOK_TARGET_REFUSED"
    # 422: the same Idempotency-Key with another method, path or body
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    # 429: too many failed sign-ins
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    # 500: a bug; also a list entry whose stored row could not be rendered
    INTERNAL_ERROR = "INTERNAL_ERROR"
    RESOURCE_NOT_RENDERABLE = "RESOURCE_NOT_RENDERABLE"
    # 503: the database does not answer
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"


# The code a problem carries when nothing more specific is known, by HTTP status.
DEFAULT_CODES: dict[int, ProblemCode] = {
    400: ProblemCode.BAD_REQUEST,
    403: ProblemCode.FORBIDDEN,
    404: ProblemCode.NOT_FOUND,
    405: ProblemCode.METHOD_NOT_ALLOWED,
    409: ProblemCode.TRANSITION_NOT_ALLOWED,
    413: ProblemCode.PAYLOAD_TOO_LARGE,
    429: ProblemCode.TOO_MANY_ATTEMPTS,
    500: ProblemCode.INTERNAL_ERROR,
    503: ProblemCode.DATABASE_UNAVAILABLE,
}


def default_code(status: int) -> ProblemCode:
    if status in DEFAULT_CODES:
        return DEFAULT_CODES[status]
    return ProblemCode.BAD_REQUEST if status < 500 else ProblemCode.INTERNAL_ERROR
