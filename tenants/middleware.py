"""Routes each request to its agency's schema by subdomain, with the hostname lookup cached.

django-tenants queries the Domain table on every request; agencies change rarely, so each process keeps
hostname -> agency for EISO_TENANT_CACHE_SECONDS and drops an entry when its agency or domain is saved.
"""

from __future__ import annotations

import time

from django.conf import settings
from django_tenants.middleware.main import TenantMainMiddleware

_cache: dict[str, tuple[float, object]] = {}


def forget_cached_tenants() -> None:
    _cache.clear()


class CachedTenantMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        ttl = settings.EISO_TENANT_CACHE_SECONDS
        now = time.monotonic()
        hit = _cache.get(hostname)
        if ttl and hit and hit[0] > now:
            return hit[1]
        tenant = super().get_tenant(domain_model, hostname)
        if ttl:
            _cache[hostname] = (now + ttl, tenant)
        return tenant
