"""The overview: what waits on each page, as counts."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from desk.access import desk_view
from desk.live import render_live
from desk.presenters.baskets import overview_counts


@require_GET
@desk_view
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "page": "overview",
        "counts": overview_counts(organization_id=request.organization.id),
        "poll_url": reverse("desk-overview"),
    }
    return render_live(request, "desk/overview.html", "counts", context)
