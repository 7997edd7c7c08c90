"""`manage.py demo`: the contract's quick start."""

import re
import threading
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core.models import ApiToken, Organization
from desk.management.commands import demo
from drafts.models import SalesOrderDraft
from fulfillment.models import CounterDisplay, Delivery, Pickup
from orders.models import Product, SalesOrder, StatusEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(monkeypatch) -> list[tuple]:
    """Records the runserver and worker calls instead of serving; other commands run for
    real."""
    calls: list[tuple] = []
    real = demo.call_command

    def call_command(name, *args, **kwargs):
        if name in ("runserver", "worker"):
            calls.append((name, args, kwargs))
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(demo, "call_command", call_command)
    return calls


def run_demo(*args: str) -> str:
    out = StringIO()
    demo.call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_token(output: str) -> str:
    return re.search(r"API token\s+(\S+)", output).group(1)


def counts() -> dict[str, int]:
    return {
        "orders": SalesOrder.objects.count(),
        "pickups": Pickup.objects.count(),
        "deliveries": Delivery.objects.count(),
        "drafts": SalesOrderDraft.objects.count(),
        "products": Product.objects.count(),
        "displays": CounterDisplay.objects.count(),
        "users": get_user_model().objects.count(),
        "events": StatusEvent.objects.count(),
    }


def test_demo_seeds_orders_in_every_status_with_fulfillments_in_every_status(served):
    run_demo("--no-serve")
    organization = Organization.objects.get(id="demo")
    assert set(SalesOrder.objects.values_list("status", flat=True)) == {
        "NEW",
        "CONFIRMED",
        "REJECTED",
        "IN_PROCESS",
        "COMPLETED",
        "CANCELED",
        "ON_HOLD",
    }
    assert set(Pickup.objects.values_list("status", flat=True)) == {
        "PENDING",
        "PREPARED",
        "PICKED_UP",
        "CANCELED",
    }
    assert set(Delivery.objects.values_list("status", flat=True)) == {
        "PENDING",
        "PREPARED",
        "SHIPPED",
        "RECEIVED",
        "CANCELED",
    }
    assert Pickup.objects.exclude(pager_number=None).filter(status="PENDING").exists()
    assert SalesOrderDraft.objects.filter(organization=organization).count() == 3
    assert not SalesOrderDraft.objects.filter(finalized_at=None).exists()
    assert Product.objects.filter(organization=organization, price_is_gross=False).exists()


def test_demo_orders_went_through_the_status_machines(served):
    run_demo("--no-serve")
    held = SalesOrder.objects.get(status="ON_HOLD")
    assert held.held_from_status == "CONFIRMED"
    for order in SalesOrder.objects.exclude(status="NEW"):
        last = StatusEvent.objects.filter(subject_id=order.id).last()
        assert last.to_status == order.status
        assert last.actor_label == "staff"


def test_demo_prints_the_urls_the_login_and_a_working_token(served):
    output = run_demo("--no-serve", "--port", "8123")
    display = CounterDisplay.objects.get(organization_id="demo")
    for url in [
        "http://127.0.0.1:8123/login/",
        "http://127.0.0.1:8123/desk/",
        "http://127.0.0.1:8123/desk/pickups/",
        f"http://127.0.0.1:8123/display/{display.secret}/",
        "http://127.0.0.1:8123/api/docs",
    ]:
        assert url in output
    assert "user: staff" in output and "password: staff-demo" in output
    response = Client().get(
        "/api/org/demo/fulfillments/pickups",
        {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"},
        headers={"Authorization": f"Bearer {printed_token(output)}"},
    )
    assert response.status_code == 200
    assert len(response.json()["items"]) == Pickup.objects.count()
    signed_in = Client().post("/login/", {"username": "staff", "password": "staff-demo"})
    assert signed_in.status_code == 302


def test_demo_is_idempotent(served):
    first = run_demo("--no-serve")
    before = counts()
    second = run_demo("--no-serve")
    assert counts() == before
    assert "nothing added" in second
    usable = [token for token in ApiToken.objects.filter(label="demo") if token.is_usable]
    assert len(usable) == 1
    assert printed_token(first) != printed_token(second)


def test_demo_serves_on_loopback_at_the_given_port(served):
    run_demo("--port", "8765")
    assert ("runserver", ("127.0.0.1:8765",), {"use_reloader": False}) in served


def test_demo_without_no_serve_serves_on_port_8000(served):
    run_demo()
    assert [args for name, args, _ in served if name == "runserver"] == [("127.0.0.1:8000",)]


def test_demo_runs_a_worker_beside_its_server(served):
    run_demo()
    for thread in threading.enumerate():
        if thread.name == "webhook-worker":
            thread.join(timeout=30)
    assert ("worker", (), {}) in served


def test_demo_prints_how_to_watch_webhook_deliveries(served):
    output = run_demo("--no-serve")
    assert "/api/org/demo/webhooks" in output
    assert "/deliveries" in output


def test_demo_with_no_serve_does_not_serve(served):
    run_demo("--no-serve")
    assert served == []
