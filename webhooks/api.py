"""Webhook subscriptions (an extension): events out, signed to the Standard Webhooks scheme."""

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from core.paging import OffsetLimit
from core.schemas import problems
from webhooks import selectors, services
from webhooks.schemas import (
    WebhookCreated,
    WebhookDeliveryPage,
    WebhookIn,
    WebhookOut,
    WebhookPage,
    WebhookReplace,
)

router = Router(tags=["Webhooks"])
PREFIX = "/org/{org_id}/webhooks"

ERRORS = problems(400, 403, 404)
WRITE_ERRORS = problems(400, 403, 404, 413, 422)


def _events(payload: WebhookIn) -> list[str]:
    return list(dict.fromkeys(event.value for event in payload.events))


@router.post(
    "",
    response={201: WebhookCreated, **WRITE_ERRORS},
    operation_id="createWebhook",
    summary="Subscribe a URL to events.",
    description="The answer holds the signing `secret`, shown this once. A URL that is not "
    "http(s) or an unknown event type is a 400; a target on a loopback, link-local or private "
    "address is a 422.",
)
def create_webhook(request: HttpRequest, org_id: Path[str], payload: WebhookIn):
    subscription = services.subscription_create(
        organization_id=org_id,
        url=payload.url,
        events=_events(payload),
        description=payload.description,
    )
    return Status(201, selectors.subscription_render(subscription, with_secret=True))


@router.get(
    "",
    response={200: WebhookPage, **problems(400, 403)},
    operation_id="listWebhooks",
    summary="Iterate over the organization's webhook subscriptions.",
)
def list_webhooks(request: HttpRequest, org_id: Path[str], paging: Query[OffsetLimit]):
    return selectors.subscription_page(organization_id=org_id, paging=paging)


@router.get(
    "/{webhook_id}",
    response={200: WebhookOut, **ERRORS},
    operation_id="getWebhook",
    summary="Get a webhook subscription.",
)
def get_webhook(request: HttpRequest, org_id: Path[str], webhook_id: str):
    return selectors.subscription_render(
        selectors.subscription_get(organization_id=org_id, subscription_id=webhook_id)
    )


@router.put(
    "/{webhook_id}",
    response={200: WebhookOut, **WRITE_ERRORS},
    operation_id="replaceWebhook",
    summary="Replace a subscription's url, events, description and active flag.",
)
def replace_webhook(
    request: HttpRequest, org_id: Path[str], webhook_id: str, payload: WebhookReplace
):
    subscription = services.subscription_replace(
        organization_id=org_id,
        subscription_id=webhook_id,
        url=payload.url,
        events=_events(payload),
        description=payload.description,
        active=payload.active,
    )
    return selectors.subscription_render(subscription)


@router.delete(
    "/{webhook_id}",
    response={204: None, **ERRORS},
    operation_id="deleteWebhook",
    summary="Delete a subscription; nothing more is sent to it.",
)
def delete_webhook(request: HttpRequest, org_id: Path[str], webhook_id: str):
    services.subscription_delete(organization_id=org_id, subscription_id=webhook_id)
    return Status(204, None)


@router.get(
    "/{webhook_id}/deliveries",
    response={200: WebhookDeliveryPage, **ERRORS},
    operation_id="listWebhookDeliveries",
    summary="Every delivery attempt to a subscription, oldest first.",
)
def list_webhook_deliveries(
    request: HttpRequest, org_id: Path[str], webhook_id: str, paging: Query[OffsetLimit]
):
    return selectors.attempt_page(organization_id=org_id, subscription_id=webhook_id, paging=paging)
