"""The delivery board: a column per status, cards with the buttons the delivery machine
allows."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.actors import Actor
from core.problems import Problem
from fulfillment import queries
from fulfillment.services import delivery_set_status
from fulfillment.views.access import desk_view
from fulfillment.views.live import Notice, answer_action, render_card_forms, render_live, with_query
from orders.statuses import DeliveryStatus

TEMPLATE = "fulfillment/deliveries.html"
PARTIAL = "board"

DONE = {
    DeliveryStatus.PREPARED: "Delivery of order {number} is prepared.",
    DeliveryStatus.SHIPPED: "Delivery of order {number} is shipped.",
    DeliveryStatus.RECEIVED: "Delivery of order {number} was received.",
    DeliveryStatus.PENDING: "Delivery of order {number} is back to pending.",
}


def _context(request: HttpRequest, filters: queries.DeliveryFilters, *, full: bool) -> dict:
    board = queries.delivery_board(organization_id=request.organization.id, filters=filters)
    page_url = with_query(reverse("desk-deliveries"), filters.as_query())
    context = {
        "board": board,
        "filters": filters,
        "poll_url": page_url,
        "page": "deliveries",
        "form_fields": render_card_forms(
            request, TEMPLATE, button_rows=board.button_rows, filters=filters
        ),
    }
    if full:
        context["options"] = queries.delivery_filter_options(
            organization_id=request.organization.id, filters=filters
        )
    return context


@require_GET
@desk_view
def delivery_board(request: HttpRequest) -> HttpResponse:
    filters = queries.DeliveryFilters.from_data(request.GET)
    full = not request.htmx or request.htmx.history_restore_request
    return render_live(request, TEMPLATE, PARTIAL, _context(request, filters, full=full))


@require_POST
@desk_view
def delivery_move(request: HttpRequest, delivery_id) -> HttpResponse:
    filters = queries.DeliveryFilters.from_data(request.POST)
    status = request.POST.get("status", "")
    if status not in queries.DELIVERY_BUTTON_LABELS:
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
