"""The visitor's address as the admin lockout (django-axes) should see it.

Behind a load balancer REMOTE_ADDR is the balancer, for everyone: a lockout by address would
then lock the whole world out together. With DJANGO_PROXY_COUNT proxies in front, each
appends the address it received the request from to X-Forwarded-For, so the client is the
entry that many places from the right. Entries further left were written by the client and
are ignored, so a forged header cannot pick another address.

Proxies write that entry in several ways (`203.0.113.5:4711`, `[2001:db8::1]:443`, quoted,
IPv4 inside IPv6), all understood. Should it still be unreadable, the client is not taken to
be the balancer (one key for everyone would let anyone lock an editor out): the text is
mapped to an address of its own in 100::/64, a range that is never routed.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

# RFC 6666's discard-only prefix: stands for clients whose address a proxy garbled.
UNREADABLE = ipaddress.ip_network("100::/64")


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:  # not through all the proxies: trust only the connection
        return remote
    entry = forwarded[-count]
    address = parse_address(entry)
    if address is None:
        logger.warning("Unreadable client address in X-Forwarded-For: %.100r", entry)
        digest = hashlib.sha256(entry.encode(errors="replace")).digest()
        address = UNREADABLE[int.from_bytes(digest[:8], "big")]
    return str(address)


def parse_address(entry):
    """The IP address in one X-Forwarded-For entry, without port, brackets or quotes; None
    if there is none."""
    host = entry.strip().strip('"')
    if host.startswith("["):  # [v6] or [v6]:port
        host, closed, _port = host[1:].partition("]")
        if not closed:
            return None
    elif host.count(":") == 1:  # v4:port (a bare v6 address has several colons)
        host = host.partition(":")[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address
