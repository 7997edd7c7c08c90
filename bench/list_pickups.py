"""How fast is the list of 5 000 pickups, compared with the fastest way to read the same rows?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/list_pickups.py

Run it against PostgreSQL (the production database; on SQLite it runs too, with a join instead
of json_agg as the floor, but the figures mean little). The database is migrated first. The
script creates a dedicated organization `bench-<random>` with 5 000 sales orders, each with 3
items and one pickup of those 3 items (bulk inserts), and removes all of it at the end, also
when interrupted.

It then times, in this process:

- endpoint: `GET /api/org/{org}/fulfillments/pickups?limit=5000&from=..&to=..` through the whole
  Django stack (django.test.Client: middleware, bearer auth, parsing, rendering), and
- floor: one raw SQL query that returns the same pickups with their items (json_agg on
  PostgreSQL), turned into the same JSON document with the same encoder,

each several times, and prints the medians, their ratio (goal: at most 1.5) and the number of
SQL queries the endpoint runs. Options: --pickups N, --runs N, --keep (do not delete the data).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import uuid
import warnings
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
# Measure what production runs: DEBUG off (no query log, no debug toolbar of any kind).
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise without collectstatic

import django  # noqa: E402

django.setup()

import simplejson  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.models import Organization  # noqa: E402
from core.services import api_token_issue, organization_ensure  # noqa: E402
from fulfillment.models import Pickup, PickupItem  # noqa: E402
from orders.models import SalesOrder, SalesOrderItem  # noqa: E402

T0 = datetime(2024, 1, 1, tzinfo=UTC)
WINDOW = {"from": "2023-12-31T00:00:00Z", "to": "2024-12-31T00:00:00Z"}
ITEMS_PER_PICKUP = 3
BATCH = 2000


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def database() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def load(organization: Organization, count: int) -> None:
    """`count` orders, each with 3 items and one pickup of those items, in bulk."""
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        orders, order_items, pickups, pickup_items = [], [], [], []
        for index in range(start, start + size):
            when = T0 + timedelta(seconds=index)
            order = SalesOrder(
                organization=organization,
                number=str(index + 1),
                sales_channel="bench",
                transaction_date_and_time=when,
                currency="EUR",
                total_gross=Decimal("30.00"),
                total_net=Decimal("25.21"),
                created_at=when,
            )
            pickup = Pickup(
                organization=organization,
                order=order,
                pickup_number=str(index + 1),
                pager_number=str(index % 500 + 1) if index % 2 else None,
                service_location=f"counter-{index % 3 + 1}",
                service_area="hall",
                time_start=when,
                time_end=when + timedelta(minutes=30),
                collector_information={"name": f"Customer {index}", "phone": "+49 30 1234567"},
                status="PICKED_UP" if index % 2 else "PENDING",
                created_at=when,
                status_changed_at=when,
            )
            orders.append(order)
            pickups.append(pickup)
            for position in range(ITEMS_PER_PICKUP):
                item = SalesOrderItem(
                    order=order,
                    position=position,
                    name=f"Product {position}",
                    product=f"product-{position}",
                    quantity_value=Decimal(position + 1),
                    quantity_unit="PIECES",
                    currency="EUR",
                    gross_amount=Decimal("10.00"),
                    net_amount=Decimal("8.40"),
                    undiscounted_gross_amount=Decimal("10.00"),
                    undiscounted_net_amount=Decimal("8.40"),
                    taxes=["DE_STANDARD_VAT_2007"],
                )
                order_items.append(item)
                pickup_items.append(
                    PickupItem(
                        pickup=pickup,
                        order_item=item,
                        product=item.product,
                        quantity_value=item.quantity_value,
                        quantity_unit=item.quantity_unit,
                        position=position,
                    )
                )
        with transaction.atomic():
            SalesOrder.objects.bulk_create(orders)
            SalesOrderItem.objects.bulk_create(order_items)
            Pickup.objects.bulk_create(pickups)
            PickupItem.objects.bulk_create(pickup_items)


def clean(organization: Organization) -> None:
    with transaction.atomic():
        PickupItem.objects.filter(pickup__organization=organization).delete()
        Pickup.objects.filter(organization=organization).delete()
        SalesOrderItem.objects.filter(order__organization=organization).delete()
        SalesOrder.objects.filter(organization=organization).delete()
        organization.delete()


FLOOR_SQL_POSTGRES = """
SELECT p.id, p.status, p.pickup_number, p.pager_number, p.service_location, p.service_area,
       p.time_start, p.time_end, p.collector_information, p.order_id,
       COALESCE((SELECT json_agg(json_build_object(
                    'id', i.id, 'product', i.product, 'quantity_value', i.quantity_value,
                    'quantity_unit', i.quantity_unit, 'order_item_id', i.order_item_id)
                 ORDER BY i.position, i.id)
                 FROM fulfillment_pickupitem i WHERE i.pickup_id = p.id), '[]'::json)
FROM fulfillment_pickup p
WHERE p.organization_id = %s AND p.created_at >= %s AND p.created_at < %s
ORDER BY p.created_at, p.id
LIMIT %s
"""

FLOOR_SQL_JOIN = """
SELECT p.id, p.status, p.pickup_number, p.pager_number, p.service_location, p.service_area,
       p.time_start, p.time_end, p.collector_information, p.order_id,
       i.id, i.product, i.quantity_value, i.quantity_unit, i.order_item_id
FROM (SELECT * FROM fulfillment_pickup
      WHERE organization_id = %s AND created_at >= %s AND created_at < %s
      ORDER BY created_at, id LIMIT %s) p
