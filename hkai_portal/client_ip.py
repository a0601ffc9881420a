"""The visitor's address as the admin lockout (django-axes) should see it.

Behind a load balancer REMOTE_ADDR is the balancer, for everyone: a lockout by username and
address would then lock the username for the whole world. With DJANGO_PROXY_COUNT proxies in
front, each appends the address it received the request from to X-Forwarded-For, so the
client is the entry that many places from the right. Entries further left were written by
the client and are ignored, so a forged header cannot pick another address.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:  # not through all the proxies: trust only the connection
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
