"""core.statements: reads written once as SQL give the values the ORM gives, on every backend."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ApiClient, ApiToken
from core.services import api_client_create
from core.statements import Read, Statement, UuidText, column, read_all, run_together, table
from orders.models import Product


def token_with_client_statement() -> Statement:
    fields = [*ApiToken._meta.concrete_fields, ApiClient._meta.get_field("is_active")]

    def write(quote):
        select = ", ".join(column("t", field, quote) for field in fields[:-1])
        return (
            f"SELECT {select}, {column('c', fields[-1], quote)} "
            f"FROM {table(ApiToken, quote)} t LEFT JOIN {table(ApiClient, quote)} c "
            f"ON c.{quote('id')} = t.{quote('client_id')} WHERE t.{quote('id')} = %s"
        )

    return Statement(write, columns=fields, params=[ApiToken._meta.pk])


def test_a_statement_reads_uuids_datetimes_booleans_and_nulls_as_the_orm_does(organization):
    client = api_client_create(organization=organization, name="shop", secret="s3cret-s3cret")
    with_client, _ = ApiToken.issue(
        organization=organization, label="shop", client=client, lifetime=timedelta(hours=1)
    )
    without_client, _ = ApiToken.issue(organization=organization, label="script")
    statement = token_with_client_statement()
    names = [field.attname for field in ApiToken._meta.concrete_fields] + ["client__is_active"]
    for token in (with_client, without_client):
        with CaptureQueriesContext(connection) as captured:
            rows = statement.rows(token.pk)  # a UUID parameter, prepared for the backend
        assert len(captured.captured_queries) == 1
        assert rows == list(ApiToken.objects.filter(pk=token.pk).values_list(*names))
    assert statement.rows(with_client.pk)[0][-1] is True
    assert statement.rows(without_client.pk)[0][-1] is None


def test_a_statement_reads_decimals_as_the_orm_does(product):
    Product.objects.filter(pk=product.pk).update(price_value=Decimal("2.5000"))
    fields = [Product._meta.get_field(name) for name in ("id", "price_value", "price_is_gross")]
    statement = Statement(
        lambda quote: (
            f"SELECT {', '.join(column('p', field, quote) for field in fields)} "
            f"FROM {table(Product, quote)} p WHERE p.{quote('id')} = %s"
        ),
        columns=fields,
        params=[Product._meta.pk],
    )
    expected = list(
        Product.objects.filter(pk=product.pk).values_list("id", "price_value", "price_is_gross")
    )
    assert statement.rows(product.pk) == expected
    assert statement.rows(product.pk)[0][1] == Decimal("2.5")


def test_a_statement_column_without_a_field_is_read_as_the_database_gives_it(product):
    statement = Statement(
        lambda quote: (
            f"SELECT 7, p.{quote('name')} FROM {table(Product, quote)} p WHERE p.{quote('id')} = %s"
        ),
        columns=[None, Product._meta.get_field("name")],
        params=[Product._meta.pk],
    )
    assert statement.rows(product.pk) == [(7, "Coffee beans 500 g")]


def test_a_statement_finds_no_row_for_an_unknown_id(product):
    statement = Statement(
        lambda quote: (
            f"SELECT p.{quote('name')} FROM {table(Product, quote)} p WHERE p.{quote('id')} = %s"
        ),
        columns=[Product._meta.get_field("name")],
        params=[Product._meta.pk],
    )
    assert statement.rows("9c1d0f5e-2b3a-4c5d-8e9f-0a1b2c3d4e5f") == []


def test_uuid_text_is_the_text_str_gives_and_null_stays_null(organization):
    client = api_client_create(organization=organization, name="shop", secret="s3cret-s3cret")
    with_client, _ = ApiToken.issue(organization=organization, label="shop", client=client)
    without_client, _ = ApiToken.issue(organization=organization, label="script")
    read = dict(
        ApiToken.objects.values_list(UuidText("id"), UuidText("client_id")).order_by("label")
    )
    assert read == {str(without_client.pk): None, str(with_client.pk): str(client.pk)}


def product_name_statement() -> Statement:
    return Statement(
        lambda quote: (
            f"SELECT p.{quote('name')} FROM {table(Product, quote)} p WHERE p.{quote('id')} = %s"
        ),
        columns=[Product._meta.get_field("name")],
        params=[Product._meta.pk],
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
    product_id = Product._meta.pk.get_db_prep_value(product.pk, connection)
    update = (
        f"UPDATE {table(Product, quote)} SET {quote('name')} = %s WHERE {quote('id')} = %s",
        ["Tea", product_id],
    )
    select = (
        f"SELECT {quote('name')} FROM {table(Product, quote)} WHERE {quote('id')} = %s",
        [product_id],
    )
    assert run_together([update, select]) == [[], [("Tea",)]]
