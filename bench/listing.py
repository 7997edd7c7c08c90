"""List endpoints against their floor, with the peak memory of one request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/listing.py orders
    ... bench/listing.py deliveries
    ... bench/listing.py pickups        (the rows and floor of bench/list_pickups.py)

- orders:     GET /api/org/{org}/sales-orders?limit=5000, 5 000 orders of 5 items each;
- deliveries: GET /api/org/{org}/fulfillments/deliveries?limit=5000, 5 000 deliveries of 3 items;
- pickups:    GET /api/org/{org}/fulfillments/pickups?limit=5000, 5 000 pickups of 3 items.

The endpoint runs through the whole Django stack in this process (django.test.Client:
middleware, bearer auth, parsing, rendering). The floor is one raw SQL query of the same rows
(items aggregated with json_agg on PostgreSQL) turned into a JSON document with the same
encoder; it is built with Python's cycle collector paused, as the endpoint builds its list
(core.rendering.json_list_response), so that neither pays for collector passes the other
skips. Both run alternately; the medians, their ratio (goal: at most 1.5×), the endpoint's
query count and the peak Python memory of one request (tracemalloc, measured in a separate
run so that tracing does not distort the times) are printed. The data lives in a dedicated
organization that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

import simplejson  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.seed import remove_organization, seed_orders  # noqa: E402
from core.rendering import cycle_collection_paused  # noqa: E402
from core.services import api_token_issue, organization_ensure  # noqa: E402

GOAL = 1.5  # issue 9: every list at most 1.5× its raw-SQL+JSON floor at 5 000 rows
WINDOW = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}
START, END = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)


def _iso(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _money(value, currency):
    return {"value": value, "unit": currency}


ORDERS_SQL = """
SELECT o.id, o.number, o.sales_channel, o.additional_invoice_information,
       o.transaction_date_and_time, o.status, o.customer_information, o.discounts,
       COALESCE((SELECT json_agg(json_build_object(
           'id', i.id, 'name', i.name, 'product', i.product, 'lot', i.lot,
           'quantity_value', i.quantity_value, 'quantity_unit', i.quantity_unit,
           'currency', i.currency, 'gross_amount', i.gross_amount, 'net_amount', i.net_amount,
           'undiscounted_gross_amount', i.undiscounted_gross_amount,
           'undiscounted_net_amount', i.undiscounted_net_amount, 'discounts', i.discounts,
           'taxes', i.taxes, 'depending_items', i.depending_items,
           'additional_invoice_information', i.additional_invoice_information)
           ORDER BY i.position, i.id) FROM orders_salesorderitem i WHERE i.order_id = o.id),
           '[]'::json),
       COALESCE((SELECT json_agg(json_build_object('id', p.id, 'status', p.status)
           ORDER BY p.created_at, p.id) FROM fulfillment_pickup p WHERE p.order_id = o.id),
           '[]'::json),
       COALESCE((SELECT json_agg(json_build_object('id', d.id, 'status', d.status)
           ORDER BY d.created_at, d.id) FROM fulfillment_delivery d WHERE d.order_id = o.id),
           '[]'::json)
FROM orders_salesorder o
WHERE o.organization_id = %s AND o.transaction_date_and_time >= %s
  AND o.transaction_date_and_time < %s
