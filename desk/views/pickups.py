"""The pickup queue: open pickups as cards keyed by their big number, Preparing apart from
Ready, with the buttons the pickup machine allows."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.actors import Actor
from core.problems import Problem
from desk.access import desk_view
from desk.filters import PickupFilters
from desk.live import (
    Notice,
    answer_action,
    change_stamp,
    clock_minute,
    not_modified,
    render_live,
    unchanged,
    with_query,
)
from desk.presenters.buttons import PICKUP_BUTTON_LABELS
from desk.presenters.pickups import pickup_location_choices
from desk.presenters.pickups import pickup_queue as queue_of
from desk.presenters.texts import big_number
from fulfillment import board_selectors
from fulfillment.services import pickup_set_status
from orders.statuses import PickupStatus

TEMPLATE = "desk/pickups.html"
PARTIAL = "queue"

DONE = {
    PickupStatus.PREPARED: "{number} is ready.",
    PickupStatus.PICKED_UP: "{number} was picked up.",
    PickupStatus.PENDING: "{number} is back to preparing.",
}


def _stamp(request: HttpRequest, filters: PickupFilters) -> str:
    rows = board_selectors.pickup_queue_stamp(
        organization_id=request.organization.id, location=filters.location, number=filters.number
    )
    return change_stamp("pickups", request.organization.id, filters, rows, clock_minute())


def _context(request: HttpRequest, filters: PickupFilters, *, full: bool, stamp: str) -> dict:
    queue = queue_of(organization_id=request.organization.id, filters=filters)
    context = {
        "stamp": stamp,
        "queue": queue,
        "filters": filters,
        "poll_url": with_query(reverse("desk-pickups"), filters.as_query()),
        "page": "pickups",
    }
    if full:
        context["locations"] = pickup_location_choices(
            organization_id=request.organization.id, also=filters.location
        )
    return context


@require_GET
@desk_view
def pickup_queue(request: HttpRequest) -> HttpResponse:
    filters = PickupFilters.from_data(request.GET)
    stamp = _stamp(request, filters)
    if unchanged(request, stamp):
        return not_modified(stamp)
    full = not request.htmx or request.htmx.history_restore_request
    context = _context(request, filters, full=full, stamp=stamp)
    return render_live(request, TEMPLATE, PARTIAL, context)


@require_POST
@desk_view
def pickup_move(request: HttpRequest, pickup_id) -> HttpResponse:
    filters = PickupFilters.from_data(request.POST)
    status = request.POST.get("status", "")
    if status not in PICKUP_BUTTON_LABELS:
        notice = Notice(text="Unknown action.", kind="error")
    else:
        try:
            pickup = pickup_set_status(
                organization_id=request.organization.id,
                pickup_id=pickup_id,
                status=status,
                actor=Actor.for_user(request.user),
            )
            number = big_number(pickup.pager_number, pickup.pickup_number)
            notice = Notice(text=DONE[status].format(number=number))
        except Problem as problem:
            notice = Notice.of_problem(problem)
    return answer_action(
        request,
        notice=notice,
        template=TEMPLATE,
        partial=PARTIAL,
        context_of=lambda: _context(request, filters, full=False, stamp=_stamp(request, filters)),
        page_url=with_query(reverse("desk-pickups"), filters.as_query()),
    )
