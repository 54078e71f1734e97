"""The register's rules: scores on the agency's matrix, levels computed (re-levelled by a new matrix),
treatments that fit the kind, residual assessments kept, reminders once, and bad input saving nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import DomainError
from risks import selectors, services
from risks.indicators import risk_indicators
from risks.models import ContextIssue, Risk, RiskAssessment, RiskMatrix

pytestmark = pytest.mark.django_db


def test_the_default_matrix_levels_the_register(late_dossiers):
    grid = selectors.matrix()
    assert (grid.size, grid.medium_from, grid.high_from, grid.saved) == (5, 5, 12, False)
    assert [grid.level_of(s) for s in (4, 5, 11, 12, 25)] == ["low", "medium", "medium", "high", "high"]
    row = selectors.risks().get(pk=late_dossiers.pk)
    assert (row.inherent_score, row.level, row.residual_level, row.current_level) == (16, "high", None, "high")
    assert list(selectors.high_open()) == [late_dossiers]
    assert late_dossiers.assessments.get().basis == "inherent"


def test_changing_the_matrix_relevels_without_touching_the_risks(late_dossiers, people):
    services.set_matrix(actor=people.secretary, size=5, medium_from=10, high_from=20)
    assert selectors.risks().get(pk=late_dossiers.pk).level == "medium"
    assert not selectors.high_open().exists()
    services.set_matrix(actor=people.secretary, size=4, medium_from=4, high_from=9,
                        likelihood_labels="Hiếm\nÍt khi\nCó thể\nThường xuyên", impact_labels=[])
    grid = selectors.matrix()
    assert grid.likelihood_labels[3] == "Thường xuyên" and len(grid.impact_labels) == 4 and grid.saved
    assert selectors.risks().get(pk=late_dossiers.pk).level == "high"
    assert RiskMatrix.objects.count() == 1
    assert Risk.objects.get(pk=late_dossiers.pk).likelihood == 4  # scores are kept, levels move


def test_a_smaller_matrix_is_refused_while_a_risk_is_scored_beyond_it(late_dossiers, people):
    with pytest.raises(DomainError) as refused:
        services.set_matrix(actor=people.secretary, size=3, medium_from=3, high_from=6)
    assert refused.value.code == "risks_matrix_too_small"
    assert not RiskMatrix.objects.exists()


@pytest.mark.parametrize("bad", [{"size": 6}, {"medium_from": 1}, {"high_from": 5}, {"high_from": 26},
                                 {"likelihood_labels": "Một\nHai"}, {"size": "năm"}])
def test_a_bad_matrix_saves_nothing(in_agency_a, people, bad):
    values = {"size": 5, "medium_from": 5, "high_from": 12, **bad}
    with pytest.raises(DomainError) as refused:
        services.set_matrix(actor=people.secretary, **values)
    assert refused.value.code == "risks_bad_matrix"
    assert not RiskMatrix.objects.exists()


def test_scores_must_fit_the_matrix_and_treatments_the_kind(late_dossiers, people, procedure):
    base = {"kind": "risk", "title": "Mất dữ liệu do sự cố máy chủ", "likelihood": 3, "impact": 5,
            "treatment": "reduce", "owner": people.secretary, "review_on": date(2027, 1, 1)}
    cases = [({"likelihood": 6}, "risks_score_out_of_range"), ({"impact": 0}, "risks_score_out_of_range"),
             ({"treatment": "exploit"}, "risks_wrong_treatment"),
             ({"kind": "opportunity", "treatment": "avoid"}, "risks_wrong_treatment"),
             ({"owner": 999999}, "risks_not_agency_member"), ({"documents": [procedure.pk + 1000]},
                                                              "risks_unknown_document"),
             ({"title": "  "}, "risks_invalid_value"), ({"review_on": "02/12/2026"}, "invalid_date"),
             ({"identified_on": timezone.localdate() + timedelta(days=2)}, "risks_invalid_value")]
    for change, code in cases:
        with pytest.raises(DomainError) as refused:
            services.record_risk(actor=people.secretary, **{**base, **change})
        assert refused.value.code == code, change
    assert Risk.objects.count() == 1 and RiskAssessment.objects.count() == 1


def test_only_the_iso_secretary_keeps_the_register(in_agency_a, people):
    for actor in (people.staff, people.approver):
        with pytest.raises(PermissionDenied):
            services.record_risk(actor=actor, kind="risk", title="X", likelihood=1, impact=1, treatment="accept",
                                 owner=people.staff, review_on=date(2027, 1, 1))
        with pytest.raises(PermissionDenied):
            services.record_issue(actor=actor, side="internal", category="people", description="X")
    assert not Risk.objects.exists() and not ContextIssue.objects.exists()


def test_reassessment_treats_the_risk_and_keeps_the_history(late_dossiers, people):
    risk = services.reassess(late_dossiers, actor=people.secretary, likelihood=2, impact=3,
                             assessed_on=date(2026, 8, 20), note="Đã bố trí người dự phòng",
                             review_on=date(2027, 2, 1))
    assert (risk.status, risk.treated_on, risk.residual_score, risk.review_on) == (
        "treated", date(2026, 8, 20), 6, date(2027, 2, 1))
    row = selectors.risks().get(pk=risk.pk)
    assert (row.level, row.residual_level, row.current_level) == ("high", "medium", "medium")
    assert not selectors.high_open().exists()
    assert [a.basis for a in selectors.assessments(risk)] == ["residual", "inherent"]
    again = services.update_risk(risk, actor=people.secretary, likelihood=5)
    assert again.score == 20 and risk.assessments.filter(basis="inherent").count() == 2
    events = selectors.risk_history(risk)
    assert {e.action for e in events} >= {"risks.record_risk", "risks.reassess", "risks.update_risk"}
    with pytest.raises(DomainError) as early:
        services.reassess(risk, actor=people.secretary, likelihood=1, impact=1, assessed_on=date(2026, 1, 1))
    assert early.value.code == "risks_invalid_value"


def test_a_closed_risk_is_frozen_until_reopened(late_dossiers, people):
    closed = services.close_risk(late_dossiers, actor=people.secretary)
    assert closed.status == "closed" and not selectors.high_open().exists()
    for action in (lambda: services.reassess(closed, actor=people.secretary, likelihood=1, impact=1),
                   lambda: services.update_risk(closed, actor=people.secretary, title="Khác"),
                   lambda: services.close_risk(closed, actor=people.secretary)):
        with pytest.raises(DomainError) as refused:
            action()
        assert refused.value.code == "risks_closed"
    assert services.reopen_risk(closed, actor=people.secretary).status == "open"
    with pytest.raises(DomainError) as twice:
        services.reopen_risk(closed, actor=people.secretary)
    assert twice.value.code == "risks_not_closed"


def test_indicators_agenda_and_filters(late_dossiers, people, procedure):
    from risks.agenda import reviews_due

    opportunity = services.record_risk(actor=people.secretary, kind="opportunity", title="Kết nối CSDL dân cư",
                                       likelihood=5, impact=5, treatment="exploit", owner=people.secretary,
                                       review_on=date(2027, 3, 1))
    assert risk_indicators() == {"risks_high_open": 1, "risk_reviews_overdue": 1}  # opportunities are not risks
    with CaptureQueriesContext(connection) as counted:  # the matrix once, then each count
        risk_indicators()
    assert len([q for q in counted.captured_queries if "risks_riskmatrix" in q["sql"]]) == 1
    due = reviews_due(date(2026, 12, 31))
    assert len(due) == 1 and due[0].title.endswith(": Hồ sơ trễ hạn do thiếu nhân sự một cửa")
    assert due[0].owner == "Lê Văn Cường" and due[0].url.endswith(f"/context/risks/{late_dossiers.pk}/")
    pick = selectors.filtered
    assert list(pick(selectors.RiskFilters(document=procedure.pk))) == [late_dossiers]
    assert list(pick(selectors.RiskFilters(kind="opportunity"))) == [opportunity]
    assert list(pick(selectors.RiskFilters(likelihood=4, impact=4))) == [late_dossiers]
    assert list(pick(selectors.RiskFilters(overdue=True))) == [late_dossiers]
    services.reassess(late_dossiers, actor=people.secretary, likelihood=2, impact=2)
    assert list(pick(selectors.RiskFilters(likelihood=2, impact=2, basis="residual"))) == [late_dossiers]
    assert list(pick(selectors.RiskFilters(likelihood=2, impact=2))) == []
    assert list(pick(selectors.RiskFilters(level="low", basis="residual", kind="risk"))) == [late_dossiers]


def test_the_heat_map_counts_inherent_or_residual(late_dossiers, people):
    def count(heat, likelihood, impact):
        return next(c.count for _l, _label, row in heat.rows for c in row if (c.likelihood, c.impact) == (likelihood, impact))

    heat = selectors.heat_map("inherent", "risk")
    assert heat.total == 1 and count(heat, 4, 4) == 1 and heat.rows[0][0] == 5  # most likely on top
    assert next(c.level for _l, _label, row in heat.rows for c in row if (c.likelihood, c.impact) == (1, 1)) == "low"
    services.reassess(late_dossiers, actor=people.secretary, likelihood=2, impact=3)
    assert count(selectors.heat_map("residual", "risk"), 2, 3) == 1
    assert count(selectors.heat_map("residual", "risk"), 4, 4) == 0
    assert count(selectors.heat_map("inherent", "risk"), 4, 4) == 1


def test_overdue_reviews_are_told_to_the_owner_once(late_dossiers, people):
    from notifications.models import Notification

    assert services.remind_overdue_reviews() == 1
    assert services.remind_overdue_reviews() == 0  # a second run, or a retry, tells nobody twice
    notice = Notification.objects.get(recipient=people.approver)
    assert "Hồ sơ trễ hạn" in notice.message and "01/06/2026" in notice.message
    services.update_risk(late_dossiers, actor=people.secretary, review_on=date(2026, 11, 1))
    assert services.remind_overdue_reviews() == 1  # a new review date that passes is a new reminder


def test_context_issues_and_review_inputs(late_dossiers, people):
    from core.review_inputs import gather

    issue = services.record_issue(actor=people.secretary, side="external", category="legal",
                                  description="Luật sửa đổi về lý lịch tư pháp", noted_on=date(2026, 3, 1))
    services.record_party(actor=people.secretary, name="Người dân", needs="Đúng hạn")
    services.update_issue(issue, actor=people.secretary, relevant=False)
    assert ContextIssue.objects.get().relevant is False
    services.reassess(late_dossiers, actor=people.secretary, likelihood=2, impact=3, assessed_on=date(2026, 9, 1))
    inputs = {item["item"]: item["sources"] for item in gather(date(2026, 1, 1), date(2026, 12, 31))}
    b_lines = next(s["lines"] for s in inputs["b"] if s["source"] == "risks_context")
    assert "Luật sửa đổi về lý lịch tư pháp" in b_lines[0]
    e_lines = next(s["lines"] for s in inputs["e"] if s["source"] == "risks_treated")
    assert "Hồ sơ trễ hạn do thiếu nhân sự một cửa" in e_lines[0] and "(16)" in e_lines[0] and "(6)" in e_lines[0]
    assert not any(s["source"] == "risks_context" for s in
                   {i["item"]: i["sources"] for i in gather(date(2025, 1, 1), date(2025, 12, 31))}["b"])


def test_the_demo_register_is_built_once(in_agency_a, people, make_document):
    from demo.risks import ensure

    make_document("QT-TTHC-01", title="Quy trình cấp Phiếu lý lịch tư pháp", kind="tthc_procedure")
    demo_people = {"admin": people.admin, "thuky": people.secretary, "lanhdao": people.approver, "canbo": people.staff}
    made = ensure(in_agency_a, demo_people, 0)
    assert made > 10 and ensure(in_agency_a, demo_people, 0) == 0
    assert 8 <= Risk.objects.count() <= 12 and Risk.objects.filter(status="closed").count() == 1
    assert Risk.objects.filter(kind="opportunity").count() == 2
    assert selectors.risks_of_document(Risk.objects.get(title__startswith="Hồ sơ trễ hạn").document_ids[0]).exists()
    assert selectors.reviews_overdue().exists() and selectors.high_open().exists()


def test_the_milestone_is_reached_with_an_issue_and_a_risk(late_dossiers, people):
    from core.milestones import milestones

    milestone = next(m for m in milestones if m.key == "risks_determined")
    assert milestone.reached_on() is None and milestone.required_to_apply is False
    services.record_issue(actor=people.secretary, side="internal", category="people", description="Thiếu người",
                          noted_on=date(2026, 3, 1))
    assert milestone.reached_on() == date(2026, 3, 1)


def test_the_daily_task_reminds_in_the_schema_it_runs_in(late_dossiers):
    from risks.tasks import remind_reviews_here

    assert remind_reviews_here("2026-05-01") == 0  # not yet due then
    assert remind_reviews_here("2026-06-02") == 1
    assert remind_reviews_here() == 0  # the same review date: told once


def test_a_commune_demo_has_a_commune_context(agency_b, user_factory):
    from django_tenants.utils import tenant_context

    from accounts.roles import Role
    from demo.risks import COMMUNE_ISSUES, ensure

    people = {"admin": user_factory(agency_b, Role.AGENCY_ADMIN, full_name="Lâm Văn Sang"),
              "thuky": user_factory(agency_b, Role.ISO_SECRETARY, full_name="Tạ Thị Thu"),
              "lanhdao": user_factory(agency_b, Role.APPROVER, full_name="Châu Văn Lộc"),
              "canbo": user_factory(agency_b, Role.STAFF, full_name="Mai Thị Hoa")}
    with tenant_context(agency_b):
        assert ensure(agency_b, people, 3) > 0
        assert ContextIssue.objects.count() == len(COMMUNE_ISSUES)
        assert ContextIssue.objects.filter(description__contains="sáp nhập").exists()
        assert set(Risk.objects.values_list("owner_id", flat=True)) == {p.pk for k, p in people.items() if k != "admin"}