ORDER BY o.transaction_date_and_time, o.id
LIMIT %s
"""


def _aggregated(statuses: list[str]) -> str:
    if not statuses:
        return "NOT_NECESSARY"
    if all(status == "CANCELED" for status in statuses):
        return "CANCELED"
    finished = [status in ("PICKED_UP", "RECEIVED") for status in statuses]
    if all(status in ("PICKED_UP", "RECEIVED", "CANCELED") for status in statuses):
        return "FULFILLED"
    return "PARTIALLY_FULFILLED" if any(finished) else "PENDING"


def orders_floor(organization_id: str, limit: int) -> bytes:
    items = []
    with connection.cursor() as cursor:
        cursor.execute(ORDERS_SQL, [organization_id, START, END, limit])
        for row in cursor.fetchall():
            pickups, deliveries = row[9], row[10]
            items.append(
                {
                    "id": str(row[0]),
                    "number": row[1],
                    "sales_channel": row[2],
                    "additional_invoice_information": row[3],
                    "transaction_date_and_time": _iso(row[4]),
                    "status": row[5],
                    "customer_information": row[6],
                    "items": [
                        {
                            "id": line["id"],
                            "name": line["name"],
                            "product": line["product"],
                            "lot": line["lot"],
                            "quantity": {
                                "value": line["quantity_value"],
                                "unit": line["quantity_unit"],
                            },
                            "gross_amount": _money(line["gross_amount"], line["currency"]),
                            "net_amount": _money(line["net_amount"], line["currency"]),
                            "undiscounted_gross_amount": _money(
                                line["undiscounted_gross_amount"], line["currency"]
                            ),
                            "undiscounted_net_amount": _money(
                                line["undiscounted_net_amount"], line["currency"]
                            ),
                            "discounts": line["discounts"],
                            "taxes": line["taxes"],
                            "depending_items": line["depending_items"],
                            "additional_invoice_information": line[
                                "additional_invoice_information"
                            ],
                        }
                        for line in row[8]
                    ],
                    "fulfillment_information": {
                        "aggregated_status": _aggregated(
                            [p["status"] for p in pickups] + [d["status"] for d in deliveries]
                        ),
                        "fulfillments": [
                            {"fulfillment_type": "PICKUP", "fulfillment_id": p["id"]}
                            for p in pickups
                        ]
                        + [
                            {"fulfillment_type": "DELIVERY", "fulfillment_id": d["id"]}
                            for d in deliveries
                        ],
                    },
                    "invoice_information": {"aggregated_status": "NOT_NECESSARY", "invoices": []},
                    "invoices": [],
                    "discounts": row[7],
                }
            )
    return simplejson.dumps({"items": items, "problems": []}, use_decimal=True).encode()


DELIVERIES_SQL = """
SELECT d.id, d.status, d.delivery_address, d.time_start, d.time_end, d.recipient_information,
       d.shipping_location, d.shipping_service, d.order_id,
       COALESCE((SELECT json_agg(json_build_object(
           'id', i.id, 'product', i.product, 'quantity_value', i.quantity_value,
           'quantity_unit', i.quantity_unit, 'order_item_id', i.order_item_id)
           ORDER BY i.position, i.id) FROM fulfillment_deliveryitem i WHERE i.delivery_id = d.id),
           '[]'::json)
