"""A deployment can host several provinces; each supervisor sees its own province only."""

from datetime import date

import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role


@pytest.fixture
def other_province_agency(db):
    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency

    can_tho = Province.objects.create(code="92", name="Thành phố Cần Thơ", slug="can-tho")
    return create_agency(AgencySpec(name="Sở Tư pháp thành phố Cần Thơ", level="department", province=can_tho,
                                    slug="ct-so-tu-phap", code="000.00.14.H55", valid_from=date(2025, 7, 1)))


@pytest.mark.django_db
def test_supervisor_of_one_province_cannot_see_or_enter_another(api_client, tenant_client, supervisor, agency_a,
                                                                 other_province_agency, user_factory):
    from supervision.services import refresh_current_agency_status

    for agency in (agency_a, other_province_agency):
        with schema_context(agency.schema_name):
            refresh_current_agency_status()
    inspector = user_factory(supervisor, Role.SUPERVISOR_ADMIN)
    listed = api_client(supervisor, inspector).get("/api/v1/supervision/agencies/").json()["results"]
    slugs = {row["agency"]["slug"] for row in listed}
    assert "so-tu-phap" in slugs and "ct-so-tu-phap" not in slugs
    assert api_client(other_province_agency, inspector).get("/api/v1/agency/").status_code == 403
    assert api_client(agency_a, inspector).get("/api/v1/agency/").status_code == 200
    page = tenant_client(supervisor, inspector).get("/").content.decode()
    assert "Sở Tư pháp" in page and "Cần Thơ" not in page


@pytest.mark.django_db
def test_supervisor_dashboard_query_count_does_not_grow_with_agencies(tenant_client, supervisor, user_factory,
                                                                      province):
    from supervision.services import refresh_current_agency_status
    from tenants.models import Agency
    from tenants.provisioning import AgencySpec, create_agency

    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    client = tenant_client(supervisor, inspector)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    for agency in Agency.objects.agencies():
        with schema_context(agency.schema_name):
            refresh_current_agency_status()
    before = count_queries()
    for i in range(5):
        extra = create_agency(AgencySpec(name=f"UBND xã Thử {i}", level="commune", province=province,
                                         slug=f"xa-thu-{i}", code=f"000.99.{i:02d}.H62"))
        with schema_context(extra.schema_name):
            refresh_current_agency_status()
    assert count_queries() == before
