"""Records (hồ sơ): filed against a procedure and year, found again by procedure, year, field and text."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from records import services as record_services
from records.models import Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(in_agency_a, publish_new, people):

    document = publish_new("QT-TP-01", title="Quy trình đăng ký khai sinh", kind="tthc_procedure")
    record_services.add_record_requirement(document, actor=people.secretary, name="Sổ đăng ký khai sinh",
                                    kept_by="Bộ phận Một cửa", retention="Vĩnh viễn")
    return document


def test_staff_file_a_record_by_reference(tenant_client, agency_a, people, procedure):
    requirement = procedure.record_requirements.get()
    client = tenant_client(agency_a, people.staff)
    form = client.get(f"/documents/records/new/?document={procedure.pk}").content.decode()
    assert "Sổ đăng ký khai sinh" in form
    response = client.post("/documents/records/new/", {
        "document": procedure.pk, "requirement": requirement.pk, "year": 2025,
        "title": "Hồ sơ khai sinh tháng 3/2025", "field": "Hộ tịch", "reference": "Hộp số 12, kệ B"})
    assert response.status_code == 302
    with tenant_context(agency_a):
        record = Record.objects.get()
        assert record.requirement_id == requirement.pk and record.filed_by_id == people.staff.pk
    listing = client.get(response["Location"]).content.decode()
    assert "Hồ sơ khai sinh tháng 3/2025" in listing and "Hộp số 12, kệ B" in listing


def test_a_record_needs_a_file_or_a_reference_and_keeps_the_input(tenant_client, agency_a, people, procedure):
    response = tenant_client(agency_a, people.staff).post("/documents/records/new/", {
        "document": procedure.pk, "year": 2025, "title": "Hồ sơ không có gì", "field": "Hộ tịch"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tải lên tệp hồ sơ hoặc ghi rõ nơi lưu hồ sơ." in body
    assert 'value="Hồ sơ không có gì"' in body and 'value="Hộ tịch"' in body
    with tenant_context(agency_a):
        assert not Record.objects.exists()


def test_a_record_upload_is_checked_by_content(tenant_client, agency_a, people, procedure, files):
    client = tenant_client(agency_a, people.staff)
    refused = client.post("/documents/records/new/", {
        "document": procedure.pk, "year": 2025, "title": "Bản quét", "file": files.exe("ban-quet.pdf")})
    assert refused.status_code == 200
    assert 'role="alert"' in refused.content.decode()
    accepted = client.post("/documents/records/new/", {
        "document": procedure.pk, "year": 2025, "title": "Danh mục hồ sơ", "file": files.xlsx()})
    assert accepted.status_code == 302
    with tenant_context(agency_a):
        record = Record.objects.get()
    download = client.get(f"/documents/records/{record.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")


def test_records_list_filters_by_year_field_and_text(tenant_client, agency_a, people, procedure):

    for year, title, field in [(2024, "Hồ sơ khai sinh quý 4/2024", "Hộ tịch"),
                               (2025, "Hồ sơ khai sinh quý 1/2025", "Hộ tịch"),
                               (2025, "Biên bản kiểm tra nội bộ", "Văn phòng")]:
        record_services.file_record(actor=people.secretary, document=procedure, year=year, title=title, field=field,
                             reference="Kho lưu trữ")
    client = tenant_client(agency_a, people.staff)
    by_year = client.get("/documents/records/?year=2025").content.decode()
    assert "quý 1/2025" in by_year and "Biên bản kiểm tra nội bộ" in by_year and "quý 4/2024" not in by_year
    by_field = client.get("/documents/records/?field=H%E1%BB%99+t%E1%BB%8Bch").content.decode()
    assert "quý 4/2024" in by_field and "Biên bản" not in by_field
    by_text = client.get("/documents/records/?q=bien+ban", HTTP_HX_REQUEST="true").content.decode()
    assert "Biên bản kiểm tra nội bộ" in by_text and "khai sinh" not in by_text and "<html" not in by_text


def test_records_of_another_agency_are_out_of_reach(tenant_client, agency_a, agency_b, people, user_factory,
                                                   procedure):

    record = record_services.file_record(actor=people.secretary, document=procedure, year=2025, title="Hồ sơ mật",
                                  reference="Tủ A")
    outsider = user_factory(agency_b, Role.STAFF)
    assert tenant_client(agency_a, outsider).get("/documents/records/").status_code == 403
    assert tenant_client(agency_b, outsider).get(f"/documents/records/{record.pk}/file/").status_code == 404
    assert "Hồ sơ mật" not in tenant_client(agency_b, outsider).get("/documents/records/").content.decode()


def test_supervisors_cannot_file_records(tenant_client, agency_a, supervisor, user_factory, procedure):
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    client = tenant_client(agency_a, inspector)
    assert client.get("/documents/records/").status_code == 200
    assert client.get("/documents/records/new/").status_code == 403


def test_secretary_adds_a_required_record_on_the_procedure_page(tenant_client, agency_a, people, procedure):
    client = tenant_client(agency_a, people.secretary)
    empty = client.post(f"/documents/{procedure.pk}/requirements/", {"name": "", "kept_by": "Văn phòng"})
    assert empty.status_code == 200 and 'value="Văn phòng"' in empty.content.decode()
    response = client.post(f"/documents/{procedure.pk}/requirements/",
                           {"name": "Giấy chứng nhận kết hôn", "kept_by": "Bộ phận Một cửa", "retention": "20 năm"})
    assert response.status_code == 302
    page = client.get(f"/documents/{procedure.pk}/").content.decode()
    assert "Giấy chứng nhận kết hôn" in page and "20 năm" in page
