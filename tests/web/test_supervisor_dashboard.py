from datetime import date

import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role


@pytest.fixture
def rolled_up(db, province):
    from supervision.services import refresh_current_agency_status
    from tenants.models import Agency
    from tenants.provisioning import AgencySpec, create_agency

    create_agency(AgencySpec(name="UBND huyện Càng Long", level="district", province=province,
                             slug="huyen-cang-long", valid_from=date(2004, 1, 1), valid_to=date(2025, 6, 30)))
    for agency in Agency.objects.agencies():
        with schema_context(agency.schema_name):
            refresh_current_agency_status()


@pytest.mark.django_db
def test_dashboard_lists_current_agencies_by_level_with_totals(tenant_client, supervisor, user_factory, rolled_up):
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    response = tenant_client(supervisor, inspector).get("/")
    page = response.content.decode()
    assert "UBND huyện Càng Long" not in page  # historical: kept in the registry, not supervised
    assert response.context["totals"]["agencies"] == 3
    names = [row.agency.name for row in response.context["rows"]]
    assert names == ["Sở Tư pháp", "Sở Y tế", "UBND xã Long Đức"]  # departments first


@pytest.mark.django_db
def test_dashboard_filters_by_level(tenant_client, supervisor, user_factory, rolled_up):
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    response = tenant_client(supervisor, inspector).get("/?level=commune")
    assert [row.agency.slug for row in response.context["rows"]] == ["xa-long-duc"]
    assert response.context["totals"]["agencies"] == 1


@pytest.mark.django_db
def test_agency_staff_do_not_get_the_dashboard(tenant_client, supervisor, agency_a, user_factory):
    staff = user_factory(agency_a, Role.STAFF)
    response = tenant_client(supervisor, staff).get("/")
    assert response.status_code in (302, 403)
