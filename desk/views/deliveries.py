"""The delivery board: a column per status, cards with the buttons the delivery machine
allows."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.actors import Actor
from core.problems import Problem
from desk.access import desk_view
from desk.filters import DeliveryFilters
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
from desk.presenters.buttons import DELIVERY_BUTTON_LABELS
from desk.presenters.deliveries import delivery_board as board_of
from desk.presenters.deliveries import delivery_filter_options
from desk.presenters.texts import local_midnight
from fulfillment import board_selectors
from fulfillment.services import delivery_set_status
from orders.statuses import DeliveryStatus

TEMPLATE = "desk/deliveries.html"
PARTIAL = "board"

DONE = {
    DeliveryStatus.PREPARED: "Delivery of order {number} is prepared.",
    DeliveryStatus.SHIPPED: "Delivery of order {number} is shipped.",
    DeliveryStatus.RECEIVED: "Delivery of order {number} was received.",
    DeliveryStatus.PENDING: "Delivery of order {number} is back to pending.",
}


def _stamp(request: HttpRequest, filters: DeliveryFilters) -> str:
    rows = board_selectors.delivery_board_stamp(
        organization_id=request.organization.id,
        received_since=local_midnight(),
        location=filters.location,
        service=filters.service,
    )
    return change_stamp("deliveries", request.organization.id, filters, rows, clock_minute())


def _context(request: HttpRequest, filters: DeliveryFilters, *, full: bool, stamp: str) -> dict:
    context = {
        "stamp": stamp,
        "board": board_of(organization_id=request.organization.id, filters=filters),
        "filters": filters,
        "poll_url": with_query(reverse("desk-deliveries"), filters.as_query()),
        "page": "deliveries",
    }
    if full:
        context["options"] = delivery_filter_options(
            organization_id=request.organization.id, filters=filters
        )
    return context


@require_GET
@desk_view
def delivery_board(request: HttpRequest) -> HttpResponse:
    filters = DeliveryFilters.from_data(request.GET)
    stamp = _stamp(request, filters)
    if unchanged(request, stamp):
        return not_modified(stamp)
    full = not request.htmx or request.htmx.history_restore_request
    context = _context(request, filters, full=full, stamp=stamp)
    return render_live(request, TEMPLATE, PARTIAL, context)


@require_POST
@desk_view
def delivery_move(request: HttpRequest, delivery_id) -> HttpResponse:
    filters = DeliveryFilters.from_data(request.POST)
    status = request.POST.get("status", "")
    if status not in DELIVERY_BUTTON_LABELS:
        notice = Notice(text="Unknown action.", kind="error")
    else:
        try:
            delivery = delivery_set_status(
                organization_id=request.organization.id,
                delivery_id=delivery_id,
                status=status,
                actor=Actor.for_user(request.user),
            )
            notice = Notice(text=DONE[status].format(number=delivery.order.number))
        except Problem as problem:
            notice = Notice.of_problem(problem)
    return answer_action(
        request,
        notice=notice,
        template=TEMPLATE,
        partial=PARTIAL,
        context_of=lambda: _context(request, filters, full=False, stamp=_stamp(request, filters)),
        page_url=with_query(reverse("desk-deliveries"), filters.as_query()),
    )
