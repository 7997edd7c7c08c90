"""Reads of sales orders together with their pickups and deliveries, for the staff pages (the
code that knows both apps sits here, in the higher one)."""

from uuid import UUID

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from fulfillment.models import Delivery, Pickup
from orders.models import SalesOrder, SalesOrderItem, StatusEvent


def _matching_orders(*, organization_id: str, statuses: tuple[str, ...], search: str) -> QuerySet:
    orders = SalesOrder.objects.filter(organization_id=organization_id)
    if statuses:
        orders = orders.filter(status__in=statuses)
    if search:
        orders = orders.filter(Q(number__icontains=search) | Q(draft_number__icontains=search))
    return orders


def staff_orders(*, organization_id: str, statuses: tuple[str, ...], search: str) -> QuerySet:
    """Orders newest first, of the given statuses (all when none), whose order or basket number
    contains `search`; with their fulfillments' statuses prefetched (two queries per page)."""
    orders = _matching_orders(organization_id=organization_id, statuses=statuses, search=search)
    return orders.order_by("-transaction_date_and_time", "-id").prefetch_related(
        Prefetch("pickups", queryset=Pickup.objects.only("id", "order_id", "status")),
        Prefetch("deliveries", queryset=Delivery.objects.only("id", "order_id", "status")),
    )


def staff_order_get(*, organization_id: str, order_id: UUID | str) -> SalesOrder | None:
    """One order with its items, pickups, deliveries and events, each in its order. Five
    queries; None when the organization has no such order."""
    return (
        SalesOrder.objects.filter(organization_id=organization_id, id=order_id)
        .prefetch_related(
            Prefetch("items", queryset=SalesOrderItem.objects.order_by("position", "id")),
            Prefetch("pickups", queryset=Pickup.objects.order_by("created_at", "id")),
            Prefetch("deliveries", queryset=Delivery.objects.order_by("created_at", "id")),
            Prefetch("events", queryset=StatusEvent.objects.order_by("occurred_at", "id")),
        )
        .first()
    )


def staff_orders_stamp(*, organization_id: str, statuses: tuple[str, ...], search: str) -> tuple:
    """What changes whenever the list of these filters changes: how many orders match and their
    newest event (every move of an order or of one of its fulfillments appends one). One
    query."""
    orders = _matching_orders(organization_id=organization_id, statuses=statuses, search=search)
    return tuple(
        orders.order_by()
        .aggregate(count=Count("id", distinct=True), newest=Max("events__id"))
        .values()
    )


def staff_order_stamp(*, organization_id: str, order_id: UUID | str) -> tuple:
    """What changes whenever the order's page changes: its newest event. One query."""
    return tuple(
        StatusEvent.objects.filter(organization_id=organization_id, order_id=order_id)
        .aggregate(count=Count("id"), newest=Max("id"))
        .values()
    )
