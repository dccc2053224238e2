"""The client's address behind reverse proxies.

Behind nginx every request comes from the proxy (``REMOTE_ADDR`` 127.0.0.1): a login lockout per
address would then lock a user out for everyone, and the audit log would record the proxy. The
proxy adds the address it saw to ``X-Forwarded-For``; a client can put anything in that header
itself, so it is read from the right, skipping only the proxies listed in ``TRUSTED_PROXIES``
(addresses or networks). The first address that is not a trusted proxy is the client. When the
request does not come from a trusted proxy the header is ignored altogether.

django-axes uses this (``AXES_CLIENT_IP_CALLABLE``), and so does the audit trail
(``core.middleware.RequestContextMiddleware``).
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: Any) -> str | None:
    """The address of the client that sent ``request`` (see the module's description)."""
    meta = getattr(request, "META", {}) or {}
    remote = meta.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if remote is None or not networks or not _trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not _valid(address):
            return remote  # a malformed hop: do not guess past it
        if not _trusted(address, networks):
            return address
    return forwarded[0] if forwarded and _valid(forwarded[0]) else remote
