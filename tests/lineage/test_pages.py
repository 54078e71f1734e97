"""The DOST's "Mergers and renames" pages and API, an agency's "Predecessors" page and API; a DOST of another
province sees nothing of them."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tenants.models import Agency, LineageEvent, Province
from tenants.provisioning import AgencySpec, create_agency
from tests.lineage.conftest import BASIS

pytestmark = pytest.mark.django_db


def test_the_dost_lists_records_and_shows_events(merged, supervisor, dost_admin, inspector, tenant_client, pair,
                                                 agency_b):
    listing = tenant_client(supervisor, inspector).get("/lineage/")
    assert listing.status_code == 200 and "UBND Phường 5" in listing.content.decode() and BASIS in listing.content.decode()
    assert tenant_client(supervisor, inspector).get("/lineage/record/").status_code == 403
    assert tenant_client(supervisor, inspector).get(f"/lineage/events/{merged.pk}/").status_code == 200

    web = tenant_client(supervisor, dost_admin)
    assert web.get("/lineage/record/").status_code == 200
    refused = web.post("/lineage/record/", {"kind": "rename", "predecessors": [agency_b.pk], "new_name": "UBND xã Mới",
                                            "effective_date": "2026-01-01", "legal_basis": ""})
    assert refused.status_code == 400 and not LineageEvent.objects.filter(kind="rename").exists()
    done = web.post("/lineage/record/", {"kind": "rename", "predecessors": [agency_b.pk], "new_name": "UBND xã Long Đức (mới)",
                                         "effective_date": "2026-01-01", "legal_basis": "Quyết định số 5/QĐ-UBND"})
    rename = LineageEvent.objects.get(kind="rename")
    assert done.status_code == 302 and done["Location"] == f"/lineage/events/{rename.pk}/"
    shown = web.get(done["Location"]).content.decode()
    assert "UBND xã Long Đức" in shown and "UBND xã Long Đức (mới)" in shown
    # Not the DOST's site: no such page.
    assert tenant_client(agency_b, user_of(agency_b)).get("/lineage/").status_code in (403, 404)


def user_of(agency):
    from tests.factories import make_user

    return make_user(agency, Role.ISO_SECRETARY)


def test_the_successor_lists_its_predecessors_with_links(merged, tenant_client, api_client, pair):
    ward = Agency.objects.get(slug="phuong-thanh-duc")
    secretary = user_of(ward)
    page = tenant_client(ward, secretary).get("/lineage/predecessors/")
    text = page.content.decode()
    assert page.status_code == 200 and "UBND Phường 5" in text and pair[0].site_url("/documents/") in text
    body = api_client(ward, secretary).get("/api/v1/lineage/predecessors/").json()
    assert {row["agency"]["slug"] for row in body} == {"phuong-5", "xa-thanh-duc"}
    assert body[0]["event"]["legal_basis"] == BASIS and body[0]["depth"] == 1
    assert api_client(pair[1], user_of(pair[1])).get("/api/v1/lineage/predecessors/").json() == []


def test_the_api_records_and_lists_and_another_province_sees_nothing(pair, supervisor, dost_admin, inspector,
                                                                      api_client, agency_b):
    url = "/api/v1/lineage/events/"
    body = {"kind": "merge", "effective_date": "2025-07-01", "legal_basis": BASIS,
            "predecessors": [pair[0].pk, pair[1].pk],
            "new_successors": [{"name": "UBND phường Thanh Đức", "slug": "phuong-thanh-duc", "level": "commune"}]}
    assert api_client(supervisor, inspector).post(url, body, format="json").status_code == 403
    refused = api_client(supervisor, dost_admin).post(url, {**body, "legal_basis": ""}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "lineage_legal_basis"
    made = api_client(supervisor, dost_admin).post(url, body, format="json")
    assert made.status_code == 201, made.content
    event = made.json()
    assert [a["slug"] for a in event["successors"]] == ["phuong-thanh-duc"]
    assert {a["status"] for a in event["predecessors"]} == {"historical"}
    assert [e["id"] for e in api_client(supervisor, inspector).get(url).json()["results"]] == [event["id"]]

    other = Province.objects.create(code="80", name="Tỉnh Long An", slug="long-an")
    other_dost = create_agency(AgencySpec(name="Sở Khoa học và Công nghệ tỉnh Long An", level="supervisor",
                                          province=other, slug="so-khcn-long-an"))
    stranger = api_client(other_dost, _admin_of(other_dost))
    assert stranger.get(url).json()["results"] == []
    assert stranger.get(f"{url}{event['id']}/").status_code == 404
    refused = stranger.post(url, {**body, "new_successors": [], "successors": [agency_b.pk]}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "lineage_other_province"


def _admin_of(agency):
    from tests.factories import make_user

    return make_user(agency, Role.SUPERVISOR_ADMIN)
