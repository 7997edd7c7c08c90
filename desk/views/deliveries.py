"""The delivery board: a column per status, cards with the buttons the delivery machine
allows."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.actors import Actor
from desk.access import desk_view
from desk.filters import DeliveryFilters
from desk.live import LiveBoard
from desk.presenters.buttons import DELIVERY_BUTTON_LABELS
from desk.presenters.deliveries import delivery_board, delivery_filter_options
from desk.presenters.texts import local_midnight
from fulfillment import board_stamps
from fulfillment.services import delivery_set_status
from orders.statuses import DeliveryStatus

DONE = {
    DeliveryStatus.PREPARED: gettext_lazy("Delivery of order {number} is prepared."),
    DeliveryStatus.SHIPPED: gettext_lazy("Delivery of order {number} is shipped."),
    DeliveryStatus.RECEIVED: gettext_lazy("Delivery of order {number} was received."),
    DeliveryStatus.PENDING: gettext_lazy("Delivery of order {number} is back to pending."),
}


def _rows_stamp(*, organization_id: str, filters: DeliveryFilters) -> tuple:
    return board_stamps.delivery_board_stamp(
        organization_id=organization_id,
        received_since=local_midnight(),
        location=filters.location,
        service=filters.service,
    )


def _present(*, organization_id: str, filters: DeliveryFilters) -> dict:
    return {"board": delivery_board(organization_id=organization_id, filters=filters)}


def _options(*, organization_id: str, filters: DeliveryFilters) -> dict:
    return {"options": delivery_filter_options(organization_id=organization_id, filters=filters)}


BOARD = LiveBoard(
    name="deliveries",
    url_name="desk-deliveries",
    template="desk/deliveries.html",
    partial="board",
    read_filters=DeliveryFilters.from_data,
    rows_stamp=_rows_stamp,
    present=_present,
    options=_options,
)


delivery_board_page = BOARD.page_view()


@require_POST
@desk_view
def delivery_move(request: HttpRequest, delivery_id) -> HttpResponse:
    def perform(status: str) -> str:
        delivery = delivery_set_status(
            organization_id=request.organization.id,
            delivery_id=delivery_id,
            status=status,
            actor=Actor.for_user(request.user),
        )
        return DONE[status].format(number=delivery.order.number)

    return BOARD.move(request, allowed=DELIVERY_BUTTON_LABELS, perform=perform)
