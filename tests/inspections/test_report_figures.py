"""The year's inspections in the province's reports: each figure the agencies behind it."""

from datetime import date

from django_tenants.utils import tenant_context

from inspections import services
from province_reports.figures import Scope, figures
from tests.inspections.conftest import approved_plan, decided


def _figure(key, scope):
    return sorted(figures.get(key).agencies(scope))


def test_inspection_figures_count_the_plan_the_records_and_the_corrective_reports(people, at_dost):
    _plan, on_site, dossier = approved_plan(people)
    inspection = decided(people, on_site)
    services.add_finding(inspection, actor=people.admin, item_code="tc.dd", grade="minor",
                         description="Chưa đánh giá nội bộ năm 2026")
    services.make_record(inspection, actor=people.admin, record_on=date(2026, 5, 20), place="Sở Tư pháp",
                         conclusion="Còn 1 điểm không phù hợp.")
    justice, health = people.agencies.so_tu_phap.pk, people.agencies.so_y_te.pk
    scope = Scope(province_id=people.agencies.so_khcn.province_id, year=2026, kind="november_people_committee")
    assert _figure("inspections_planned", scope) == sorted([justice, health])
    assert _figure("inspections_done_on_site", scope) == [justice]
    assert _figure("inspections_done_dossier", scope) == []  # asked for its report, not recorded yet
    assert _figure("inspections_with_findings", scope) == [justice]
    assert _figure("inspections_corrective_overdue", scope) == [justice]  # due 20/07/2026, nothing sent
    assert _figure("inspections_corrective_accepted", scope) == []
    services.sign_as_lead(inspection, actor=people.lead)
    with tenant_context(people.agencies.so_tu_phap):
        services.sign_for_agency(inspection, actor=people.head)
    assert _figure("inspections_planned", Scope(province_id=scope.province_id, year=2025, kind=scope.kind)) == []
    assert dossier.form == "dossier"
