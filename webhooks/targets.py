"""Where a webhook may point: http(s) URLs whose host resolves to public addresses only.

Checked when subscribing and again on the resolved address at send time (a name may resolve
elsewhere later); the connection is then made to the address that was checked.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class TargetRefused(Exception):
    pass


def _is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def resolve(url: str) -> tuple[str, int, list[str]]:
    """Host, port and the addresses it may be sent to; TargetRefused where none may."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise TargetRefused("The URL's host or port is not valid.") from exc
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise TargetRefused("The URL must be http or https with a host.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(f"The host {host} does not resolve.") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        refused = [a for a in addresses if _is_private(ipaddress.ip_address(a.split("%")[0]))]
        if refused:
            raise TargetRefused(
                f"The host {host} resolves to {refused[0]}, a loopback, link-local or private "
                "address; webhooks go to public addresses only."
            )
    return host, port, addresses
