"""A run: asked for on the DOST's site only, built by the task with its progress, idempotent when run again."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tenants.utils import tenant_context
from docx import Document
from openpyxl import load_workbook

from accounts.roles import Role
from core.errors import DomainError

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_request_queues_the_task_after_commit(supervisor, inspector, django_capture_on_commit_callbacks, sent_tasks):
    from province_reports import services

    with tenant_context(supervisor), django_capture_on_commit_callbacks(execute=True):
        run = services.request_report(actor=inspector, kind="december_ministry", year=2026, number="215/BC-SKHCN")
    assert sent_tasks == [("province_reports.build_report", [run.pk], "public")]
    assert (run.status, run.progress, run.province_id, run.number) == ("queued", 0, supervisor.province_id,
                                                                       "215/BC-SKHCN")


def test_progress_goes_up_to_100_and_the_task_reports_it(counted, supervisor, inspector):
    from province_reports import services
    from province_reports.tasks import build_report

    with tenant_context(supervisor):
        run = services.request_report(actor=inspector, kind="november_people_committee", year=2026, queue=False)
    seen = []
    services.build(run.pk, on_progress=lambda r: seen.append((r.status, r.progress)))
    assert seen[0] == ("running", 0) and seen[-1] == ("done", 100)
    percents = [p for _s, p in seen]
    assert percents == sorted(percents) and len(set(percents)) >= 5
    assert build_report.run(run.pk)["status"] == "done"  # finished: left alone


def test_a_redelivered_run_is_built_again_without_duplicates(counted, make_run):
    from province_reports.models import ReportFigure, ReportRun
    from province_reports.services import build

    run = make_run()
    first = sorted(run.figures.values_list("key", "value", "agency_ids"))
    old_docx = run.docx.name
    # the worker died after writing: the message is delivered again while the run still says "running"
    ReportRun.objects.filter(pk=run.pk).update(status="running", progress=70)
    again = build(run.pk)
    assert again.status == "done" and again.progress == 100
    assert sorted(again.figures.values_list("key", "value", "agency_ids")) == first
    assert ReportFigure.objects.filter(run=run).count() == len(first)
    assert again.docx.name != old_docx and not again.docx.storage.exists(old_docx)


def test_only_the_dost_makes_reports(agency_a, supervisor, user_factory, counted):
    from accounts.roles import Role
    from province_reports import services

    secretary = user_factory(agency_a, Role.ISO_SECRETARY)
    with tenant_context(agency_a), pytest.raises(PermissionDenied):
        services.request_report(actor=secretary, kind="december_ministry", year=2026)
    reader = user_factory(supervisor, Role.STAFF)
    with tenant_context(supervisor), pytest.raises(PermissionDenied):
        services.request_report(actor=reader, kind="december_ministry", year=2026)


@pytest.mark.parametrize("kind,year,code", [("yearly", 2026, "report_kind_unknown"),
                                            ("december_ministry", 2013, "report_year_invalid"),
                                            ("december_ministry", "next", "report_year_invalid")])
def test_bad_requests_are_refused_and_nothing_is_made(supervisor, inspector, kind, year, code):
    from province_reports import services
    from province_reports.models import ReportRun

    with tenant_context(supervisor), pytest.raises(DomainError) as refused:
        services.request_report(actor=inspector, kind=kind, year=year)
    assert refused.value.code == code and not ReportRun.objects.exists()


def test_the_word_report_in_the_decree_30_layout_with_every_figure(counted, make_run):
    run = make_run(number="215/BC-SKHCN")
    with run.docx.open("rb") as handle:
        text = docx_text(handle.read())
    year = timezone.localdate().year
    for expected in ("UBND TỈNH VĨNH LONG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: 215/BC-SKHCN", "BÁO CÁO", "Vĩnh Long, ngày",
                     f"Kết quả kiểm tra việc áp dụng, duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 năm {year}",
                     "Kính gửi: Ủy ban nhân dân tỉnh Vĩnh Long", "Nơi nhận:", "Lưu: VT, TĐC.", "GIÁM ĐỐC",
                     "I. CƠ QUAN ÁP DỤNG HTQLCL", "68,8"):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    for figure in run.figures.all():
        assert figure.label in text


def test_the_workbook_lists_every_figure_and_its_agencies(counted, make_run):
    run = make_run(kind="december_ministry")
    with run.xlsx.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    figures_sheet, agencies_sheet = book.worksheets
    rows = list(figures_sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == run.figures.count()
    by_key = {row[4]: row for row in rows}
    assert by_key["audit_done"][2:4] == (3, 3) and by_key["nc_open"][2:4] == (3, 2)
    lines = [row for row in agencies_sheet.iter_rows(min_row=2, values_only=True) if row[0] == "nc_open"]
    assert sorted(line[3] for line in lines) == ["Sở Tư pháp", "UBND xã Long Đức"]


def test_an_agency_named_like_a_formula_stays_text_in_the_workbook(counted, make_run):
    agency = counted["syn-psu"]
    agency.name = "=HYPERLINK(\"http://x\")"
    agency.save(update_fields=["name"])
    run = make_run()
    with run.xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).worksheets[1]
    cells = [row[3] for row in sheet.iter_rows(min_row=2) if row[3].value == agency.name]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_the_demo_makes_the_november_report_once(counted, province, supervisor, user_factory):
    from demo.province_reports import ensure
    from province_reports.models import ReportRun

    user_factory(supervisor, Role.SUPERVISOR_INSPECTOR, username="so-khcn.thanhtra", full_name="Thanh tra Sở")
    assert ensure(province) == 1 and ensure(province) == 0
    run = ReportRun.objects.get()
    assert (run.kind, run.status, run.number) == ("november_people_committee", "done", "245/BC-SKHCN")
    assert run.figures.get(key="agencies_total").value == 5
    assert run.figures.get(key="audit_done").label == "cơ quan đã đánh giá nội bộ trong năm"
