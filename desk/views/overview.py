"""The overview: what waits on each page, as counts."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from desk.access import desk_view
from desk.live import change_stamp, clock_minute, not_modified, render_live, unchanged
from desk.presenters.baskets import overview_counts
from drafts.selectors import activity_stamp


@require_GET
@desk_view
def overview(request: HttpRequest) -> HttpResponse:
    organization_id = request.organization.id
    activity = activity_stamp(organization_id=organization_id)
    stamp = change_stamp("overview", organization_id, activity, clock_minute())
    if unchanged(request, stamp):
        return not_modified(stamp)
    context = {
        "stamp": stamp,
        "page": "overview",
        "counts": overview_counts(organization_id=request.organization.id),
        "poll_url": reverse("desk-overview"),
    }
    return render_live(request, "desk/overview.html", "counts", context)
