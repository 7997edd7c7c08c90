"""The `from`/`to`/`limit`/`offset` paging of every list endpoint, written once.

`from` is inclusive, `to` exclusive; rows come oldest first, ties broken by id, so paging is
stable. A row that cannot be rendered becomes an entry of `problems` instead of failing the page.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Annotated, Any, TypeVar

from django.db.models import QuerySet
from ninja import Schema
from pydantic import BeforeValidator, Field, model_validator

from core.error_codes import ProblemCode
from core.problems import problem_body
from core.schemas import DateTime, ProblemSchema

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 200
MAX_LIMIT = 5000

Row = TypeVar("Row")


def _comma_separated(value: Any) -> Any:
    """`?status=A&status=B` and `?status=A,B` mean the same."""
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    result: list[str] = []
    for entry in values:
        if isinstance(entry, str):
            result.extend(part.strip() for part in entry.split(",") if part.strip())
        else:
            result.append(entry)
    return result


def repeated_or_comma_separated(item_type: Any) -> Any:
    return Annotated[list[item_type] | None, BeforeValidator(_comma_separated)]


class OffsetLimit(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, strict=False)
    offset: int = Field(0, ge=0, le=2**62)


class TimeWindow(OffsetLimit):
    from_: DateTime = Field(..., alias="from")
    to: DateTime

    @model_validator(mode="after")
    def window_is_not_empty(self) -> "TimeWindow":
        if self.from_ >= self.to:
            raise ValueError("`from` must be earlier than `to`")
        return self

    @property
    def start(self) -> datetime:
        return self.from_

    @property
    def end(self) -> datetime:
        return self.to


def in_window(queryset: QuerySet, *, window: TimeWindow, time_field: str) -> QuerySet:
    """The rows of one page: inside the window, oldest first, ties by id."""
    return queryset.filter(
        **{f"{time_field}__gte": window.start, f"{time_field}__lt": window.end}
    ).order_by(time_field, "id")[window.offset : window.offset + window.limit]


def where_given(queryset: QuerySet, **lookups: Any) -> QuerySet:
    """`queryset` filtered by every lookup whose value was given (is not None): a list query's
    optional filters."""
    given = {lookup: value for lookup, value in lookups.items() if value is not None}
    return queryset.filter(**given) if given else queryset


def page_of(rows: Iterable[Row], render: Callable[[Row], Any]) -> dict[str, list]:
    items: list[Any] = []
    problems: list[dict] = []
    for row in rows:
        try:
            items.append(render(row))
        except Exception:
            logger.exception("could not render %r", row)
            problems.append(
                problem_body(
                    status=500,
                    detail=f"The object {getattr(row, 'pk', '')} could not be rendered.",
                    code=ProblemCode.RESOURCE_NOT_RENDERABLE,
                )
            )
    return {"items": items, "problems": problems}


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """`{items: [T], problems: [Problem]}` under its own name in the OpenAPI schema."""
    return type(
        name,
        (Schema,),
        {"__annotations__": {"items": list[item_schema], "problems": list[ProblemSchema]}},
    )
