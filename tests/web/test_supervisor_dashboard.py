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


def listed(response) -> list[str]:
    return [line["row"].agency.name for line in response.context["table"]]


@pytest.mark.django_db
def test_home_of_the_dost_is_the_province_dashboard_departments_first(tenant_client, supervisor, user_factory,
                                                                      rolled_up):
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    response = tenant_client(supervisor, inspector).get("/")
    page = response.content.decode()
    assert "UBND huyện Càng Long" not in page  # historical: kept in the registry, not supervised
    assert response.context["totals"]["agencies"] == 3 and response.context["totals"]["computed"] == 3
    assert listed(response) == ["Sở Tư pháp", "Sở Y tế", "UBND xã Long Đức"]  # departments first
    assert 'data-testid="province-shares"' in page and "vendor/chart.js/chart.umd.min.js" in page
    assert listed(tenant_client(supervisor, inspector).get("/supervision/")) == listed(response)


@pytest.mark.django_db
def test_dashboard_filters_by_level(tenant_client, supervisor, user_factory, rolled_up):
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    response = tenant_client(supervisor, inspector).get("/?level=commune")
    assert [line["row"].agency.slug for line in response.context["table"]] == ["xa-long-duc"]
    assert response.context["page"].paginator.count == 1
    assert response.context["totals"]["agencies"] == 3  # the province's totals stay the province's


@pytest.mark.django_db
def test_agency_staff_do_not_get_the_dashboard(tenant_client, supervisor, agency_a, user_factory):
    staff = user_factory(agency_a, Role.STAFF)
    response = tenant_client(supervisor, staff).get("/")
    assert response.status_code in (302, 403)
    assert tenant_client(agency_a, staff).get("/supervision/").status_code in (403, 404)
