"""The platform operators' API on the bare domain: agencies and CSV provisioning jobs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.roles import Role
from tenants.bulk import run_job
from tenants.models import ProvisioningJob

CSV = "code;name;level\n000.30.70.H62;UBND xã Phú Quới;xã\n000.00.80.H62;Sở Du lịch;sở\n"


def public_client(user=None):
    client = APIClient(HTTP_HOST="localhost")
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def operator(user_factory):
    return user_factory(superuser=True)


@pytest.mark.django_db
def test_only_platform_operators_may_use_the_public_api(user_factory, agency_a, supervisor, province):
    secretary = user_factory(agency_a, Role.AGENCY_ADMIN)
    inspector = user_factory(supervisor, Role.SUPERVISOR_ADMIN)
    for user in [None, secretary, inspector]:
        client = public_client(user)
        assert client.get("/api/v1/agencies/").status_code in (401, 403)
        assert client.get("/api/v1/provisioning/jobs/").status_code in (401, 403)
        upload = SimpleUploadedFile("a.csv", CSV.encode())
        posted = client.post("/api/v1/provisioning/jobs/", {"file": upload, "province": "86"}, format="multipart")
        assert posted.status_code in (401, 403)
    assert not ProvisioningJob.objects.exists()


@pytest.mark.django_db
def test_provisioning_endpoints_exist_only_on_the_bare_domain(api_client, agency_a, operator):
    assert api_client(agency_a, operator).get("/api/v1/provisioning/jobs/").status_code == 404


@pytest.mark.django_db
def test_operator_sends_a_csv_and_follows_the_job(operator, province, django_capture_on_commit_callbacks):
    client = public_client(operator)
    upload = SimpleUploadedFile("dot-1.csv", CSV.encode("utf-8-sig"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/api/v1/provisioning/jobs/", {"file": upload, "province": "86"}, format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["state"], body["province"], body["filename"], body["done"]) == ("pending", "86", "dot-1.csv", 0)
    assert len(callbacks) == 1

    run_job(ProvisioningJob.objects.get(pk=body["id"]))  # what the worker does
    detail = client.get(f"/api/v1/provisioning/jobs/{body['id']}/").json()
    assert (detail["state"], detail["total"], detail["done"], detail["percent"], detail["finished"]) == (
        "done", 2, 2, 100, True)
    assert detail["created_slugs"] == ["xa-phu-quoi", "so-du-lich"]
    listed = client.get("/api/v1/provisioning/jobs/").json()["results"]
    assert [job["id"] for job in listed] == [body["id"]]


@pytest.mark.django_db
def test_rejected_job_reports_errors_by_line(operator, province, django_capture_on_commit_callbacks):
    client = public_client(operator)
    upload = SimpleUploadedFile("sai.csv", "code;name;level\n000.30.71.H62;;xã\n".encode())
    with django_capture_on_commit_callbacks(execute=False):
        job_id = client.post("/api/v1/provisioning/jobs/", {"file": upload, "province": "86"},
                             format="multipart").json()["id"]
    run_job(ProvisioningJob.objects.get(pk=job_id))
    detail = client.get(f"/api/v1/provisioning/jobs/{job_id}/").json()
    assert detail["state"] == "rejected"
    assert [(e["line"], e["field"]) for e in detail["errors"]] == [(2, "name")]


@pytest.mark.django_db
def test_upload_errors_are_400(operator, province):
    client = public_client(operator)
    unknown = client.post("/api/v1/provisioning/jobs/", {"file": SimpleUploadedFile("a.csv", CSV.encode()),
                                                         "province": "99"}, format="multipart")
    assert unknown.status_code == 400 and "province" in unknown.json()
    latin = client.post("/api/v1/provisioning/jobs/", {"file": SimpleUploadedFile("a.csv", b"code;name\n1;S\xf4\n")},
                        format="multipart")
    assert latin.status_code == 400 and latin.json()["code"] == "unreadable_file"
    assert client.post("/api/v1/provisioning/jobs/", {}, format="multipart").status_code == 400


@pytest.mark.django_db
def test_agency_registry_filters_by_province_level_and_currency(operator, province, agency_a):
    from datetime import date

    from tenants.provisioning import AgencySpec, create_agency

    create_agency(AgencySpec(name="UBND xã Cũ", level="commune", province=province, slug="xa-cu",
                             valid_from=date(2020, 1, 1), valid_to=date(2025, 6, 30)))
    client = public_client(operator)
    rows = client.get("/api/v1/agencies/", {"province": "86", "level": "commune"}).json()["results"]
    assert [row["slug"] for row in rows] == ["xa-cu", "xa-long-duc"]
    current = client.get("/api/v1/agencies/", {"level": "commune", "current": "true"}).json()["results"]
    assert [row["slug"] for row in current] == ["xa-long-duc"]
    historical = client.get("/api/v1/agencies/", {"current": "false"}).json()["results"]
    assert [row["slug"] for row in historical] == ["xa-cu"]
    everyone = client.get("/api/v1/agencies/").json()
    assert everyone["count"] == 5 and "public" not in {row["slug"] for row in everyone["results"]}
    one = client.get(f"/api/v1/agencies/{agency_a.slug}/").json()
    assert (one["province"], one["schema_name"], one["level"]) == ("86", "so_tu_phap", "department")


@pytest.mark.django_db
def test_public_openapi_schema_lists_the_public_endpoints(client):
    from openapi_spec_validator import validate

    response = client.get("/api/schema/?format=json", HTTP_HOST="localhost")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["info"]["title"] == "eISO platform API"
    assert {"/api/v1/provisioning/jobs/", "/api/v1/provisioning/jobs/{id}/", "/api/v1/agencies/",
            "/api/v1/agencies/{slug}/"} <= set(schema["paths"])
    assert "/api/v1/me/" not in schema["paths"]
    assert "multipart/form-data" in schema["paths"]["/api/v1/provisioning/jobs/"]["post"]["requestBody"]["content"]
    assert "202" in schema["paths"]["/api/v1/provisioning/jobs/"]["post"]["responses"]
    # the agencies' own schema does not list the operators' endpoints
    tenant = client.get("/api/schema/?format=json", HTTP_HOST="so-tu-phap.localhost").json()
    assert "/api/v1/provisioning/jobs/" not in tenant["paths"]
    assert client.get("/api/docs/", HTTP_HOST="localhost").status_code == 200


@pytest.mark.django_db
def test_operator_scripts_the_public_api_with_a_token(user_factory, province):
    from tests.factories import PASSWORD, otp_code

    operator = user_factory(superuser=True)
    token = public_client().post("/api/v1/auth/token/", {"username": operator.username, "password": PASSWORD,
                                                         "otp": otp_code(operator)}).json()["token"]
    client = APIClient(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/agencies/", {"province": "86"}).json()["count"] == 4
    # a token of someone who operates nothing opens nothing here
    clerk = user_factory()
    clerk_token = public_client().post("/api/v1/auth/token/", {"username": clerk.username, "password": PASSWORD}
                                       ).json()["token"]
    denied = APIClient(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {clerk_token}").get("/api/v1/agencies/")
    assert denied.status_code == 403
