"""The end of the inspection cycle: a draft plan's lines changed and removed (service, page, API), the
approved plan sent to its agencies as a notice, the dossier check's request letter printed, and the daily
reminder of overdue corrective reports."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.errors import DomainError
from inspections import selectors, services
from inspections.models import Inspection, InspectionPlan

from .conftest import approved_plan

pytestmark = pytest.mark.django_db


def _draft(people):
    plan = services.create_plan(actor=people.admin, year=2026)
    first = services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_tu_phap, form="dossier")
    second = services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_y_te, form="dossier")
    return plan, first, second


# ------------------------------------------------------------------------------------- 1. the plan's lines

def test_a_draft_line_changes_and_goes_and_the_shares_follow(people, at_dost):
    plan, first, second = _draft(people)
    assert selectors.plan_shares(plan).on_site == 0 and not selectors.plan_shares(plan).met
    services.update_inspection(first, actor=people.admin, form="on_site", inspecting_unit="",
                               cooperating_unit="Sở Nội vụ", expected_time="Quý III/2026", budget="12.000.000")
    first.refresh_from_db()
    assert (first.form, first.inspecting_unit, first.cooperating_unit, first.expected_time, first.budget) == (
        "on_site", plan.inspecting_unit, "Sở Nội vụ", "Quý III/2026", 12_000_000)
    assert selectors.plan_shares(plan).met
    with pytest.raises(DomainError) as bad:
        services.update_inspection(first, actor=people.admin, form="by phone")
    assert bad.value.code == "insp_invalid_value"
    services.remove_inspection(second, actor=people.admin)
    shares = selectors.plan_shares(plan)
    assert [a.slug for a in shares.missing] == ["so-y-te"] and not shares.met
    services.submit_plan(plan, actor=people.admin)
    with pytest.raises(DomainError) as frozen:
        services.remove_inspection(first, actor=people.admin)
    assert frozen.value.code == "insp_plan_not_draft"


def test_the_plan_page_edits_and_removes_a_line(people, tenant_client):
    with tenant_context(people.agencies.so_khcn):
        plan, first, second = _draft(people)
    client = tenant_client(people.agencies.so_khcn, people.admin)
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert page.count('data-testid="edit-line-form"') == 2 and 'data-testid="plan-warning"' in page
    answer = client.post(f"/inspections/plans/{plan.pk}/", {
        "step": "edit", "inspection": first.pk, "form": "on_site", "inspecting_unit": "Chi cục TĐC",
        "cooperating_unit": "Sở Nội vụ", "expected_time": "Quý II/2026", "budget": "15.000.000"}, follow=True)
    page = answer.content.decode()
    first.refresh_from_db()
    assert (first.form, first.inspecting_unit, first.budget) == ("on_site", "Chi cục TĐC", 15_000_000)
    assert 'data-testid="plan-warning"' not in page and "Chi cục TĐC" in page
    refused = client.post(f"/inspections/plans/{plan.pk}/", {"step": "edit", "inspection": first.pk,
                                                             "form": "on_site", "budget": "mười triệu"}, follow=True)
    first.refresh_from_db()
    assert first.budget == 15_000_000 and "đồng" in refused.content.decode()
    page = client.post(f"/inspections/plans/{plan.pk}/", {"step": "remove", "inspection": second.pk},
                       follow=True).content.decode()
    assert list(plan.inspections.values_list("agency__slug", flat=True)) == ["so-tu-phap"]
    assert 'data-testid="plan-warning"' in page
    client.post(f"/inspections/plans/{plan.pk}/", {"step": "submit"})
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert 'data-testid="edit-line-form"' not in page and 'data-testid="remove-line"' not in page
    client.post(f"/inspections/plans/{plan.pk}/", {"step": "remove", "inspection": first.pk})
    assert plan.inspections.count() == 1


def test_the_api_edits_and_removes_a_line(people, api_client):
    with tenant_context(people.agencies.so_khcn):
        plan, first, second = _draft(people)
    dost = api_client(people.agencies.so_khcn, people.admin)
    edited = dost.post(f"/api/v1/inspections/inspections/{first.pk}/line/",
                       {"form": "on_site", "expected_time": "Quý IV/2026", "budget": 8000000}, format="json")
    assert edited.status_code == 200, edited.content
    assert (edited.json()["form"], edited.json()["expected_time"], edited.json()["budget"]) == (
        "on_site", "Quý IV/2026", 8_000_000)
    assert dost.get(f"/api/v1/inspections/plans/{plan.pk}/shares/").json()["warnings"] == []
    assert dost.post(f"/api/v1/inspections/inspections/{second.pk}/remove/").status_code == 204
    assert not Inspection.objects.filter(pk=second.pk).exists()
    dost.post(f"/api/v1/inspections/plans/{plan.pk}/submit/")
    frozen = dost.post(f"/api/v1/inspections/inspections/{first.pk}/line/", {"budget": 1}, format="json")
    assert frozen.status_code == 400 and frozen.json()["code"] == "insp_plan_not_draft"
    assert InspectionPlan.objects.get(pk=plan.pk).status == "submitted"


# ------------------------------------------------------------------------- 2. the approved plan as a notice

def test_the_approved_plan_goes_once_to_its_agencies_as_a_notice(people, at_dost):
    from notices.models import Notice
    from notices.selectors import concerning

    plan, _on_site, _dossier = approved_plan(people)
    notice = selectors.plan_notice(plan)
    assert notice is not None and notice.kind == Notice.Kind.INSPECTION_PLAN and notice.status == "sent"
    assert notice.title == plan.title and "245/QĐ-UBND" in notice.body and notice.link == "/inspections/"
    assert set(notice.receipts.values_list("agency__slug", flat=True)) == {"so-tu-phap", "so-y-te"}
    assert services.send_plan_notice(plan, actor=people.admin).pk == notice.pk  # issuing again sends nothing
    assert Notice.objects.filter(province_id=plan.province_id).count() == 1 and notice.receipts.count() == 2
    own = dict(concerning(notice, people.agencies.so_tu_phap))
    assert "Quý II/2026" in own.values() and any("2026" in value for value in own.values())
    assert concerning(notice, people.agencies.xa_long_duc) == []  # not in the plan: nothing of its own
    draft = services.create_plan(actor=people.admin, year=2027)
    with pytest.raises(DomainError) as early:
        services.send_plan_notice(draft, actor=people.admin)
    assert early.value.code == "insp_plan_not_approved"


def test_each_agency_reads_its_own_inspection_in_the_notice(people, tenant_client):
    from notices.models import Notice

    with tenant_context(people.agencies.so_khcn):
        plan, _on_site, _dossier = approved_plan(people)
    notice = Notice.objects.get(source_ref=f"inspections:plan:{plan.pk}")
    page = tenant_client(people.agencies.so_tu_phap, people.secretary).get(f"/notices/{notice.pk}/").content.decode()
    assert 'data-testid="notice-concerns"' in page and "Quý II/2026" in page
    dost = tenant_client(people.agencies.so_khcn, people.admin)
    page = dost.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert 'data-testid="plan-notice"' in page and f"/notices/{notice.pk}/" in page
    assert 'data-testid="plan-notify"' not in page
    notice.delete()  # a plan approved before the notice existed (or when it could not go): sent from the page
    assert 'data-testid="plan-notify"' in dost.get(f"/inspections/plans/{plan.pk}/").content.decode()
    dost.post(f"/inspections/plans/{plan.pk}/", {"step": "notify"})
    dost.post(f"/inspections/plans/{plan.pk}/", {"step": "notify"})
    assert Notice.objects.filter(source_ref=f"inspections:plan:{plan.pk}").count() == 1
    assert Notice.objects.get(source_ref=f"inspections:plan:{plan.pk}").receipts.count() == 2


def test_the_api_shows_the_plan_notice_and_sends_it_once(people, api_client):
    from notices.models import Notice

    with tenant_context(people.agencies.so_khcn):
        plan, _on_site, _dossier = approved_plan(people)
    dost = api_client(people.agencies.so_khcn, people.admin)
    notice = Notice.objects.get(source_ref=f"inspections:plan:{plan.pk}")
    assert dost.get(f"/api/v1/inspections/plans/{plan.pk}/").json()["notice"] == notice.pk
    notice.delete()
    assert dost.get(f"/api/v1/inspections/plans/{plan.pk}/").json()["notice"] is None
    sent = dost.post(f"/api/v1/inspections/plans/{plan.pk}/notify/")
    again = dost.post(f"/api/v1/inspections/plans/{plan.pk}/notify/")
    assert sent.status_code == again.status_code == 200 and sent.json()["notice"] == again.json()["notice"]
    assert Notice.objects.filter(source_ref=f"inspections:plan:{plan.pk}").count() == 1
    secretary = api_client(people.agencies.so_tu_phap, people.secretary)
    assert secretary.post(f"/api/v1/inspections/plans/{plan.pk}/notify/").status_code == 403


# ---------------------------------------------------------------------------------- 3. the request letter

def test_the_request_letter_prints_in_the_letter_layout(people, tenant_client):
    from tests.printing.test_layouts import _docx_text, _pdf_text

    with tenant_context(people.agencies.so_khcn):
        _plan, on_site, dossier = approved_plan(people)
        services.send_request(dossier, actor=people.admin, number="120/SKHCN-TĐC", sent_on=date(2026, 4, 1),
                              answer_due=date(2026, 4, 30))
    client = tenant_client(people.agencies.so_khcn, people.admin)
    assert 'data-testid="print-request"' in client.get(f"/inspections/{dossier.pk}/").content.decode()
    texts = []
    for fmt, read in (("docx", _docx_text), ("pdf", _pdf_text)):
        printed = client.get(f"/inspections/{dossier.pk}/print/request.{fmt}")
        assert printed.status_code == 200
        texts.append(" ".join(read(printed.content).split()))
    for text in texts:
        for expected in ("Số: 120/SKHCN-TĐC", "V/v Đề nghị báo cáo việc áp dụng", "Kính gửi: Sở Y tế",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "245/QĐ-UBND", "30/04/2026", "GIÁM ĐỐC", "Nơi nhận:",
                         "hồ sơ chứng minh"):
            assert expected in text, (expected, text[:400])
        assert "CÔNG VĂN" not in text  # a letter names no type
    # the agency reads its own letter; an on-site inspection has no request letter
    agency = tenant_client(people.agencies.so_y_te, _secretary(people.agencies.so_y_te))
    assert agency.get(f"/inspections/{dossier.pk}/print/request.pdf").status_code == 200
    assert client.get(f"/inspections/{on_site.pk}/print/request.pdf").status_code == 404


def _secretary(agency):
    from accounts.roles import Role
    from tests.factories import make_user

    return make_user(agency, Role.ISO_SECRETARY)


# ------------------------------------------------------------------- 4. overdue corrective reports reminded

def _overdue(people, record_on=date(2026, 5, 20)):
    from .conftest import decided

    with tenant_context(people.agencies.so_khcn):
        _plan, on_site, _dossier = approved_plan(people)
        inspection = decided(people, on_site)
        services.add_finding(inspection, actor=people.lead, description="Chưa đánh giá nội bộ", item_code="tc.dd")
        services.make_record(inspection, actor=people.lead, record_on=record_on, place="Sở Tư pháp",
                             conclusion="Còn 1 điểm không phù hợp")
        services.sign_as_lead(inspection, actor=people.lead)
    with tenant_context(people.agencies.so_tu_phap):
        services.sign_for_agency(inspection, actor=people.head)
    inspection.refresh_from_db()
    assert inspection.corrective_due == date(record_on.year, record_on.month + 2, record_on.day)
    return inspection


def _reminders(people, inspection):
    from notifications.models import Notification

    with tenant_context(people.agencies.so_tu_phap):
        return sorted(Notification.objects.filter(key__startswith=f"inspection-corrective-reminder:{inspection.pk}:")
                      .values_list("recipient__username", "key"))


def test_an_overdue_corrective_report_is_reminded_at_most_weekly(people):
    from inspections import tasks

    inspection = _overdue(people)
    assert services.remind_overdue_correctives(date(2026, 7, 20)) == 0  # due today: not overdue yet
    assert services.remind_overdue_correctives(date(2026, 7, 21)) == 1
    first = _reminders(people, inspection)
    assert {name for name, _key in first} == {people.secretary.username, people.head.username}
    assert services.remind_overdue_correctives(date(2026, 7, 21)) == 0  # a rerun the same day sends nothing
    assert tasks.remind_overdue_correctives("2026-07-27") == 0          # within the week
    assert tasks.remind_overdue_correctives("2026-07-28") == 1          # a week later, once more
    inspection.refresh_from_db()
    assert (inspection.corrective_reminded_on, inspection.corrective_reminders) == (date(2026, 7, 28), 2)
    assert len(_reminders(people, inspection)) == 2 * len(first)
    with tenant_context(people.agencies.so_tu_phap):
        services.submit_corrective_report(inspection, actor=people.secretary, report="Đã đánh giá nội bộ")
    assert services.remind_overdue_correctives(date(2026, 8, 10)) == 0  # submitted: no more reminders


def test_the_dost_sees_the_reminders_on_its_pages(people, tenant_client):
    from core.tasks import app

    inspection = _overdue(people, record_on=date(2026, 1, 5))
    services.remind_overdue_correctives()
    dost = tenant_client(people.agencies.so_khcn, people.admin)
    page = dost.get(f"/inspections/{inspection.pk}/").content.decode()
    assert 'data-testid="corrective-reminded"' in page
    assert timezone_date_shown() in page
    index = dost.get("/inspections/").content.decode()
    assert 'data-testid="corrective-overdue"' in index and timezone_date_shown() in index
    assert app.conf.beat_schedule["inspections: remind overdue corrective reports"]["task"] == (
        "inspections.remind_overdue_correctives")


def timezone_date_shown() -> str:
    from django.utils import timezone

    return timezone.localdate().strftime("%d/%m/%Y")


def test_the_dosts_agency_page_and_api_say_why_in_the_agencys_own_data(people, tenant_client, api_client):
    # The rollup keeps values; the drill-down reads the reasons live: the overdue corrective report with its
    # dates (this area) and why the publication state is what it is (the announcement's own reasons).
    inspection = _overdue(people, record_on=date(2026, 1, 5))
    agency = people.agencies.so_tu_phap
    due = inspection.corrective_due.strftime("%d/%m/%Y")
    page = tenant_client(people.agencies.so_khcn, people.lead).get(f"/supervision/agencies/{agency.pk}/")
    assert page.status_code == 200
    reasons = page.context["reasons"]
    assert any("05/01/2026" in reason and due in reason for reason in reasons)
    assert 'data-testid="agency-reasons"' in page.content.decode()
    with tenant_context(agency):
        from announcement.selectors import publication_state

        expected = [str(reason) for reason in publication_state().reasons]
    assert expected and all(reason in reasons for reason in expected)
    answer = api_client(people.agencies.so_khcn, people.lead).get(f"/api/v1/supervision/agencies/{agency.pk}/reasons/")
    assert answer.status_code == 200 and answer.json() == {"reasons": reasons}
    with tenant_context(agency):
        services.submit_corrective_report(inspection, actor=people.secretary, report="Đã đánh giá nội bộ")
    after = api_client(people.agencies.so_khcn, people.lead).get(f"/api/v1/supervision/agencies/{agency.pk}/reasons/")
    assert not any(due in reason for reason in after.json()["reasons"])
    elsewhere = api_client(agency, people.head).get(f"/api/v1/supervision/agencies/{agency.pk}/reasons/")
    assert elsewhere.status_code in (403, 404)  # only the DOST's site supervises
