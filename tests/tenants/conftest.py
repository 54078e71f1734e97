import pytest
from django.conf import settings
from django.db import connection

# For tests that commit (a Celery worker must see their rows). pytest-django empties the public tables after
# such a test; agency schemas hold foreign keys to public tables (accounts_user), so the flush must cascade,
# which Django only does when `available_apps` is set: all of them here, so nothing else changes.
COMMITTING = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))


@pytest.fixture(scope="module")
def rebuild_base_province_after(django_db_blocker):
    """Rebuild the session's base province after a committing test's flush.

    The flush removes the agency rows the other tests share but leaves their schemas. Module scope makes this
    teardown run after the test's own (the flush): it drops the orphaned agency schemas, restores content
    types and permissions (not re-created after a cascading flush) and builds the province again.
    """
    yield
    from django.core.management.sql import emit_post_migrate_signal

    from tests.factories import build_base_province

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
                "WHERE c.relname = 'django_migrations' AND n.nspname NOT IN (%s, %s) "
                "AND n.nspname NOT IN (SELECT schema_name FROM tenants_agency)",
                [settings.PUBLIC_SCHEMA_NAME, settings.EISO_TEMPLATE_SCHEMA])
            for (schema,) in cursor.fetchall():
                cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        build_base_province()
