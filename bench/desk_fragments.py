"""The staff pickup queue and the counter screen with 300 open pickups, rendered in full and as
a changed poll, against the JSON list of the same pickups.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/desk_fragments.py

In this process, through the whole Django stack (django.test.Client), alternately:

- fragment: GET /desk/pickups/ with `HX-Request: true` (the live fragment the page polls),
  logged in as a staff member of the organization;
- counter:  GET /display/<secret>/ with `HX-Request: true` (the counter screen's fragment);
- board:    GET /desk/deliveries/ with `HX-Request: true` (the delivery board's fragment);
- json:     GET /api/org/{org}/fulfillments/pickups?status=PENDING,PREPARED&limit=300;
- json-deliveries: GET …/fulfillments/deliveries?status=PENDING,PREPARED,SHIPPED&limit=300;
- changed-fragment, changed-counter, changed-board: the same fragments polled with the stamp of
  their last answer right after one card moved (PENDING <-> PREPARED, untimed): the change
  stamp, then the fragment with the moved card rendered and the others as kept rendered.

300 open pickups (half PENDING, half PREPARED, 3 items each, pager numbers) at one location,
and as many open deliveries (half PENDING, half PREPARED). Prints each one's SQL query count
and median time, and the ratios of the pickup fragments to the pickups list and of the board
to the deliveries list (goal: at most 2×). A dedicated organization is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.machine import describe  # noqa: E402
from bench.seed import analyze, remove_organization, seed_orders  # noqa: E402
from core.actors import Actor  # noqa: E402
from core.services import api_token_issue, organization_ensure, staff_ensure  # noqa: E402
from fulfillment.models import CounterDisplay, Delivery, Pickup  # noqa: E402
from fulfillment.services import delivery_set_status, pickup_set_status  # noqa: E402

# Without collectstatic, static files come from the finders (as with DEBUG on).
settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
LOCATION = "counter-1"


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measured(call) -> tuple[bytes, int]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        body = call()
    return body, counter.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pickups", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    organization = organization_ensure(org_id=f"bench-{uuid.uuid4().hex[:8]}", name="Desk bench")
    try:
        seed_orders(
            organization_id=organization.id,
            orders=options.pickups,
            items_per_order=3,
            pickups=True,
            pager_numbers=True,
            service_location=LOCATION,
        )
        seed_orders(organization_id=organization.id, orders=options.pickups, deliveries=True)
        for model in (Pickup, Delivery):
            half = model.objects.filter(organization=organization).order_by("created_at")
            model.objects.filter(
                id__in=list(half.values_list("id", flat=True)[: options.pickups // 2])
            ).update(status="PREPARED")
        analyze()
        display = CounterDisplay.objects.create(
            organization=organization, service_location=LOCATION
        )
        user = staff_ensure(
            username=f"bench-{organization.id}", organization=organization, password="bench-pw-1"
        )
        token = api_token_issue(organization=organization, label="bench")
        staff, screen, api = Client(), Client(), Client()
        staff.force_login(user)
        htmx = {"HX-Request": "true"}

        def fragment() -> bytes:
            response = staff.get("/desk/pickups/", headers=htmx)
            assert response.status_code == 200, response.status_code
            return response.content

        def counter() -> bytes:
            response = screen.get(display.get_absolute_url(), headers=htmx)
            assert response.status_code == 200, response.status_code
            return response.content

        def board() -> bytes:
            response = staff.get("/desk/deliveries/", headers=htmx)
            assert response.status_code == 200, response.status_code
            return response.content

        def json_of(kind: str, statuses: str):
            def call() -> bytes:
                response = api.get(
                    f"/api/org/{organization.id}/fulfillments/{kind}",
                    {
                        "from": "2000-01-01T00:00:00Z",
                        "to": "2100-01-01T00:00:00Z",
                        "status": statuses,
                        "limit": str(options.pickups),
                    },
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert response.status_code == 200, response.content[:300]
                return response.content

            return call

        mover = Pickup.objects.filter(organization=organization).order_by("created_at").first()
        carrier = Delivery.objects.filter(organization=organization).order_by("created_at").first()
        stamps: dict[str, str] = {}

        def move(name: str) -> None:
            if name == "changed-board":
                status = Delivery.objects.get(id=carrier.id).status
                delivery_set_status(
                    organization_id=organization.id,
                    delivery_id=carrier.id,
                    status="PENDING" if status == "PREPARED" else "PREPARED",
                    actor=Actor.system(),
                )
                return
            status = Pickup.objects.get(id=mover.id).status
            pickup_set_status(
                organization_id=organization.id,
                pickup_id=mover.id,
                status="PENDING" if status == "PREPARED" else "PREPARED",
                actor=Actor.system(),
            )

        def changed(name: str, client, url: str):
            def call() -> bytes:
                headers = {**htmx, "If-None-Match": stamps.get(name, '"none"')}
                response = client.get(url, headers=headers)
                assert response.status_code == 200, response.status_code
                stamps[name] = response["ETag"]
                return response.content

            return call

        calls = {
            "fragment": fragment,
            "counter": counter,
            "board": board,
            "json": json_of("pickups", "PENDING,PREPARED"),
            "json-deliveries": json_of("deliveries", "PENDING,PREPARED,SHIPPED"),
            "changed-fragment": changed("queue", staff, "/desk/pickups/"),
            "changed-counter": changed("counter", screen, display.get_absolute_url()),
            "changed-board": changed("board", staff, "/desk/deliveries/"),
        }
        queries, sizes = {}, {}
        for name, call in calls.items():
            if name.startswith("changed"):
                move(name)
            body, queries[name] = measured(call)
            sizes[name] = len(body)
        # Every open pickup is on the queue and on the counter screen.
        numbers = [str(n + 1) for n in range(options.pickups)]
        for name in ("fragment", "counter"):
            text = calls[name]().decode()
            missing = [n for n in numbers if f">{n}<" not in text]
            assert not missing, (name, "missing pager numbers", missing[:5])
        times: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(options.runs):
            for name, call in calls.items():
                if name.startswith("changed"):
                    move(name)
                started = time.perf_counter()
                call()
                times[name].append(time.perf_counter() - started)
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"machine:  {describe()}")
        print(
            f"data:     {options.pickups} open pickups (half PENDING, half PREPARED), 3 items each"
        )
        labels = {
            "fragment": "GET /desk/pickups/ (HX-Request)",
            "counter": "GET /display/<secret>/ (HX-Request)",
            "board": "GET /desk/deliveries/ (HX-Request)",
            "json": "GET …/fulfillments/pickups?status=PENDING,PREPARED",
            "json-deliveries": "GET …/fulfillments/deliveries?status=PENDING,PREPARED,SHIPPED",
            "changed-fragment": "the queue fragment right after one card moved",
            "changed-counter": "the counter fragment right after one number moved",
            "changed-board": "the board fragment right after one card moved",
        }
        for name in calls:
            print(
                f"{name:16s} {median[name] * 1000:7.1f} ms median of {options.runs}, "
                f"{queries[name]} SQL queries, {sizes[name] / 1e3:.0f} kB  {labels[name]}"
            )
        for name in calls:
            if name.startswith("json"):
                continue
            json = "json-deliveries" if name.endswith("board") else "json"
            time_ratio = median[name] / median[json]
            query_ratio = queries[name] / queries[json]
            verdict = "met" if time_ratio <= 2 else "NOT met"
            print(
                f"ratio:    {name}/{json} time {time_ratio:.2f}x, queries {query_ratio:.2f}x "
                f"(goal: time <= 2x, {verdict})"
            )
    finally:
        remove_organization(organization.id)


if __name__ == "__main__":
    main()
