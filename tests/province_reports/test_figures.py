"""Report figures against a province counted by hand (conftest.counted): every number and the agencies behind it."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.django_db

# figure key -> (value, agencies behind it), counted by hand from conftest.VALUES / STATES / SCORES
EXPECTED = {
    "agencies_total": (5, {"so-tu-phap", "so-y-te", "xa-long-duc", "syn-psu", "syn-an-hoi"}),
    "basis_mandatory": (2, {"so-tu-phap", "so-y-te"}),
    "basis_encouraged": (2, {"xa-long-duc", "syn-an-hoi"}),
    "basis_provincial_plan": (1, {"syn-psu"}),
    "level_department": (2, {"so-tu-phap", "so-y-te"}),
    "level_public_service_unit": (1, {"syn-psu"}),
    "level_district": (0, set()),
    "level_commune": (2, {"xa-long-duc", "syn-an-hoi"}),
    "state_announced": (1, {"so-tu-phap"}),
    "state_applied": (1, {"so-y-te"}),
    "state_building": (1, {"xa-long-duc"}),
    "state_not_built": (0, set()),
    "state_outdated": (1, {"syn-psu"}),
    "state_unknown": (1, {"syn-an-hoi"}),
    "tthc_full_coverage": (1, {"so-tu-phap"}),  # the unit has no TTHC assigned: not "every TTHC covered"
    "tthc_missing": (5, {"so-y-te", "xa-long-duc"}),  # 2 + 3 TTHC
    "tthc_outdated": (1, {"so-tu-phap"}),
    "audit_done": (3, {"so-tu-phap", "so-y-te", "syn-psu"}),
    "review_done": (2, {"so-tu-phap", "syn-psu"}),
    "objectives_all_met": (1, {"so-tu-phap"}),
    "objectives_at_risk": (1, {"so-y-te"}),
    "nc_open": (3, {"so-tu-phap", "xa-long-duc"}),  # 2 + 1 nonconformities
    "nc_overdue": (1, {"so-tu-phap"}),
    "legal_overdue": (1, {"so-y-te"}),
    "documents_review_overdue": (1, {"so-y-te"}),
    "score_mean": (68.8, {"so-tu-phap", "so-y-te", "xa-long-duc", "syn-psu"}),  # (90+70+35+80)/4 = 68.75
    "score_mean_department": (80.0, {"so-tu-phap", "so-y-te"}),
    "score_mean_public_service_unit": (80.0, {"syn-psu"}),
    "score_mean_district": (None, set()),
    "score_mean_commune": (35.0, {"xa-long-duc"}),  # An Hội is not computed: no score to average
}


def slugs(figure, counted) -> set[str]:
    by_id = {agency.pk: slug for slug, agency in counted.items()}
    return {by_id[i] for i in figure.agency_ids}


def test_every_figure_of_the_hand_checked_province(counted, make_run):
    run = make_run()
    assert run.status == "done", run.error
    figures = {f.key: f for f in run.figures.all()}
    assert set(EXPECTED) <= set(figures)
    for key, (value, agencies) in EXPECTED.items():
        assert (figures[key].value, slugs(figures[key], counted)) == (value, agencies), key
    # no figure counts the dissolved agency or another province's
    outside = {counted["syn-gone"].pk, counted["syn-other"].pk}
    assert not any(outside & set(f.agency_ids) for f in figures.values())
    assert figures["score_mean"].shown == "68,8" and figures["score_mean_district"].shown == "—"
    assert figures["tthc_missing"].shown == "5" and figures["tthc_missing"].agencies == 2


def test_a_past_year_counts_each_agency_as_its_last_snapshot_of_that_year(counted, make_run):
    from supervision.models import MonthlyStatus

    MonthlyStatus.objects.create(agency=counted["so-tu-phap"], month=date(2025, 11, 1), score=50.0,
                                 indicators={"audit_done_this_year": False, "publication_state": "building"})
    MonthlyStatus.objects.create(agency=counted["so-tu-phap"], month=date(2025, 12, 1), score=60.0,
                                 indicators={"audit_done_this_year": True, "publication_state": "applied"})
    MonthlyStatus.objects.create(agency=counted["so-y-te"], month=date(2026, 1, 1), score=99.0,
                                 indicators={"audit_done_this_year": True})  # the next year: not counted
    run = make_run(kind="december_ministry", year=2025)
    figures = {f.key: f for f in run.figures.all()}
    assert slugs(figures["audit_done"], counted) == {"so-tu-phap"}
    assert slugs(figures["state_applied"], counted) == {"so-tu-phap"}
    assert figures["state_unknown"].value == 4  # no snapshot in 2025: not known
    assert figures["score_mean"].value == 60.0


def test_another_app_registers_a_figure_and_ids_outside_the_province_are_dropped(counted, make_run):
    from province_reports.figures import Figure, Section, figures, register, register_section, sections

    register_section(Section("test_inspections", "Kiểm tra", order=50))
    register(Figure("test_inspected", "cơ quan được kiểm tra", "test_inspections", order=1,
                    agencies=lambda scope: [counted["so-y-te"].pk, counted["syn-other"].pk, counted["syn-gone"].pk]))
    try:
        run = make_run()
    finally:
        figures.unregister("test_inspected")
        sections.unregister("test_inspections")
    figure = run.figures.get(key="test_inspected")
    assert (figure.value, slugs(figure, counted), figure.section_label) == (1, {"so-y-te"}, "Kiểm tra")
    keys = list(dict.fromkeys(f.section for f in run.figures.all()))
    assert keys.index("test_inspections") > keys.index("maintenance")  # sections in their order
