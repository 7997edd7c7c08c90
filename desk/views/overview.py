"""The overview: what waits on each page, as counts."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from desk.live import change_stamp, clock_minute, live_view, render_live
from desk.presenters.baskets import overview_counts
from drafts.selectors import activity_stamp


def _stamp(request: HttpRequest) -> str:
    organization_id = request.organization.id
    activity = activity_stamp(organization_id=organization_id)
    return change_stamp("overview", organization_id, activity, clock_minute())


@live_view(_stamp)
def overview(request: HttpRequest, *, stamp: str) -> HttpResponse:
    context = {
        "stamp": stamp,
        "page": "overview",
        "counts": overview_counts(organization_id=request.organization.id),
        "poll_url": reverse("desk-overview"),
    }
    return render_live(request, "desk/overview.html", "counts", context)