FROM fulfillment_delivery d
WHERE d.organization_id = %s AND d.created_at >= %s AND d.created_at < %s
ORDER BY d.created_at, d.id
LIMIT %s
"""


def deliveries_floor(organization_id: str, limit: int) -> bytes:
    items = []
    with connection.cursor() as cursor:
        cursor.execute(DELIVERIES_SQL, [organization_id, START, END, limit])
        for row in cursor.fetchall():
            order_id = str(row[8])
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
                        for item in row[9]
                    ],
                    "delivery_address": row[2],
                    "delivery_time_range": {"start": _iso(row[3]), "end": _iso(row[4])},
                    "recipient_information": row[5],
                    "shipping_location": row[6],
                    "shipping_service": row[7],
                }
            )
    return simplejson.dumps({"items": items, "problems": []}, use_decimal=True).encode()


def load_orders(organization_id: str, count: int) -> None:
    for start in range(0, count, 1000):
        seed_orders(
            organization_id=organization_id,
            orders=min(1000, count - start),
            items_per_order=5,
            prefix=f"o{start}",
        )


def load_deliveries(organization_id: str, count: int) -> None:
    for start in range(0, count, 1000):
        seed_orders(
            organization_id=organization_id,
            orders=min(1000, count - start),
            items_per_order=3,
            deliveries=True,
            prefix=f"d{start}",
        )


def pickups_kind():
    import list_pickups  # bench/list_pickups.py: its rows and its floor

    def load(organization_id: str, count: int) -> None:
        from core.models import Organization

        list_pickups.load(Organization.objects.get(id=organization_id), count)

    return {
        "path": "fulfillments/pickups",
        "load": load,
        "floor": list_pickups.floor_document,
        "window": list_pickups.WINDOW,
        "what": "pickups of 3 items",
    }


KINDS = {
    "orders": lambda: {
        "path": "sales-orders",
        "load": load_orders,
        "floor": orders_floor,
        "window": WINDOW,
        "what": "sales orders of 5 items",
    },
    "deliveries": lambda: {
        "path": "fulfillments/deliveries",
        "load": load_deliveries,
        "floor": deliveries_floor,
        "window": WINDOW,
        "what": "deliveries of 3 items",
    },
    "pickups": pickups_kind,
}


def peak_memory(call) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        parser.error("set DATABASE_URL to a PostgreSQL database (the floor uses json_agg)")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    kind = KINDS[options.kind]()
    call_command("migrate", verbosity=0)
    from bench.machine import describe

    print(f"machine:  {describe()}")
    organization = organization_ensure(org_id=f"bench-{uuid.uuid4().hex[:8]}", name="Benchmark")
    try:
        started = time.perf_counter()
        kind["load"](organization.id, options.rows)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"loaded:   {options.rows} {kind['what']} in {time.perf_counter() - started:.1f} s")
        token = api_token_issue(organization=organization, label="bench")
        client = Client()
        url = f"/api/org/{organization.id}/{kind['path']}"
        query = {**kind["window"], "limit": str(options.rows)}
        headers = {"Authorization": f"Bearer {token}"}

        def endpoint() -> bytes:
            response = client.get(url, query, headers=headers)
            assert response.status_code == 200, response.content[:500]
            return response.content

        def floor() -> bytes:
            with cycle_collection_paused():  # as the endpoint builds its list (core.rendering)
                return kind["floor"](organization.id, options.rows)

        body = simplejson.loads(endpoint())
        floor_body = simplejson.loads(floor())
        assert len(body["items"]) == options.rows, len(body["items"])
        assert [row["id"] for row in body["items"]] == [row["id"] for row in floor_body["items"]], (
            "the floor must read the same page"
        )
        assert set(body["items"][0]) == set(floor_body["items"][0]), (
            "the floor must build the same fields",
            sorted(set(body["items"][0]) ^ set(floor_body["items"][0])),
        )
        statements: list[str] = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            size = len(endpoint())
        endpoint_times, floor_times = [], []
        for _ in range(options.runs):
            for call, times in ((endpoint, endpoint_times), (floor, floor_times)):
                began = time.perf_counter()
                call()
                times.append(time.perf_counter() - began)
        endpoint_memory = peak_memory(endpoint)
        floor_memory = peak_memory(floor)
        endpoint_median = statistics.median(endpoint_times)
        floor_median = statistics.median(floor_times)
        ratio = endpoint_median / floor_median
        print(f"request:  GET {url}?limit={options.rows} -> {size / 1e6:.2f} MB")
        print(
            f"endpoint: median {endpoint_median * 1000:7.1f} ms over {options.runs} runs, "
            f"{len(statements)} SQL queries, "
            f"peak memory {endpoint_memory / 2**20:.1f} MiB"
        )
        print(
            f"floor:    median {floor_median * 1000:7.1f} ms over {options.runs} runs, "
            f"1 SQL query, peak memory {floor_memory / 2**20:.1f} MiB"
        )
        verdict = "met" if ratio <= GOAL else "NOT met"
        print(f"ratio:    {ratio:.2f}x (goal <= {GOAL}x: {verdict})")
    finally:
        remove_organization(organization.id)


if __name__ == "__main__":
    main()
