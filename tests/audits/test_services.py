"""Internal audit's rules: one programme a year, auditor independence, the checklist from the standard's data,
findings that open NCs once, and the report only when every line is assessed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audits import selectors, services, standards
from audits.indicators import audit_indicators
from audits.models import AuditPlan, AuditProgramme, AuditState, Finding
from audits.review_inputs import audit_results
from core.errors import DomainError
from core.milestones import milestones

pytestmark = pytest.mark.django_db


def test_one_programme_a_year_and_only_the_secretary_keeps_it(programme, people):
    assert programme.title == "Internal audit programme 2026" or "2026" in programme.title
    with pytest.raises(DomainError) as again:
        services.create_programme(actor=people.secretary, year=2026)
    assert again.value.code == "audits_programme_exists"
    with pytest.raises(PermissionDenied):
        services.create_programme(actor=people.staff, year=2027)
    assert AuditProgramme.objects.count() == 1


def test_the_checklist_is_prefilled_from_the_clauses_and_the_procedures(plan_audit):
    plan = plan_audit()
    lines = selectors.checklist(plan)
    assert [line.clause for line in lines] == ["7.5", "8.5", "10.2", ""]
    assert lines[0].title == "Thông tin dạng văn bản" and "kiểm soát" in lines[0].questions
    assert lines[-1].document_id == plan_audit.procedure.pk and lines[-1].title.startswith("QT-HT-05")
    assert plan.edition.code == "TCVN ISO 9001:2015" and plan.state == AuditState.PLANNED


def test_without_clauses_every_clause_not_excludable_is_in_scope(plan_audit):
    plan = plan_audit(clauses=None)
    numbers = [line.clause for line in selectors.checklist(plan) if line.clause]
    assert "4.1" in numbers and "10.3" in numbers and "8.3" not in numbers  # 8.3 may be excluded
    assert numbers == sorted(numbers, key=standards.clause_key)


def test_an_auditor_may_not_audit_their_own_unit(plan_audit, people):
    with pytest.raises(DomainError) as refused:
        plan_audit(lead_auditor=people.staff)  # Ngô Văn Em works in Phòng Hộ tịch
    assert refused.value.code == "audits_auditor_not_independent"
    assert "Ngô Văn Em" in refused.value.message and "Phòng Hộ tịch" in refused.value.message
    with pytest.raises(DomainError) as member:
        plan_audit(auditors=[people.secretary], units=["Phòng Hộ tịch", "văn phòng"])  # the unit's case differs
    assert member.value.code == "audits_auditor_not_independent" and "Trần Thị Bình" in member.value.message
    assert not AuditPlan.objects.exists()


@pytest.mark.parametrize("bad, code", [
    ({"title": " "}, "audits_invalid_value"), ({"ends_on": date(2026, 6, 1)}, "audits_date_order"),
    ({"starts_on": date(2027, 1, 5), "ends_on": date(2027, 1, 6)}, "audits_date_order"),
    ({"clauses": ["4.9"]}, "audits_invalid_value"), ({"edition": "ISO 9001:2099"}, "audits_unknown_edition"),
    ({"document_ids": [987654]}, "audits_invalid_value"), ({"lead_auditor": None}, "audits_invalid_value"),
    ({"units": [], "processes": "", "document_ids": []}, "audits_invalid_value")])
def test_a_bad_plan_saves_nothing(plan_audit, bad, code):
    with pytest.raises(DomainError) as refused:
        plan_audit(**bad)
    assert refused.value.code == code
    assert not AuditPlan.objects.exists()


def test_an_auditor_from_another_agency_is_refused(plan_audit, agency_b, user_factory):
    from accounts.roles import Role

    stranger = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Người Lạ")
    with pytest.raises(DomainError) as refused:
        plan_audit(auditors=[stranger])
    assert refused.value.code == "audits_not_agency_member"


def test_issuing_tells_the_team_once(plan_audit, people):
    from notifications.models import Notification

    plan = plan_audit()
    with pytest.raises(DomainError) as early:
        services.start_audit(plan, actor=people.secretary)
    assert early.value.code == "audits_wrong_state"
    services.issue_plan(plan, actor=people.secretary)
    # after_commit work: run it as the commit would
    services._tell_team(AuditPlan.objects.get(pk=plan.pk))
    told = Notification.objects.filter(verb="audit_plan")
    assert sorted(n.recipient_id for n in told) == sorted([people.staff2.pk, people.secretary.pk])
    assert f"/audits/plans/{plan.pk}/" in told.first().link
    with pytest.raises(DomainError):
        services.issue_plan(plan, actor=people.secretary)


def test_a_nonconformity_finding_opens_one_nc(in_progress, people):
    from nonconformities.models import Nonconformity

    lines = selectors.checklist(in_progress)
    ok = services.record_finding(lines[0], actor=people.secretary, grade="conformity",
                                 evidence="Danh mục tài liệu được cập nhật")
    assert ok.nonconformity_id is None
    minor = services.record_finding(lines[-1], actor=people.secretary, grade="minor",
                                    evidence="02 hồ sơ khai sinh trả trễ hạn không có phiếu xin lỗi")
    nc = Nonconformity.objects.get(pk=minor.nonconformity_id)
    assert nc.source == "audit" and nc.source_ref == f"audit-finding:{minor.pk}" and nc.grade == "minor"
    assert nc.document_id == lines[-1].document_id and nc.detected_on == date(2026, 6, 10)
    # raising again for the same finding finds the same NC (idempotent on source_ref)
    assert services._raise_nonconformity(minor, in_progress, people.secretary) == nc.pk
    assert Nonconformity.objects.count() == 1
    states = selectors.nonconformity_states([nc.pk])
    assert states[nc.pk]["number"] == nc.number and states[nc.pk]["closed"] is False
    assert audit_indicators()["audit_findings_open"] == 1


def test_a_bad_finding_saves_nothing(in_progress, people, plan_audit):
    line = selectors.checklist(in_progress)[0]
    for grade, evidence in (("serious", "x"), ("major", "  ")):
        with pytest.raises(DomainError):
            services.record_finding(line, actor=people.secretary, grade=grade, evidence=evidence)
    assert not Finding.objects.exists()


def test_the_report_needs_every_line_and_reaches_the_milestone(in_progress, people):
    lines = selectors.checklist(in_progress)
    services.record_finding(lines[0], actor=people.secretary, grade="observation", evidence="Sổ theo dõi ghi chưa đủ")
    with pytest.raises(DomainError) as incomplete:
        services.complete_audit(in_progress, actor=people.secretary, conclusion="Hệ thống phù hợp")
    assert incomplete.value.code == "audits_checklist_incomplete" and "8.5" in incomplete.value.message
    for line in lines[1:]:
        services.record_finding(line, actor=people.secretary, grade="conformity", evidence="Phù hợp")
    with pytest.raises(DomainError) as future:
        services.complete_audit(in_progress, actor=people.secretary, conclusion="x",
                                completed_on=timezone.localdate() + timedelta(days=2))
    assert future.value.code == "audits_date_order"
    done = services.complete_audit(in_progress, actor=people.secretary, conclusion="HTQLCL được duy trì phù hợp",
                                   completed_on=date(2026, 6, 12))
    assert done.state == AuditState.COMPLETED and selectors.last_completed_on() == date(2026, 6, 12)
    milestone = milestones.get("internal_audit")
    assert milestone.yearly and milestone.reached_on() == date(2026, 6, 12)
    assert selectors.done_in(2026) and not selectors.done_in(2025)
    results = audit_results(date(2026, 1, 1), date(2026, 12, 31))
    assert len(results) == 1 and "Đánh giá Phòng Hộ tịch" in results[0]
    assert audit_results(date(2025, 1, 1), date(2025, 12, 31)) is None
    with pytest.raises(DomainError):
        services.record_finding(lines[0], actor=people.secretary, grade="conformity", evidence="muộn")


def test_the_agenda_lists_planned_audits_not_done(plan_audit, people):
    from audits.agenda import planned_audits

    december = plan_audit(title="Đánh giá Văn phòng tháng 12", starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 9),
                          units=["Phòng Hành chính tư pháp"], lead_auditor=people.secretary, auditors=[])
    assert [item.title for item in planned_audits(date(2026, 12, 31))] == [december.title]
    assert planned_audits(date(2026, 11, 30)) == []


def test_the_report_prints_in_pdf_and_docx(in_progress, people):
    from audits import report

    line = selectors.checklist(in_progress)[1]
    services.record_finding(line, actor=people.secretary, grade="major", evidence="Không theo dõi hồ sơ trễ hạn")
    document = report.report_document(in_progress)
    assert document.doc_type == "BÁO CÁO" and document.is_draft
    rows = document.sections[2].tables[0].rows
    assert rows[0][1] == "Không phù hợp nặng" and rows[0][3].startswith("NC-2026-")
    assert report.report_pdf(in_progress).startswith(b"%PDF")
    assert report.report_docx(in_progress).startswith(b"PK")


def test_the_team_is_reminded_once_before_the_audit(plan_audit, people):
    from audits.tasks import remind_teams
    from notifications.models import Notification

    plan = services.issue_plan(plan_audit(), actor=people.secretary, issued_on=date(2026, 6, 1))
    assert remind_teams(date(2026, 6, 1)) == 0  # starts on 10 June: too early
    assert remind_teams(date(2026, 6, 8)) == 2 and remind_teams(date(2026, 6, 9)) == 0  # once per person
    assert Notification.objects.filter(key__endswith=":soon", link__contains=f"/plans/{plan.pk}/").count() == 2
