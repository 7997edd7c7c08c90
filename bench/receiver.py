"""A real HTTP receiver on loopback for the webhook tests and bench/webhooks.py.

Answers each POST by the next planned behaviour ("ok", "500", "slow" = answer after
`slow_seconds`), then "ok" once the plan is used up. Records every request and how many were in
flight per webhook-id at once. Tests wait on conditions (`wait_for`), never sleep.
"""

import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    answered: int
    at: float


class Receiver:
    def __init__(self, port: int = 0) -> None:
        self.plan: list[str] = []
        self.slow_seconds = 2.0
        self.received: list[Received] = []
        self.in_flight: Counter[str] = Counter()
        self.overlaps: list[str] = []
        self.arrived = threading.Event()  # set when a request starts (for kill tests)
        self._changed = threading.Condition()
        self._release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                receiver._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Receiver":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length", "0"))
        body = handler.rfile.read(length)
        webhook_id = handler.headers.get("webhook-id", "")
        with self._changed:
            behaviour = self.plan.pop(0) if self.plan else "ok"
            self.in_flight[webhook_id] += 1
            if self.in_flight[webhook_id] > 1:
                self.overlaps.append(webhook_id)
        self.arrived.set()
        if behaviour == "slow":
            self._release.wait(self.slow_seconds)
        status = 500 if behaviour == "500" else 204
        # Recorded before the answer goes out: whoever got the answer finds it here.
        with self._changed:
            self.in_flight[webhook_id] -= 1
            self.received.append(
                Received(
                    headers={k.lower(): v for k, v in handler.headers.items()},
                    body=body,
                    answered=status,
                    at=time.monotonic(),
                )
            )
            self._changed.notify_all()
        try:
            handler.send_response(status)
            handler.send_header("content-length", "0")
            handler.end_headers()
        except OSError:
            pass

    def delivered(self) -> list[Received]:
        with self._changed:
            return [r for r in self.received if r.answered < 300]

    def wait_for(self, condition, timeout: float = 30.0) -> None:
        """Block until condition(receiver) holds; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition(self):
                left = deadline - time.monotonic()
                assert left > 0, "condition not met in time"
                self._changed.wait(left)
