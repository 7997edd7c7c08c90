"""The waiting-times page over 100 000 pickups with their status events, against one raw SQL
aggregate of the same numbers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/desk_stats.py

PostgreSQL only. Seeds a dedicated organization (time zone Europe/Berlin) with `--pickups`
orders of one pickup each, placed over the last 6 days at three locations, in SQL
(generate_series: seconds, not minutes): 80 % picked up (events PENDING → PREPARED →
PICKED_UP), 10 % prepared, 10 % still pending, times from order to PREPARED 2–30 min and to
PICKED_UP 2–60 min later. Then, in this process, alternately:

- page: GET /desk/stats/ as a logged-in staff member (the default range, the last 7 days),
  through the whole Django stack: session, access check, the aggregate, charts, template;
- raw:  one hand-written SQL statement giving the same numbers (per location and hour: pickups,
  counts, percentile_cont 0.5 and 0.9 of the minutes to PREPARED and to PICKED_UP), its rows
  fetched.

Prints the machine, each one's SQL query count and median time, and the ratio page/raw (goal:
at most 2×). Before timing, the selector's numbers are checked equal to the raw statement's.
The organization is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.desk_fragments import measured  # noqa: E402
from bench.machine import describe  # noqa: E402
from bench.seed import analyze, remove_organization  # noqa: E402
from core.services import organization_ensure, staff_ensure  # noqa: E402
from desk.filters import StatsFilters  # noqa: E402
from desk.presenters.stats import stats_waits, store_today  # noqa: E402
from fulfillment.models import Pickup  # noqa: E402
from orders.models import SalesOrder, StatusEvent  # noqa: E402

settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
ZONE = "Europe/Berlin"

SEED = """
SET LOCAL statement_timeout = 0;
SELECT setseed(0.42);
CREATE TEMP TABLE bench_waits ON COMMIT DROP AS
SELECT n, gen_random_uuid() AS order_id, gen_random_uuid() AS pickup_id,
       %(start)s::timestamptz + random() * interval '6 days' AS placed,
       interval '1 minute' * (2 + random() * 28) AS to_prepared,
       interval '1 minute' * (2 + random() * 58) AS then_picked_up,
       (ARRAY['front', 'back', 'drive-in'])[1 + n %% 3] AS location,
       CASE WHEN n %% 10 = 0 THEN 'PENDING' WHEN n %% 10 = 1 THEN 'PREPARED'
            ELSE 'PICKED_UP' END AS status
FROM generate_series(1, %(count)s) AS n;
INSERT INTO {order} (id, organization_id, number, sales_channel, status, held_from_status,
    transaction_date_and_time, additional_invoice_information, discounts, currency,
    total_gross, total_net, draft_number, created_at, updated_at)
SELECT order_id, %(org)s, 'B' || n, 'bench',
       CASE WHEN status = 'PICKED_UP' THEN 'COMPLETED' ELSE 'IN_PROCESS' END, '',
       placed, '[]', '[]', 'EUR', 10, 8.4, 'B' || n, placed, placed
FROM bench_waits;
INSERT INTO {pickup} (id, organization_id, order_id, pickup_number, status, pager_number,
    service_location, created_at, status_changed_at)
SELECT pickup_id, %(org)s, order_id, 'P' || n, status, NULL, location, placed, placed
FROM bench_waits;
INSERT INTO {event} (organization_id, order_id, subject_type, subject_id, from_status,
    to_status, occurred_at, actor_label)
SELECT %(org)s, order_id, 'PICKUP', pickup_id, step.from_status, step.to_status,
       placed + step.after, 'bench'
