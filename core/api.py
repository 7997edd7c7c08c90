import base64
import binascii
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

from core.models import ApiClient, ApiToken
from core.openapi import basic_auth, no_auth
from core.problems import Forbidden, ServiceUnavailable
from core.schemas import problems
from core.sign_in_throttle import lock_seconds_left, sign_in_failed, too_many_attempts_response

router = Router(tags=["Access"])


class AccessTokenOut(Schema):
    accessToken: str


class HealthOut(Schema):
    status: str


def _basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded or len(encoded) > 2048:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    name, separator, secret = decoded.partition(":")
    if not separator or not name or "\x00" in decoded:
        return None
    return name, secret


@router.get(
    "/auth/authorize/{org_id}",
    response={200: AccessTokenOut, **problems(403, 429)},
    auth=None,
    summary="Trade an API client's name and secret (HTTP Basic) for an access token.",
    operation_id="authorize",
    openapi_extra=basic_auth(),
)
def authorize(request: HttpRequest, org_id: str):
    credentials = _basic_credentials(request)
    if credentials is None:
        raise Forbidden("Send `Authorization: Basic base64(client-name:secret)`.")
    name, secret = credentials
    retry_after = lock_seconds_left(request, username=name)
    if retry_after is not None:
        return too_many_attempts_response(retry_after=retry_after)
    client = ApiClient.objects.filter(organization_id=org_id, name=name, is_active=True).first()
    if client is None or not client.check_secret(secret):
        sign_in_failed(request, username=name)
        raise Forbidden("Unknown client, wrong secret, or a client of another organization.")
    _, plain = ApiToken.issue(
        organization=client.organization,
        client=client,
        label=client.name,
        lifetime=timedelta(seconds=settings.API_TOKEN_LIFETIME_SECONDS),
    )
    return Status(200, {"accessToken": plain})


@router.get(
    "/health",
    response={200: HealthOut, **problems(503)},
    auth=None,
    summary="200 when the database answers, else 503.",
    operation_id="health",
    openapi_extra=no_auth(),
)
def health(request: HttpRequest):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        raise ServiceUnavailable("The database is not reachable.") from exc
    return Status(200, {"status": "ok"})
