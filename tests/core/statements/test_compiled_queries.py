"""Statement.of_query: the ORM's query compiled once reads exactly the rows its queryset reads,
on every backend; each such statement of the project is pinned to its queryset here."""

import uuid

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.auth import TOKEN_LOOKUP
from core.models import ApiToken, hash_token
from core.services import api_client_create
from core.statements import Read, Statement, read_all
from fulfillment.selectors import _ONE_DELIVERY, _ONE_PICKUP
from idempotency.models import IdempotencyKey
from idempotency.services import _HOLD_AND_FIND
from orders.models import Product
from orders.selectors import _ORDER_WITH_ITEMS, _fulfillments
from tests.factories.checkouts import deliveries_of, make_draft, order_with, pickups_of
from webhooks.models import WebhookEvent
from webhooks.outbox import LAST_SEQUENCE


def assert_reads_as_its_queryset(statement: Statement, *values) -> list[tuple]:
    rows = statement.rows(*values)
    assert rows == list(statement.query(*values))
    return rows


def test_the_token_lookup_reads_as_its_queryset_with_and_without_a_client(organization):
    client = api_client_create(organization=organization, name="shop", secret="s3cret-s3cret")
    _, with_client = ApiToken.issue(organization=organization, label="shop", client=client)
    _, without_client = ApiToken.issue(organization=organization, label="script")
    assert assert_reads_as_its_queryset(TOKEN_LOOKUP, hash_token(with_client))[0][-1] is True
    assert assert_reads_as_its_queryset(TOKEN_LOOKUP, hash_token(without_client))[0][-1] is None
    assert assert_reads_as_its_queryset(TOKEN_LOOKUP, hash_token("unknown")) == []


def test_a_pickup_and_a_delivery_with_their_items_read_as_their_querysets(organization, product):
    order = order_with(organization, product, pickups=2, deliveries=1)
    for statement, owner in (
        (_ONE_PICKUP.statement, pickups_of(order)[0]),
        (_ONE_DELIVERY.statement, deliveries_of(order)[0]),
    ):
        assert len(assert_reads_as_its_queryset(statement, owner.id, organization.id)) == 1
        assert assert_reads_as_its_queryset(statement, owner.id, "another-org") == []


def test_an_order_with_its_items_and_its_fulfillments_reads_as_its_querysets(organization, product):
    order = order_with(organization, product, pickups=2, deliveries=1)
    assert len(assert_reads_as_its_queryset(_ORDER_WITH_ITEMS, order.id, organization.id)) == 3
    ranks = [row[0] for row in assert_reads_as_its_queryset(_fulfillments(), order.id)]
    assert ranks == [0, 0, 1]
    assert assert_reads_as_its_queryset(_fulfillments(), uuid.uuid4()) == []


def test_an_order_without_items_or_fulfillments_reads_one_row_of_nulls(organization, product):
    draft = make_draft(organization)
    assert assert_reads_as_its_queryset(_ORDER_WITH_ITEMS, draft.id, organization.id) == []
    order = order_with(organization, product, pickups=0)
    order.items.all().delete()
    rows = assert_reads_as_its_queryset(_ORDER_WITH_ITEMS, order.id, organization.id)
    assert len(rows) == 1 and rows[0][-1] is None


def names_statement() -> Statement:
    return Statement.of_query(
        lambda id: (
            Product.objects.filter(id=id)
            .annotate(seven=Value(7))
            .values_list("seven", "name", "price_value")
        ),
        params=[Product._meta.pk],
    )


def test_the_last_event_sequence_of_an_object_reads_as_its_queryset(organization):
    object_id, other_id = uuid.uuid4(), uuid.uuid4()
    for sequence in (1, 2, 3):
        WebhookEvent.objects.create(
            organization=organization,
            type="pickup.status_changed",
            object_id=object_id,
            sequence=sequence,
            occurred_at=timezone.now(),
            body="{}",
        )
    assert assert_reads_as_its_queryset(LAST_SEQUENCE, object_id) == [(3,)]
    assert assert_reads_as_its_queryset(LAST_SEQUENCE, other_id) == []


def test_a_compiled_query_keeps_its_own_constants(product):
    assert assert_reads_as_its_queryset(names_statement(), product.id)[0][:2] == (
        7,
        "Coffee beans 500 g",
    )


def test_a_compiled_query_is_compiled_once_per_database(product):
    calls = []

    def query(id):
        calls.append(id)
        return Product.objects.filter(id=id).values_list("name")

    statement = Statement.of_query(query, params=[Product._meta.pk])
    for _ in range(3):
        assert statement.rows(product.id) == [("Coffee beans 500 g",)]
    assert len(calls) == 1


def test_a_query_that_leaves_a_parameter_unused_is_refused(product):
    statement = Statement.of_query(
        lambda id, name: Product.objects.filter(id=id).values_list("name"),
        params=[Product._meta.pk, Product._meta.get_field("name")],
    )
    with pytest.raises(ValueError, match="does not use parameters"):
        statement.rows(product.id, "Tea")


def test_compiled_queries_share_a_round_trip_in_read_all(product):
    statement = names_statement()
    reads = [Read(((statement, (product.id,)),), lambda r: r[0][0][1]) for _ in range(2)]
    with CaptureQueriesContext(connection) as captured:
        assert read_all(reads) == ["Coffee beans 500 g"] * 2
    assert len(captured.captured_queries) == (1 if connection.vendor == "postgresql" else 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an advisory lock of PostgreSQL")
def test_the_idempotency_key_lock_and_look_up_reads_as_its_queryset(organization):
    assert assert_reads_as_its_queryset(_HOLD_AND_FIND, -5, organization.id, "k") == [(True, None)]
    kept = IdempotencyKey.objects.create(
        organization=organization,
        key="k",
        fingerprint="f" * 64,
        status_code=201,
        created_at=timezone.now(),
    )
    assert assert_reads_as_its_queryset(_HOLD_AND_FIND, 2**62, organization.id, "k") == [
        (True, kept.pk)
    ]
    assert assert_reads_as_its_queryset(_HOLD_AND_FIND, -5, "another-org", "k") == []
