"""The background worker's loop: deliver what is due, purge what expired, stop cleanly."""

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection

from webhooks import delivery
from webhooks.outbox import WAKE_CHANNEL

logger = logging.getLogger(__name__)

# Housekeeping other apps hand to the worker (e.g. expired idempotency keys), run every minute.
_PERIODIC: list[Callable[[], object]] = []
PERIODIC_SECONDS = 60.0


def register_periodic(job: Callable[[], object]) -> None:
    if job not in _PERIODIC:
        _PERIODIC.append(job)


class Worker:
    def __init__(self, *, batch: int = 20) -> None:
        self.batch = batch
        self.stopping = threading.Event()
        self._last_periodic = 0.0
        self._listening: object = None

    def stop(self) -> None:
        """Finish the attempt under way, give back the rest of the claim, then return."""
        self.stopping.set()

    def run_once(self) -> int:
        """Attempt the due deliveries of one claim; how many were attempted."""
        claim, claimed = delivery.claim_due(limit=self.batch)
        leased_at, attempted = time.monotonic(), 0
        try:
            for row in claimed:
                if self.stopping.is_set():
                    break
                if time.monotonic() - leased_at > settings.WEBHOOK_LEASE_SECONDS / 2:
                    delivery.renew(claim=claim)
                    leased_at = time.monotonic()
                delivery.attempt(delivery=row, claim=claim)
                attempted += 1
        finally:
            if attempted < len(claimed):
                delivery.release(claim=claim)
        return attempted

    def run_periodic(self) -> None:
        now = time.monotonic()
        if now - self._last_periodic < PERIODIC_SECONDS:
            return
        self._last_periodic = now
        for job in _PERIODIC:
            job()

    def run(self) -> None:
        while not self.stopping.is_set():
            close_old_connections()
            try:
                self.run_periodic()
                attempted = self.run_once()
            except Exception:
                logger.exception("worker round failed; retrying")
                attempted = 0
            if attempted == 0:
                self.wait_for_work(settings.WEBHOOK_POLL_SECONDS)

    def wait_for_work(self, seconds: float) -> None:
        """Up to `seconds`; on PostgreSQL less, as soon as a commit wrote a delivery."""
        if connection.vendor != "postgresql":
            self.stopping.wait(seconds)
            return
        connection.ensure_connection()
        raw = connection.connection
        if self._listening is not raw:
            raw.execute(f"LISTEN {WAKE_CHANNEL}")
            self._listening = raw
        for _ in raw.notifies(timeout=seconds, stop_after=1):
            pass
