"""Worker processes beside gunicorn on one SQLite file: killed mid-delivery, two at once."""

from bench.receiver import Receiver
from tests.sqlite_site import sqlite_site  # noqa: F401  (fixture)


def subscribe(site, receiver: Receiver, events: list[str]) -> None:
    response = site.call("POST", "/webhooks", {"url": receiver.url, "events": events})
    assert response.status == 201, response.body


def test_a_worker_killed_mid_delivery_loses_nothing_on_sqlite(sqlite_site):  # noqa: F811
    receiver = Receiver().start()
    try:
        subscribe(sqlite_site, receiver, ["pickup.status_changed"])
        [pickup] = sqlite_site.seed_pickups(1)
        response = sqlite_site.call(
            "PUT", f"/fulfillments/pickups/{pickup}/status", {"status": "PREPARED"}
        )
        assert response.status == 204
        receiver.plan, receiver.slow_seconds = ["slow"], 60
        first = sqlite_site.start_worker(WEBHOOK_LEASE_SECONDS="2")
        assert receiver.arrived.wait(60)
        first.kill()
        first.wait(timeout=30)
        sqlite_site.start_worker()
        receiver.wait_for(lambda r: len(r.delivered()) == 1, timeout=60)
        [received] = receiver.delivered()
        assert list(receiver.in_flight) == [received.headers["webhook-id"]]  # the killed one
    finally:
        receiver.stop()


def test_two_workers_deliver_500_events_once_at_a_time_on_sqlite(sqlite_site):  # noqa: F811
    receiver = Receiver().start()
    try:
        subscribe(sqlite_site, receiver, ["*"])
        pickups = sqlite_site.seed_pickups(250)
        # Each move: the pickup's event and its order's IN_PROCESS event.
        moved = {
            sqlite_site.call(
                "PUT", f"/fulfillments/pickups/{p}/status", {"status": "PREPARED"}
            ).status
            for p in pickups
        }
        assert moved == {204}
        sqlite_site.start_worker(), sqlite_site.start_worker()
        receiver.wait_for(lambda r: len(r.delivered()) >= 500, timeout=300)
        ids = [r.headers["webhook-id"] for r in receiver.delivered()]
        assert len(set(ids)) == 500
        assert receiver.overlaps == []
    finally:
        receiver.stop()
