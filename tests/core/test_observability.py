import pytest
import sentry_sdk
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role


@pytest.mark.django_db
def test_requests_are_tagged_with_their_tenant(tenant_client, agency_a, user_factory):
    user = user_factory(agency_a, Role.STAFF)
    with sentry_sdk.isolation_scope() as scope:
        tenant_client(agency_a, user).get("/")
        assert scope._tags.get("tenant") == "so_tu_phap"


@pytest.mark.django_db
def test_the_hostname_lookup_is_cached_between_requests(client, agency_a):
    from tenants.middleware import forget_cached_tenants

    forget_cached_tenants()
    with override_settings(EISO_TENANT_CACHE_SECONDS=30):
        with CaptureQueriesContext(connection) as first:
            client.get("/login/", HTTP_HOST="so-tu-phap.localhost")
        with CaptureQueriesContext(connection) as second:
            client.get("/login/", HTTP_HOST="so-tu-phap.localhost")
    domain_lookups = [q for q in first.captured_queries if "tenants_domain" in q["sql"]]
    assert domain_lookups, "the first request looks the domain up"
    assert not [q for q in second.captured_queries if "tenants_domain" in q["sql"]]
