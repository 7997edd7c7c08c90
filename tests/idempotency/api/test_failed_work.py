"""A handler whose work fails under a key: nothing of its work stays; an answer below 500 is
kept (the key's row only) and replayed."""

from django.db import transaction

from core.error_codes import ProblemCode
from core.problems import Unprocessable
from drafts import services
from drafts.models import SalesOrderDraft
from idempotency.models import IdempotencyKey
from tests.conftest import assert_problem

DRAFTS = "/sales-order-drafts"


def post(api, key: str):
    return api.client.post(
        api.base + DRAFTS,
        data='{"sales_channel": "web"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}", "Idempotency-Key": key},
    )


def failing_after_a_write(monkeypatch, error: Exception) -> None:
    real = services.draft_create

    def half_done(**kwargs):
        with transaction.atomic():
            real(**kwargs)
            raise error

    monkeypatch.setattr(services, "draft_create", half_done)


def test_a_4xx_after_a_write_keeps_only_the_key_row_and_replays_the_same_4xx(api, monkeypatch):
    failing_after_a_write(
        monkeypatch, Unprocessable("injected after a write", code=ProblemCode.DRAFT_INCONSISTENT)
    )
    first = post(api, "failed-4xx")
    assert_problem(first, 422)
    assert SalesOrderDraft.objects.count() == 0
    kept = IdempotencyKey.objects.get()
    assert (kept.key, kept.status_code, bytes(kept.body)) == ("failed-4xx", 422, first.content)
    again = post(api, "failed-4xx")
    assert (again.status_code, again.content) == (422, first.content)
    assert again["Idempotent-Replayed"] == "true"
    assert SalesOrderDraft.objects.count() == 0


def test_a_4xx_after_a_write_leaves_the_next_request_with_the_draft_number(api, monkeypatch):
    failing_after_a_write(
        monkeypatch, Unprocessable("injected after a write", code=ProblemCode.DRAFT_INCONSISTENT)
    )
    assert post(api, "failed-first").status_code == 422
    monkeypatch.undo()
    assert post(api, "then-created").json()["number"] == "D1"  # the counter rolled back too


def test_a_handler_failing_midway_leaves_nothing(api, monkeypatch):
    failing_after_a_write(monkeypatch, RuntimeError("injected after a write"))
    assert post(api, "failed-5xx").status_code == 500
    assert SalesOrderDraft.objects.count() == 0
    assert IdempotencyKey.objects.count() == 0
    monkeypatch.undo()
    retried = post(api, "failed-5xx")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
