"""The objectives pages: staff read the policy and the year's objectives; the ISO secretary sets and measures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from objectives.models import Measurement, Objective

pytestmark = pytest.mark.django_db


def test_staff_see_the_policy_and_objectives_without_the_forms(tenant_client, agency_a, people, satisfaction,
                                                               publish_new):
    with tenant_context(agency_a):
        publish_new(code="CSCL", kind="quality_policy", title="Chính sách chất lượng",
                    content="<p>Công khai, minh bạch, đúng hẹn</p>")
    client = tenant_client(agency_a, people.staff)
    body = client.get("/objectives/").content.decode()
    assert "Chính sách chất lượng" in body and "Công khai, minh bạch, đúng hẹn" in body
    assert satisfaction.title in body and "≥ 95%" in body and "Chưa đo" in body
    assert 'data-testid="new-objective"' not in body
    detail = client.get(f"/objectives/{satisfaction.pk}/").content.decode()
    assert "Khảo sát ý kiến người dân" in detail and 'data-testid="measurement-form"' not in detail
    assert client.get("/objectives/new/").status_code == 403


def test_the_secretary_sets_an_objective_and_records_a_measurement(tenant_client, agency_a, people):
    client = tenant_client(agency_a, people.secretary)
    response = client.post("/objectives/new/", {
        "year": 2026, "title": "Không có hồ sơ trễ hạn", "comparison": "at_most", "target": "0", "unit": "count",
        "frequency": "monthly", "source": "manual", "owner": people.staff.pk, "plan": "Nhắc hạn hằng tuần"})
    assert response.status_code == 302
    with tenant_context(agency_a):
        objective = Objective.objects.get()
    response = client.post(f"/objectives/{objective.pk}/measure/", {"period": 11, "value": "2", "note": "2 hồ sơ"})
    assert response.status_code == 302
    page = client.get(f"/objectives/{objective.pk}/").content.decode()
    assert "Có nguy cơ không đạt" in page and "2 hồ sơ" in page


def test_a_refused_measurement_keeps_the_input(tenant_client, agency_a, people):
    client = tenant_client(agency_a, people.secretary)
    with tenant_context(agency_a):
        from objectives import services
        objective = services.create_objective(actor=people.secretary, year=2026, title="Đào tạo ISO",
                                              target="100", frequency="yearly")
    # The year's only period has begun; a percentage above 100 is fine as a value, a word is not a number.
    response = client.post(f"/objectives/{objective.pk}/measure/", {"period": 1, "value": "abc"})
    assert response.status_code == 200 and 'data-testid="measurement-form"' in response.content.decode()
    with tenant_context(agency_a):
        assert not Measurement.objects.exists()


def test_the_computed_objective_is_refreshed_from_the_page(tenant_client, agency_a, people, import_sample):
    with tenant_context(agency_a):
        from objectives import services
        import_sample()
        objective = services.create_objective(actor=people.secretary, year=2026, title="Đúng hạn từ 95%",
                                              target="95", frequency="monthly", source="on_time_rate")
    client = tenant_client(agency_a, people.secretary)
    assert 'data-testid="refresh-objective"' in client.get(f"/objectives/{objective.pk}/").content.decode()
    assert client.post(f"/objectives/{objective.pk}/refresh/").status_code == 302
    with tenant_context(agency_a):
        assert dict(Measurement.objects.values_list("period", "value"))[8] == Decimal("66.70")  # D1, D2 of D1–D3


def test_the_history_shows_to_those_who_may_see_it(tenant_client, agency_a, people, satisfaction):
    from objectives import services

    with tenant_context(agency_a):
        services.record_measurement(satisfaction, actor=people.secretary, period=1, value="94")
        services.record_measurement(satisfaction, actor=people.secretary, period=1, value="96", note="Sửa số liệu")
    page = tenant_client(agency_a, people.approver).get(f"/objectives/{satisfaction.pk}/").content.decode()
    assert 'data-testid="history"' in page and "objectives.record_measurement" in page
    assert "94,0</span> → 96,0" in page  # the corrected value, the earlier one kept
    staff_page = tenant_client(agency_a, people.staff).get(f"/objectives/{satisfaction.pk}/").content.decode()
    assert 'data-testid="history"' not in staff_page


def test_the_year_report_prints_every_objective(tenant_client, agency_a, people, satisfaction):
    import io

    import docx
    from pypdf import PdfReader

    from objectives import services

    with tenant_context(agency_a):
        services.record_measurement(satisfaction, actor=people.secretary, period=3, value="93")
    client = tenant_client(agency_a, people.staff)
    pdf = client.get("/objectives/report/?year=2026")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "BÁO CÁO" in text and "95" in text and "Có nguy cơ" in text
    word = client.get("/objectives/report/?year=2026&format=docx")
    paragraphs = docx.Document(io.BytesIO(word.content))
    cells = " ".join(cell.text for table in paragraphs.tables for row in table.rows for cell in row.cells)
    assert satisfaction.title in cells and "≥ 95%" in cells
