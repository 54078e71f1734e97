"""Working days as TTHC time limits count them: weekends, public holidays and Tết off, the Saturdays the
government moves work to on, and a province's own changes; the DOST of that province keeps them."""

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from core.errors import DomainError
from workdays import selectors, services
from workdays.models import ProvinceCalendarDay


def test_weekends_public_holidays_and_tet_are_skipped():
    # Wednesday 3/2/2027; Tết 2027 is off from Thursday 4/2 to Wednesday 10/2 (the library's calendar).
    assert selectors.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert selectors.add_working_days(date(2027, 2, 3), 5) == date(2027, 2, 17)
    assert selectors.working_days_between(date(2027, 2, 3), date(2027, 2, 17)) == 5
    # Friday 4/9/2026 + 1 skips the weekend; Hùng Kings' day 16/4/2027 (Friday) is off.
    assert selectors.add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)
    assert selectors.add_working_days(date(2027, 4, 15), 1) == date(2027, 4, 19)
    assert selectors.add_working_days(date(2027, 2, 6), 0) == date(2027, 2, 11)  # received on Tết: first day after


def test_a_saturday_moved_to_work_counts():
    # The government moved work to Saturday 22/8/2026 for the 31/8 day off.
    assert selectors.is_working_day(date(2026, 8, 22)) and not selectors.is_working_day(date(2026, 8, 31))
    assert selectors.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)


def test_day_counts_are_bounded():
    with pytest.raises(DomainError) as refused:
        selectors.add_working_days(date(2027, 1, 1), -1)
    assert refused.value.code == "invalid_day_count"


@pytest.mark.django_db
def test_a_province_day_off_and_day_worked_change_the_count_for_that_province_only(
        supervisor, province, user_factory):
    from tenants.models import Province

    admin = user_factory(supervisor, Role.SUPERVISOR_ADMIN)
    with tenant_context(supervisor):
        services.add_calendar_day(actor=admin, agency=supervisor, day=date(2027, 3, 26), kind="day_off",
                                  name="Kỷ niệm ngày giải phóng tỉnh (ví dụ)", legal_basis="Quyết định 5/QĐ-UBND")
        services.add_calendar_day(actor=admin, agency=supervisor, day=date(2027, 3, 27), kind="working_day",
                                  name="Làm bù ngày 26/3")
    other = Province.objects.create(code="92", name="Thành phố Cần Thơ", slug="can-tho")
    assert selectors.add_working_days(date(2027, 3, 25), 1, province) == date(2027, 3, 27)
    assert selectors.add_working_days(date(2027, 3, 25), 1, other) == date(2027, 3, 26)
    assert selectors.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 26)
    names = [d.name for d in selectors.year_calendar(2027, province) if d.source == "province"]
    assert names == ["Kỷ niệm ngày giải phóng tỉnh (ví dụ)", "Làm bù ngày 26/3"]


@pytest.mark.django_db
def test_only_the_province_dost_changes_the_calendar_and_refusals_change_nothing(
        supervisor, agency_a, user_factory):
    from django.core.exceptions import PermissionDenied

    admin = user_factory(supervisor, Role.SUPERVISOR_ADMIN)
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    agency_admin = user_factory(agency_a, Role.AGENCY_ADMIN)
    day = {"day": date(2027, 3, 26), "kind": "day_off", "name": "Nghỉ"}
    with tenant_context(supervisor), pytest.raises(PermissionDenied):
        services.add_calendar_day(actor=inspector, agency=supervisor, **day)
    with tenant_context(agency_a), pytest.raises(DomainError) as refused:
        services.add_calendar_day(actor=agency_admin, agency=agency_a, **day)
    assert refused.value.code == "not_the_province_supervisor"
    with tenant_context(supervisor):
        for bad, code in (({"name": " "}, "calendar_reason_required"),
                          ({"day": date(2027, 2, 6)}, "calendar_day_pointless"),
                          ({"day": date(2027, 3, 24), "kind": "working_day"}, "calendar_day_pointless")):
            with pytest.raises(DomainError) as refused:
                services.add_calendar_day(actor=admin, agency=supervisor, **{**day, **bad})
            assert refused.value.code == code
        services.add_calendar_day(actor=admin, agency=supervisor, **day)
        with pytest.raises(DomainError) as refused:
            services.add_calendar_day(actor=admin, agency=supervisor, **day)
        assert refused.value.code == "calendar_day_taken"
    assert ProvinceCalendarDay.objects.count() == 1


@pytest.mark.django_db
def test_calendar_page_and_api(tenant_client, api_client, supervisor, agency_b, user_factory):
    admin = user_factory(supervisor, Role.SUPERVISOR_ADMIN)
    page = tenant_client(supervisor, admin)
    response = page.post("/calendar/add/", {"day": "2027-03-26", "kind": "day_off", "name": "Nghỉ lễ tỉnh",
                                            "legal_basis": ""})
    assert response.status_code == 302
    refused = page.post("/calendar/add/", {"day": "2027-02-06", "kind": "day_off", "name": "Tết"})
    assert "đã là ngày nghỉ" in refused.content.decode()  # the rule's sentence, in Vietnamese, on the form
    staff = user_factory(agency_b, Role.STAFF)
    body = tenant_client(agency_b, staff).get("/calendar/?year=2027&start=2027-02-03&days=5").content.decode()
    assert "Nghỉ lễ tỉnh" in body and "Tết Nguyên Đán" in body and "17/02/2027" in body
    assert "calendar-day-form" not in body  # agencies read; the DOST changes

    client = api_client(agency_b, staff)
    assert client.get("/api/v1/calendar/deadline/?start=2027-02-03&days=5").json()["due"] == "2027-02-17"
    year = client.get("/api/v1/calendar/year/?year=2027").json()
    assert {"day": "2027-03-26", "name": "Nghỉ lễ tỉnh", "working": False, "source": "province"} in year
    assert client.post("/api/v1/calendar/", {"day": "2027-05-04", "name": "x"}, format="json").status_code == 403
    dost = api_client(supervisor, admin)
    created = dost.post("/api/v1/calendar/", {"day": "2027-05-04", "name": "Nghỉ bù"}, format="json")
    assert created.status_code == 201, created.content
    bad = dost.post("/api/v1/calendar/", {"day": "2027-05-08", "name": "Thứ bảy"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "calendar_day_pointless"
    assert dost.delete(f"/api/v1/calendar/{created.json()['id']}/").status_code == 204
