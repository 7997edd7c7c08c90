"""A loopback receiver, a subscription to it, and a worker driven in the test's thread."""

import json
from collections.abc import Callable

import pytest

from bench.receiver import Receiver
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.worker import Worker


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_RETRY_DELAYS = [0, 0, 0, 0, 0, 0, 0]
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    return settings


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def subscribe(api, receiver) -> Callable[..., dict]:
    def subscribe_(events=("*",), client=None, url=None) -> dict:
        response = (client or api).post(
            "/webhooks", {"url": url or receiver.url, "events": list(events)}
        )
        assert response.status_code == 201, response.content
        return response.json()

    return subscribe_


def deliver_all(*, rounds: int = 50) -> int:
    """Run worker rounds in this thread until nothing is due; how many attempts were made."""
    worker, attempted = Worker(), 0
    for _ in range(rounds):
        made = worker.run_once()
        attempted += made
        if made == 0:
            return attempted
    return attempted


def bodies(receiver: Receiver) -> list[dict]:
    return [json.loads(r.body) for r in receiver.delivered()]


def pending() -> int:
    return WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).count()


__all__ = ["WebhookSubscription", "bodies", "deliver_all", "pending"]
