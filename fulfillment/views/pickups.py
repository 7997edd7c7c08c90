"""The pickup queue: open pickups as cards keyed by their big number, Preparing apart from
Ready, with the buttons the pickup machine allows."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.actors import Actor
from core.problems import Problem
from fulfillment import queries
from fulfillment.services import pickup_set_status
from fulfillment.views.access import desk_view
from fulfillment.views.live import Notice, answer_action, render_card_forms, render_live, with_query
from orders.statuses import PickupStatus

TEMPLATE = "fulfillment/pickups.html"
PARTIAL = "queue"

DONE = {
    PickupStatus.PREPARED: "{number} is ready.",
    PickupStatus.PICKED_UP: "{number} was picked up.",
    PickupStatus.PENDING: "{number} is back to preparing.",
}


def _context(request: HttpRequest, filters: queries.PickupFilters, *, full: bool) -> dict:
    queue = queries.pickup_queue(organization_id=request.organization.id, filters=filters)
    page_url = with_query(reverse("desk-pickups"), filters.as_query())
    context = {
        "queue": queue,
        "filters": filters,
        "poll_url": page_url,
        "page": "pickups",
        "form_fields": render_card_forms(
            request, TEMPLATE, button_rows=queue.button_rows, filters=filters
        ),
    }
    if full:
        context["locations"] = queries.pickup_locations(
            organization_id=request.organization.id, also=filters.location
        )
    return context


@require_GET
@desk_view
def pickup_queue(request: HttpRequest) -> HttpResponse:
    filters = queries.PickupFilters.from_data(request.GET)
    full = not request.htmx or request.htmx.history_restore_request
    return render_live(request, TEMPLATE, PARTIAL, _context(request, filters, full=full))


@require_POST
@desk_view
def pickup_move(request: HttpRequest, pickup_id) -> HttpResponse:
    filters = queries.PickupFilters.from_data(request.POST)
    status = request.POST.get("status", "")
    if status not in queries.PICKUP_BUTTON_LABELS:
        notice = Notice(text="Unknown action.", kind="error")
    else:
        try:
            pickup = pickup_set_status(
                organization_id=request.organization.id,
                pickup_id=pickup_id,
                status=status,
                actor=Actor.for_user(request.user),
            )
            notice = Notice(text=DONE[status].format(number=pickup.display_number))
        except Problem as problem:
            notice = Notice.of_problem(problem)
    return answer_action(
        request,
        notice=notice,
        template=TEMPLATE,
        partial=PARTIAL,
        context_of=lambda: _context(request, filters, full=False),
        page_url=with_query(reverse("desk-pickups"), filters.as_query()),
    )
