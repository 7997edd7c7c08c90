"""Checkout of a 100-item draft with 3 pickups: SQL queries (must not grow with the number of
items) and time, against the same draft shape with 10 items.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/checkout.py

Each run builds a finalized draft (N items of one catalog product, split over 3 pickups with
pager numbers) and checks it out through the deprecated POST /api/org/{org}/sales-orders
(the draft id as a JSON string) in this process, through the whole Django stack; sizes
alternate, `--runs` times each. Prints the query count of each size, the median times and their
ratio. A dedicated organization is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.machine import describe  # noqa: E402
from bench.seed import analyze, ensure_product, remove_organization  # noqa: E402
from core.services import api_token_issue, organization_ensure  # noqa: E402
from drafts.models import DraftItem, DraftPickup, SalesOrderDraft  # noqa: E402
from orders.models import SalesOrder  # noqa: E402

PICKUPS = 3


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def build_draft(*, organization_id: str, product, items: int, serial: int) -> str:
    draft = SalesOrderDraft.objects.create(
        organization_id=organization_id,
        number=f"bench-{serial}",
        sales_channel="bench",
        customer_information={"individual_name": "Bench Customer"},
        finalized_at=timezone.now(),
    )
    rows = DraftItem.objects.bulk_create(
        DraftItem(
            draft=draft,
            product=product,
            quantity_value=Decimal(1 + n % 3),
            quantity_unit="PIECES",
        )
        for n in range(items)
    )
    for index in range(PICKUPS):
        DraftPickup.objects.create(
            draft=draft,
            item_ids=[str(row.id) for row in rows[index::PICKUPS]],
            service_location="counter-1",
            pager_number=str(serial * PICKUPS + index),
        )
    return str(draft.id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    organization = organization_ensure(org_id=f"bench-{uuid.uuid4().hex[:8]}", name="Checkout")
    try:
        product = ensure_product(organization_id=organization.id)
        token = api_token_issue(organization=organization, label="bench")
        client = Client()
        url = f"/api/org/{organization.id}/sales-orders"
        headers = {"Authorization": f"Bearer {token}"}
        serial = 0
        results: dict[int, dict[str, list]] = {
            size: {"times": [], "queries": []} for size in (options.small, options.items)
        }
        analyze()
        # One checkout first: the organization's first order also creates its number counters.
        warm = build_draft(organization_id=organization.id, product=product, items=1, serial=0)
        assert (
            client.post(
                url, json.dumps(warm), content_type="application/json", headers=headers
            ).status_code
            == 201
        )
        for _ in range(options.runs):
            for size in results:
                serial += 1
                draft_id = build_draft(
                    organization_id=organization.id, product=product, items=size, serial=serial
                )
                counter = QueryCounter()
                started = time.perf_counter()
                with connection.execute_wrapper(counter):
                    response = client.post(
                        url, json.dumps(draft_id), content_type="application/json", headers=headers
                    )
                elapsed = time.perf_counter() - started
                assert response.status_code == 201, response.content[:300]
                body = response.json()
                assert len(body["items"]) == size
                assert len(body["fulfillment_information"]["fulfillments"]) == PICKUPS
                results[size]["times"].append(elapsed)
                results[size]["queries"].append(counter.count)
        assert SalesOrder.objects.filter(organization=organization).count() == serial + 1
        print(f"machine:  {describe()}")
        print(
            "request:  POST /api/org/{org}/sales-orders (a finalized draft, "
            f"{PICKUPS} pickups), {options.runs} runs per size, alternating"
        )
        medians = {}
        for size, result in results.items():
            medians[size] = statistics.median(result["times"])
            counts = sorted(set(result["queries"]))
            print(
                f"{size:4d} items: median {medians[size] * 1000:6.1f} ms, "
                f"SQL queries {'/'.join(map(str, counts))}"
            )
        small, large = (results[options.small]["queries"], results[options.items]["queries"])
        fixed = set(small) == set(large) and len(set(large)) == 1
        print(
            f"queries:  {'the same for' if fixed else 'DIFFER between'} {options.small} and "
            f"{options.items} items (goal: fixed: {'met' if fixed else 'NOT met'})"
        )
        print(
            f"time:     {options.items} items / {options.small} items = "
            f"{medians[options.items] / medians[options.small]:.2f}x"
        )
    finally:
        remove_organization(organization.id)


if __name__ == "__main__":
    main()