FROM bench_waits CROSS JOIN LATERAL (VALUES
    ('', 'PENDING', interval '0', true),
    ('PENDING', 'PREPARED', to_prepared, status <> 'PENDING'),
    ('PREPARED', 'PICKED_UP', to_prepared + then_picked_up, status = 'PICKED_UP')
) AS step(from_status, to_status, after, happened)
WHERE step.happened;
"""

RAW = """
WITH times AS (
    SELECT subject_id,
           MAX(occurred_at) FILTER (WHERE to_status = 'PREPARED') AS prepared_at,
           MAX(occurred_at) FILTER (WHERE to_status = 'PICKED_UP') AS picked_up_at
    FROM {event}
    WHERE organization_id = %(org)s AND subject_type = 'PICKUP'
      AND to_status IN ('PREPARED', 'PICKED_UP')
    GROUP BY subject_id
), waits AS (
    SELECT p.service_location AS location,
           EXTRACT(HOUR FROM o.transaction_date_and_time AT TIME ZONE %(zone)s)::int AS hour,
           EXTRACT(EPOCH FROM t.prepared_at - o.transaction_date_and_time) / 60.0 AS prepared,
           EXTRACT(EPOCH FROM t.picked_up_at - o.transaction_date_and_time) / 60.0 AS picked_up
    FROM {pickup} p
    JOIN {order} o ON o.id = p.order_id
    LEFT JOIN times t ON t.subject_id = p.id
    WHERE p.organization_id = %(org)s AND p.status <> 'CANCELED'
      AND o.transaction_date_and_time >= %(start)s AND o.transaction_date_and_time < %(end)s
)
SELECT location, hour, COUNT(*),
       COUNT(prepared), percentile_cont(0.5) WITHIN GROUP (ORDER BY prepared),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY prepared),
       COUNT(picked_up), percentile_cont(0.5) WITHIN GROUP (ORDER BY picked_up),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY picked_up)
FROM waits GROUP BY location, hour ORDER BY location, hour
"""


def tables() -> dict[str, str]:
    return {
        "order": SalesOrder._meta.db_table,
        "pickup": Pickup._meta.db_table,
        "event": StatusEvent._meta.db_table,
    }


def seed(organization_id: str, count: int) -> float:
    started = time.perf_counter()
    start = timezone.now() - timedelta(days=6)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            SEED.format(**tables()), {"start": start, "count": count, "org": organization_id}
        )
    analyze()
    return time.perf_counter() - started


def same_numbers(found: list, raw: list) -> bool:
    def key(values):
        return [round(float(v), 6) if isinstance(v, float | int) else v for v in values]

    flat = [
        key(
            (
                row.location,
                row.hour,
                row.pickups,
                row.to_prepared.count,
                row.to_prepared.median,
                row.to_prepared.p90,
                row.to_picked_up.count,
                row.to_picked_up.median,
                row.to_picked_up.p90,
            )
        )
        for row in found
    ]
    return flat == [key(row) for row in raw]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pickups", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=11)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/desk_stats.py measures PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)
    organization = organization_ensure(org_id=f"bench-{uuid.uuid4().hex[:8]}", name="Stats bench")
    try:
        organization.time_zone = ZONE
        organization.save(update_fields=["time_zone"])
        seeded = seed(organization.id, options.pickups)
        user = staff_ensure(
            username=f"bench-{organization.id}", organization=organization, password="bench-pw-1"
        )
        staff = Client()
        staff.force_login(user)
        filters = StatsFilters.from_data({}, today=store_today(organization))
        start, end = filters.moments(organization.zone)
        parameters = {"org": organization.id, "zone": ZONE, "start": start, "end": end}
        sql = RAW.format(**tables())

        def page() -> bytes:
            response = staff.get("/desk/stats/")
            assert response.status_code == 200, response.status_code
            return response.content

        def raw() -> list:
            with connection.cursor() as cursor:
                cursor.execute(sql, parameters)
                return cursor.fetchall()

        found = stats_waits(organization=organization, filters=filters)
        assert same_numbers(found, raw()), "the page's numbers differ from the raw statement's"
        assert sum(row.pickups for row in found) == options.pickups
        calls = {"page": page, "raw": raw}
        queries = {name: measured(call)[1] for name, call in calls.items()}
        times: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(options.runs):
            for name, call in calls.items():
                started = time.perf_counter()
                call()
                times[name].append(time.perf_counter() - started)
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"machine:  {describe()}")
        print(
            f"data:     {options.pickups} pickups over 6 days at 3 locations, "
            f"{StatusEvent.objects.filter(organization_id=organization.id).count()} status "
            f"events, seeded in {seeded:.1f} s; {len(found)} (location, hour) groups"
        )
        labels = {
            "page": "GET /desk/stats/ (whole stack, last 7 days)",
            "raw": "one hand-written SQL aggregate of the same numbers",
        }
        for name in calls:
            print(
                f"{name:5s} {median[name] * 1000:8.1f} ms median of {options.runs}, "
                f"{queries[name]} SQL queries  {labels[name]}"
            )
        ratio = median["page"] / median["raw"]
        print(f"ratio:    page/raw {ratio:.2f}x (goal <= 2x: {'met' if ratio <= 2 else 'NOT met'})")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")  # deleting 100 000 orders takes a while
        remove_organization(organization.id)


if __name__ == "__main__":
    main()
