"""Django's PostgreSQL backend with a deadline on every call into the connection (see
`deadlines`): queries, commits, rollbacks, the connection's setup and its health check;
cursors whose statements are prepared (`prepared_cursor`); and atomic blocks that join the
current one without a savepoint (`atomics_joined`)."""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import OperationalError
from django.db.backends.postgresql import base, operations

from core.postgresql.deadlines import database_lost, deadline, lose_database

LOST = "The database did not answer earlier in this request."


class PreparingCursor(psycopg.Cursor):
    """Binds parameters on the server and prepares every statement it runs, so the server
    parses and plans each distinct statement once per connection (psycopg keeps the
    `prepared_max` most recently used ones)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=prepare is not False, binary=binary)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        """As logged and captured: a preparing cursor binds on the server, so the query with
        its values is put together here, as Django does for server-side binding."""
        if isinstance(cursor, PreparingCursor):
            try:
                return self.compose_sql(sql, params)
            except psycopg.errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._execute_with_deadline)
        self._joined_depth: int | None = None

    @property
    def call_seconds(self) -> float:
        return settings.DATABASE_CALL_DEADLINE_SECONDS

    def prepared_cursor(self):
        """A cursor for statements run on every request (`core.statements`): prepared, and
        counted, logged and given deadlines like any other. Django's own cursors bind on the
        client and prepare nothing. DATABASE_PREPARED_STATEMENTS=0 (a pooler that cannot keep
        prepared statements) gives Django's cursor instead."""
        if not settings.DATABASE_PREPARED_STATEMENTS:
            return self.cursor()
        self.ensure_connection()
        return self._prepare_cursor(PreparingCursor(self.connection))

    @contextmanager
    def atomics_joined(self) -> Iterator[None]:
        """Inside the block, an atomic block opened directly in the current one takes no
        savepoint (no SAVEPOINT and RELEASE round trips): its work is part of the enclosing
        block's, and a failure inside it marks the whole transaction for rollback, as Django
        does for `atomic(savepoint=False)`. Blocks opened inside those keep their savepoints,
        so code that catches a database error around its own atomic block (`get_or_create`)
        still recovers. For a caller that rolls everything back when the work fails
        (`idempotency.services.run_once`)."""
        previous, self._joined_depth = self._joined_depth, len(self.atomic_blocks)
        try:
            yield
        finally:
            self._joined_depth = previous

    def savepoint(self):
        if self._joined_depth is not None and len(self.atomic_blocks) == self._joined_depth:
            return None  # Atomic then records no savepoint: a failure marks needs_rollback
        return super().savepoint()

    def _fileno(self) -> int | None:
        return None if self.connection is None else self.connection.fileno()

    def _execute_with_deadline(self, execute, sql, params, many, context):
        if database_lost():
            raise OperationalError(LOST)
        with deadline(self._fileno, self.call_seconds):
            return execute(sql, params, many, context)

    def get_new_connection(self, conn_params):
        if database_lost():
            raise OperationalError(LOST)
        try:
            return super().get_new_connection(conn_params)
        except Exception:
            lose_database()
            raise

    def init_connection_state(self):
        with deadline(self._fileno, self.call_seconds):
            return super().init_connection_state()

    def _commit(self):
        with deadline(self._fileno, self.call_seconds):
            return super()._commit()

    def _rollback(self):
        with deadline(self._fileno, self.call_seconds):
            return super()._rollback()

    def is_usable(self):
        # A healthy database answers SELECT 1 in milliseconds; the short deadline leaves the
        # rest of the request's budget for reconnecting, which may still succeed.
        with deadline(self._fileno, settings.DATABASE_HEALTH_CHECK_DEADLINE_SECONDS, loses=False):
            return super().is_usable()
