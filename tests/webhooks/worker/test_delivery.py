"""Delivery to a real loopback receiver, by worker rounds run in the test's thread."""

import json
import socket
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from bench.receiver import Receiver
from fulfillment.services import pickup_set_status
from tests.factories import TEST_ACTOR, order_with, pickups_of
from tests.webhooks.conftest import bodies, deliver_all, pending
from webhooks import delivery
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from webhooks.worker import Worker

State = WebhookDelivery.State
PICKUP = ["pickup.status_changed"]


@pytest.fixture
def prepared(organization, product):
    """A pickup moved to PREPARED: one pickup.status_changed event."""

    def prepare() -> None:
        pickup = pickups_of(order_with(organization, product))[0]
        pickup_set_status(
            organization_id=organization.id,
            pickup_id=pickup.id,
            status="PREPARED",
            actor=TEST_ACTOR,
        )

    return prepare


def test_a_delivery_verifies_with_standardwebhooks(subscribe, receiver, prepared):
    secret = subscribe(events=["pickup.status_changed"])["secret"]
    prepared()
    deliver_all()
    [received] = receiver.delivered()
    payload = Webhook(secret).verify(received.body, received.headers)
    assert payload["type"] == "pickup.status_changed"
    assert received.headers["webhook-id"] == payload["id"]
    assert received.headers["webhook-signature"].startswith("v1,")
    assert received.headers["content-type"] == "application/json"


def test_a_tampered_body_does_not_verify(subscribe, receiver, prepared):
    secret = subscribe(events=PICKUP)["secret"]
    prepared()
    deliver_all()
    received = receiver.delivered()[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(received.body + b" ", received.headers)


def test_a_500_is_retried_and_delivered_with_the_same_webhook_id(subscribe, receiver, prepared):
    subscribe(events=["pickup.status_changed"])
    receiver.plan = ["500", "500"]
    prepared()
    deliver_all()
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert [r.answered for r in receiver.received] == [500, 500, 204]
    assert len(set(ids)) == 1
    assert pending() == 0


def test_a_receiver_slower_than_the_timeout_is_retried(settings, subscribe, receiver, prepared):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.slow_seconds = 1.0
    created = subscribe(events=["pickup.status_changed"])
    receiver.plan = ["slow"]
    prepared()
    deliver_all()
    attempts = list(
        WebhookAttempt.objects.filter(subscription_id=created["id"]).order_by("attempt")
    )
    assert [(a.attempt, a.status_code) for a in attempts] == [(1, None), (2, 204)]
    assert "within" in attempts[0].error
    receiver.wait_for(lambda r: len(r.received) == 2)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1


def test_a_receiver_that_is_down_gets_the_event_once_it_is_up(subscribe, prepared):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/hooks"
    subscribe(url=url, events=["pickup.status_changed"])
    prepared()
    assert Worker().run_once() == 1  # refused: nobody listens
    [failed] = WebhookAttempt.objects.all()
    assert failed.status_code is None and failed.error
    receiver = Receiver(port=port).start()
    try:
        deliver_all()
        assert len(receiver.delivered()) == 1
    finally:
        receiver.stop()
    assert pending() == 0


def test_retries_follow_the_contracts_schedule(settings, subscribe, receiver, prepared):
    settings.WEBHOOK_RETRY_DELAYS = [5, 300, 1800, 7200, 18000, 36000, 36000]
    subscribe(events=["pickup.status_changed"])
    receiver.plan = ["500"] * 10
    prepared()
    row = WebhookDelivery.objects.get()
    for expected in settings.WEBHOOK_RETRY_DELAYS:
        before = timezone.now()
        assert Worker().run_once() == 1
        row.refresh_from_db()
        waited = (row.next_attempt_at - before).total_seconds()
        assert expected - 1 <= waited <= expected + 1
        assert Worker().run_once() == 0  # not due yet
        WebhookDelivery.objects.filter(id=row.id).update(next_attempt_at=timezone.now())
    assert Worker().run_once() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.FAILED, 8)
    assert Worker().run_once() == 0


def test_an_abandoned_claim_is_retried_once_its_lease_expires(
    settings, subscribe, receiver, prepared
):
    subscribe(events=PICKUP)
    prepared()
    _claim, claimed = delivery.claim_due(limit=10)  # a worker that then dies
    assert len(claimed) == 1
    assert Worker().run_once() == 0  # the lease holds
    WebhookDelivery.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert deliver_all() == 1
    assert len(receiver.delivered()) == 1


def test_a_stopping_worker_gives_back_what_it_did_not_attempt(
    subscribe, receiver, organization, product
):
    subscribe(events=["sales_order.created"])
    for _ in range(3):
        order_with(organization, product)
    worker = Worker(batch=10)
    worker.stop()
    assert worker.run_once() == 0
    assert WebhookDelivery.objects.filter(claim__isnull=False).count() == 0
    assert deliver_all() == 3


def test_a_day_of_failures_deactivates_the_subscription_with_a_reason(
    subscribe, receiver, prepared
):
    created = subscribe(events=PICKUP)
    receiver.plan = ["500"] * 5
    prepared()
    Worker().run_once()
    WebhookSubscription.objects.filter(id=created["id"]).update(
        failing_since=timezone.now() - timedelta(hours=25)
    )
    Worker().run_once()
    subscription = WebhookSubscription.objects.get(id=created["id"])
    assert subscription.active is False
    assert "every delivery failed since" in subscription.deactivated_reason
    assert "HTTP 500" in subscription.deactivated_reason
    assert Worker().run_once() == 0  # an inactive subscription receives nothing


def test_a_success_resets_the_failure_clock(subscribe, receiver, prepared):
    created = subscribe(events=PICKUP)
    receiver.plan = ["500"]
    prepared()
    deliver_all()
    assert WebhookSubscription.objects.get(id=created["id"]).failing_since is None


def test_a_target_gone_private_is_refused_at_send_time(settings, subscribe, receiver, prepared):
    subscribe(events=PICKUP)
    prepared()
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    Worker().run_once()
    [attempt] = WebhookAttempt.objects.all()
    assert attempt.status_code is None and "private" in attempt.error
    assert receiver.received == []


def test_redelivery_sends_a_delivered_event_again(subscribe, receiver, prepared):
    from webhooks.services import deliveries_redeliver

    subscribe(events=PICKUP)
    prepared()
    deliver_all()
    deliveries_redeliver(delivery_ids=list(WebhookDelivery.objects.values_list("id", flat=True)))
    deliver_all()
    first, second = receiver.delivered()
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    assert WebhookDelivery.objects.get().attempts == 2


def test_the_body_has_the_contracts_envelope(subscribe, receiver, prepared, organization):
    subscribe(events=PICKUP)
    prepared()
    deliver_all()
    [body] = bodies(receiver)
    assert set(body) == {"id", "type", "occurred_at", "organization", "sequence", "data"}
    assert body["organization"] == organization.id and body["occurred_at"].endswith("Z")
    assert json.loads(receiver.delivered()[0].body)["data"]["previous_status"] == "PENDING"


def test_a_long_claim_renews_its_lease_before_it_runs_out(settings, subscribe, receiver, prepared):
    subscribe(events=["*"])
    prepared()  # three events
    claim, _claimed = delivery.claim_due(limit=10)
    WebhookDelivery.objects.update(claimed_until=timezone.now() + timedelta(seconds=1))
    delivery.renew(claim=claim)
    until = {row.claimed_until for row in WebhookDelivery.objects.all()}
    assert min(until) > timezone.now() + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS - 5)
    assert Worker().run_once() == 0  # nobody else may take them
