"""A suspended agency, or one that ended (a merger, a dissolution), accepts no change from anyone; a
suspended one lets none of its own people in (its province's supervisors and the operators may look)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import ApiToken
from accounts.roles import Role
from tenants.models import Agency
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(agency_a, user_factory):
    return user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")


def _end(agency, **changes):
    Agency.objects.filter(pk=agency.pk).update(**changes)
    agency.refresh_from_db()
    return agency


def _create_document(agency, actor):
    from documents import services

    with tenant_context(agency):
        return services.create_document(actor=actor, code="QT-HT-09", kind="system_procedure",
                                        title="Quy trình tiếp công dân", content="<p>Nội dung</p>")


def test_an_agency_that_ended_in_a_merger_is_read_only_through_every_door(agency_a, secretary, tenant_client,
                                                                         api_client):
    document = _create_document(agency_a, secretary)
    ended = timezone.localdate() - timedelta(days=1)
    _end(agency_a, valid_to=ended, status=Agency.Status.HISTORICAL)

    with pytest.raises(PermissionDenied, match="ceased to exist|chấm dứt hoạt động"):
        _create_document(agency_a, secretary)  # the service
    web = tenant_client(agency_a, secretary)
    assert web.get("/documents/").status_code == 200  # what it kept stays readable
    assert web.get(f"/documents/{document.pk}/history/").status_code in (200, 404)  # never a 500
    assert web.get("/documents/new/").status_code == 403
    assert web.post("/documents/new/", {"code": "QT-HT-10", "title": "x", "kind": "system_procedure"}
                    ).status_code == 403
    api = api_client(agency_a, secretary)
    assert api.get("/api/v1/documents/").status_code == 200
    assert api.post("/api/v1/documents/", {"code": "QT-HT-10", "title": "Quy trình", "kind": "system_procedure"},
                    format="json").status_code == 403
    with tenant_context(agency_a):
        from documents.models import Document
        assert list(Document.objects.values_list("code", flat=True)) == ["QT-HT-09"]


def test_a_successor_made_ahead_of_its_date_may_already_prepare(agency_a, secretary):
    _end(agency_a, valid_from=timezone.localdate() + timedelta(days=30))
    assert _create_document(agency_a, secretary).code == "QT-HT-09"


def test_a_suspended_agency_refuses_its_people_at_every_log_in_door(agency_a, secretary, client, supervisor,
                                                                    user_factory, tenant_client):
    from tests.conftest import host_of

    host = host_of(agency_a)
    _end(agency_a, status=Agency.Status.SUSPENDED)
    answer = client.post("/login/", {"username": secretary.username, "password": PASSWORD}, HTTP_HOST=host)
    assert answer.status_code == 200 and "_auth_user_id" not in client.session  # the form again, no session
    token = client.post("/api/v1/auth/token/", {"username": secretary.username, "password": PASSWORD},
                        HTTP_HOST=host, content_type="application/json")
    assert token.status_code in (400, 401, 403) and not ApiToken.objects.filter(user=secretary).exists()
    assert tenant_client(agency_a, secretary).get("/documents/").status_code == 403  # an open session too

    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Phan Thanh Tùng")
    assert tenant_client(agency_a, inspector).get("/documents/").status_code == 200  # supervision reads on


def test_the_refusal_says_why(agency_a, secretary):
    from accounts.roles import Perm
    from accounts.services import require_perm

    _end(agency_a, valid_to=date(2025, 6, 30), status=Agency.Status.HISTORICAL)
    with pytest.raises(PermissionDenied) as refused:
        require_perm(secretary, agency_a, Perm.EDIT_DOCUMENTS)
    assert "30/06/2025" in str(refused.value)
