"""One signed POST (Standard Webhooks) to a checked address, with a hard timeout."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from standardwebhooks import Webhook

from webhooks.targets import TargetRefused, resolve

USER_AGENT = "fulfillment-desk-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signed_headers(*, secret: str, event_id: str, at: datetime, body: str) -> dict[str, str]:
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(event_id, at, body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a given address, with the URL's host for SNI and certificate checks."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(*, url: str, body: str, headers: dict[str, str], timeout: float) -> Outcome:
    """POST `body`; every failure (refused target, connection, timeout) is an Outcome too.
    The whole exchange must end within `timeout` seconds."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        host, port, addresses = resolve(url)
    except TargetRefused as refused:
        return Outcome(None, str(refused)[:500], elapsed())
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedHTTPSConnection if parts.scheme.lower() == "https" else _PinnedHTTPConnection
    connection = kind(host, port, addresses[0], timeout)
    try:
        connection.request("POST", path, body=body.encode("utf-8"), headers=headers)
        connection.sock.settimeout(max(0.001, timeout - (time.monotonic() - started)))
        response = connection.getresponse()
        response.read(64 * 1024)
        if time.monotonic() - started > timeout:
            return Outcome(None, f"No answer within {timeout:g} s.", elapsed())
        return Outcome(
            response.status, "" if response.status < 300 else "Not a 2xx answer.", elapsed()
        )
    except TimeoutError:
        return Outcome(None, f"No answer within {timeout:g} s.", elapsed())
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(None, f"{type(exc).__name__}: {exc}"[:500], elapsed())
    finally:
        connection.close()
