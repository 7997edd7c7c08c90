"""Schemathesis hooks of scripts/fuzz.sh: rules of the contract that a JSON schema cannot say.

A time window's `from` must be earlier than its `to` (else 400); OpenAPI cannot relate two
parameters, so generated windows that break it are not sent as "valid" requests.
"""

from datetime import datetime

import schemathesis


def _instant(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


@schemathesis.hook
def filter_query(ctx, query):
    if not query or "from" not in query or "to" not in query:
        return True
    start, end = _instant(query["from"]), _instant(query["to"])
    if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        return True
    return start < end
