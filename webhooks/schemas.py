"""Request and response shapes of the webhook subscriptions API (an extension)."""

from enum import Enum
from typing import Annotated
from urllib.parse import urlsplit

from ninja import Schema
from pydantic import AfterValidator, Field, StrictBool, StringConstraints

from core.paging import page_schema
from core.schemas import DateTime, StrictSchema
from webhooks.models import ALL_EVENTS, EVENT_TYPES

EventType = Enum("EventType", {name: name for name in (*EVENT_TYPES, ALL_EVENTS)}, type=str)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http or https URL with a host")
    try:
        parts.port  # noqa: B018  (raises for a port that is not a number in range)
    except ValueError as exc:
        raise ValueError("has an invalid port") from exc
    return value


WebhookUrl = Annotated[
    str,
    StringConstraints(min_length=8, max_length=2000, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://\S+$"),
    AfterValidator(_http_url),
]


class WebhookIn(StrictSchema):
    url: WebhookUrl
    events: list[EventType] = Field(..., min_length=1, max_length=len(EVENT_TYPES) + 1)
    description: Annotated[str, StringConstraints(max_length=500)] = ""


class WebhookReplace(WebhookIn):
    active: StrictBool = True


class WebhookOut(Schema):
    id: str
    url: str
    events: list[str]
    description: str
    active: bool
    created_at: DateTime


class WebhookCreated(WebhookOut):
    secret: str = Field(..., description="`whsec_` + base64; shown in this answer only.")


class WebhookDeliveryOut(Schema):
    event_id: str
    event_type: str
    attempt: int = Field(..., ge=1)
    status_code: int | None
    error: str
    duration_ms: int
    at: DateTime


WebhookPage = page_schema(WebhookOut, "WebhookPage")
WebhookDeliveryPage = page_schema(WebhookDeliveryOut, "WebhookDeliveryPage")
