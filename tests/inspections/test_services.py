"""The plan and its shares, the helpers choosing agencies, a dossier check answered by the agency, an on-site
check from decision to record signed on both sides, findings landing as the agency's NCs, the corrective
report due, submitted and accepted, the indicators and the rollup's refresh, and a second province refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from core.errors import DomainError
from inspections import selectors, services
from inspections.models import Inspection, InspectionPlan

from .conftest import approved_plan, decided

pytestmark = pytest.mark.django_db


def test_the_plan_shows_its_shares_and_warns(people, at_dost):
    plan = services.create_plan(actor=people.admin, year=2026)
    assert plan.inspecting_unit == selectors.DEFAULT_UNIT
    services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_tu_phap, form="dossier")
    shares = selectors.plan_shares(plan)
    assert (shares.mandatory, shares.covered, shares.on_site, shares.on_site_needed) == (2, 1, 0, 1)
    assert [a.slug for a in shares.missing] == ["so-y-te"] and len(shares.warnings) == 2 and not shares.met
    services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_y_te, form="on_site")
    shares = selectors.plan_shares(plan)
    assert shares.met and shares.on_site_percent == 50 and shares.covered_percent == 100
    with pytest.raises(DomainError) as twice:
        services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_y_te, form="dossier")
    assert twice.value.code == "insp_agency_in_plan"
    with pytest.raises(DomainError) as itself:
        services.add_inspection(plan, actor=people.admin, agency=people.agencies.so_khcn, form="dossier")
    assert itself.value.code == "insp_agency_not_inspectable"
    with pytest.raises(DomainError) as bad_budget:
        services.add_inspection(plan, actor=people.admin, agency=people.agencies.xa_long_duc, form="dossier",
                                budget="năm triệu")
    assert bad_budget.value.code == "insp_invalid_value"
    with pytest.raises(DomainError) as again:
        services.create_plan(actor=people.admin, year=2026)
    assert again.value.code == "insp_plan_exists"


def test_plan_submitted_then_approved_then_frozen(people, at_dost):
    plan = services.create_plan(actor=people.admin, year=2026)
    with pytest.raises(DomainError) as empty:
        services.submit_plan(plan, actor=people.admin)
    assert empty.value.code == "insp_plan_empty"
    with pytest.raises(DomainError) as early:
        services.approve_plan(plan, actor=people.admin, number="1/QĐ-UBND", approved_on=date(2026, 2, 1))
    assert early.value.code == "insp_plan_not_submitted"
    plan, on_site, _dossier = approved_plan(people, year=2027)
    assert plan.status == InspectionPlan.Status.APPROVED and plan.approval_number == "245/QĐ-UBND"
    assert on_site.budget == 15_000_000
    with pytest.raises(DomainError) as frozen:
        services.update_inspection(on_site, actor=people.admin, form="dossier")
    assert frozen.value.code == "insp_plan_not_draft"


def test_helpers_choose_oldest_worst_and_a_random_sample(people, at_dost):
    from supervision.models import AgencyStatus

    a = people.agencies
    AgencyStatus.objects.filter(agency=a.so_y_te).update(score=20)
    AgencyStatus.objects.filter(agency=a.so_tu_phap).update(score=80)
    AgencyStatus.objects.filter(agency=a.xa_long_duc).update(score=95)  # whatever an earlier test left there
    assert [x.slug for x in selectors.worst_scored(a.so_khcn.province_id, 2)] == ["so-y-te", "so-tu-phap"]
    plan, _on_site, _dossier = approved_plan(people)
    Inspection.objects.filter(agency=a.so_tu_phap).update(record_on=date(2026, 5, 20))
    Inspection.objects.filter(agency=a.so_y_te).update(record_on=date(2026, 3, 1))
    oldest = [x.slug for x in selectors.oldest_inspected(a.so_khcn.province_id, 3)]
    assert oldest == ["xa-long-duc", "so-y-te", "so-tu-phap"]  # never inspected first
    sample = selectors.random_sample(a.so_khcn.province_id, 2, seed=7)
    assert sample == selectors.random_sample(a.so_khcn.province_id, 2, seed=7) and len(sample) == 2
    assert [x.slug for x in selectors.random_sample(a.so_khcn.province_id, 5, level="commune")] == ["xa-long-duc"]
    draft = services.create_plan(actor=people.admin, year=2028)
    added = services.add_agencies(draft, actor=people.admin, agencies=sample, form="dossier")
    assert len(added) == 2 and not services.add_agencies(draft, actor=people.admin, agencies=sample, form="dossier")


def test_a_dossier_check_is_answered_by_the_agency_on_its_site(people, at_dost):
    from notifications.models import Notification

    _plan, _on_site, dossier = approved_plan(people)
    secretary_y_te = people.secretary  # Sở Tư pháp's secretary is not Sở Y tế's
    with pytest.raises(DomainError) as wrong_form:
        decided(people, dossier)
    assert wrong_form.value.code == "insp_wrong_form"
    dossier = services.send_request(dossier, actor=people.admin, number="120/SKHCN-TĐC", sent_on=date(2026, 4, 1),
                                    answer_due=date(2026, 4, 30))
    assert dossier.status == "requested" and dossier.checklist.count() == len(selectors.checklist_items())
    with pytest.raises(PermissionDenied):  # the DOST does not answer for the agency
        services.answer(dossier, actor=people.admin, report="Báo cáo")
    with tenant_context(people.agencies.so_tu_phap), pytest.raises(DomainError) as other_agency:
        services.answer(dossier, actor=secretary_y_te, report="Báo cáo")
    assert other_agency.value.code == "insp_not_inspected_agency"
    from accounts.roles import Role
    from tests.factories import make_user

    own = make_user(people.agencies.so_y_te, Role.ISO_SECRETARY, full_name="Lê Thị Mai")
    with tenant_context(people.agencies.so_y_te):
        assert Notification.objects.filter(recipient=own).count() == 0  # told before they joined: no notice
        dossier = services.answer(dossier, actor=own, report="Sở Y tế áp dụng HTQLCL cho 45 TTHC.")
    assert dossier.status == "answered" and dossier.answered_by == own


def test_an_on_site_inspection_from_decision_to_corrective_report(people, at_dost, django_capture_on_commit_callbacks,
                                                                  monkeypatch):
    from django.db import connection

    from audit_trail.models import AuditEvent
    from eiso.celery import app
    from nonconformities.models import Nonconformity
    from notifications.models import Notification

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, *args, **kw: sent.append((name, connection.schema_name)))
    _plan, on_site, _dossier = approved_plan(people)
    with tenant_context(people.agencies.so_tu_phap):
        assert not selectors.visible_inspections(people.secretary, people.agencies.so_tu_phap).filter(
            status="decided").exists()
    inspection = decided(people, on_site)
    with tenant_context(people.agencies.so_tu_phap):
        assert Notification.objects.filter(recipient=people.secretary, verb="inspection").count() == 1
        assert selectors.visible_inspections(people.secretary, people.agencies.so_tu_phap).get() == inspection
    items = list(inspection.checklist.all())
    assert [i.code for i in items][:2] == ["tc.a", "tc.b"] and "TTHC" in items[0].evidence
    with pytest.raises(DomainError) as two_leads:
        services.issue_decision(inspection, actor=people.admin, number="1", signed_on=date(2026, 5, 1),
                                visit_on=date(2026, 5, 2), team=[])
    assert two_leads.value.code == "insp_team_lead"
    services.check_item(items[4], actor=people.admin, result="finding", note="Chưa đánh giá nội bộ năm 2026")
    finding = services.add_finding(inspection, actor=people.admin, item_code="tc.dd", grade="major",
                                   description="Chưa thực hiện đánh giá nội bộ năm 2026",
                                   requirement="TCVN ISO 9001:2015 điều 9.2")
    with django_capture_on_commit_callbacks(execute=True):
        inspection = services.make_record(inspection, actor=people.admin, record_on=date(2026, 5, 20),
                                          place="Sở Tư pháp", conclusion="HTQLCL được duy trì, còn 1 điểm không phù hợp.")
    assert inspection.corrective_due == date(2026, 7, 20)
    assert ("supervision.refresh_agency_status", people.agencies.so_tu_phap.schema_name) in sent
    with pytest.raises(DomainError) as not_lead:
        services.sign_as_lead(inspection, actor=people.admin)
    assert not_lead.value.code == "insp_not_team_lead"
    services.sign_as_lead(inspection, actor=people.lead)
    with pytest.raises(PermissionDenied):  # the secretary does not sign for the agency
        with tenant_context(people.agencies.so_tu_phap):
            services.sign_for_agency(inspection, actor=people.secretary)
    with tenant_context(people.agencies.so_tu_phap):
        inspection = services.sign_for_agency(inspection, actor=people.head)
    finding.refresh_from_db()
    assert inspection.signed and finding.nc_id and finding.nc_number
    with tenant_context(people.agencies.so_tu_phap):
        nc = Nonconformity.objects.get(pk=finding.nc_id)
        assert (nc.source, nc.source_ref, nc.grade) == ("inspection", f"inspection-finding:{finding.pk}", "major")
        assert nc.detected_on == date(2026, 5, 20)
        assert Notification.objects.filter(recipient=people.head, key__startswith="inspection-finding").exists()
    assert AuditEvent.objects.filter(chain=people.agencies.so_tu_phap.pk, action="inspection.finding_landed").count() == 1
    again = services.land_finding(finding, actor=people.admin)  # idempotent
    with tenant_context(people.agencies.so_tu_phap):
        assert Nonconformity.objects.filter(source="inspection").count() == 1 and again.nc_id == nc.pk
    assert AuditEvent.objects.filter(action="inspection.finding_landed").count() == 1

    # indicators: the agency's own computation, overdue after 2 months, then the report submitted and accepted
    assert selectors.agency_figures(inspection.agency_id, today=date(2026, 7, 21)) == {
        "inspection_last_on": "2026-05-20", "inspection_last_form": "on_site",
        "inspection_last_result": "findings", "inspection_corrective_overdue": 1}
    assert selectors.agency_figures(inspection.agency_id, today=date(2026, 7, 20))[
        "inspection_corrective_overdue"] == 0
    with tenant_context(people.agencies.so_tu_phap):
        from core.indicators import compute_all

        computed = compute_all()
        assert computed["inspection_last_on"] == "2026-05-20" and computed["inspection_last_result"] == "findings"
        with pytest.raises(DomainError) as not_dost:
            services.accept_corrective_report(inspection, actor=people.admin)
        assert not_dost.value.code == "insp_not_dost"
        services.submit_corrective_report(inspection, actor=people.secretary,
                                          report="Đã đánh giá nội bộ ngày 15/6/2026.")
    inspection = services.accept_corrective_report(inspection, actor=people.admin)
    assert inspection.status == "closed"
    assert selectors.agency_figures(inspection.agency_id, today=date(2027, 1, 1))["inspection_last_result"] == \
        "corrected"


def test_the_next_inspection_verifies_the_previous_findings(people, at_dost):
    _plan, on_site, _dossier = approved_plan(people)
    inspection = decided(people, on_site)
    services.add_finding(inspection, actor=people.admin, description="Chưa cập nhật văn bản pháp luật mới")
    services.make_record(inspection, actor=people.admin, record_on=date(2026, 5, 20), place="", conclusion="Kết luận")
    services.sign_as_lead(inspection, actor=people.lead)
    with tenant_context(people.agencies.so_tu_phap):
        services.sign_for_agency(inspection, actor=people.head)
    plan_2027 = services.create_plan(actor=people.admin, year=2027)
    nxt = services.add_inspection(plan_2027, actor=people.admin, agency=people.agencies.so_tu_phap, form="on_site")
    verify = selectors.findings_to_verify(nxt)
    assert len(verify) == 1 and verify[0]["nc_state"] and verify[0]["inspection"] == inspection


def test_a_record_without_findings_closes_when_signed(people, at_dost):
    _plan, on_site, _dossier = approved_plan(people)
    inspection = decided(people, on_site)
    services.make_record(inspection, actor=people.admin, record_on=date(2026, 5, 20), place="", conclusion="Đạt")
    assert inspection.corrective_due is None
    services.sign_as_lead(inspection, actor=people.lead)
    with tenant_context(people.agencies.so_tu_phap):
        inspection = services.sign_for_agency(inspection, actor=people.head)
        with pytest.raises(DomainError) as nothing_due:
            services.submit_corrective_report(inspection, actor=people.secretary, report="x")
    assert inspection.status == "closed" and nothing_due.value.code == "insp_wrong_state"
    assert selectors.agency_figures(inspection.agency_id)["inspection_last_result"] == "conforms"


def test_another_province_sees_and_changes_nothing(other_province, people, at_dost):
    plan, on_site, _dossier = approved_plan(people)
    with tenant_context(other_province.dost):
        assert not selectors.visible_plans(other_province.admin, other_province.dost).exists()
        assert not selectors.visible_inspections(other_province.admin, other_province.dost).exists()
        with pytest.raises(DomainError) as refused:
            decided(people.__class__(**{**vars(people), "admin": other_province.admin}), on_site)
        assert refused.value.code == "insp_not_dost"
        with pytest.raises(DomainError) as foreign:
            services.add_inspection(services.create_plan(actor=other_province.admin, year=2026),
                                    actor=other_province.admin, agency=people.agencies.so_tu_phap, form="dossier")
        assert foreign.value.code == "insp_agency_not_inspectable"
    with tenant_context(people.agencies.so_tu_phap), pytest.raises(DomainError) as agency_site:
        services.create_plan(actor=people.admin, year=2029)
    assert agency_site.value.code == "insp_not_dost"


def test_settings_name_the_inspecting_unit(people, at_dost):
    services.set_settings(actor=people.admin, inspecting_unit="Chi cục Tiêu chuẩn Đo lường Chất lượng")
    assert services.create_plan(actor=people.admin, year=2026).inspecting_unit == \
        "Chi cục Tiêu chuẩn Đo lường Chất lượng"
    with pytest.raises(PermissionDenied):
        services.set_settings(actor=people.lead, inspecting_unit="Phòng khác")
