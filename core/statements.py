"""Reads on every request's path as one SQL statement written once, typed exactly as the ORM
would type them.

Django compiles a queryset to SQL each time it is evaluated (`filter()`/`add_q`, `as_sql`,
`get_order_by`); for a primary-key read that compilation costs more than the database round
trip itself (issue 5, see BENCHMARKS.md). A `Statement` is written once per database vendor
from the models' own table and column names (quoted by the backend), takes its parameters
through the fields' `get_db_prep_value` and converts the values it reads with the same
converters the ORM applies (the backend's, e.g. SQLite's datetimes, decimals, UUIDs and
booleans, then the field's `from_db_value`, e.g. JSON). Queries run through
`connection.cursor()`, so they are counted, logged and wrapped like any other.

Keep statements to plain SELECTs that read the same on PostgreSQL and SQLite; anything that is
not on the request path belongs in the ORM.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Field, Func, Model

Quote = Callable[[str], str]


def table(model: type[Model], quote: Quote) -> str:
    return quote(model._meta.db_table)


def column(alias: str, field: Field, quote: Quote) -> str:
    return f"{alias}.{quote(field.column)}"


class Statement:
    """A SELECT written by `write(quote)` reading `columns` (fields of the models it reads, in
    the order of the select list; None for a value taken as the database gives it, such as a
    literal or a sort key) with one `%s` parameter per field of `params`.

    `rows(*values)` runs it and returns the converted rows as tuples.
    """

    def __init__(
        self,
        write: Callable[[Quote], str],
        *,
        columns: Sequence[Field | None],
        params: Sequence[Field],
    ) -> None:
        self.write = write
        self.columns = tuple(columns)
        self.params = tuple(params)
        self._prepared: dict[str, tuple[str, list[tuple[int, list, Any]]]] = {}

    def _prepare(self, connection: Any) -> tuple[str, list[tuple[int, list, Any]]]:
        prepared = self._prepared.get(connection.vendor)
        if prepared is None:
            converters = []
            for index, field in enumerate(self.columns):
                if field is None:
                    continue
                expression = field.get_col(field.model._meta.db_table)
                functions = [
                    *connection.ops.get_db_converters(expression),
                    *expression.get_db_converters(connection),
                ]
                if functions:
                    converters.append((index, functions, expression))
            prepared = (self.write(connection.ops.quote_name), converters)
            self._prepared[connection.vendor] = prepared
        return prepared

    def rows(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        connection = connections[using]
        sql, converters = self._prepare(connection)
        params = [
            field.get_db_prep_value(value, connection)
            for field, value in zip(self.params, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            values_of_row = list(row)
            for index, functions, expression in converters:
                value = values_of_row[index]
                for function in functions:
                    value = function(value, expression, connection)
                values_of_row[index] = value
            converted.append(tuple(values_of_row))
        return converted


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
