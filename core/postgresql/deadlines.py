"""A deadline for every call into a PostgreSQL connection.

libpq has no read timeout, and a cancel request goes to the postmaster, which may be as frozen
as the backend. So a watchdog thread (one per process) shuts down the socket of any connection
whose call outlives its deadline: libpq then sees the connection closed and raises at once, the
request answers 503, and Django throws the broken connection away so the next request connects
anew. Arming and disarming are two dictionary operations under a lock; the lock also makes
sure a socket is shut down only while its call is still running.

Deadlines hold while a request is served (`serving_request`, entered by the outermost
middleware): a migration or other management command may run as long as it needs.

A request waits for an unanswering database once: after one of its calls has outlived its
deadline, or a connection attempt has failed, every later call of that request fails at once
(`database_lost`), so the waits of a query, a reconnection and another query never add up.
"""

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

CHECK_INTERVAL_SECONDS = 0.1


class ServedRequest:
    """What the database calls of one request share: whether the database was lost in it."""

    __slots__ = ("lost",)

    def __init__(self) -> None:
        self.lost = False


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, int, ServedRequest | None]] = {}
        self._next_key = 0
        self._pid: int | None = None

    def arm(self, fileno: int, seconds: float, *, losing: ServedRequest | None = None) -> int:
        """Watch `fileno` for `seconds`; past them its socket is shut down and `losing` (if
        given) marked lost."""
        with self._lock:
            if self._pid != os.getpid():  # first use in this process (or after a fork)
                self._pid = os.getpid()
                self._armed.clear()
                threading.Thread(target=self._watch, name="db-deadlines", daemon=True).start()
            self._next_key += 1
            self._armed[self._next_key] = (time.monotonic() + seconds, fileno, losing)
            return self._next_key

    def disarm(self, key: int) -> None:
        with self._lock:
            self._armed.pop(key, None)

    def _watch(self) -> None:
        pid = os.getpid()
        while self._pid == pid:
            time.sleep(CHECK_INTERVAL_SECONDS)
            now = time.monotonic()
            with self._lock:
                expired = [key for key, (deadline, *_) in self._armed.items() if deadline <= now]
                for key in expired:
                    _, fileno, losing = self._armed.pop(key)
                    shut_down(fileno)
                    if losing is not None:
                        losing.lost = True


def shut_down(fileno: int) -> None:
    """Shut down the socket behind `fileno` (both directions) without closing the descriptor,
    which stays its owner's to close."""
    try:
        duplicate = socket.socket(fileno=os.dup(fileno))
    except OSError:
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


watchdog = Watchdog()
_serving = threading.local()


@contextmanager
def serving_request() -> Iterator[None]:
    """Arm deadlines for the database calls this thread makes inside the block."""
    _serving.request = ServedRequest()
    try:
        yield
    finally:
        _serving.request = None


def _served() -> ServedRequest | None:
    return getattr(_serving, "request", None)


def database_lost() -> bool:
    """Whether the request being served has lost its database: a call outlived its deadline,
    or connecting failed."""
    served = _served()
    return served is not None and served.lost


def lose_database() -> None:
    """Mark the request being served as having lost its database (connecting failed)."""
    served = _served()
    if served is not None:
        served.lost = True


@contextmanager
def deadline(
    fileno: Callable[[], int | None], seconds: float, *, loses: bool = True
) -> Iterator[None]:
    """Run the block with the connection's socket shut down if it takes over `seconds` (only
    while a request is served). Past its deadline a call loses the database for the rest of
    the request unless `loses` is false (a health check: a fresh connection may still
    answer)."""
    served = _served()
    if served is None:
        yield
        return
    try:
        number = fileno()
    except Exception:  # a closed connection has no socket: the call fails fast by itself
        number = None
    if number is None or number < 0:
        yield
        return
    key = watchdog.arm(number, seconds, losing=served if loses else None)
    try:
        yield
    finally:
        watchdog.disarm(key)
