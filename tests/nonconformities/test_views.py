"""The nonconformity pages: the register with filters, raising and reporting, each step's form, the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from nonconformities.models import CorrectiveAction, Nonconformity

pytestmark = pytest.mark.django_db
def today():
    """Asked each time: a run that crosses midnight in Hà Nội must not compare two different days."""
    return timezone.localdate()


def test_staff_report_and_the_secretary_raises(tenant_client, agency_a, people, in_agency_a):
    staff = tenant_client(agency_a, people.staff)
    page = staff.get("/nonconformities/new/").content.decode()
    assert 'name="source"' not in page  # staff report, from "staff" only
    response = staff.post("/nonconformities/new/", {"description": "Máy lấy số thứ tự hỏng cả buổi sáng",
                                                    "process": "Bộ phận Một cửa"})
    assert response.status_code == 302
    reported = Nonconformity.objects.get()
    assert reported.source == "staff" and reported.raised_by_id == people.staff.pk
    secretary = tenant_client(agency_a, people.secretary)
    response = secretary.post("/nonconformities/new/", {"source": "complaint", "grade": "major",
                                                        "description": "Công dân phản ánh bị hẹn lại 3 lần"})
    assert response.status_code == 302
    assert Nonconformity.objects.get(source="complaint").grade == "major"
    refused = secretary.post("/nonconformities/new/", {"source": "complaint", "grade": "minor", "description": "x",
                                                       "detected_on": (today() + timedelta(days=5)).isoformat()})
    assert refused.status_code == 200 and "không được là ngày trong tương lai" in refused.content.decode()
    assert Nonconformity.objects.count() == 2


def test_the_list_filters_by_state_source_and_overdue(tenant_client, agency_a, people, planned, raise_nc):
    nc, action = planned
    CorrectiveAction.objects.filter(pk=action.pk).update(due_on=today() - timedelta(days=2))
    raise_nc(source="complaint", description="Phản ánh về thái độ tiếp dân của công chức")
    client = tenant_client(agency_a, people.staff)
    body = client.get("/nonconformities/").content.decode()
    assert body.count('data-testid="nc-row"') == 2 and 'data-testid="nc-overdue-count"' in body
    overdue = client.get("/nonconformities/?overdue=on").content.decode()
    assert overdue.count('data-testid="nc-row"') == 1 and nc.number in overdue
    by_source = client.get("/nonconformities/?source=complaint").content.decode()
    assert "thái độ tiếp dân" in by_source and nc.number not in by_source
    by_state = client.get("/nonconformities/?state=planned").content.decode()
    assert by_state.count('data-testid="nc-row"') == 1


def test_the_lifecycle_through_the_pages(tenant_client, agency_a, people, raise_nc):
    nc = raise_nc()
    secretary = tenant_client(agency_a, people.secretary)
    url = f"/nonconformities/{nc.pk}/"
    assert 'data-testid="nc-correction-form"' in secretary.get(url).content.decode()
    assert secretary.post(url + "correction/", {"correction": "Trả kết quả ngay, xin lỗi công dân"}).status_code == 302
    assert secretary.post(url + "root-cause/", {"root_cause": "Không có cột hạn trả"}).status_code == 302
    assert secretary.post(url + "actions/", {"description": "Bổ sung cột hạn trả", "owner": people.staff.pk,
                                             "due_on": (today() + timedelta(days=7)).isoformat()}).status_code == 302
    refused = secretary.post(url + "close/")
    assert refused.status_code == 302
    assert "không thể đóng" in secretary.get(url).content.decode().lower()
    action = CorrectiveAction.objects.get()
    other = tenant_client(agency_a, people.staff2)
    assert 'data-testid="nc-action-done-form"' not in other.get(url).content.decode()
    assert other.post(f"/nonconformities/actions/{action.pk}/done/", {"result": "x"}).status_code == 400
    owner = tenant_client(agency_a, people.staff)
    assert 'data-testid="nc-action-done-form"' in owner.get(url).content.decode()
    assert owner.post(f"/nonconformities/actions/{action.pk}/done/", {"result": "Đã bổ sung"}).status_code == 302
    not_effective = secretary.post(url + "effectiveness/", {"result": "not_effective", "note": "Vẫn trễ"})
    assert not_effective.status_code == 400  # no new action given
    assert secretary.post(url + "effectiveness/", {"result": "effective", "note": "Không còn trễ"}).status_code == 302
    assert secretary.post(url + "close/").status_code == 302
    nc.refresh_from_db()
    assert nc.state == "closed"
    page = secretary.get(url).content.decode()
    assert 'data-testid="nc-close-form"' not in page and "Đã đóng" in page
    history = secretary.get(url + "history/").content.decode()
    assert "Ghi nhận khắc phục tức thời" in history and "Trần Thị Bình" in history


def test_staff_may_not_take_the_secretarys_steps(tenant_client, agency_a, people, raise_nc):
    nc = raise_nc()
    staff = tenant_client(agency_a, people.staff)
    assert staff.post(f"/nonconformities/{nc.pk}/correction/", {"correction": "x"}).status_code == 403
    assert staff.get(f"/nonconformities/{nc.pk}/history/").status_code == 403
    page = staff.get(f"/nonconformities/{nc.pk}/").content.decode()
    assert 'data-testid="nc-correction-form"' not in page and 'data-testid="nc-history"' not in page
    with tenant_context(agency_a):
        assert Nonconformity.objects.get().state == "open"


def test_the_nc_prints_as_a_report(tenant_client, agency_a, people, planned):
    import io

    from docx import Document as Docx

    nc, _action = planned
    client = tenant_client(agency_a, people.staff)
    word = client.get(f"/nonconformities/{nc.pk}/print.docx")
    assert word.status_code == 200 and word["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Docx(io.BytesIO(word.content)).paragraphs)
    assert "BÁO CÁO" in text and nc.number in text and "Khắc phục tức thời" in text
    tables = "\n".join(cell.text for table in Docx(io.BytesIO(word.content)).tables for row in table.rows
                       for cell in row.cells)
    assert "Bổ sung cột hạn trả vào sổ theo dõi" in tables and "Ngô Văn Em" in tables
    pdf = client.get(f"/nonconformities/{nc.pk}/print.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
