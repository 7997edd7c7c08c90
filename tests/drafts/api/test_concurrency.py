"""Changes to a draft's parts wait for the draft lock (its row on PostgreSQL, the database's
write lock of an immediate transaction on SQLite), so they cannot interleave with a
finalization."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from core.problems import Conflict, Unprocessable
from drafts import services
from drafts.data import ItemData
from drafts.models import DraftItem, SalesOrderDraft

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _add_coffee(organization_id: str, draft_id: str) -> DraftItem:
    return services.draft_item_write(
        organization_id=organization_id,
        draft_id=draft_id,
        data=ItemData(product_id="coffee", quantity_value=Decimal(1), quantity_unit="PIECES"),
    )


def test_an_item_added_while_the_draft_is_being_finalized_waits_and_is_refused(
    organization, product
):
    draft = services.draft_create(
        organization_id=organization.id, sales_channel="pos", additional_invoice_information=[]
    )
    _add_coffee(organization.id, draft.id)
    locked = threading.Event()
    errors: list[BaseException] = []

    def finalize_slowly():
        try:
            with transaction.atomic():
                services.lock_draft(organization_id=organization.id, draft_id=draft.id)
                locked.set()
                time.sleep(0.5)
                services.draft_finalize(organization_id=organization.id, draft_id=draft.id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    finalizer = threading.Thread(target=finalize_slowly)
    finalizer.start()
    assert locked.wait(5)
    started = time.monotonic()
    with pytest.raises(Conflict):
        _add_coffee(organization.id, draft.id)
    waited = time.monotonic() - started
    finalizer.join(5)

    assert errors == []
    assert waited >= 0.3, "the item write did not wait for the draft lock"
    assert SalesOrderDraft.objects.get().finalized_at is not None
    assert DraftItem.objects.count() == 1


def test_two_concurrent_finalizations_finalize_once(organization, product):
    draft = services.draft_create(
        organization_id=organization.id, sales_channel="pos", additional_invoice_information=[]
    )
    _add_coffee(organization.id, draft.id)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def finalize():
        try:
            barrier.wait(5)
            services.draft_finalize(organization_id=organization.id, draft_id=draft.id)
            outcomes.append("finalized")
        except Unprocessable:
            outcomes.append("already finalized")
        finally:
            connection.close()

    threads = [threading.Thread(target=finalize) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes) == ["already finalized", "finalized"]
