"""What the desk prints: a pickup's ticket (A6 or an 80 mm receipt) and the pickup queue on
paper (no navigation, no buttons)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from desk.access import desk_view
from desk.filters import PickupFilters
from desk.presenters.pickups import pickup_queue
from desk.presenters.tickets import pickup_ticket as ticket_of


@require_GET
@desk_view
def pickup_ticket(request: HttpRequest, pickup_id) -> HttpResponse:
    ticket = ticket_of(organization_id=request.organization.id, pickup_id=pickup_id)
    if ticket is None:
        raise Http404(_("No such pickup."))
    receipt = request.GET.get("paper") == "receipt"
    return render(request, "desk/ticket.html", {"ticket": ticket, "receipt": receipt})


@require_GET
@desk_view
def queue_print(request: HttpRequest) -> HttpResponse:
    filters = PickupFilters.from_data(request.GET)
    queue = pickup_queue(organization_id=request.organization.id, filters=filters)
    return render(request, "desk/pickups_print.html", {"queue": queue, "filters": filters})
