"""Reads on every request's path as one SQL statement prepared once, typed exactly as the ORM
types them.

Django compiles a queryset to SQL each time it is evaluated (`filter()`/`add_q`, `as_sql`,
`get_order_by`); for a primary-key read that compilation costs more than the database round
trip itself (see BENCHMARKS.md). A `Statement` is prepared once per database vendor, takes its
parameters through the fields' `get_db_prep_value` and converts the values it reads with the
converters the ORM applies (the backend's, e.g. SQLite's datetimes, decimals, UUIDs and
booleans, then the field's `from_db_value`, e.g. JSON). Queries run through
`connection.cursor()`, so they are counted, logged and wrapped like any other.

The SQL is the ORM's: `Statement.of_query` compiles a `values_list()` queryset once and puts
each request's values in its parameters' places (`tests/core/statements` pins each statement of
the project to its queryset).
A `Read` is a value made from one or more statements; `read_all` runs the statements of several
reads in one round trip to PostgreSQL (`run_together`), so a caller that needs several objects
(the webhook outbox) waits once. An `Insert` writes one row on a request's path the same way:
the ORM's INSERT, compiled once.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    CharField,
    DateTimeField,
    Field,
    Func,
    IntegerField,
    Model,
    QuerySet,
    UUIDField,
)
from django.db.models.sql.subqueries import InsertQuery


class Statement:
    """The statement of `query(*values)` (a `values_list()` queryset, one value per field of
    `params`), compiled by the ORM once per database vendor: the SQL, the parameters and the
    converters the queryset would use, with the values put in the parameters' places.

    `rows(*values)` runs it and returns the converted rows as tuples: the queryset's rows.
    """

    def __init__(self, query: Callable[..., QuerySet], *, params: Sequence[Field]) -> None:
        self.query = query
        self.params = tuple(params)
        self._prepared: dict[str, _Prepared] = {}

    @classmethod
    def of_query(cls, query: Callable[..., QuerySet], *, params: Sequence[Field]) -> "Statement":
        return cls(query, params=params)

    def _prepare(self, connection: Any) -> "_Prepared":
        prepared = self._prepared.get(connection.vendor)
        if prepared is None:
            prepared = self._compile(connection)
            self._prepared[connection.vendor] = prepared
        return prepared

    def _compile(self, connection: Any) -> "_Prepared":
        placeholders = [_placeholder(field, index) for index, field in enumerate(self.params)]
        queryset = self.query(*placeholders)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, compiled = compiler.as_sql()
        prepared_placeholders = [
            field.get_db_prep_value(value, connection)
            for field, value in zip(self.params, placeholders, strict=True)
        ]
        slots: list[int | _Constant] = []
        for value in compiled:
            found = [
                index
                for index, placeholder in enumerate(prepared_placeholders)
                if type(value) is type(placeholder) and value == placeholder
            ]
            slots.append(found[0] if found else _Constant(value))
        missing = set(range(len(self.params))) - {slot for slot in slots if isinstance(slot, int)}
        if missing:
            raise ValueError(f"the query does not use parameters {sorted(missing)}")
        select = [expression for expression, _, _ in compiler.select]
        converters = [
            (index, functions, expression)
            for index, (functions, expression) in compiler.get_converters(select).items()
        ]
        return _Prepared(sql, slots, converters)

    def bind(self, values: Sequence[Any], connection: Any) -> tuple[str, list]:
        """The SQL for `connection`'s vendor and the parameter values prepared for it."""
        prepared = self._prepare(connection)
        values = [
            field.get_db_prep_value(value, connection)
            for field, value in zip(self.params, values, strict=True)
        ]
        params = [
            slot.value if isinstance(slot, _Constant) else values[slot] for slot in prepared.slots
        ]
        return prepared.sql, params

    def convert(self, rows: Sequence[Sequence[Any]], connection: Any) -> list[tuple]:
        """Rows as the database gave them, converted as the ORM converts them."""
        prepared = self._prepare(connection)
        if not prepared.converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            values_of_row = list(row)
            for index, functions, expression in prepared.converters:
                value = values_of_row[index]
                for function in functions:
                    value = function(value, expression, connection)
                values_of_row[index] = value
            converted.append(tuple(values_of_row))
        return converted

    def rows(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        connection = connections[using]
        sql, params = self.bind(values, connection)
        # PostgreSQL (core.postgresql): planned once per connection, not at every request.
        prepared = getattr(connection, "prepared_cursor", None)
        with prepared() if prepared else connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self.convert(rows, connection)


@dataclass(frozen=True)
class _Constant:
    """A parameter of a compiled query that is not one of the statement's values."""

    value: Any


@dataclass(frozen=True)
class _Prepared:
    sql: str
    slots: list  # per %s of the SQL: the index of the value, or a _Constant
    converters: list[tuple[int, list, Any]]


def _placeholder(field: Field, index: int) -> Any:
    """A value standing for parameter `index` while the query is compiled, told apart from
    every other parameter of the query."""
    target = field.target_field if field.is_relation else field
    if isinstance(target, UUIDField):
        return UUID(int=(0x5747E4E47 << 64) + index)
    if isinstance(target, DateTimeField):
        return datetime(1901, 2, 3, 4, 5, 6, 700000 + index, tzinfo=UTC)
    if isinstance(target, IntegerField):
        return -(0x5747E4E47 << 24) - index
    return f"\x00statement-parameter-{index}"


class Insert:
    """One row of `model` with the values of `fields` (names or attnames), written by the ORM's
    own INSERT (no RETURNING), compiled once per database vendor; `run(**values)` prepares each
    value as a model's save does (`get_db_prep_save`). For a row written on every request's path
    whose model instance nobody needs (`tests/core/statements` pins it to `create()`)."""

    def __init__(self, model: type[Model], *, fields: Sequence[str]) -> None:
        self.model = model
        self.fields = tuple(model._meta.get_field(name) for name in fields)
        self.names = tuple(fields)
        self._sql: dict[str, str] = {}

    def sql(self, connection: Any) -> str:
        sql = self._sql.get(connection.vendor)
        if sql is None:
            query = InsertQuery(self.model)
            query.insert_values(self.fields, [self.model()])
            [(sql, params)] = query.get_compiler(connection=connection).as_sql()
            if len(params) != len(self.fields):
                raise ValueError("the INSERT does not take one parameter per field")
            self._sql[connection.vendor] = sql
        return sql

    def run(self, *, using: str = DEFAULT_DB_ALIAS, **values: Any) -> None:
        connection = connections[using]
        params = [
            field.get_db_prep_save(values[name], connection)
            for name, field in zip(self.names, self.fields, strict=True)
        ]
        prepared = getattr(connection, "prepared_cursor", None)
        with prepared() if prepared else connection.cursor() as cursor:
            cursor.execute(self.sql(connection), params)


@dataclass(frozen=True)
class Read:
    """One value read by statements that can share a round trip with other reads
    (`read_all`): `statements` as (statement, its parameter values); `shape` turns their rows
    (one list per statement, in that order) into the value."""

    statements: tuple[tuple[Statement, tuple], ...]
    shape: Callable[[list[list[tuple]]], Any]

    def value(self, using: str = DEFAULT_DB_ALIAS) -> Any:
        """The value, its statements run one by one (as a GET runs them)."""
        return self.shape(
            [statement.rows(*values, using=using) for statement, values in self.statements]
        )


def read_all(reads: Sequence[Read], *, using: str = DEFAULT_DB_ALIAS) -> list[Any]:
    """The values of `reads`, all their statements sent together (`run_together`)."""
    connection = connections[using]
    planned = [(statement, values) for read in reads for statement, values in read.statements]
    results = iter(
        run_together(
            [statement.bind(values, connection) for statement, values in planned], using=using
        )
    )
    converted = iter([statement.convert(next(results), connection) for statement, _ in planned])
    return [read.shape([next(converted) for _ in read.statements]) for read in reads]


def run_together(
    statements: Sequence[tuple[str, Sequence[Any]]], *, using: str = DEFAULT_DB_ALIAS
) -> list[list[tuple]]:
    """Run `statements` (SQL with `%s` parameters, and their values) in order; the rows of
    each (empty for a statement that returns none).

    On PostgreSQL they go in one round trip: psycopg's client-side-binding cursor (Django's
    default, unless the `server_side_binding` option is set) takes several statements in one
    `execute` and gives their results one after the other (`nextset`). Elsewhere, and with
    server-side binding, one `execute` each. The statements run inside the caller's
    transaction either way; one that fails stops the rest and raises."""
    connection = connections[using]
    if not statements:
        return []
    together = connection.vendor == "postgresql" and not connection.settings_dict.get(
        "OPTIONS", {}
    ).get("server_side_binding")
    with connection.cursor() as cursor:
        if not together:
            results = []
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall() if cursor.description else [])
            return results
        cursor.execute(
            ";\n".join(sql for sql, _ in statements),
            [value for _, params in statements for value in params],
        )
        results = [cursor.fetchall() if cursor.description else []]
        while cursor.nextset():
            results.append(cursor.fetchall() if cursor.description else [])
        return results


class UuidText(Func):
    """A UUID column as the text `str(uuid)` gives (8-4-4-4-12 hex digits, lower case), made by
    the database: reading thousands of ids as text skips a UUID object and Python's formatting
    per value. PostgreSQL casts its uuid type; SQLite stores Django's UUIDField as 32 hex digits
    and gets the dashes put in. Only for a column (or another expression without parameters).
    """

    output_field = CharField()
    arity = 1
    template = "CAST(%(expressions)s AS text)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        if params:
            raise ValueError("UuidText needs a column, not an expression with parameters")
        parts = [f"substr({sql}, {start}, {length})" for start, length in _UUID_GROUPS]
        return " || '-' || ".join(parts), []


_UUID_GROUPS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