LEFT JOIN fulfillment_pickupitem i ON i.pickup_id = p.id
ORDER BY p.created_at, p.id, i.position, i.id
"""


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def floor_document(organization_id: str, limit: int) -> bytes:
    """The same page, read with one raw query and encoded with the same JSON encoder."""
    start, end = datetime(2023, 12, 31, tzinfo=UTC), datetime(2024, 12, 31, tzinfo=UTC)
    items: list[dict] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(FLOOR_SQL_POSTGRES, [organization_id, start, end, limit])
            for row in cursor.fetchall():
                order_id = str(row[9])
                items.append(
                    {
                        "id": str(row[0]),
                        "status": row[1],
                        "items": [
                            {
                                "id": item["id"],
                                "product": item["product"],
                                "quantity": {
                                    "value": item["quantity_value"],
                                    "unit": item["quantity_unit"],
                                },
                                "sales_order": order_id,
                                "sales_order_item_id": item["order_item_id"],
                            }
                            for item in row[10]
                        ],
                        "pickup_number": row[2],
                        "pickup_location": {"service_location": row[4], "service_area": row[5]},
                        "pickup_time_range": {"start": _iso(row[6]), "end": _iso(row[7])},
                        "pager_number": row[3],
                        "collector_information": row[8],
                    }
                )
        else:  # SQLite stores UUIDs as 32 hex digits
            cursor.execute(FLOOR_SQL_JOIN, [organization_id, start, end, limit])
            current = None
            for row in cursor.fetchall():
                if current is None or current["id"] != str(uuid.UUID(row[0])):
                    current = {
                        "id": str(uuid.UUID(row[0])),
                        "status": row[1],
                        "items": [],
                        "pickup_number": row[2],
                        "pickup_location": {"service_location": row[4], "service_area": row[5]},
                        "pickup_time_range": {"start": _iso(row[6]), "end": _iso(row[7])},
                        "pager_number": row[3],
                        "collector_information": simplejson.loads(row[8]) if row[8] else None,
                    }
                    items.append(current)
                if row[10] is not None:
                    current["items"].append(
                        {
                            "id": str(uuid.UUID(row[10])),
                            "product": row[11],
                            "quantity": {"value": row[12], "unit": row[13]},
                            "sales_order": str(uuid.UUID(row[9])),
                            "sales_order_item_id": str(uuid.UUID(row[14])),
                        }
                    )
    return simplejson.dumps({"items": items, "problems": []}, use_decimal=True).encode()


def timed(call, runs: int) -> list[float]:
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        durations.append(time.perf_counter() - started)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pickups", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keep", action="store_true", help="leave the data in place")
    options = parser.parse_args()
    if options.pickups > 5000:
        parser.error("the API pages at most 5000 rows")

    call_command("migrate", verbosity=0)
    print(f"machine:  {machine()}")
    print(f"database: {database()}")
    org_id = f"bench-{uuid.uuid4().hex[:8]}"
    organization = organization_ensure(org_id=org_id, name="Benchmark")
    try:
        started = time.perf_counter()
        load(organization, options.pickups)
        print(
            f"loaded {options.pickups} pickups × {ITEMS_PER_PICKUP} items "
            f"in {time.perf_counter() - started:.1f} s (organization {organization.id})"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        token = api_token_issue(organization=organization, label="bench")
        client = Client()
        url = f"/api/org/{organization.id}/fulfillments/pickups"
        query = {**WINDOW, "limit": str(options.pickups)}
        headers = {"Authorization": f"Bearer {token}"}

        def endpoint() -> bytes:
            response = client.get(url, query, headers=headers)
            assert response.status_code == 200, response.content[:500]
            return response.content

        def floor() -> bytes:
            return floor_document(organization.id, options.pickups)

        body = simplejson.loads(endpoint())
        assert len(body["items"]) == options.pickups, len(body["items"])
        assert all(len(item["items"]) == ITEMS_PER_PICKUP for item in body["items"])
        floor_body = simplejson.loads(floor())
        assert [item["id"] for item in floor_body["items"]] == [
            item["id"] for item in body["items"]
        ], "the floor must read the same page"
        with CaptureQueriesContext(connection) as captured:
            endpoint()
        queries = [entry["sql"] for entry in captured.captured_queries]  # read before next request
        endpoint_size = len(endpoint())

        # Alternate the two so that neither benefits from a warmer cache.
        endpoint_times, floor_times = [], []
        for _ in range(options.runs):
            endpoint_times += timed(endpoint, 1)
            floor_times += timed(floor, 1)
        endpoint_median = statistics.median(endpoint_times)
        floor_median = statistics.median(floor_times)
        ratio = endpoint_median / floor_median
        print(f"runs:     {options.runs} each, alternating; response {endpoint_size / 1e6:.2f} MB")
        print(
            f"endpoint: median {endpoint_median * 1000:7.1f} ms "
            f"(min {min(endpoint_times) * 1000:.1f}, max {max(endpoint_times) * 1000:.1f})"
        )
        print(
            f"floor:    median {floor_median * 1000:7.1f} ms "
            f"(min {min(floor_times) * 1000:.1f}, max {max(floor_times) * 1000:.1f})"
        )
        print(f"ratio:    {ratio:.2f}x (goal <= 1.5x) {'OK' if ratio <= 1.5 else 'ABOVE GOAL'}")
        print(f"queries:  {len(queries)} per request")
        for sql in queries:
            print(f"          {sql[:110]}")
    finally:
        if options.keep:
            print(f"kept organization {org_id}")
        else:
            clean(organization)
            print(f"removed organization {org_id} and its data")


if __name__ == "__main__":
    main()
