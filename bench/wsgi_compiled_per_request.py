"""desk.wsgi with every `core.statements.Statement` compiled again on each use: what the
request-path reads cost when the ORM compiles their querysets per request, as a plain
queryset does (bench/compiled_reads.py compares it with the shipped compile-once)."""

from core.statements import Statement
from desk.wsgi import application

_prepare = Statement._prepare


def _prepare_each_time(self, connection):
    self._prepared.clear()
    return _prepare(self, connection)


Statement._prepare = _prepare_each_time

__all__ = ["application"]
