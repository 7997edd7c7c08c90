"""The delivery board: a column per status, cards with the buttons the delivery machine
allows."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.actors import Actor
from core.problems import Problem
from desk.access import desk_view
from desk.filters import DeliveryFilters
from desk.live import Notice, answer_action, render_live, with_query
from desk.presenters.buttons import DELIVERY_BUTTON_LABELS
from desk.presenters.deliveries import delivery_board as board_of
from desk.presenters.deliveries import delivery_filter_options
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


def _context(request: HttpRequest, filters: DeliveryFilters, *, full: bool) -> dict:
    context = {
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
    full = not request.htmx or request.htmx.history_restore_request
    return render_live(request, TEMPLATE, PARTIAL, _context(request, filters, full=full))


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
        context_of=lambda: _context(request, filters, full=False),
        page_url=with_query(reverse("desk-deliveries"), filters.as_query()),
    )
