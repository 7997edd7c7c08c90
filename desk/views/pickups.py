"""The pickup queue: open pickups as cards keyed by their big number, Preparing apart from
Ready, with the buttons the pickup machine allows."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.actors import Actor
from desk.access import desk_view
from desk.filters import PickupFilters
from desk.live import LiveBoard
from desk.presenters.buttons import PICKUP_BUTTON_LABELS
from desk.presenters.pickups import pickup_location_choices, pickup_queue
from desk.presenters.texts import big_number
from fulfillment import board_stamps
from fulfillment.services import pickup_set_status
from orders.statuses import PickupStatus

DONE = {
    PickupStatus.PREPARED: gettext_lazy("{number} is ready."),
    PickupStatus.PICKED_UP: gettext_lazy("{number} was picked up."),
    PickupStatus.PENDING: gettext_lazy("{number} is back to preparing."),
}


def _rows_stamp(*, organization_id: str, filters: PickupFilters) -> tuple:
    return board_stamps.pickup_queue_stamp(
        organization_id=organization_id, location=filters.location, number=filters.number
    )


def _present(*, organization_id: str, filters: PickupFilters) -> dict:
    return {"queue": pickup_queue(organization_id=organization_id, filters=filters)}


def _options(*, organization_id: str, filters: PickupFilters) -> dict:
    locations = pickup_location_choices(organization_id=organization_id, also=filters.location)
    return {"locations": locations}


QUEUE = LiveBoard(
    name="pickups",
    url_name="desk-pickups",
    template="desk/pickups.html",
    partial="queue",
    read_filters=PickupFilters.from_data,
    rows_stamp=_rows_stamp,
    present=_present,
    options=_options,
)


pickup_queue_page = QUEUE.page_view()


@require_POST
@desk_view
def pickup_move(request: HttpRequest, pickup_id) -> HttpResponse:
    def perform(status: str) -> str:
        pickup = pickup_set_status(
            organization_id=request.organization.id,
            pickup_id=pickup_id,
            status=status,
            actor=Actor.for_user(request.user),
        )
        return DONE[status].format(number=big_number(pickup.pager_number, pickup.pickup_number))

    return QUEUE.move(request, allowed=PICKUP_BUTTON_LABELS, perform=perform)
