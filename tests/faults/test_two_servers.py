"""Two app server processes, one PostgreSQL: what one writes, the other serves at once. The app
holds no state of its own, so the desk scales out behind a load balancer."""

import pytest

from bench.harness import AppServer, http, seed

pytestmark = pytest.mark.servers


@pytest.fixture
def two_servers(live_database):
    first = AppServer(live_database.url, workers=1).start()
    second = AppServer(live_database.url, workers=1).start()
    yield first, second
    first.stop()
    second.stop()


def test_product_written_through_one_server_is_served_by_the_other_at_once(
    two_servers, live_database
):
    first, second = two_servers
    org, token = live_database.org_id, live_database.token
    path = f"/api/org/{org}/products/two-servers-beans"
    for price in (3.5, 4.25, 5):
        body = {
            "name": f"Beans at {price}",
            "price": {"value": price, "unit": "EUR"},
            "price_is_gross": True,
            "tax": "DE_STANDARD_VAT_2007",
        }
        assert http("PUT", first.base_url + path, token=token, body=body).status in (200, 201)
        seen = http("GET", second.base_url + path, token=token)
        assert seen.status == 200
        assert seen.json()["name"] == f"Beans at {price}"


def test_pickup_status_changed_through_one_server_is_served_by_the_other_at_once(
    two_servers, live_database
):
    first, second = two_servers
    org, token = live_database.org_id, live_database.token
    created = seed(live_database.url, "--org", org, "--orders", "1", "--items", "2", "--pickups")
    path = f"/api/org/{org}/fulfillments/pickups/{created['pickups'][0]}"

    assert http("GET", second.base_url + path, token=token).json()["status"] == "PENDING"
    for status, writer, reader in (
        ("PREPARED", first, second),
        ("PENDING", second, first),
        ("PREPARED", first, second),
        ("PICKED_UP", second, first),
    ):
        moved = http(
            "PUT", writer.base_url + path + "/status", token=token, body={"status": status}
        )
        assert moved.status == 204, moved.body
        seen = http("GET", reader.base_url + path, token=token)
        assert seen.status == 200
        assert seen.json()["status"] == status
    order = http(
        "GET", first.base_url + f"/api/org/{org}/sales-orders/{created['orders'][0]}", token=token
    )
    assert order.json()["status"] == "COMPLETED"
