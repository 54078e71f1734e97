"""The province reports' ids for the isolation matrix (tests/api/test_isolation_matrix.py): a done run of the
agency's province with its figures (public schema; the "other" agency's is another province's)."""

from __future__ import annotations

from django.db import connection

WEB_PK_MODELS = [("reports/figures/", "province_reports.ReportFigure"), ("reports/", "province_reports.ReportRun")]


def build(*, secretary, approver, reader, marker) -> dict:
    from province_reports.models import ReportFigure, ReportRun

    province_id = connection.tenant.province_id
    run = ReportRun.objects.create(province_id=province_id, kind="december_ministry", year=2026, status="done",
                                   progress=100, number=f"9/BC-{marker}"[:64], requested_by=secretary)
    figure = ReportFigure.objects.create(run=run, key="agencies_total", section="agencies",
                                         section_label=f"Cơ quan {marker}", label=f"cơ quan {marker}", value=1,
                                         agency_ids=[connection.tenant.pk])
    return {"province_reports.ReportRun": [run.pk], "province_reports.ReportFigure": [figure.pk],
            "report_kind": ["december_ministry"]}
