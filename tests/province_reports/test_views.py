"""The report pages and API on the DOST's site: a run with its progress and figures, each number a link to its
agencies, the downloads, the templates; nothing on an agency's site, nothing of another province."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def word_bytes(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def other_inspector(user_factory):
    """An inspector of another province's DOST."""
    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency

    other = Province.objects.create(code="80", name="Tỉnh Long An", slug="long-an")
    dost = create_agency(AgencySpec(name="Sở Khoa học và Công nghệ tỉnh Long An", level="supervisor", province=other,
                                    slug="so-khcn-long-an", code="000.00.21.H41", valid_from=date(2025, 7, 1)))
    return dost, user_factory(dost, Role.SUPERVISOR_INSPECTOR, full_name="Thanh tra Long An")


def test_make_a_report_follow_its_progress_and_open_a_number(counted, supervisor, inspector, tenant_client,
                                                             monkeypatch):
    from province_reports import tasks
    from province_reports.models import ReportRun

    monkeypatch.setattr(tasks.build_report, "delay", lambda run_id: None)  # no worker: built below
    client = tenant_client(supervisor, inspector)
    page = client.get("/reports/")
    assert page.status_code == 200 and b"report-request-form" in page.content
    response = client.post("/reports/new/", {"kind": "november_people_committee", "year": 2026, "number": ""})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{run.pk}/"
    queued = client.get(f"/reports/{run.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in queued and "<script" not in queued.split("</header>")[-1]
    polled = client.get(f"/reports/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in polled and b"every 2s" in polled.content

    from province_reports.services import build

    build(run.pk)
    polled = client.get(f"/reports/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true" and b"every 2s" not in polled.content
    detail = client.get(f"/reports/{run.pk}/")
    figure = run.figures.get(key="audit_done")
    assert f'href="/reports/figures/{figure.pk}/"'.encode() in detail.content
    assert "đã đánh giá nội bộ trong năm".encode() in detail.content  # in Vietnamese
    listed = client.get(f"/reports/figures/{figure.pk}/")
    names = [a.name for a in listed.context["agencies"]]
    assert names == ["Sở Tư pháp", "Sở Y tế", "Trung tâm Phục vụ hành chính công tỉnh"]  # departments first
    docx = client.get(f"/reports/{run.pk}/docx/")
    assert docx.status_code == 200 and Document(io.BytesIO(docx.content)).paragraphs
    assert client.get(f"/reports/{run.pk}/xlsx/").status_code == 200


def test_the_api_lists_a_run_its_figures_and_a_figure_s_agencies(counted, supervisor, inspector, api_client,
                                                                  make_run, monkeypatch):
    from province_reports import tasks

    run = make_run()
    client = api_client(supervisor, inspector)
    listed = client.get("/api/v1/province-reports/runs/").json()
    assert [r["id"] for r in listed["results"]] == [run.pk]
    detail = client.get(f"/api/v1/province-reports/runs/{run.pk}/").json()
    by_key = {f["key"]: f for f in detail["figures"]}
    assert by_key["nc_open"]["value"] == 3 and by_key["nc_open"]["agencies"] == 2
    figure = client.get(by_key["nc_open"]["url"]).json()
    assert sorted(a["name"] for a in figure["agency_list"]) == ["Sở Tư pháp", "UBND xã Long Đức"]
    assert client.get(f"/api/v1/province-reports/runs/{run.pk}/xlsx/").status_code == 200
    monkeypatch.setattr(tasks.build_report, "delay", lambda run_id: None)
    made = client.post("/api/v1/province-reports/runs/", {"kind": "december_ministry", "year": 2026}, format="json")
    assert made.status_code == 202 and made.json()["status"] == "queued"
    refused = client.post("/api/v1/province-reports/runs/", {"kind": "december_ministry", "year": 1999},
                          format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "report_year_invalid"


def test_templates_over_the_api_a_bad_one_changes_nothing(supervisor, inspector, api_client):
    client = api_client(supervisor, inspector)
    rows = client.get("/api/v1/province-reports/templates/").json()
    assert [r["custom"] for r in rows] == [False, False]
    default = client.get("/api/v1/province-reports/templates/download/?kind=december_ministry")
    assert default.status_code == 200
    assert "{{ title }}" in "\n".join(p.text for p in Document(io.BytesIO(default.content)).paragraphs)
    bad = client.post("/api/v1/province-reports/templates/upload/", {
        "kind": "december_ministry", "file": SimpleUploadedFile("x.docx", b"not a word file")}, format="multipart")
    assert bad.status_code == 400 and bad.json()["code"] == "report_template_invalid"
    assert [r["custom"] for r in client.get("/api/v1/province-reports/templates/").json()] == [False, False]
    good = client.post("/api/v1/province-reports/templates/upload/", {
        "kind": "december_ministry", "file": SimpleUploadedFile("bo.docx", default.content)}, format="multipart")
    assert good.status_code == 200 and [r["custom"] for r in good.json()] == [False, True]
    reset = client.post("/api/v1/province-reports/templates/reset/", {"kind": "december_ministry"}, format="json")
    assert [r["custom"] for r in reset.json()] == [False, False]


def test_template_upload_page_shows_the_reason_of_a_refusal(supervisor, inspector, tenant_client):
    client = tenant_client(supervisor, inspector)
    assert client.get("/reports/templates/").status_code == 200
    response = client.post("/reports/templates/november_people_committee/upload/",
                           {"file": SimpleUploadedFile("x.docx", b"not a word file")}, follow=True)
    assert "Hãy gửi tệp Word (.docx) có các thẻ của báo cáo.".encode() in response.content
    response = client.post("/reports/templates/november_people_committee/upload/",
                           {"file": SimpleUploadedFile("x.docx", word_bytes("{{ f.no_such_figure }}"))}, follow=True)
    assert "Không dùng được mẫu này".encode() in response.content and b"no_such_figure" in response.content
    assert client.get("/reports/templates/yearly/download/").status_code == 404


def test_permissions_reader_of_the_dost_reads_agency_sites_show_nothing(counted, supervisor, agency_a, inspector,
                                                                        user_factory, tenant_client, api_client,
                                                                        make_run):
    run = make_run()
    figure = run.figures.first()
    # a DOST admin reads and makes; a DOST member without a supervisor role reads nothing
    staff = user_factory(supervisor, Role.STAFF)
    assert tenant_client(supervisor, staff).get("/reports/").status_code == 403
    assert api_client(supervisor, staff).get("/api/v1/province-reports/runs/").status_code == 403
    # the inspector's roles reach the province's agencies, but an agency's site has no reports
    on_agency = tenant_client(agency_a, inspector)
    for url in ("/reports/", f"/reports/{run.pk}/", f"/reports/figures/{figure.pk}/", "/reports/templates/"):
        assert on_agency.get(url).status_code == 404, url
    api = api_client(agency_a, inspector)
    assert api.get("/api/v1/province-reports/runs/").json()["results"] == []
    assert api.get(f"/api/v1/province-reports/runs/{run.pk}/").status_code == 404
    assert api.get(f"/api/v1/province-reports/figures/{figure.pk}/").status_code == 404
    # an agency's own people have no report permission at all
    secretary = user_factory(agency_a, Role.ISO_SECRETARY)
    assert tenant_client(agency_a, secretary).get("/reports/").status_code == 403


def test_a_supervisor_of_another_province_sees_nothing_of_this_one(counted, make_run, other_inspector, supervisor,
                                                                   inspector, tenant_client, api_client):
    from django_tenants.utils import tenant_context

    from province_reports import services

    run = make_run()
    figure = run.figures.get(key="agencies_total")
    with tenant_context(supervisor):
        services.upload_template(actor=inspector, kind="november_people_committee", upload=SimpleUploadedFile(
            "vinh-long.docx", services.template_bytes(supervisor.province_id, "november_people_committee")[0]))
    dost, other = other_inspector
    client = tenant_client(dost, other)
    assert b"report-runs" in client.get("/reports/").content and run.get_kind_display().encode() not in (
        client.get("/reports/").content.split(b"report-runs")[1])
    for url in (f"/reports/{run.pk}/", f"/reports/{run.pk}/progress/", f"/reports/{run.pk}/docx/",
                f"/reports/{run.pk}/xlsx/", f"/reports/figures/{figure.pk}/"):
        assert client.get(url).status_code == 404, url
    assert b"vinh-long.docx" not in client.get("/reports/templates/").content
    api = api_client(dost, other)
    assert api.get("/api/v1/province-reports/runs/").json()["results"] == []
    for url in (f"/api/v1/province-reports/runs/{run.pk}/", f"/api/v1/province-reports/runs/{run.pk}/docx/",
                f"/api/v1/province-reports/figures/{figure.pk}/"):
        assert api.get(url).status_code == 404, url
    assert [r["custom"] for r in api.get("/api/v1/province-reports/templates/").json()] == [False, False]
    # its own report counts its own province only: no agency of ours
    from province_reports import services as made

    with tenant_context(dost):
        own = made.build(made.request_report(actor=other, kind="december_ministry", year=2026, queue=False).pk)
    ours = {a.pk for a in counted.values()} - {counted["syn-other"].pk}
    assert not any(ours & set(f.agency_ids) for f in own.figures.all())
