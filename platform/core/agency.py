"""Which agency the code is working for, and doing work in another agency's schema.

A request's agency is the tenant of its subdomain; a Celery task's is the schema it was sent from
(tenant-schemas-celery). Both end up as the connection's schema, so `current_agency()` asks the
connection. `in_agency(agency)` runs a block in another agency's schema and comes back, for the few
places that must cross (the DOST's inspection findings landing in an agency's nonconformity list).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


def current_agency():
    """The Agency whose schema the connection is on (a request's tenant, or a schema_context in tasks).

    django-tenants' schema_context() only sets a stand-in with the schema name; then the row is read.
    """
    from tenants.models import Agency

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Agency):
        return tenant
    return (Agency.objects.select_related("province", "parent")
            .get(schema_name=getattr(connection, "schema_name", None)))


def current_schema() -> str:
    return getattr(connection, "schema_name", None) or "public"


@contextmanager
def in_agency(agency) -> Iterator:
    """Run the block with the connection on `agency`'s schema (an Agency or a schema name), then restore
    whatever tenant was active before, even if the block fails."""
    from tenants.models import Agency

    target = agency if isinstance(agency, Agency) else Agency.objects.get(schema_name=agency)
    previous = getattr(connection, "tenant", None)
    previous_schema = current_schema()
    connection.set_tenant(target)
    try:
        yield target
    finally:
        if isinstance(previous, Agency):
            connection.set_tenant(previous)
        elif previous_schema == "public":
            connection.set_schema_to_public()
        else:
            connection.set_schema(previous_schema)
