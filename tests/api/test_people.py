"""GET /api/v1/people/: members of this agency with their roles, the same people as the web pickers."""

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role


@pytest.mark.django_db
def test_people_lists_members_with_roles_and_filters_by_permission(api_client, agency_a, agency_b, supervisor,
                                                                    people, user_factory):
    outsider = user_factory(agency_b, Role.APPROVER, full_name="Người Xã Khác")
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, full_name="Thanh Tra Sở")
    client = api_client(agency_a, people.staff)
    everyone = client.get("/api/v1/people/").json()["results"]
    names = {row["name"] for row in everyone}
    assert {"Trần Thị Bình", "Lê Văn Cường", "Ngô Văn Em"} <= names
    assert outsider.display_name not in names and inspector.display_name not in names
    secretary = next(row for row in everyone if row["name"] == "Trần Thị Bình")
    assert secretary["roles"] == [{"role": "iso_secretary", "label": "Thư ký ISO", "unit": ""}]

    approvers = client.get("/api/v1/people/?perm=approve_documents").json()["results"]
    assert {row["name"] for row in approvers} == {"Võ Thị Hạnh", "Lê Văn Cường", "Đặng Thu Hà"}
    reviewers = {row["id"] for row in client.get("/api/v1/people/?perm=review_documents").json()["results"]}
    assert people.reviewer.pk in reviewers and people.staff.pk not in reviewers

    bad = client.get("/api/v1/people/?perm=everything", HTTP_ACCEPT_LANGUAGE="vi")
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_permission"
    assert client.get(f"/api/v1/people/{outsider.pk}/").status_code == 404


@pytest.mark.django_db
def test_people_is_the_queryset_of_the_web_pickers(tenant_client, agency_a, people, api_client):
    with tenant_context(agency_a):
        document = __import__("documents").services.create_document(
            actor=people.secretary, code="QT-HT-01", title="Quy trình", kind="system_procedure", content="<p>x</p>")
    page = tenant_client(agency_a, people.secretary).get(f"/documents/{document.pk}/submit/")
    form = page.context["form"]
    api = api_client(agency_a, people.secretary)
    for field, perm in (("reviewers", "review_documents"), ("approvers", "approve_documents")):
        listed = {row["id"] for row in api.get(f"/api/v1/people/?perm={perm}&page_size=100").json()["results"]}
        assert set(form.fields[field].queryset.values_list("pk", flat=True)) == listed


@pytest.mark.django_db
def test_people_is_documented(client):
    schema = client.get("/api/schema/?format=json", HTTP_HOST="so-tu-phap.localhost").json()
    listing = schema["paths"]["/api/v1/people/"]["get"]
    assert any(p["name"] == "perm" and "approve_documents" in p["schema"]["enum"] for p in listing["parameters"])
