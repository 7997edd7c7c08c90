"""Writers of one SQLite file take turns in about the order they came: an exclusive flock on a
file beside the database, held from `BEGIN IMMEDIATE` to `COMMIT` or `ROLLBACK`.

SQLite's own busy handler lets a waiting writer sleep up to 100 ms between tries while a writer
that has just arrived tries at once, so under steady writes an early waiter can lose every round
until its busy timeout runs out (a 503). A waiter on the flock sleeps in the kernel, which wakes
it as soon as the holder lets go. The lock belongs to an open file, so a process that dies lets
go of its turn.
"""

import fcntl
import os
import threading
import time
from pathlib import Path
from sqlite3 import OperationalError

LOCKED = "database is locked"


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


class _Claim:
    """A wait for the turn in a thread of its own, so the waiter can stop waiting at its
    deadline; a claim given up lets go of the turn the moment it gets it."""

    def __init__(self, path: Path):
        self.fd = _open(path)
        self.taken = threading.Event()
        self._lock = threading.Lock()
        self._abandoned = False

    def wait(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        with self._lock:
            if self._abandoned:
                os.close(self.fd)
                return
            self.taken.set()

    def abandon(self) -> bool:
        """Gives the claim up; False when the turn came first (the claim then holds it)."""
        with self._lock:
            if self.taken.is_set():
                return False
            self._abandoned = True
            return True


class WriterTurn:
    """One connection's turns at writing to the SQLite file whose lock file is `path`."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def take(self, *, timeout: float) -> float:
        """Waits at most `timeout` seconds for the turn and returns the seconds it waited;
        raises sqlite3's OperationalError ("database is locked") when the turn did not come."""
        if self._fd is not None:
            return 0.0
        fd = _open(self.path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
        else:
            self._fd = fd
            return 0.0
        started = time.monotonic()
        claim = _Claim(self.path)
        threading.Thread(target=claim.wait, name="sqlite-writer-turn", daemon=True).start()
        if not claim.taken.wait(timeout) and claim.abandon():
            raise OperationalError(LOCKED)
        self._fd = claim.fd
        return time.monotonic() - started

    def give_up(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
