"""Every list exports to XLSX and CSV with exactly the rows its filters show; procedures print to PDF/DOCX."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from records import services as record_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(in_agency_a, publish_new, make_document, people):
    """Two effective procedures, an effective form, and a draft procedure."""
    procedure = publish_new("QT-HT-01")
    publish_new("QT-HT-02", title="Quy trình đánh giá nội bộ")
    publish_new("BM-HT-01-01", title="Danh mục tài liệu nội bộ", kind="form", procedure=procedure,
                owner_unit="Văn phòng")
    make_document("QT-HT-03", title="Quy trình xem xét của lãnh đạo")
    return procedure


def xlsx_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel on Vietnamese Windows reads the diacritics
    return list(csv.reader(io.StringIO(text[1:])))


def test_xlsx_export_has_exactly_the_filtered_documents(tenant_client, agency_a, people, library):
    client = tenant_client(agency_a, people.secretary)
    rows = xlsx_rows(client.get("/documents/export.xlsx?kind=system_procedure"))
    assert rows[0][:3] == ["Mã hiệu", "Tên", "Loại tài liệu"]
    assert sorted(row[0] for row in rows[1:]) == ["QT-HT-01", "QT-HT-02", "QT-HT-03"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["QT-HT-01"][4] == 1  # edition
    assert by_code["QT-HT-03"][4] is None  # never issued


def test_csv_export_follows_the_state_and_unit_filters(tenant_client, agency_a, people, library):
    client = tenant_client(agency_a, people.secretary)
    drafts = csv_rows(client.get("/documents/export.csv?state=draft"))
    assert [row[0] for row in drafts[1:]] == ["QT-HT-03"]
    unit = csv_rows(client.get("/documents/export.csv?owner_unit=V%C4%83n+ph%C3%B2ng"))
    assert [row[0] for row in unit[1:]] == ["BM-HT-01-01"]
    assert unit[1][1] == "Danh mục tài liệu nội bộ"


def test_export_of_a_search_is_what_the_search_shows(tenant_client, agency_a, people, library):
    client = tenant_client(agency_a, people.secretary)
    page = client.get("/documents/?q=danh+gia+noi+bo").content.decode()
    assert "QT-HT-02" in page and "QT-HT-01" not in page
    rows = xlsx_rows(client.get("/documents/export.xlsx?q=danh+gia+noi+bo"))
    assert [row[0] for row in rows[1:]] == ["QT-HT-02"]


def test_staff_export_only_what_staff_see(tenant_client, agency_a, people, library):
    rows = csv_rows(tenant_client(agency_a, people.staff).get("/documents/export.csv"))
    assert sorted(row[0] for row in rows[1:]) == ["BM-HT-01-01", "QT-HT-01", "QT-HT-02"]


def test_unknown_export_format_is_404(tenant_client, agency_a, people, library):
    assert tenant_client(agency_a, people.secretary).get("/documents/export.pdf").status_code == 404


def test_unread_list_exports(tenant_client, agency_a, people, library):
    from documents import services

    services.distribute(library, actor=people.secretary, users=[people.staff, people.staff2])
    services.acknowledge(library.effective_revision, user=people.staff2)
    client = tenant_client(agency_a, people.secretary)
    rows = xlsx_rows(client.get(f"/documents/{library.pk}/unread.xlsx"))
    assert rows[0][0] == "Họ và tên"
    assert [row[0] for row in rows[1:]] == [people.staff.display_name]
    assert [row[0] for row in csv_rows(client.get(f"/documents/{library.pk}/unread.csv"))[1:]] == [
        people.staff.display_name]


def test_records_export_follows_year_and_procedure(tenant_client, agency_a, people, library):

    for year, title in [(2024, "Sổ theo dõi tài liệu 2024"), (2025, "Sổ theo dõi tài liệu 2025"),
                        (2025, "Danh mục tài liệu nội bộ 2025")]:
        record_services.file_record(actor=people.secretary, document=library, year=year, title=title,
                             field="Văn phòng", reference=f"Tủ hồ sơ số {year}")
    client = tenant_client(agency_a, people.staff)
    rows = xlsx_rows(client.get(f"/documents/records/export.xlsx?year=2025&document={library.pk}"))
    assert sorted(row[3] for row in rows[1:]) == ["Danh mục tài liệu nội bộ 2025", "Sổ theo dõi tài liệu 2025"]
    assert {row[2] for row in rows[1:]} == {2025}
    text = csv_rows(client.get("/documents/records/export.csv?q=so+theo+doi"))
    assert sorted(row[3] for row in text[1:]) == ["Sổ theo dõi tài liệu 2024", "Sổ theo dõi tài liệu 2025"]


def test_print_pdf_and_docx_of_the_effective_edition(tenant_client, agency_a, people, library):
    client = tenant_client(agency_a, people.staff)
    pdf = client.get(f"/documents/{library.pk}/print.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/documents/{library.pk}/print.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    log = client.get(f"/documents/{library.pk}/revision-log.pdf")
    assert log.status_code == 200 and log.content.startswith(b"%PDF")


def test_signoff_snapshot_downloads(tenant_client, agency_a, people, library):
    approval = library.effective_revision.signoffs.get(step="approval")
    response = tenant_client(agency_a, people.staff).get(f"/documents/signoffs/{approval.pk}/snapshot.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
