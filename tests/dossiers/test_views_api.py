"""The dossier pages and API: who may import and read, the job's progress and errors, the rates."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from dossiers.models import Dossier, DossierImport

from .conftest import SAMPLE_ROWS, csv_text, upload

pytestmark = pytest.mark.django_db


def _run_queued(agency):
    from dossiers.tasks import run_dossier_import

    with tenant_context(agency):
        for job in DossierImport.objects.filter(status="queued"):
            run_dossier_import(job.pk)


def test_the_secretary_imports_on_the_page_and_follows_the_job(agency_a, staff, tenant_client):
    site = tenant_client(agency_a, staff.secretary)
    page = site.get("/dossiers/import/")
    assert page.status_code == 200 and "ho-so-mau.csv" in page.content.decode()
    assert site.get("/dossiers/import/sample.csv").status_code == 200
    response = site.post("/dossiers/import/", {"file": upload(csv_text(*SAMPLE_ROWS))})
    assert response.status_code == 302
    job_url = response["Location"]
    queued = site.get(job_url).content.decode()
    assert 'http-equiv="refresh"' in queued  # the page refreshes itself until the job is finished
    _run_queued(agency_a)
    done = site.get(job_url).content.decode()
    assert 'data-testid="dossier-import-result"' in done and 'http-equiv="refresh"' not in done
    bad = site.post("/dossiers/import/", {"file": upload(csv_text("1.001193,E1,ngày 3,04/08/2026 17:00,,,A,,,,,,,,"))})
    _run_queued(agency_a)
    errors = site.get(bad["Location"]).content.decode()
    assert 'data-testid="dossier-import-errors"' in errors and "received" in errors
    refused = site.post("/dossiers/import/", {"file": upload("x", name="ho-so.xlsx")})
    assert refused.status_code == 200 and "CSV" in refused.content.decode()


def test_rates_pages_show_catalogue_names_steps_and_late_dossiers(agency_a, staff, tenant_client, run_import):
    with tenant_context(agency_a):
        run_import(csv_text(*SAMPLE_ROWS))
    site = tenant_client(agency_a, staff.reader)
    dashboard = site.get("/dossiers/?year=2026").content.decode()
    assert 'data-testid="dossier-tthc"' in dashboard and "1.001193" in dashboard and "50,0%" in dashboard
    assert 'data-testid="dossier-months"' in dashboard and "<svg" in dashboard
    assert "Cấp Phiếu lý lịch tư pháp" not in dashboard or "2.000488" in dashboard
    detail = site.get("/dossiers/tthc/1.001193/").content.decode()
    assert 'data-testid="dossier-steps"' in detail and "Tiếp nhận hồ sơ" in detail and "66,7%" in detail
    late = site.get("/dossiers/late/").content.decode()
    assert "D3" in late and "D4" in late and "D1" not in late
    # staff read the rates but may not import
    assert site.get("/dossiers/import/").status_code == 403
    assert site.post("/dossiers/import/", {"file": upload(csv_text(*SAMPLE_ROWS))}).status_code == 403


def test_api_upload_job_list_and_rates(agency_a, staff, api_client):
    client = api_client(agency_a, staff.admin)
    response = client.post("/api/v1/dossier-imports/", {"file": upload(csv_text(*SAMPLE_ROWS))}, format="multipart")
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    _run_queued(agency_a)
    job = client.get(f"/api/v1/dossier-imports/{job_id}/").json()
    assert (job["status"], job["created_count"], job["errors"]) == ("done", 8, [])
    listing = client.get("/api/v1/dossiers/?tthc=1.001193&late=true").json()
    assert sorted(d["external_id"] for d in listing["results"]) == ["D3", "D4", "D5"]
    with tenant_context(agency_a):
        pk = Dossier.objects.get(external_id="D1").pk
    detail = client.get(f"/api/v1/dossiers/{pk}/").json()
    assert detail["on_time"] is True and [s["number"] for s in detail["steps"]] == [1, 2]
    rates = client.get("/api/v1/dossiers/rates/?year=2026").json()
    assert {r["tthc_code"]: r["rate"] for r in rates["by_tthc"]} == {"1.001193": 50.0, "2.000815": 100.0}
    assert [(m["month"], m["rate"]) for m in rates["by_month"]] == [("2026-08", 66.7), ("2026-09", 100.0),
                                                                   ("2026-10", 0.0)]
    assert rates["totals"]["resolved"] == 6 and rates["by_step"][0]["number"] == 1
    august = client.get("/api/v1/dossiers/rates/?year=2026&month=8").json()
    assert august["totals"]["resolved"] == 3 and len(august["by_month"]) == 3  # the trend keeps the year


def test_api_refusals(agency_a, agency_b, staff, api_client, user_factory):
    from accounts.roles import Role

    reader = api_client(agency_a, staff.reader)
    assert reader.get("/api/v1/dossiers/rates/").status_code == 200
    assert reader.post("/api/v1/dossier-imports/", {"file": upload(csv_text(*SAMPLE_ROWS))},
                       format="multipart").status_code == 403
    assert reader.get("/api/v1/dossier-imports/").status_code == 403
    outsider = api_client(agency_a, user_factory(agency_b, Role.AGENCY_ADMIN))
    assert outsider.get("/api/v1/dossiers/").status_code == 403
    bad = api_client(agency_a, staff.secretary).post("/api/v1/dossier-imports/",
                                                      {"file": upload("x", name="a.txt")}, format="multipart")
    assert bad.status_code == 400 and bad.json()["code"] == "dossier_file_type"
