import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role
from tests.factories import PASSWORD


@pytest.mark.django_db
def test_token_from_username_and_password(api_client, agency_a, user_factory):
    user = user_factory(agency_a, Role.ISO_SECRETARY)
    response = api_client(agency_a).post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    me = api_client(agency_a, token=token).get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["roles"] == [Role.ISO_SECRETARY]


@pytest.mark.django_db
def test_wrong_password_gets_a_clear_error(api_client, agency_a, user_factory):
    user = user_factory(agency_a, Role.STAFF)
    response = api_client(agency_a).post("/api/v1/auth/token/", {"username": user.username, "password": "sai"})
    assert response.status_code == 400
    assert response.json()["non_field_errors"]


@pytest.mark.django_db
def test_token_of_one_agency_opens_nothing_in_another(api_client, agency_a, agency_b, user_factory):
    from documents.models import Document

    with schema_context(agency_b.schema_name):
        Document.objects.create(code="QT-HT-01", title="Kiểm soát thông tin dạng văn bản", kind="system_procedure")
    user = user_factory(agency_a, Role.AGENCY_ADMIN)
    token = api_client(agency_a).post("/api/v1/auth/token/",
                                      {"username": user.username, "password": PASSWORD}).json()["token"]
    assert api_client(agency_b, token=token).get("/api/v1/me/").status_code == 403
    assert api_client(agency_b, token=token).get("/api/v1/agency/").status_code == 403
    # and the token cannot even be minted on the other agency's subdomain
    minted = api_client(agency_b).post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert minted.status_code == 400


@pytest.mark.django_db
def test_supervisor_reads_agencies_of_its_province_only(api_client, supervisor, agency_a, user_factory):
    from supervision.services import refresh_current_agency_status

    with schema_context(agency_a.schema_name):
        refresh_current_agency_status()
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    rows = api_client(supervisor, inspector).get("/api/v1/supervision/agencies/").json()["results"]
    # every supervised agency of the province, computed or not yet (the row comes with the agency)
    assert [row["agency"]["slug"] for row in rows] == ["so-tu-phap", "so-y-te", "xa-long-duc"]
    assert [row["computed"] for row in rows][0] is True
    # the inspector may read an agency of the province, not change it
    assert api_client(agency_a, inspector).get("/api/v1/agency/").status_code == 200
    staff = user_factory(agency_a, Role.STAFF)
    assert api_client(supervisor, staff).get("/api/v1/supervision/agencies/").status_code == 403


@pytest.mark.django_db
def test_openapi_schema_is_served_and_valid(client):
    from openapi_spec_validator import validate

    response = client.get("/api/schema/?format=json", HTTP_HOST="so-tu-phap.localhost")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert "/api/v1/auth/token/" in schema["paths"]
    docs = client.get("/api/docs/", HTTP_HOST="so-tu-phap.localhost")
    assert docs.status_code == 200
