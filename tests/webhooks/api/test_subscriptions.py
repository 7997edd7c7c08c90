"""The webhook subscription endpoints: createWebhook … listWebhookDeliveries."""

import pytest

from fulfillment.services import pickup_set_status
from tests.conftest import assert_problem, json_of
from tests.factories import TEST_ACTOR, order_with, pickups_of
from tests.webhooks.conftest import deliver_all


def test_create_answers_201_with_the_secret(api, receiver):
    response = api.post("/webhooks", {"url": receiver.url, "events": ["pickup.status_changed"]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "url", "events", "description", "active", "secret", "created_at"}
    assert body["secret"].startswith("whsec_")
    assert body["active"] is True and body["description"] == ""
    assert body["created_at"].endswith("Z")


def test_get_and_list_never_show_the_secret(api, subscribe):
    created = subscribe()
    one = api.get(f"/webhooks/{created['id']}").json()
    page = api.get("/webhooks").json()
    assert "secret" not in one
    assert page["problems"] == [] and [w["id"] for w in page["items"]] == [created["id"]]
    assert "secret" not in page["items"][0]


def test_list_is_paged_by_limit_and_offset(api, subscribe):
    ids = [subscribe()["id"] for _ in range(3)]
    page = api.get("/webhooks", query={"limit": 2, "offset": 1}).json()
    assert [w["id"] for w in page["items"]] == ids[1:3]


def test_put_replaces_url_events_description_and_active(api, subscribe, receiver):
    created = subscribe()
    body = {
        "url": receiver.url + "/v2",
        "events": ["sales_order.created"],
        "description": "shop",
        "active": False,
    }
    response = api.put(f"/webhooks/{created['id']}", body)
    assert response.status_code == 200, response.content
    assert {k: response.json()[k] for k in body} == body


def test_delete_answers_204_then_404(api, subscribe):
    created = subscribe()
    assert api.delete(f"/webhooks/{created['id']}").status_code == 204
    assert_problem(api.get(f"/webhooks/{created['id']}"), 404)


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://example.com/x", "events": ["*"]},
        {"url": "example.com/x", "events": ["*"]},
        {"url": "https://example.com/x", "events": ["order.exploded"]},
        {"url": "https://example.com/x", "events": []},
    ],
)
def test_a_malformed_subscription_is_a_400_and_writes_nothing(api, body):
    assert_problem(api.post("/webhooks", body), 400)
    assert api.get("/webhooks").json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost/x",
        "http://10.1.2.3/x",
        "http://192.168.0.10/x",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "https://93.184.216.34:99999/x",
        "https://:443/x",
        "http://[zz/x",
        "HttPS://\u00dd\u0085\u023a\ua15b",
    ],
)
def test_a_private_target_is_refused_with_422(api, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    assert_problem(api.post("/webhooks", {"url": url, "events": ["*"]}), 422)


def test_a_public_address_is_accepted_without_the_private_setting(api, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    response = api.post("/webhooks", {"url": "https://93.184.216.34/hooks", "events": ["*"]})
    assert response.status_code == 201, response.content


def test_another_organizations_webhook_is_a_404(api, other_api, subscribe):
    created = subscribe()
    for call in (
        lambda: other_api.get(f"/webhooks/{created['id']}"),
        lambda: other_api.delete(f"/webhooks/{created['id']}"),
        lambda: other_api.get(f"/webhooks/{created['id']}/deliveries"),
    ):
        assert_problem(call(), 404)
    assert api.get(f"/webhooks/{created['id']}").status_code == 200


def test_deliveries_list_every_attempt_counting_from_1(
    api, organization, product, subscribe, receiver
):
    created = subscribe(events=["pickup.status_changed"])
    pickup = pickups_of(order_with(organization, product))[0]
    receiver.plan = ["500"]
    pickup_set_status(
        organization_id=organization.id, pickup_id=pickup.id, status="PREPARED", actor=TEST_ACTOR
    )
    deliver_all()
    page = json_of(api.get(f"/webhooks/{created['id']}/deliveries"))
    assert page["problems"] == []
    attempts = page["items"]
    assert [(a["attempt"], a["status_code"]) for a in attempts] == [(1, 500), (2, 204)]
    assert {a["event_type"] for a in attempts} == {"pickup.status_changed"}
    assert attempts[0]["event_id"] == attempts[1]["event_id"]
    assert set(attempts[0]) == {
        "event_id",
        "event_type",
        "attempt",
        "status_code",
        "error",
        "duration_ms",
        "at",
    }


def test_openapi_names_the_webhook_operations(client):
    schema = client.get("/api/openapi.json").json()
    names = {
        operation["operationId"]
        for path, operations in schema["paths"].items()
        if "/webhooks" in path
        for operation in operations.values()
    }
    assert names == {
        "createWebhook",
        "listWebhooks",
        "getWebhook",
        "replaceWebhook",
        "deleteWebhook",
        "listWebhookDeliveries",
    }
    assert "/api/org/{org-id}/webhooks/{webhook-id}" in schema["paths"]
