"""`manage.py worker`: background work (webhook deliveries) until SIGTERM or Ctrl-C."""

import signal
import threading

from django.core.management.base import BaseCommand

from webhooks.worker import Worker


class Command(BaseCommand):
    help = "Deliver webhooks until stopped; any number of workers may run at once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=20, help="Deliveries claimed at once.")

    def handle(self, *args, batch: int, **options) -> None:
        worker = Worker(batch=batch)

        def stop(signum, frame) -> None:
            worker.stop()

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        self.stdout.write("worker: delivering webhooks (SIGTERM or Ctrl-C stops)", ending="\n")
        self.stdout.flush()
        worker.run()
        self.stdout.write("worker: stopped")
