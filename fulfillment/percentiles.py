"""Median and 90th percentile per group, computed by the database in one statement.

The method is the continuous percentile of PostgreSQL's `percentile_cont` (linear interpolation
between the two nearest ranks, also numpy's default and Excel's PERCENTILE.INC): for the n
values of a group sorted ascending, x[0] … x[n-1], percentile p is read at position
h = (n - 1) · p, as x[⌊h⌋] + (h - ⌊h⌋) · (x[⌊h⌋ + 1] - x[⌊h⌋]). NULL values are left out; a
group without values has no percentile (NULL).

The ORM builds the rows (one per pickup); it cannot group a derived table, so the statement
around them is written here, once per database: PostgreSQL's ordered-set aggregate, and on
SQLite (which has none) the same interpolation from window functions: each value's rank and its
group's count, then a sum of the one or two values at ⌊h⌋ and ⌊h⌋ + 1, weighted.
"""

from django.db import connection
from django.db.models import QuerySet

PERCENTILES = (0.5, 0.9)


def _postgresql(*, keys: tuple[str, ...], measures: tuple[str, ...]) -> str:
    columns = []
    for measure in measures:
        columns.append(f"COUNT(rows.{measure})")
        columns += [
            f"percentile_cont({p}) WITHIN GROUP (ORDER BY rows.{measure})" for p in PERCENTILES
        ]
    return ", ".join(columns)


def _sqlite_column(measure: str, p: float) -> str:
    h = f"((rows.n_{measure} - 1) * {p})"
    low = f"CAST({h} AS INTEGER)"  # ⌊h⌋: h is never negative
    weight = f"({h} - {low})"
    return (
        f"SUM(CASE WHEN rows.r_{measure} = {low} + 1 THEN rows.{measure} * (1 - {weight}) "
        f"WHEN rows.r_{measure} = {low} + 2 THEN rows.{measure} * {weight} END)"
    )


def _sqlite_windows(*, keys: tuple[str, ...], measures: tuple[str, ...]) -> str:
    partition = ", ".join(f"inner_rows.{key}" for key in keys)
    windows = []
    for measure in measures:
        windows.append(
            f"ROW_NUMBER() OVER (PARTITION BY {partition} "
            f"ORDER BY inner_rows.{measure} ASC NULLS LAST) AS r_{measure}"
        )
        windows.append(
            f"COUNT(inner_rows.{measure}) OVER (PARTITION BY {partition}) AS n_{measure}"
        )
    return ", ".join(windows)


def grouped_percentiles(
    rows: QuerySet, *, keys: tuple[str, ...], measures: tuple[str, ...]
) -> list[tuple]:
    """For each group of `rows` by `keys` (ordered by them): the keys, the number of rows, then
    for each measure the number of its values, its median and its 90th percentile. `rows` is a
    `values()` queryset naming the keys and measures. One query."""
    inner, params = rows.order_by().query.sql_with_params()
    group = ", ".join(f"rows.{key}" for key in keys)
    if connection.vendor == "postgresql":
        source = f"({inner}) AS rows"
        columns = _postgresql(keys=keys, measures=measures)
    else:
        windows = _sqlite_windows(keys=keys, measures=measures)
        source = f"(SELECT inner_rows.*, {windows} FROM ({inner}) AS inner_rows) AS rows"
        columns = ", ".join(
            f"COUNT(rows.{measure}), " + ", ".join(_sqlite_column(measure, p) for p in PERCENTILES)
            for measure in measures
        )
    sql = f"SELECT {group}, COUNT(*), {columns} FROM {source} GROUP BY {group} ORDER BY {group}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
