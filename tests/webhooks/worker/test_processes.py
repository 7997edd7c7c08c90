"""`manage.py worker` as real processes against the test database (PostgreSQL, or the SQLite
test file): killed mid-delivery, stopped by SIGTERM, two at once."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from uuid import uuid4

import pytest
from django.db import connection
from django.utils import timezone

from bench.receiver import Receiver
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription

ROOT = Path(__file__).resolve().parents[3]
State = WebhookDelivery.State

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def start_worker(**settings: str) -> subprocess.Popen:
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        if connection.vendor == "postgresql"
        else f"sqlite:///{db['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "WEBHOOK_ALLOW_PRIVATE_TARGETS": "1",
        "WEBHOOK_RETRY_DELAYS": "0,0,0,0,0,0,0",
        "WEBHOOK_POLL_SECONDS": "0.05",
        **settings,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def eventually(condition, timeout: float = 60.0) -> None:
    """Wait until condition() holds, checking every 50 ms; fail after `timeout`."""
    deadline, tick = time.monotonic() + timeout, threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        tick.wait(0.05)


def make_events(organization, url: str, count: int) -> list[str]:
    subscription = WebhookSubscription.objects.create(
        organization=organization, url=url, events=["*"]
    )
    now = timezone.now()
    events = [
        WebhookEvent(
            id=uuid4(),
            organization=organization,
            type="sales_order.created",
            object_id=uuid4(),
            sequence=1,
            occurred_at=now,
            body=f'{{"n": {n}}}',
        )
        for n in range(count)
    ]
    WebhookEvent.objects.bulk_create(events)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=subscription, event=event, next_attempt_at=now)
        for event in events
    )
    return [str(event.id) for event in events]


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def workers():
    started: list[subprocess.Popen] = []

    def start(**settings: str) -> subprocess.Popen:
        process = start_worker(**settings)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def test_a_worker_killed_mid_delivery_loses_nothing(organization, receiver, workers):
    [event_id] = make_events(organization, receiver.url, 1)
    receiver.plan, receiver.slow_seconds = ["slow"], 60
    first = workers(WEBHOOK_LEASE_SECONDS="2")
    assert receiver.arrived.wait(60), "the first worker never posted"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    workers()
    receiver.wait_for(lambda r: len(r.delivered()) >= 1, timeout=60)
    assert receiver.delivered()[0].headers["webhook-id"] == event_id
    eventually(lambda: WebhookDelivery.objects.get().state == State.DELIVERED)


def test_sigterm_finishes_the_attempt_under_way_and_stops(organization, receiver, workers):
    make_events(organization, receiver.url, 5)
    receiver.plan, receiver.slow_seconds = ["slow"], 1.0
    worker = workers()
    assert receiver.arrived.wait(60)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    assert "stopped" in worker.stdout.read()
    assert WebhookAttempt.objects.count() >= 1
    assert WebhookDelivery.objects.filter(claim__isnull=False).count() == 0


def test_two_workers_deliver_500_events_each_once_at_a_time(organization, receiver, workers):
    ids = make_events(organization, receiver.url, 500)
    workers(), workers()
    receiver.wait_for(lambda r: len(r.delivered()) >= 500, timeout=300)
    eventually(lambda: not WebhookDelivery.objects.exclude(state=State.DELIVERED).exists())
    delivered = [r.headers["webhook-id"] for r in receiver.delivered()]
    assert sorted(set(delivered)) == sorted(ids)
    assert receiver.overlaps == []  # no event was ever in flight twice at once
    assert WebhookAttempt.objects.count() == len(delivered)
