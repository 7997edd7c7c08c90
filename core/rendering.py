"""JSON out: exact decimals as JSON numbers (never strings or floats), UTC times with `Z`."""

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import simplejson
from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def render_json(data: Any) -> str:
    """The API's JSON text of `data` (also every webhook event's body)."""
    return simplejson.dumps(data, use_decimal=True, default=_json_default)


class ExactJsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        if data is None:
            return ""
        return render_json(data)


_RENDERER = ExactJsonRenderer()
# What django-ninja sends for a validated body (NinjaAPI.get_content_type).
JSON_CONTENT_TYPE = f"{_RENDERER.media_type}; charset={_RENDERER.charset}"


def json_response(request: HttpRequest, data: Any, *, status: int = 200) -> HttpResponse:
    """`data` sent exactly as django-ninja sends a response body it has validated (the API's
    renderer, the same Content-Type), without the validation pass: for bodies a selector builds
    in the declared schema's exact shape on a hot path. The operation keeps `response=` for the
    OpenAPI document, and its tests compare the body with its validated form."""
    return HttpResponse(
        _RENDERER.render(request, data, response_status=status),
        status=status,
        content_type=JSON_CONTENT_TYPE,
    )


_pauses = {"held": 0}
_pauses_lock = threading.Lock()


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector does not run inside: for building a list of up to 5 000
    objects, millions of dicts and lists that form no reference cycle (reference counting frees
    them), over which the collector's passes would cost up to half the request (BENCHMARKS.md,
    issue 9). It runs again when the last thread inside leaves; a collector that was off stays
    off."""
    with _pauses_lock:
        if _pauses["held"] == 0:
            _pauses["was_enabled"] = gc.isenabled()
            gc.disable()
        _pauses["held"] += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses["held"] -= 1
            if _pauses["held"] == 0 and _pauses["was_enabled"]:
                gc.enable()


def json_list_response(
    request: HttpRequest, selector: Callable[..., Any], **arguments: Any
) -> HttpResponse:
    """A list page: `selector(**arguments)` read and rendered, then sent as json_response sends
    it, with the cycle collector paused throughout."""
    with cycle_collection_paused():
        return json_response(request, selector(**arguments))
