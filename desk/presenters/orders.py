"""Orders as the desk lists them and as the order page shows one."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import pgettext

from desk.filters import OrderFilters
from desk.presenters.buttons import Button, order_buttons
from desk.presenters.texts import address_lines, big_number, person_name
from fulfillment.models import Delivery, Pickup
from fulfillment.order_selectors import staff_order_get, staff_orders
from orders.models import SalesOrder, SalesOrderItem, StatusEvent
from orders.statuses import aggregated_fulfillment_status

ORDERS_PER_PAGE = 25


@dataclass
class OrderRow:
    order: SalesOrder
    customer: str
    fulfillment: str


def _fulfillment_statuses(order: SalesOrder) -> list[str]:
    return [pickup.status for pickup in order.pickups.all()] + [
        delivery.status for delivery in order.deliveries.all()
    ]


def order_page(*, organization_id: str, filters: OrderFilters) -> tuple[Page, list[OrderRow]]:
    """Newest first. Four queries whatever the page size: the count, the page, the pickups'
    statuses and the deliveries' statuses."""
    orders = staff_orders(
        organization_id=organization_id, statuses=filters.statuses, search=filters.search
    )
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(filters.page)
    rows = [
        OrderRow(
            order=order,
            customer=person_name(order.customer_information),
            fulfillment=aggregated_fulfillment_status(_fulfillment_statuses(order)),
        )
        for order in page.object_list
    ]
    return page, rows


@dataclass
class HistoryEntry:
    event: StatusEvent
    subject: str


@dataclass
class PickupSummary:
    """A pickup as the order page lists it."""

    pickup: Pickup
    number: str
    collector: str


@dataclass
class DeliverySummary:
    """A delivery as the order page lists it."""

    delivery: Delivery
    recipient: str


@dataclass
class OrderDetail:
    order: SalesOrder
    customer: dict
    customer_name: str
    customer_address: list[str]
    items: list[SalesOrderItem]
    pickups: list[PickupSummary]
    deliveries: list[DeliverySummary]
    fulfillment: str
    history: list[HistoryEntry]
    buttons: tuple[Button, ...]


def order_detail(*, organization_id: str, order_id) -> OrderDetail | None:
    """Five queries: the order, its items, pickups, deliveries, events."""
    order = staff_order_get(organization_id=organization_id, order_id=order_id)
    if order is None:
        return None
    pickups = list(order.pickups.all())
    deliveries = list(order.deliveries.all())
    subjects: dict = {order.id: pgettext("history subject", "Order")}
    pickup_subject = pgettext("history subject", "Pickup {number}")
    subjects.update(
        {
            pickup.id: pickup_subject.format(
                number=big_number(pickup.pager_number, pickup.pickup_number)
            )
            for pickup in pickups
        }
    )
    delivery_subject = pgettext("history subject", "Delivery {index}")
    subjects.update(
        {
            delivery.id: delivery_subject.format(index=index)
            for index, delivery in enumerate(deliveries, start=1)
        }
    )
    customer = order.customer_information if isinstance(order.customer_information, dict) else {}
    return OrderDetail(
        order=order,
        customer=customer,
        customer_name=person_name(customer),
        customer_address=address_lines(
            customer.get("contact_address") or customer.get("invoice_address")
        ),
        items=list(order.items.all()),
        pickups=[
            PickupSummary(
                pickup=pickup,
                number=big_number(pickup.pager_number, pickup.pickup_number),
                collector=person_name(pickup.collector_information),
            )
            for pickup in pickups
        ],
        deliveries=[
            DeliverySummary(
                delivery=delivery,
                recipient=person_name(delivery.recipient_information)
                or person_name(delivery.delivery_address),
            )
            for delivery in deliveries
        ],
        fulfillment=aggregated_fulfillment_status(
            [f.status for f in pickups] + [f.status for f in deliveries]
        ),
        history=[
            HistoryEntry(
                event=event, subject=subjects.get(event.subject_id, event.subject_type.title())
            )
            for event in order.events.all()
        ],
        buttons=order_buttons(order),
    )
