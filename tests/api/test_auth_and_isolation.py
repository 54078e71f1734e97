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
    assert [row["agency"]["slug"] for row in rows] == ["so-tu-phap"]
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


def test_openapi_components_have_one_meaning_per_name():
    """Two serializers with one name (tthc's and committee's "Decision") make one component in the schema,
    and one endpoint documents the other's fields: drf-spectacular warns, this test refuses."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator(urlconf="eiso.urls_tenant").get_schema(request=None, public=True)
    collisions = [message for message in GENERATOR_STATS._warn_cache if "identical names" in message]
    assert not collisions, collisions


@pytest.mark.django_db
def test_api_tokens_are_hashed_expire_and_open_only_the_agency_that_issued_them(agency_a, agency_b, user_factory,
                                                                               api_client):
    """knox: the database keeps a digest, never the token; each token expires; a person working in two
    agencies gets a token per agency, and A's token is no token on B's site; revoking ends it."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import ApiToken, Membership

    person = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    Membership.objects.create(user=person, agency=agency_b, role=Role.ISO_SECRETARY)
    issued = api_client(agency_a).post("/api/v1/auth/token/", {"username": person.username, "password": PASSWORD},
                                       format="json").json()
    stored = ApiToken.objects.get(user=person)
    assert stored.agency_id == agency_a.pk and issued["token"] not in (stored.digest, stored.token_key)
    assert timezone.now() + timedelta(days=29) < stored.expiry <= timezone.now() + timedelta(days=31)

    assert api_client(agency_a, token=issued["token"]).get("/api/v1/me/").status_code == 200
    bearer = api_client(agency_a)
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {issued['token']}")
    assert bearer.get("/api/v1/me/").status_code == 200
    elsewhere = api_client(agency_b, token=issued["token"]).get("/api/v1/me/")
    assert elsewhere.status_code == 403 and elsewhere.json()["detail"] in ("Invalid token.", "Mã xác thực không hợp lệ.")

    ApiToken.objects.filter(pk=stored.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert api_client(agency_a, token=issued["token"]).get("/api/v1/me/").status_code == 403  # expired

    again = api_client(agency_a).post("/api/v1/auth/token/", {"username": person.username, "password": PASSWORD},
                                      format="json").json()["token"]
    client = api_client(agency_a, token=again)
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 403
