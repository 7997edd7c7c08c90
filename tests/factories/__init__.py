"""One factories package for every test: `from tests.factories import X` or
`from tests import factories`.

- `records`: rows written as the desk would have produced them (orders in given statuses,
  baskets, counter screens, staff).
- `checkouts`: drafts written straight to the database and checked out through the real
  checkout function (order, fulfillment and checkout tests).
"""

from tests.factories.checkouts import (
    TEST_ACTOR,
    add_delivery,
    add_item,
    add_pickup,
    check_out,
    deliveries_of,
    make_draft,
    make_product,
    order_with,
    pickups_of,
)
from tests.factories.records import (
    PASSWORD,
    SETUP,
    TAX,
    basket,
    delivery_order,
    display,
    many_pickups,
    order,
    pickup_order,
    product,
    staff,
    timed_pickup,
)

__all__ = [
    "PASSWORD",
    "SETUP",
    "TAX",
    "TEST_ACTOR",
    "add_delivery",
    "add_item",
    "add_pickup",
    "basket",
    "check_out",
    "deliveries_of",
    "delivery_order",
    "display",
    "make_draft",
    "make_product",
    "many_pickups",
    "order",
    "order_with",
    "pickup_order",
    "pickups_of",
    "product",
    "staff",
    "timed_pickup",
]
