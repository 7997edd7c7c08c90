"""#25, the deprecated POST /org/{org-id}/sales-orders: check out a draft by its id.

It lives in the drafts app because checkout knows drafts and orders, and orders must not import
drafts. The project's API registers it on the Sales Orders router (`register`), at that
router's own path "" (its mount, orders.api.PREFIX), so that GET (#24) and POST share one URL
pattern (two routers with the same path would shadow each other: the first pattern wins and
answers 405 for the other's method).
"""

from django.http import HttpRequest
from ninja import Path, Router, Status

from core.actors import Actor
from core.parsing import parse_json_body
from core.problems import BadRequest
from core.schemas import problems
from drafts.checkout import draft_check_out
from orders.schemas import SalesOrderOut
from orders.selectors import sales_order_get

MAX_DRAFT_ID = 64

DRAFT_ID_BODY = {
    "requestBody": {
        "required": True,
        "description": 'The "ID" of the sales order draft that is to be converted to a sales '
        "order, as a bare JSON string.",
        "content": {
            "application/json": {
                "schema": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_DRAFT_ID,
                    "title": "SalesOrderDraftId",
                },
                "example": "3f2c1a9e-8d1b-4c1e-9a57-0d3b2f6e7a10",
            }
        },
    }
}


def create_sales_order(request: HttpRequest, org_id: Path[str]):
    draft_id = parse_json_body(request.body)
    if not isinstance(draft_id, str) or not 0 < len(draft_id) <= MAX_DRAFT_ID:
        raise BadRequest('The body must be the draft id as a JSON string, e.g. "3f2c1a9e-…".')
    order = draft_check_out(
        organization_id=org_id,
        draft_id=draft_id,
        actor=Actor.for_token(request.auth),
        require_finalized=False,
    )
    return Status(201, sales_order_get(organization_id=org_id, sales_order_id=order.id))


def register(router: Router) -> None:
    """Adds #25 to the Sales Orders router (see the module's docstring)."""
    router.post(
        "",
        response={201: SalesOrderOut, **problems(400, 403, 404, 413, 422)},
        summary="Create a sales order from a sales order draft (deprecated).",
        description="Deprecated: finalize the draft with PATCH /org/{org-id}/sales-order-drafts/"
        "{sales-order-draft-id} and let the desk check it out. The body is the draft's id as a "
        "JSON string. Unlike the desk's checkout, this also accepts a draft that is not finalized. "
        "The order starts NEW, its pickups and deliveries PENDING; order items keep the ids of the "
        "draft items, pickups and deliveries the ids of the draft's pickups and deliveries. Item "
        "amounts are line totals (unit price × quantity) rounded half-up to cents. The draft no "
        "longer exists afterwards (404). A pager number held by an active pickup at the same "
        "pickup location is a 422.",
        deprecated=True,
        openapi_extra=DRAFT_ID_BODY,
        operation_id="createSalesOrderFromDraft",
    )(create_sales_order)
