"""core.rendering: lists are built with Python's cycle collector paused, and it runs again
afterwards."""

import gc
import threading

import pytest

from core.rendering import cycle_collection_paused
from fulfillment import selectors as fulfillment_selectors
from orders import selectors as order_selectors

WINDOW = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_on_again_after():
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_runs_again_only_when_the_last_thread_inside_leaves():
    entered, leave = threading.Event(), threading.Event()

    def other_list():
        with cycle_collection_paused():
            entered.set()
            leave.wait(10)

    other = threading.Thread(target=other_list)
    other.start()
    assert entered.wait(10)
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()
    leave.set()
    other.join(10)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()


@pytest.mark.parametrize(
    ("module", "selector", "path"),
    [
        (order_selectors, "sales_order_page", "/sales-orders"),
        (fulfillment_selectors, "pickup_page", "/fulfillments/pickups"),
        (fulfillment_selectors, "delivery_page", "/fulfillments/deliveries"),
    ],
)
def test_a_list_endpoint_builds_its_page_with_the_collector_paused(
    api, monkeypatch, module, selector, path
):
    original, seen = getattr(module, selector), []

    def recording(**arguments):
        seen.append(gc.isenabled())
        return original(**arguments)

    monkeypatch.setattr(module, selector, recording)
    response = api.get(path, query=WINDOW)
    assert response.status_code == 200
    assert seen == [False]
    assert gc.isenabled()
