"""Load with invariants: many clients at once build baskets, check them out and move pickups,
deliveries and orders through a live server; afterwards the database must still make sense.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/load.py
    uv run python bench/load.py        # DATABASE_URL unset: a fresh SQLite file

Bounded (default 30 s of load, well under 60 s in all) and on 127.0.0.1 only: gunicorn with 2
workers × 4 threads against DATABASE_URL (migrated first; unset, a fresh SQLite file), a
dedicated organization (removed at the end unless --keep). Each of `--clients` threads loops over:

- a basket: POST a draft, 1-3 items, a pickup with a pager number drawn from a small pool
  (so pagers collide), sometimes a delivery, then the deprecated checkout POST …/sales-orders
  with the draft id as a JSON string; one basket in five is checked out by two clients at the
  same moment;
- moves of random pickups, deliveries and (less often) orders to random statuses.

Then it checks: no response was a 5xx (nor a dropped connection); every 201 of a checkout has
its order, and there is no order without one (a doubled checkout made one order); no order
has two active pickups on one pager, nor does the organization at one location; every order,
pickup and delivery has the status of its last event, and each event starts where the one
before it ended. Prints the counts and how long answers took (median, 99th percentile,
slowest); exits 1 if an invariant fails.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)

from bench.harness import AppServer, http, manage  # noqa: E402

PAGERS = [str(n) for n in range(1, 31)]
LOCATIONS = ["counter-1", "counter-2"]
PICKUP_TARGETS = ["PREPARED", "PENDING", "PICKED_UP", "PREPARED"]
DELIVERY_TARGETS = ["PREPARED", "PENDING", "SHIPPED", "RECEIVED"]
ORDER_TARGETS = ["CONFIRMED", "ON_HOLD", "CANCELED", "IN_PROCESS", "CONFIRMED", "NEW"]


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: collections.Counter = collections.Counter()
        self.server_errors: list[str] = []
        self.seconds: list[tuple[float, str]] = []
        self.orders: dict[str, dict] = {}
        self.checkouts_201 = 0
        self.double_checkouts: list[tuple[int, int]] = []
        self.pickups: list[str] = []
        self.deliveries: list[str] = []

    def note(self, label: str, status: int, body: bytes = b"", *, seconds: float = 0.0) -> None:
        with self.lock:
            self.statuses[(label, status)] += 1
            self.seconds.append((seconds, label))
            if status >= 500 or status == 0:
                self.server_errors.append(f"{label} -> {status} {body[:200]!r}")

    def add_order(self, order: dict) -> None:
        with self.lock:
            self.checkouts_201 += 1
            self.orders[order["id"]] = order
            for entry in order["fulfillment_information"]["fulfillments"]:
                target = self.pickups if entry["fulfillment_type"] == "PICKUP" else self.deliveries
                target.append(entry["fulfillment_id"])

    def pick(self, kind: str) -> str | None:
        with self.lock:
            pool = {"pickup": self.pickups, "delivery": self.deliveries}.get(kind)
            if kind == "order":
                pool = list(self.orders)
            return random.choice(pool) if pool else None


class Client:
    def __init__(self, base: str, org: str, token: str, recorder: Recorder):
        self.api = f"{base}/api/org/{org}"
        self.token = token
        self.recorder = recorder

    def call(self, label: str, method: str, path: str, body=None):
        started = time.monotonic()
        try:
            answer = http(method, self.api + path, token=self.token, body=body, timeout=30)
        except OSError as error:  # a dropped connection counts as a server failure
            self.recorder.note(label, 0, str(error).encode(), seconds=time.monotonic() - started)
            return None
        self.recorder.note(label, answer.status, answer.body, seconds=time.monotonic() - started)
        return answer

    def basket(self, pool: ThreadPoolExecutor) -> None:
        draft = self.call("POST draft", "POST", "/sales-order-drafts", {"sales_channel": "load"})
        if draft is None or draft.status != 201:
            return
        draft_id = draft.json()["id"]
        path = f"/sales-order-drafts/{draft_id}"
        items = []
        for _ in range(random.randint(1, 3)):
            item = self.call(
                "POST draft item",
                "POST",
                path + "/items",
                {
                    "product": "load-beans",
                    "quantity": {"value": random.randint(1, 4), "unit": "PIECES"},
                },
            )
            if item is not None and item.status == 201:
                items.append(item.json()["id"])
        if not items:
            return
        delivered = items[1:] if len(items) > 1 and random.random() < 0.4 else []
        picked = [item for item in items if item not in delivered]
        self.call(
            "POST draft pickup",
            "POST",
            path + "/pickups",
            {
                "items": picked,
                "pager_number": random.choice(PAGERS),
                "pickup_location": {"service_location": random.choice(LOCATIONS)},
            },
        )
        if delivered:
            self.call("POST draft delivery", "POST", path + "/deliveries", {"items": delivered})
        copies = 2 if random.random() < 0.2 else 1
        answers = list(
            pool.map(
                lambda _: self.call(
                    "POST sales-orders (checkout)", "POST", "/sales-orders", draft_id
                ),
                range(copies),
            )
        )
        created = [answer for answer in answers if answer is not None and answer.status == 201]
        for answer in created:
            self.recorder.add_order(answer.json())
        if copies == 2:
            with self.recorder.lock:
                self.recorder.double_checkouts.append(
                    (len(created), sum(1 for a in answers if a is not None))
                )

    def move(self, kind: str) -> None:
        target_id = self.recorder.pick(kind)
        if target_id is None:
            return
        if kind == "pickup":
            status, path = random.choice(PICKUP_TARGETS), f"/fulfillments/pickups/{target_id}"
        elif kind == "delivery":
            status, path = random.choice(DELIVERY_TARGETS), f"/fulfillments/deliveries/{target_id}"
        else:
            status, path = random.choice(ORDER_TARGETS), f"/sales-orders/{target_id}"
        body = {"status": status} if random.random() < 0.7 else status
        self.call(f"PUT {kind} status", "PUT", path + "/status", body)


def run_clients(client: Client, *, clients: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds

    def worker(seed: int) -> None:
        random.seed(seed)
        with ThreadPoolExecutor(max_workers=2) as pool:
            while time.monotonic() < deadline:
                roll = random.random()
                if roll < 0.35:
                    client.basket(pool)
                elif roll < 0.7:
                    client.move("pickup")
                elif roll < 0.9:
                    client.move("delivery")
                else:
                    client.move("order")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def check_invariants(org: str, recorder: Recorder) -> list[str]:
    """The failures found in the database after the run (empty: all invariants hold)."""
    import django

    django.setup()
    from django.db.models import Count

    from fulfillment.models import Delivery, Pickup
    from orders.models import SalesOrder, StatusEvent

    failures = []
    if recorder.server_errors:
        failures.append(f"{len(recorder.server_errors)} 5xx/dropped: {recorder.server_errors[:5]}")
    stored = set(
        map(str, SalesOrder.objects.filter(organization_id=org).values_list("id", flat=True))
    )
    missing = set(recorder.orders) - stored
    if missing:
        failures.append(
            f"{len(missing)} checkouts answered 201 without an order: {sorted(missing)[:3]}"
        )
    if len(stored) != recorder.checkouts_201:
        failures.append(
            f"{len(stored)} orders stored but {recorder.checkouts_201} checkouts answered 201"
        )
    # Two clients checking out one basket at once: one order at most (none when the basket
    # is refused, e.g. its pager was taken meanwhile: then both are refused).
    doubled = [pair for pair in recorder.double_checkouts if pair[0] > 1]
    if doubled:
        failures.append(f"{len(doubled)} baskets checked out twice at once made two orders")
    active = Pickup.objects.filter(
        organization_id=org, status__in=["PENDING", "PREPARED"], pager_number__isnull=False
    )
    per_order = active.values("order_id", "pager_number").annotate(n=Count("id")).filter(n__gt=1)
    if per_order.exists():
        failures.append(f"orders with two active pickups on one pager: {list(per_order[:3])}")
    per_location = (
        active.values("service_location", "pager_number").annotate(n=Count("id")).filter(n__gt=1)
    )
    if per_location.exists():
        failures.append(
            f"two active pickups on one pager at one location: {list(per_location[:3])}"
        )
    current = {}
    for model in (SalesOrder, Pickup, Delivery):
        current.update(
            {
                str(pk): status
                for pk, status in model.objects.filter(organization_id=org).values_list(
                    "id", "status"
                )
            }
        )
    history = collections.defaultdict(list)
    for subject_id, from_status, to_status in (
        StatusEvent.objects.filter(organization_id=org)
        .order_by("occurred_at", "id")
        .values_list("subject_id", "from_status", "to_status")
    ):
        history[str(subject_id)].append((from_status, to_status))
    wrong, broken = [], []
    for subject_id, status in current.items():
        events = history.get(subject_id)
        if not events or events[-1][1] != status:
            wrong.append((subject_id, status, events[-1] if events else None))
        elif any(before[1] != after[0] for before, after in itertools.pairwise(events)):
            broken.append(subject_id)
    if wrong:
        failures.append(f"{len(wrong)} objects whose status is not their last event: {wrong[:3]}")
    if broken:
        failures.append(f"{len(broken)} event histories with a gap (from != previous to)")
    recorder.objects = len(current)
    recorder.events = sum(len(events) for events in history.values())
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--keep", action="store_true", help="leave the organization's data")
    options = parser.parse_args()
    if options.seconds > 45:
        parser.error("keep the run bounded: at most 45 s of load")
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        # The embedded default: a fresh SQLite file, as a small store runs it.
        folder = tempfile.mkdtemp(prefix="desk-load-")
        database_url = f"sqlite:///{folder}/load.sqlite3"
        os.environ["DATABASE_URL"] = database_url
    if not database_url.startswith(("postgres", "sqlite")):
        parser.error("set DATABASE_URL to a PostgreSQL database, or leave it unset for SQLite")

    org = f"load-{uuid.uuid4().hex[:8]}"
    manage("migrate", "--noinput", database_url=database_url)
    manage("create_org", org, "--name", "Load test", database_url=database_url)
    token = manage("create_api_token", "--org", org, database_url=database_url).splitlines()[-1]
    server = AppServer(database_url, workers=2, threads=4).start()
    recorder = Recorder()
    try:
        product = {
            "name": "Load beans",
            "price": {"value": 10, "unit": "EUR"},
            "price_is_gross": True,
            "tax": "DE_STANDARD_VAT_2007",
        }
        put = http(
            "PUT", f"{server.base_url}/api/org/{org}/products/load-beans", token=token, body=product
        )
        assert put.status in (200, 201), put.body
        started = time.monotonic()
        run_clients(
            Client(server.base_url, org, token, recorder),
            clients=options.clients,
            seconds=options.seconds,
        )
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    failures = check_invariants(org, recorder)
    total = sum(recorder.statuses.values())
    from bench.machine import describe

    print(f"machine:  {describe()}")
    print(f"database: {database_url.split(':', 1)[0]}")
    print(
        f"load:     {options.clients} clients for {elapsed:.1f} s against gunicorn (2 workers x 4 "
        f"threads) on 127.0.0.1: {total} requests, {total / elapsed:.0f} req/s"
    )
    by_label = collections.defaultdict(dict)
    for (label, status), count in sorted(recorder.statuses.items()):
        by_label[label][status] = count
    for label, counts in by_label.items():
        print(f"  {label:30s} " + ", ".join(f"{status}: {n}" for status, n in counts.items()))
    seconds = sorted(recorder.seconds)
    slowest, slowest_label = seconds[-1]
    print(
        f"answers:  median {statistics.median(s for s, _ in seconds) * 1000:.0f} ms, 99th "
        f"percentile {seconds[int(len(seconds) * 0.99)][0] * 1000:.0f} ms, slowest "
        f"{slowest * 1000:.0f} ms ({slowest_label})"
    )
    doubles = len(recorder.double_checkouts)
    print(
        f"result:   {recorder.checkouts_201} orders checked out ({doubles} baskets checked out "
        f"twice at once), {recorder.objects} orders/pickups/deliveries, {recorder.events} events"
    )
    if failures:
        print("INVARIANTS BROKEN:")
        for failure in failures:
            print(f"  - {failure}")
    else:
        print(
            "invariants: no 5xx; every 201 has its order and no order lacks one; no pager held "
            "twice; every status is its last event, histories unbroken: all hold"
        )
    if not options.keep:
        from bench.seed import remove_organization

        remove_organization(org)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
