"""Ids in paths and bodies: opaque strings that are UUIDs."""

from typing import Any
from uuid import UUID


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
