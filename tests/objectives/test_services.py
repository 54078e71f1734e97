"""Objectives' rules: who keeps them, the status rule over each of its cases, computed on-time rates,
measurements only for begun periods, bad input saving nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import DomainError
from core.indicators import indicator
from objectives import selectors, services
from objectives.models import Measurement, Objective

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


def _objective(people, **overrides):
    data = {"year": 2026, "title": "Không có hồ sơ trễ hạn", "target": "0", "comparison": "at_most",
            "unit": "count", "frequency": "monthly"}
    data.update(overrides)
    return services.create_objective(actor=people.secretary, **data)


def test_staff_and_approvers_may_not_set_objectives(in_agency_a, people):
    for actor in (people.staff, people.approver):
        with pytest.raises(PermissionDenied):
            services.create_objective(actor=actor, year=2026, title="Mục tiêu", target="1")
    assert not Objective.objects.exists()


@pytest.mark.parametrize(("overrides", "code"), [
    ({"title": "  "}, "objective_invalid_value"),
    ({"target": "nhiều"}, "objective_invalid_value"),
    ({"target": "120", "unit": "percent", "comparison": "at_least"}, "objective_invalid_value"),
    ({"year": 1990}, "objective_invalid_year"),
    ({"frequency": "weekly"}, "objective_invalid_value"),
    ({"source": "on_time_rate", "unit": "days"}, "objective_invalid_value"),
])
def test_bad_objectives_are_refused_and_nothing_saved(in_agency_a, people, overrides, code):
    with pytest.raises(DomainError) as refused:
        _objective(people, **overrides)
    assert refused.value.code == code and refused.value.message
    assert not Objective.objects.exists()


def test_the_owner_must_be_a_member_of_the_agency(in_agency_a, people, user_factory, agency_b):
    from accounts.roles import Role

    outsider = user_factory(agency_b, Role.STAFF, full_name="Người xã khác")
    with pytest.raises(DomainError) as refused:
        _objective(people, owner=outsider)
    assert refused.value.code == "objective_not_agency_member"


def test_status_over_each_case(in_agency_a, people, satisfaction):
    # No measurement: not measured.
    assert selectors.status(satisfaction, TODAY) == selectors.NOT_MEASURED
    services.record_measurement(satisfaction, actor=people.secretary, period=1, value="96.5")
    satisfaction = selectors.objectives().get(pk=satisfaction.pk)
    assert selectors.status(satisfaction, TODAY) == selectors.ON_TRACK
    # The latest measurement misses: at risk while the year runs, missed once it is over.
    services.record_measurement(satisfaction, actor=people.secretary, period=3, value="93", note="Quý III giảm")
    satisfaction = selectors.objectives().get(pk=satisfaction.pk)
    assert selectors.status(satisfaction, TODAY) == selectors.AT_RISK
    assert selectors.status(satisfaction, date(2027, 1, 5)) == selectors.MISSED
    # A last period (Q4) that meets the target: met, even before the year ends.
    services.record_measurement(satisfaction, actor=people.secretary, period=4, value="95")
    satisfaction = selectors.objectives().get(pk=satisfaction.pk)
    assert selectors.status(satisfaction, TODAY) == selectors.MET


def test_at_most_objectives_meet_at_or_below_the_target(in_agency_a, people):
    late = _objective(people)
    services.record_measurement(late, actor=people.secretary, period=10, value="0")
    assert selectors.status(selectors.objectives().get(pk=late.pk), TODAY) == selectors.ON_TRACK
    services.record_measurement(late, actor=people.secretary, period=11, value="2")
    assert selectors.status(selectors.objectives().get(pk=late.pk), TODAY) == selectors.AT_RISK


def test_a_measurement_corrects_its_period_and_periods_not_begun_are_refused(in_agency_a, people, satisfaction):
    services.record_measurement(satisfaction, actor=people.secretary, period=2, value="94")
    services.record_measurement(satisfaction, actor=people.secretary, period=2, value="95.5", note="Sửa số liệu")
    assert list(satisfaction.measurements.values_list("period", "value")) == [(2, Decimal("95.50"))]
    future = _objective(people, year=2027, frequency="quarterly")
    with pytest.raises(DomainError) as refused:
        services.record_measurement(future, actor=people.secretary, period=1, value="0")
    assert refused.value.code == "objective_period_not_started"
    with pytest.raises(DomainError):
        services.record_measurement(satisfaction, actor=people.secretary, period=5, value="90")
    with pytest.raises(PermissionDenied):
        services.record_measurement(satisfaction, actor=people.staff, period=1, value="90")
    assert Measurement.objects.count() == 1


def test_the_frequency_cannot_change_once_measured(in_agency_a, people, satisfaction):
    updated = services.update_objective(satisfaction, actor=people.secretary, target="97", plan="Kế hoạch mới")
    assert updated.target == Decimal("97.00") and updated.plan == "Kế hoạch mới"
    services.record_measurement(satisfaction, actor=people.secretary, period=1, value="96")
    with pytest.raises(DomainError) as refused:
        services.update_objective(satisfaction, actor=people.secretary, frequency="monthly")
    assert refused.value.code == "objective_invalid_value"
    satisfaction.refresh_from_db()
    assert satisfaction.frequency == "quarterly"


def test_the_on_time_rate_is_computed_per_period_from_the_dossiers(in_agency_a, people, import_sample):
    import_sample()
    on_time = _objective(people, title="Giải quyết đúng hạn từ 95% hồ sơ", target="95", comparison="at_least",
                         unit="percent", frequency="quarterly", source="on_time_rate")
    with pytest.raises(DomainError) as refused:
        services.record_measurement(on_time, actor=people.secretary, period=3, value="100")
    assert refused.value.code == "objective_computed"
    services.refresh_computed(on_time, actor=people.secretary)
    values = dict(on_time.measurements.values_list("period", "value"))
    # Q3: D1, D2, D6, D7 on time, D3 late (tests/dossiers/test_rates.py); Q4: D4 late. Q1, Q2: nothing resolved.
    assert values == {3: Decimal("80.00"), 4: Decimal("0.00")}
    assert selectors.status(selectors.objectives().get(pk=on_time.pk), TODAY) == selectors.AT_RISK
    services.refresh_computed(on_time, actor=people.secretary)  # idempotent
    assert on_time.measurements.count() == 2
    manual = _objective(people)
    with pytest.raises(DomainError) as refused:
        services.refresh_computed(manual, actor=people.secretary)
    assert refused.value.code == "objective_not_computed"


def test_summary_indicators_and_review_input(in_agency_a, people, satisfaction):
    late = _objective(people)
    services.record_measurement(late, actor=people.secretary, period=11, value="3")
    services.record_measurement(satisfaction, actor=people.secretary, period=3, value="97")
    _objective(people, title="Đào tạo 100% công chức về ISO", target="100", comparison="at_least", unit="percent",
               frequency="yearly")
    found = selectors.summary(2026, TODAY)
    assert (found.total, found.met, found.at_risk, found.not_measured) == (3, 1, 1, 1)
    assert indicator("objectives_met") is not None
    from objectives.indicators import objective_indicators
    assert objective_indicators() == {"objectives_met": 1, "objectives_total": 3, "objectives_at_risk": 1}
    from core.review_inputs import gather
    c2 = next(item for item in gather(date(2026, 1, 1), TODAY) if item["item"] == "c2")
    lines = c2["sources"][0]["lines"]
    assert "1" in lines[0] and "3" in lines[0]
    assert any("Không có hồ sơ trễ hạn" in line and "≤ 0" in line and "3" in line for line in lines)


def test_measurements_due_on_the_agenda(in_agency_a, people, satisfaction):
    due = selectors.measurements_due(date(2026, 12, 31), TODAY)
    # Q1–Q3 ended without a value (due 10 days after each quarter); Q4 has not ended.
    assert [(d.period, d.due_on) for d in due] == [(1, date(2026, 4, 10)), (2, date(2026, 7, 10)),
                                                   (3, date(2026, 10, 10))]
    services.record_measurement(satisfaction, actor=people.secretary, period=2, value="96")
    assert [d.period for d in selectors.measurements_due(date(2026, 12, 31), TODAY)] == [1, 3]
    from core.agenda import due_until
    items = [d.item for d in due_until(date(2026, 12, 31)) if d.source.key == "objectives"]
    assert len(items) == 2 and items[0].owner == "Phạm Minh Dũng" and "/objectives/" in items[0].url


def test_public_section_shows_only_what_is_published_and_no_names(in_agency_a, people, satisfaction,
                                                                   make_document, publish_new):
    from objectives.public_page import public_objectives

    services.record_measurement(satisfaction, actor=people.secretary, period=3, value="96")
    assert public_objectives() is None  # no policy in force, objectives not adopted by a document
    make_document(code="CSCL-DT", kind="quality_policy", title="Chính sách chất lượng (dự thảo)",
                  content="<p>Bản dự thảo chưa ban hành</p>")
    assert public_objectives() is None  # a draft policy is not shown
    publish_new(code="CSCL", kind="quality_policy", title="Chính sách chất lượng",
                content="<p>Phục vụ nhân dân tận tụy, minh bạch</p>")
    section = public_objectives()
    assert "tận tụy" in section["policy"].content and section["objectives"] == []
    publish_new(code="MTCL", kind="quality_objectives", title="Mục tiêu chất lượng năm 2026")
    section = public_objectives()
    assert [o["title"] for o in section["objectives"]] == [satisfaction.title]
    assert section["objectives"][0]["latest"] == "96%"
    assert "Phạm Minh Dũng" not in repr(section) and "Trần Thị Bình" not in repr(section)


def test_due_measurements_are_told_to_the_owner_once(in_agency_a, people, satisfaction):
    from notifications.models import Notification
    from objectives.tasks import remind_here

    unowned = _objective(people, title="Đào tạo ISO cho công chức", target="90", comparison="at_least",
                         unit="percent", frequency="half_yearly")
    services.record_measurement(unowned, actor=people.secretary, period=1, value="92")
    assert remind_here("2026-12-02") == 3  # Q1–Q3 of the satisfaction survey, to its owner
    assert remind_here("2026-12-02") == 0
    told = Notification.objects.filter(recipient=people.reviewer)
    assert told.count() == 3 and "Quý III/2026" in " ".join(told.values_list("message", flat=True))
    # On 4 January both fall due within the week (10 January): Q4 to the owner, the unowned second half to
    # everyone who keeps the objectives (two ISO secretaries and the agency admin).
    assert remind_here("2027-01-04") == 1 + 3
    assert Notification.objects.filter(recipient=people.admin, message__contains="6 tháng cuối năm 2026").exists()


def test_the_nightly_refresh_computes_without_a_person(in_agency_a, people, import_sample):
    from objectives.tasks import remind_here

    import_sample()
    on_time = _objective(people, title="Đúng hạn từ 95%", target="95", comparison="at_least", unit="percent",
                         frequency="quarterly", source="on_time_rate")
    assert remind_here("2026-12-02") == 0  # computed objectives are refreshed, not reminded
    rows = {m.period: m for m in on_time.measurements.all()}
    assert rows[3].value == Decimal("80.00") and rows[3].recorded_by_id is None
    assert "(tính đến 02/12/2026)" in rows[4].note
    assert services.refresh_all_computed(date(2026, 12, 2)) == 0  # nothing moved: nothing written
