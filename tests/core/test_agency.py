"""The current agency, work in another agency's schema, and work queued to run after a change commits."""

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context, tenant_context

from core.agency import current_agency, current_schema, in_agency
from core.changes import after_commit, change
from core.dates import add_months, parse_date


@pytest.mark.django_db
def test_current_agency_is_the_request_tenant_or_the_schema_of_a_task(agency_a, agency_b):
    with tenant_context(agency_a):
        assert current_agency() == agency_a
    with schema_context(agency_b.schema_name):  # what tenant-schemas-celery sets in a worker
        assert current_agency() == agency_b


@pytest.mark.django_db
def test_in_agency_runs_in_the_other_schema_and_comes_back_even_on_failure(agency_a, agency_b):
    from documents.models import Document

    with tenant_context(agency_a):
        with in_agency(agency_b) as target:
            assert target == agency_b and current_schema() == agency_b.schema_name
            assert not Document.objects.exists()
        assert current_agency() == agency_a
        with pytest.raises(RuntimeError), in_agency(agency_b.schema_name):
            raise RuntimeError("a finding failed to land")
        assert connection.tenant == agency_a and current_schema() == agency_a.schema_name
    assert current_schema() == "public"


@pytest.mark.django_db
def test_after_commit_work_runs_in_the_schema_it_was_queued_in_and_only_on_commit(
        agency_a, agency_b, django_capture_on_commit_callbacks):
    seen = []
    with tenant_context(agency_a):
        with django_capture_on_commit_callbacks(execute=True):
            after_commit(lambda: seen.append(current_schema()))
            connection.set_tenant(agency_b)  # the outer code moved on before the commit
        assert seen == [agency_a.schema_name]
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(ValueError), transaction.atomic():
                after_commit(lambda: seen.append("rolled back"))
                raise ValueError
    assert seen == [agency_a.schema_name]


@pytest.mark.django_db
def test_after_commit_failure_is_logged_not_raised(agency_a, caplog, django_capture_on_commit_callbacks):
    def broken():
        raise ConnectionError("broker down")

    with tenant_context(agency_a), django_capture_on_commit_callbacks(execute=True):
        after_commit(broken)
    assert "broker down" in caplog.text


@pytest.mark.django_db
def test_change_checks_the_permission_before_anything(agency_a, user_factory):
    from django.core.exceptions import PermissionDenied

    from accounts.roles import Perm, Role

    staff = user_factory(agency_a, Role.STAFF)
    ran = []
    with tenant_context(agency_a):
        with pytest.raises(PermissionDenied), change(staff, "test.publish", perm=Perm.PUBLISH_DOCUMENTS):
            ran.append(True)
    assert ran == []


def test_dates():
    from datetime import date

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert parse_date("2026-07-01") == date(2026, 7, 1) and parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("01/07/2026")
