"""Django's SQLite backend whose writers take turns (`writer_turns`): every transaction waits
for its turn before `BEGIN IMMEDIATE` and lets go at its end, so under steady writes each
writer waits about as long as the writers ahead of it, not until one busy timeout runs out.
The turn and SQLite's own wait for the write lock share the one busy timeout (OPTIONS
`timeout`). A write outside a transaction (autocommit) waits on SQLite's busy handler alone."""

from pathlib import Path

from django.db.backends.sqlite3 import base

from core.sqlite.writer_turns import WriterTurn


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_turn: WriterTurn | None = None

    @property
    def _busy_timeout(self) -> float:
        return float(self.settings_dict["OPTIONS"].get("timeout", 5.0))

    def _turn(self) -> WriterTurn | None:
        if self._writer_turn is None and not self.is_in_memory_db():
            self._writer_turn = WriterTurn(Path(f"{self.settings_dict['NAME']}-writers"))
        return self._writer_turn

    def _set_busy_timeout(self, seconds: float) -> None:
        self.connection.execute(f"PRAGMA busy_timeout = {max(1, round(seconds * 1000))}")

    def _start_transaction_under_autocommit(self):
        turn = self._turn()
        if turn is None:
            return super()._start_transaction_under_autocommit()
        timeout = self._busy_timeout
        with self.wrap_database_errors:
            waited = turn.take(timeout=timeout)
        try:
            if waited:
                self._set_busy_timeout(timeout - waited)
            super()._start_transaction_under_autocommit()
        except BaseException:
            turn.give_up()
            raise
        finally:
            if waited:
                self._set_busy_timeout(timeout)

    def _give_up_turn(self) -> None:
        if self._writer_turn is not None:
            self._writer_turn.give_up()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._give_up_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._give_up_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._give_up_turn()
