"""core.statements: statements compiled once read the values the ORM reads, on every backend;
reads share round trips."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import ApiToken
from core.services import api_client_create
from core.statements import Insert, Read, Statement, UuidText, read_all, run_together
from idempotency.models import IdempotencyKey
from orders.models import Product


def test_a_statement_reads_decimals_as_the_orm_does(product):
    Product.objects.filter(pk=product.pk).update(price_value=Decimal("2.5000"))
    statement = Statement.of_query(
        lambda id: Product.objects.filter(pk=id).values_list("id", "price_value", "price_is_gross"),
        params=[Product._meta.pk],
    )
    assert statement.rows(product.pk) == list(statement.query(product.pk))
    assert statement.rows(product.pk)[0][1] == Decimal("2.5")


def test_a_statement_finds_no_row_for_an_unknown_id(product):
    assert product_name_statement().rows("9c1d0f5e-2b3a-4c5d-8e9f-0a1b2c3d4e5f") == []


def test_uuid_text_is_the_text_str_gives_and_null_stays_null(organization):
    client = api_client_create(organization=organization, name="shop", secret="s3cret-s3cret")
    with_client, _ = ApiToken.issue(organization=organization, label="shop", client=client)
    without_client, _ = ApiToken.issue(organization=organization, label="script")
    read = dict(
        ApiToken.objects.values_list(UuidText("id"), UuidText("client_id")).order_by("label")
    )
    assert read == {str(without_client.pk): None, str(with_client.pk): str(client.pk)}


def product_name_statement() -> Statement:
    return Statement.of_query(
        lambda id: Product.objects.filter(pk=id).values_list("name"), params=[Product._meta.pk]
    )


def test_read_all_gives_each_read_its_own_rows_in_order(product):
    names = product_name_statement()
    unknown = "9c1d0f5e-2b3a-4c5d-8e9f-0a1b2c3d4e5f"
    reads = [
        Read(((names, (product.pk,)), (names, (unknown,))), lambda r: (r[0], r[1])),
        Read(((names, (product.pk,)),), lambda r: r[0][0][0]),
    ]
    assert read_all(reads) == [([("Coffee beans 500 g",)], []), "Coffee beans 500 g"]


def test_read_all_takes_one_round_trip_on_postgresql_and_one_per_statement_elsewhere(product):
    names = product_name_statement()
    reads = [Read(((names, (product.pk,)),), lambda r: r[0]) for _ in range(3)]
    with CaptureQueriesContext(connection) as captured:
        read_all(reads)
    assert len(captured.captured_queries) == (1 if connection.vendor == "postgresql" else 3)


def test_run_together_gives_no_rows_for_a_statement_that_returns_none(product):
    quote = connection.ops.quote_name
    table = quote(Product._meta.db_table)
    product_id = Product._meta.pk.get_db_prep_value(product.pk, connection)
    update = (
        f"UPDATE {table} SET {quote('name')} = %s WHERE {quote('id')} = %s",
        ["Tea", product_id],
    )
    select = (
        f"SELECT {quote('name')} FROM {table} WHERE {quote('id')} = %s",
        [product_id],
    )
    assert run_together([update, select]) == [[], [("Tea",)]]


def test_an_insert_writes_the_row_create_writes(organization):
    values = {
        "organization_id": organization.id,
        "key": "compiled",
        "fingerprint": "f" * 64,
        "status_code": 201,
        "content_type": "application/json",
        "body": b'{"id": 1}',
        "created_at": timezone.now(),
    }
    with CaptureQueriesContext(connection) as captured:
        Insert(IdempotencyKey, fields=list(values)).run(**values)
    assert len(captured.captured_queries) == 1
    IdempotencyKey.objects.create(**{**values, "key": "orm"})
    compiled, orm = (
        {**row, "body": bytes(row["body"])}  # a memoryview on PostgreSQL
        for row in IdempotencyKey.objects.order_by("id").values(*values)
    )
    assert compiled == {**orm, "key": "compiled"}
