"""Request and response shapes of the webhook subscriptions API (an extension)."""

from enum import Enum
from typing import Annotated

from ninja import Schema
from pydantic import Field, StrictBool, StringConstraints

from core.paging import page_schema
from core.schemas import DateTime, StrictSchema, nul_free
from webhooks.models import ALL_EVENTS, EVENT_TYPES

EventType = Enum("EventType", {name: name for name in (*EVENT_TYPES, ALL_EVENTS)}, type=str)


# The scheme is the URL's shape (400); a missing host or a bad port is a target that cannot be
# reached, refused like a private one (422, webhooks.targets).
WebhookUrl = Annotated[
    str,
    StringConstraints(
        min_length=8, max_length=2000, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\x00- ]+$"
    ),
]


class WebhookIn(StrictSchema):
    url: WebhookUrl
    events: list[EventType] = Field(..., min_length=1, max_length=len(EVENT_TYPES) + 1)
    description: nul_free(max_length=500) = ""  # type: ignore[valid-type]


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
