"""Webhooks and idempotency keys: what they cost and how fast events go out.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/webhooks.py

Against a real HTTP receiver on loopback (bench/receiver.py), the sides of each figure measured
alternately in one run (`--runs` rounds), medians compared:

1. events delivered per second: a plain loop of signed POSTs to the receiver (the floor: no
   database), one `manage.py worker` process, two worker processes (`--events` events each
   round, written to the outbox before the workers start);
2. commit-to-receipt latency p50/p99 of `--changes` pickup changes made one by one while one
   worker runs (its idle poll is WEBHOOK_POLL_SECONDS);
3. PUT …/pickups/{id}/status requests/s of an organization with one subscription against one
   with none (goal >= 0.8x);
4. POST …/sales-order-drafts requests/s with an Idempotency-Key against without (goal >= 0.8x).

The deliveries written by 3 are dropped after each round (the delivery figures count only
their own events). Requests of 3 and 4 run through the whole Django stack in this process
(django.test.Client). Dedicated organizations are removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = "1"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.machine import describe  # noqa: E402
from bench.receiver import Receiver  # noqa: E402
from bench.seed import analyze, ensure_product, remove_organization, seed_orders  # noqa: E402
from core.actors import Actor  # noqa: E402
from core.services import api_token_issue, organization_ensure  # noqa: E402
from fulfillment.services import pickup_set_status  # noqa: E402
from webhooks import sender  # noqa: E402
from webhooks.models import (  # noqa: E402
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
    new_secret,
)

ACTOR = Actor.system("bench")


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{connection.settings_dict['NAME']}"


def floor_round(receiver: Receiver, count: int) -> float:
    """Signed POSTs in a plain loop, no database: events/s."""
    secret, body = new_secret(), '{"n": 1}'
    started = time.perf_counter()
    for _ in range(count):
        event_id = f"msg_{uuid.uuid4().hex}"
        outcome = sender.post(
            url=receiver.url,
            body=body,
            headers=sender.signed_headers(
                secret=secret, event_id=event_id, at=timezone.now(), body=body
            ),
            timeout=10,
        )
        assert outcome.delivered, outcome
    return count / (time.perf_counter() - started)


def outbox_events(subscription: WebhookSubscription, count: int) -> None:
    now = timezone.now()
    events = [
        WebhookEvent(
            organization_id=subscription.organization_id,
            type="sales_order.created",
            object_id=uuid.uuid4(),
            sequence=1,
            occurred_at=now,
            body='{"n": 1}',
        )
        for _ in range(count)
    ]
    WebhookEvent.objects.bulk_create(events)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=subscription, event=event, next_attempt_at=now)
        for event in events
    )


def start_workers(count: int) -> list[subprocess.Popen]:
    env = {**os.environ, "DATABASE_URL": database_url(), "WEBHOOK_POLL_SECONDS": "0.5"}
    return [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.wait(timeout=60)


def ready_workers(receiver: Receiver, subscription, count: int) -> list[subprocess.Popen]:
    """`count` worker processes, started and past their first delivery (Django's start-up is
    not part of a figure)."""
    running = start_workers(count)
    before = len(receiver.delivered())
    outbox_events(subscription, count)
    receiver.wait_for(lambda r: len(r.delivered()) >= before + count, timeout=120)
    return running


def workers_round(receiver: Receiver, subscription, *, workers: int, count: int) -> float:
    """`workers` running worker processes, `count` events committed to the outbox at once:
    events/s from the commit to the last receipt."""
    running = ready_workers(receiver, subscription, workers)
    try:
        before = len(receiver.delivered())
        started = time.perf_counter()
        outbox_events(subscription, count)
        receiver.wait_for(lambda r: len(r.delivered()) >= before + count, timeout=600)
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(running)
    return count / elapsed


def latency(receiver: Receiver, subscription, *, changes: int) -> list[float]:
    """Seconds from the commit of a pickup change to its receipt, one change at a time."""
    organization_id = subscription.organization_id
    created = seed_orders(organization_id=organization_id, orders=changes, pickups=True)
    running = ready_workers(receiver, subscription, 1)
    times: list[float] = []
    try:
        for pickup_id in created["pickups"]:
            before = len(receiver.delivered())
            pickup_set_status(
                organization_id=organization_id, pickup_id=pickup_id, status="PREPARED", actor=ACTOR
            )
            committed = time.monotonic()
            # The pickup's event and its order's IN_PROCESS event; the pickup's comes first.
            receiver.wait_for(lambda r, b=before: len(r.delivered()) > b, timeout=60)
            times.append(receiver.delivered()[before].at - committed)
            receiver.wait_for(lambda r, b=before: len(r.delivered()) >= b + 2, timeout=60)
    finally:
        stop_workers(running)
    return times


def requests_per_second(call, count: int) -> float:
    started = time.perf_counter()
    for index in range(count):
        response = call(index)
        assert response.status_code < 300, response.content[:300]
    return count / (time.perf_counter() - started)


def pickup_round(client: Client, organization_id: str, token: str, count: int) -> float:
    pickups = seed_orders(organization_id=organization_id, orders=count, pickups=True)["pickups"]
    headers = {"Authorization": f"Bearer {token}"}
    return requests_per_second(
        lambda n: client.put(
            f"/api/org/{organization_id}/fulfillments/pickups/{pickups[n]}/status",
            '{"status": "PREPARED"}',
            content_type="application/json",
            headers=headers,
        ),
        count,
    )


def drafts_round(client: Client, organization_id: str, token: str, count: int, keyed: bool):
    def call(n: int):
        headers = {"Authorization": f"Bearer {token}"}
        if keyed:
            headers["Idempotency-Key"] = uuid.uuid4().hex
        return client.post(
            f"/api/org/{organization_id}/sales-order-drafts",
            '{"sales_channel": "bench"}',
            content_type="application/json",
            headers=headers,
        )

    return requests_per_second(call, count)


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    suffix = uuid.uuid4().hex[:8]
    orgs = {
        name: organization_ensure(org_id=f"bench-{name}-{suffix}", name=name)
        for name in ("outbox", "plain", "subscribed")
    }
    receiver = Receiver().start()
    try:
        for organization in orgs.values():
            ensure_product(organization_id=organization.id)
        tokens = {name: api_token_issue(organization=o, label="bench") for name, o in orgs.items()}
        outbox_sub = WebhookSubscription.objects.create(
            organization=orgs["outbox"], url=receiver.url, events=["*"]
        )
        subscribed = WebhookSubscription.objects.create(
            organization=orgs["subscribed"], url=receiver.url, events=["*"]
        )
        analyze()
        client = Client()
        figures: dict[str, list[float]] = {
            k: [] for k in ("floor", "one", "two", "none", "sub", "plain", "keyed")
        }
        sides = {
            "none": lambda: pickup_round(
                client, orgs["plain"].id, tokens["plain"], options.requests
            ),
            "sub": lambda: pickup_round(
                client, orgs["subscribed"].id, tokens["subscribed"], options.requests
            ),
            "plain": lambda: drafts_round(
                client, orgs["plain"].id, tokens["plain"], options.requests, False
            ),
            "keyed": lambda: drafts_round(
                client, orgs["plain"].id, tokens["plain"], options.requests, True
            ),
        }
        for run in range(options.runs):
            figures["floor"].append(floor_round(receiver, options.events))
            figures["one"].append(
                workers_round(receiver, outbox_sub, workers=1, count=options.events)
            )
            figures["two"].append(
                workers_round(receiver, outbox_sub, workers=2, count=options.events)
            )
            # Each pair of sides goes in turn first, so neither always follows the other.
            for pair in (("none", "sub"), ("plain", "keyed")):
                for side in pair if run % 2 == 0 else reversed(pair):
                    figures[side].append(sides[side]())
            # Not delivered: the delivery figures count only their own events.
            WebhookDelivery.objects.filter(subscription=subscribed).delete()
        waits = latency(receiver, outbox_sub, changes=options.changes)
        median = {name: statistics.median(values) for name, values in figures.items()}
        print(f"machine:  {describe()}")
        print(
            f"runs:     {options.runs} rounds, sides alternating within each round "
            "(each side first in every other round)"
        )
        print(f"delivery: {options.events} events per round to a loopback receiver")
        print(f"  floor (plain loop of signed POSTs)  {median['floor']:8.0f} events/s")
        print(
            f"  one worker                          {median['one']:8.0f} events/s "
            f"({median['one'] / median['floor']:.2f}x floor)"
        )
        print(
            f"  two workers                         {median['two']:8.0f} events/s "
            f"({median['two'] / median['floor']:.2f}x floor)"
        )
        print(
            f"latency:  commit to receipt, {len(waits)} pickup changes, one worker: "
            f"p50 {pct(waits, 0.5) * 1000:.0f} ms, p99 {pct(waits, 0.99) * 1000:.0f} ms"
        )
        ratio = median["sub"] / median["none"]
        print(
            f"PUT pickup status: none {median['none']:.0f} req/s, one subscription "
            f"{median['sub']:.0f} req/s = {ratio:.2f}x (goal >= 0.8x: "
            f"{'met' if ratio >= 0.8 else 'NOT met'})"
        )
        ratio = median["keyed"] / median["plain"]
        print(
            f"POST draft: without key {median['plain']:.0f} req/s, with Idempotency-Key "
            f"{median['keyed']:.0f} req/s = {ratio:.2f}x (goal >= 0.8x: "
            f"{'met' if ratio >= 0.8 else 'NOT met'})"
        )
    finally:
        receiver.stop()
        for organization in orgs.values():
            remove_organization(organization.id)


if __name__ == "__main__":
    main()
