"""Importing the catalogue from CSV or XLSX: checked first, all or nothing, idempotent, replacement on request."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pghistory.models import Events

from tthc import services
from tthc.models import PublicationDecision, TthcEntry

from .conftest import HEADER, csv_upload

pytestmark = pytest.mark.django_db

GOOD = [
    "1.001193,Đăng ký khai sinh,Hộ tịch,xã,1,ngày làm việc,Miễn lệ phí,Bộ phận Một cửa,Bộ phận Một cửa,"
    "Luật Hộ tịch 2014,1234/QĐ-UBND,02/03/2026,",
    "2.000206,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp,department,10,working_days,200.000 đồng,,,,"
    "1234/QĐ-UBND,2026-03-02,so-tu-phap",
    "1.000894,Đăng ký kết hôn,Hộ tịch,commune,3,working_days,,,,,,,",
]


def history_rows() -> int:
    return Events.objects.across("tthc.TthcEntryEvent", "tthc.EntryAssignmentEvent",
                                 "tthc.PublicationDecisionEvent").count()


def test_a_good_file_creates_entries_decision_and_assignments(at_dost, keeper, agency_a):
    result = services.import_catalogue(actor=keeper, upload=csv_upload(*GOOD))
    assert sorted(result.created) == ["1.000894", "1.001193", "2.000206"]
    decision = PublicationDecision.objects.get(number="1234/QĐ-UBND")
    assert decision.signed_on == date(2026, 3, 2)
    lltp = TthcEntry.objects.get(code="2.000206")
    assert lltp.decision == decision and lltp.entered_on is not None and lltp.time_limit == 10
    assert list(lltp.assignments.values_list("agency", flat=True)) == [agency_a.pk]
    assert TthcEntry.objects.get(code="1.001193").assigned_levels == ["commune"]


def test_bad_rows_are_reported_by_line_and_nothing_is_applied(at_dost, keeper):
    bad = csv_upload(
        GOOD[0],
        "2.000206,Cấp phiếu,Lý lịch tư pháp,department,0,working_days,,,,,,,",     # line 3: time limit
        "1.001193,Trùng mã,Hộ tịch,xã,1,tuần,,,,,,,",                               # line 4: code again, unit
        ",Không mã,Hộ tịch,galaxy,2,,,,,,9/QĐ-UBND,,xa-khong-co",                 # line 5: code, level, date, slug
    )
    with pytest.raises(services.ImportRejected) as rejected:
        services.import_catalogue(actor=keeper, upload=bad)
    found = {(e["line"], e["field"]) for e in rejected.value.errors}
    assert {(3, "time_limit"), (4, "code"), (4, "time_unit"), (5, "code"), (5, "level"), (5, "decision_date"),
            (5, "agencies")} <= found
    assert rejected.value.code == "import_rejected"
    assert not TthcEntry.objects.exists() and not PublicationDecision.objects.exists()


def test_an_unknown_column_is_refused_on_line_one(at_dost, keeper):
    with pytest.raises(services.ImportRejected) as rejected:
        services.import_catalogue(actor=keeper, upload=csv_upload("1,x,y,xã,1,", header="code,name,field,level,"
                                                                                   "time_limit,colour"))
    assert rejected.value.errors[0]["line"] == 1 and rejected.value.errors[0]["field"] == "colour"


def test_the_same_file_twice_changes_nothing_and_writes_no_history(at_dost, keeper):
    services.import_catalogue(actor=keeper, upload=csv_upload(*GOOD))
    before, rows = history_rows(), list(TthcEntry.objects.order_by("code").values())
    result = services.import_catalogue(actor=keeper, upload=csv_upload(*GOOD))
    assert result.created == [] and result.updated == [] and result.unchanged == 3
    assert history_rows() == before
    assert list(TthcEntry.objects.order_by("code").values()) == rows
    assert PublicationDecision.objects.count() == 1


def test_a_changed_row_updates_only_that_entry(at_dost, keeper):
    services.import_catalogue(actor=keeper, upload=csv_upload(*GOOD))
    changed = [GOOD[0], GOOD[1].replace(",10,", ",12,"), GOOD[2]]
    result = services.import_catalogue(actor=keeper, upload=csv_upload(*changed))
    assert result.updated == ["2.000206"] and result.unchanged == 2
    assert TthcEntry.objects.get(code="2.000206").time_limit == 12


def test_missing_rows_stay_unless_a_full_replacement_is_asked(at_dost, keeper):
    services.import_catalogue(actor=keeper, upload=csv_upload(*GOOD))
    services.import_catalogue(actor=keeper, upload=csv_upload(GOOD[0]))
    assert TthcEntry.objects.filter(status=TthcEntry.Status.ACTIVE).count() == 3
    result = services.import_catalogue(actor=keeper, upload=csv_upload(GOOD[0]), replace=True)
    assert sorted(result.withdrawn) == ["1.000894", "2.000206"]
    assert set(TthcEntry.objects.filter(status=TthcEntry.Status.WITHDRAWN).values_list("code", flat=True)) == {
        "1.000894", "2.000206"}
    # back in a later file: in force again
    services.import_catalogue(actor=keeper, upload=csv_upload(*GOOD))
    assert not TthcEntry.objects.filter(status=TthcEntry.Status.WITHDRAWN).exists()


def xlsx_upload(rows) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("danh-muc.xlsx", data.getvalue())


def test_an_xlsx_file_works_with_its_own_line_numbers(at_dost, keeper):
    good = ["1.001193", "Đăng ký khai sinh", "Hộ tịch", "commune", 1, "working_days", "", "", "", "",
            "1234/QĐ-UBND", date(2026, 3, 2), None]
    result = services.import_catalogue(actor=keeper, upload=xlsx_upload([good]))
    assert result.created == ["1.001193"]
    assert PublicationDecision.objects.get().signed_on == date(2026, 3, 2)
    bad = [good, [None] * 13, ["2.000206", "Cấp phiếu", "", "department", -1]]
    with pytest.raises(services.ImportRejected) as rejected:
        services.import_catalogue(actor=keeper, upload=xlsx_upload(bad))
    assert [(e["line"], e["field"]) for e in rejected.value.errors] == [(4, "time_limit")]


def test_the_sample_file_imports(at_dost, keeper):
    from pathlib import Path

    from tthc.imports import SAMPLE

    sample = Path(__file__).resolve().parents[2] / SAMPLE
    result = services.import_catalogue(actor=keeper, upload=SimpleUploadedFile(sample.name, sample.read_bytes()))
    assert len(result.created) >= 10
