"""The Fulfillments API (#28-#33): pickups and deliveries of sales orders, and their status."""

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from core.actors import Actor
from core.rendering import json_list_response, json_response
from core.schemas import problems
from fulfillment import selectors, services
from fulfillment.schemas import (
    DeliveryListQuery,
    DeliveryOut,
    DeliveryPage,
    PickupListQuery,
    PickupOut,
    PickupPage,
)
from orders.schemas import status_body_openapi, status_from_body
from orders.statuses import DeliveryStatus, PickupStatus

router = Router(tags=["Fulfillments"])
PREFIX = "/org/{org_id}/fulfillments"

LIST_ERRORS = problems(400, 403)
GET_ERRORS = problems(403, 404)
STATUS_ERRORS = problems(400, 403, 404, 409, 413)


# --- pickups (#28-#30) --------------------------------------------------------------------


@router.get(
    "/pickups",
    response={200: PickupPage, **LIST_ERRORS},
    summary="Iterate over pickups.",
    description="Pickups created in the window, oldest first (ties by id). `status` may be "
    "repeated or comma-separated; `pickup_location_id` matches the pickup location's "
    "service location.",
    operation_id="listPickups",
)
def list_pickups(request: HttpRequest, org_id: Path[str], query: Query[PickupListQuery]):
    # Up to 5 000 pickups: the selector builds the schema's exact shape; render it directly.
    return json_list_response(request, selectors.pickup_page, organization_id=org_id, query=query)


@router.get(
    "/pickups/{pickup_id}",
    response={200: PickupOut, **GET_ERRORS},
    summary="Get a pickup.",
    operation_id="getPickup",
)
def get_pickup(request: HttpRequest, org_id: Path[str], pickup_id: str):
    # On every integration's request path: the selector builds PickupOut's exact shape (the
    # list's rendering), sent without a validation pass; tests compare it with its validated form.
    return json_response(request, selectors.pickup_get(organization_id=org_id, pickup_id=pickup_id))


@router.put(
    "/pickups/{pickup_id}/status",
    response={204: None, **STATUS_ERRORS},
    summary="Move a pickup to another status.",
    description='Body: `{"status": "PREPARED"}` or the bare JSON string `"PREPARED"`. '
    "PENDING → PREPARED → PICKED_UP, PENDING → PICKED_UP, PREPARED → PENDING (undo). "
    "CANCELED cannot be set here (409): a pickup is canceled by canceling its sales order. "
    "While the order is ON_HOLD, REJECTED or CANCELED the pickup cannot move (409). "
    "Setting the current status again is a no-op.",
    openapi_extra=status_body_openapi(PickupStatus, "PickupStatus"),
    operation_id="setPickupStatus",
)
def set_pickup_status(request: HttpRequest, org_id: Path[str], pickup_id: str):
    status = status_from_body(request, PickupStatus)
    services.pickup_set_status(
        organization_id=org_id,
        pickup_id=pickup_id,
        status=status,
        actor=Actor.for_token(request.auth),
    )
    return Status(204, None)


# --- deliveries (#31-#33) -----------------------------------------------------------------


@router.get(
    "/deliveries",
    response={200: DeliveryPage, **LIST_ERRORS},
    summary="Iterate over deliveries.",
    description="Deliveries created in the window, oldest first (ties by id). `status` may be "
    "repeated or comma-separated.",
    operation_id="listDeliveries",
)
def list_deliveries(request: HttpRequest, org_id: Path[str], query: Query[DeliveryListQuery]):
    return json_list_response(request, selectors.delivery_page, organization_id=org_id, query=query)


@router.get(
    "/deliveries/{delivery_id}",
    response={200: DeliveryOut, **GET_ERRORS},
    summary="Get a delivery.",
    operation_id="getDelivery",
)
def get_delivery(request: HttpRequest, org_id: Path[str], delivery_id: str):
    return json_response(
        request, selectors.delivery_get(organization_id=org_id, delivery_id=delivery_id)
    )


@router.put(
    "/deliveries/{delivery_id}/status",
    response={204: None, **STATUS_ERRORS},
    summary="Move a delivery to another status.",
    description='Body: `{"status": "SHIPPED"}` or the bare JSON string `"SHIPPED"`. '
    "PENDING → PREPARED → SHIPPED → RECEIVED, PREPARED → PENDING (undo). CANCELED cannot "
    "be set here (409): a delivery is canceled by canceling its sales order. While the order "
    "is ON_HOLD, REJECTED or CANCELED the delivery cannot move (409). Setting the current "
    "status again is a no-op.",
    openapi_extra=status_body_openapi(DeliveryStatus, "DeliveryStatus"),
    operation_id="setDeliveryStatus",
)
def set_delivery_status(request: HttpRequest, org_id: Path[str], delivery_id: str):
    status = status_from_body(request, DeliveryStatus)
    services.delivery_set_status(
        organization_id=org_id,
        delivery_id=delivery_id,
        status=status,
        actor=Actor.for_token(request.auth),
    )
    return Status(204, None)
