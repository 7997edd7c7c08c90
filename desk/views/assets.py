"""Files browsers ask for by a fixed path."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, asked for by browsers and tools that read no <link rel="icon">."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
