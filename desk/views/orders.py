"""Orders: a paged list with a status filter and number search, and a detail page with the
buttons the sales order machine allows."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from core.actors import Actor
from core.problems import Problem
from desk.access import desk_view
from desk.filters import OrderFilters
from desk.live import (
    Notice,
    answer_action,
    change_stamp,
    live_view,
    render_live,
    with_query,
)
from desk.presenters.orders import order_detail as detail_of
from desk.presenters.orders import order_page
from fulfillment.order_selectors import staff_order_stamp, staff_orders_stamp
from orders.services import sales_order_set_status
from orders.statuses import SalesOrderStatus

LIST_TEMPLATE = "desk/orders.html"
DETAIL_TEMPLATE = "desk/order_detail.html"

DONE = {
    SalesOrderStatus.CONFIRMED: gettext_lazy("Order {number} is confirmed."),
    SalesOrderStatus.REJECTED: gettext_lazy("Order {number} was rejected."),
    SalesOrderStatus.ON_HOLD: gettext_lazy("Order {number} is on hold."),
    SalesOrderStatus.IN_PROCESS: gettext_lazy("Order {number} is in process."),
    SalesOrderStatus.COMPLETED: gettext_lazy("Order {number} is completed."),
    SalesOrderStatus.CANCELED: gettext_lazy("Order {number} was canceled."),
    SalesOrderStatus.NEW: gettext_lazy("Order {number} is new again."),
}


def _list_stamp(request: HttpRequest) -> str:
    filters = OrderFilters.from_data(request.GET)
    rows_stamp = staff_orders_stamp(
        organization_id=request.organization.id, statuses=filters.statuses, search=filters.search
    )
    return change_stamp(
        "orders", request.organization.id, filters, rows_stamp, timezone.localdate()
    )


@live_view(_list_stamp)
def order_list(request: HttpRequest, *, stamp: str) -> HttpResponse:
    filters = OrderFilters.from_data(request.GET)
    page, rows = order_page(organization_id=request.organization.id, filters=filters)
    base = reverse("desk-orders")
    context = {
        "stamp": stamp,
        "page": "orders",
        "filters": filters,
        "orders_page": page,
        "rows": rows,
        "statuses": SalesOrderStatus.values,
        "poll_url": with_query(base, filters.as_query()),
        "previous_url": (
            with_query(base, filters.as_query(page=page.previous_page_number()))
            if page.has_previous()
            else ""
        ),
        "next_url": (
            with_query(base, filters.as_query(page=page.next_page_number()))
            if page.has_next()
            else ""
        ),
    }
    return render_live(request, LIST_TEMPLATE, "orders", context)


def _detail_stamp(request: HttpRequest, order_id) -> str:
    rows = staff_order_stamp(organization_id=request.organization.id, order_id=order_id)
    return change_stamp("order", request.organization.id, order_id, rows, timezone.localdate())


def _detail_context(request: HttpRequest, order_id, *, stamp: str) -> dict:
    detail = detail_of(organization_id=request.organization.id, order_id=order_id)
    if detail is None:
        raise Http404("No such order.")
    return {
        "stamp": stamp,
        "page": "orders",
        "detail": detail,
        "order": detail.order,
        "poll_url": reverse("desk-order", args=[order_id]),
    }


@live_view(_detail_stamp)
def order_detail(request: HttpRequest, order_id, *, stamp: str) -> HttpResponse:
    context = _detail_context(request, order_id, stamp=stamp)
    return render_live(request, DETAIL_TEMPLATE, "detail", context)


@require_POST
@desk_view
def order_move(request: HttpRequest, order_id) -> HttpResponse:
    status = request.POST.get("status", "")
    if status not in SalesOrderStatus.values:
        notice = Notice(text=gettext("Unknown action."), kind="error")
    else:
        try:
            order = sales_order_set_status(
                organization_id=request.organization.id,
                sales_order_id=order_id,
                status=status,
                actor=Actor.for_user(request.user),
            )
            notice = Notice(text=DONE[status].format(number=order.number))
        except Problem as problem:
            notice = Notice.of_problem(problem)
    return answer_action(
        request,
        notice=notice,
        template=DETAIL_TEMPLATE,
        partial="detail",
        context_of=lambda: _detail_context(
            request, order_id, stamp=_detail_stamp(request, order_id)
        ),
        page_url=reverse("desk-order", args=[order_id]),
    )
