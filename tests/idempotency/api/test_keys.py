"""Idempotency-Key on POST and PATCH under /api/org/{org-id}/ (the contract's semantics)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from drafts.models import SalesOrderDraft
from idempotency.models import IdempotencyKey
from tests.conftest import assert_problem

DRAFTS = "/sales-order-drafts"


def post(api, path, body, key, **kwargs):
    return api.client.post(
        api.base + path,
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": key, **kwargs},
    )


def test_a_repeated_request_gets_the_first_answer_and_writes_nothing(api):
    first = post(api, DRAFTS, '{"sales_channel": "web"}', "k-1")
    assert first.status_code == 201, first.content
    assert "Idempotent-Replayed" not in first
    second = post(api, DRAFTS, '{"sales_channel": "web"}', "k-1")
    assert (second.status_code, second.content) == (201, first.content)
    assert second["Idempotent-Replayed"] == "true"
    assert second["Content-Type"] == first["Content-Type"]
    assert SalesOrderDraft.objects.count() == 1


def test_without_a_key_every_request_is_processed(api):
    for _ in range(2):
        assert api.post(DRAFTS, {"sales_channel": "web"}).status_code == 201
    assert SalesOrderDraft.objects.count() == 2


def test_the_same_key_with_another_body_is_422_reused(api):
    post(api, DRAFTS, '{"sales_channel": "web"}', "k-2")
    body = assert_problem(post(api, DRAFTS, '{"sales_channel": "pos"}', "k-2"), 422)
    assert body["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert SalesOrderDraft.objects.count() == 1


def test_the_same_key_on_another_path_is_422_reused(api, organization, product):
    draft = post(api, DRAFTS, '{"sales_channel": "web"}', "k-3").json()
    item = '{"product": "coffee", "quantity": {"value": 1, "unit": "PIECES"}}'
    response = post(api, f"{DRAFTS}/{draft['id']}/items", item, "k-3")
    assert assert_problem(response, 422)["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_a_4xx_answer_is_kept_too(api):
    draft = post(api, DRAFTS, '{"sales_channel": "web"}', "k-4a").json()
    finalize = '{"@type": "SalesOrderDraftFinalizationRequest"}'
    path = f"{DRAFTS}/{draft['id']}"
    first = api.client.patch(
        api.base + path,
        data=finalize,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": "k-4b"},
    )
    assert first.status_code == 422  # an empty draft cannot be finalized
    again = api.client.patch(
        api.base + path,
        data=finalize,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": "k-4b"},
    )
    assert (again.status_code, again.content) == (422, first.content)
    assert again["Idempotent-Replayed"] == "true"


def test_keys_are_per_organization(api, other_api):
    assert post(api, DRAFTS, '{"sales_channel": "web"}', "shared").status_code == 201
    other = post(other_api, DRAFTS, '{"sales_channel": "web"}', "shared")
    assert other.status_code == 201 and "Idempotent-Replayed" not in other
    assert SalesOrderDraft.objects.count() == 2


def test_a_key_older_than_24_hours_is_forgotten(api):
    post(api, DRAFTS, '{"sales_channel": "web"}', "old")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))
    again = post(api, DRAFTS, '{"sales_channel": "web"}', "old")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert SalesOrderDraft.objects.count() == 2


def test_a_5xx_answer_is_not_kept(api, monkeypatch):
    from drafts import services

    real = services.draft_create

    def broken(**kwargs):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(services, "draft_create", broken)
    assert post(api, DRAFTS, '{"sales_channel": "web"}', "k-5").status_code == 500
    assert IdempotencyKey.objects.count() == 0
    monkeypatch.setattr(services, "draft_create", real)
    retried = post(api, DRAFTS, '{"sales_channel": "web"}', "k-5")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there", "ümlaut"])
def test_a_malformed_key_is_a_400_and_writes_nothing(api, key):
    response = api.client.post(
        api.base + DRAFTS,
        data='{"sales_channel": "web"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": key},
    )
    assert assert_problem(response, 400)["code"] == "BAD_REQUEST"
    assert SalesOrderDraft.objects.count() == 0


def test_a_request_with_a_bad_token_keeps_nothing(api):
    response = Client().post(
        api.base + DRAFTS,
        data='{"sales_channel": "web"}',
        content_type="application/json",
        headers={"Authorization": "Bearer wrong", "Idempotency-Key": "k-6"},
    )
    assert_problem(response, 403)
    assert IdempotencyKey.objects.count() == 0
    assert post(api, DRAFTS, '{"sales_channel": "web"}', "k-6").status_code == 201


def test_a_key_on_a_get_is_ignored(api):
    response = api.client.get(
        api.base + "/webhooks",
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": "k-7"},
    )
    assert response.status_code == 200 and "Idempotent-Replayed" not in response
    assert IdempotencyKey.objects.count() == 0


def test_openapi_declares_the_header_on_every_post_and_patch(client):
    schema = client.get("/api/openapi.json").json()
    writes = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        if path.startswith("/api/org/")
        for method, operation in operations.items()
        if method in ("post", "patch")
    ]
    assert len(writes) >= 7
    for path, method, operation in writes:
        names = [(p["name"], p["in"]) for p in operation.get("parameters", [])]
        assert ("Idempotency-Key", "header") in names, (method, path)
        assert {"409", "422"} <= set(map(str, operation["responses"])), (method, path)


def test_a_method_the_path_does_not_have_is_a_405_with_or_without_a_key(api):
    post(api, DRAFTS, '{"sales_channel": "web"}', "k-8")
    for _ in range(2):
        response = api.client.patch(
            api.base + DRAFTS,
            data='{"sales_channel": "pos"}',
            content_type="application/json",
            headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": "k-8"},
        )
        assert response.status_code == 405
    assert IdempotencyKey.objects.count() == 1
