"""Ids in paths and bodies: opaque strings that are UUIDs."""

from typing import Any, TypeVar
from uuid import UUID

from django.db.models import QuerySet

from core.problems import NotFound

M = TypeVar("M")


def parse_id(value: Any) -> UUID | None:
    """An id as a UUID, or None when it cannot be one (then nothing can match it)."""
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return UUID(value)
    except ValueError:
        return None


def get_by_id(rows: QuerySet[M], id: Any, *, not_found: str) -> M:
    """The row of `rows` with this id (the queryset may lock, select or filter by
    organization); NotFound(`not_found`) for an unknown id or one that cannot be a UUID."""
    parsed = parse_id(id)
    found = rows.filter(id=parsed).first() if parsed is not None else None
    if found is None:
        raise NotFound(not_found)
    return found
