"""Every read of the province reports: who sees which runs, the scope a run counts, a figure's agencies.

- the DOST (SUPERVISE, on its own site) sees its own province's runs, figures and templates, nothing of another
  province's; MAKE_PROVINCE_REPORTS makes reports and keeps the templates;
- an agency's site shows none of it (its side has no report of the province).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from accounts.roles import Perm
from accounts.services import has_perm
from supervision.models import MonthlyStatus
from supervision.selectors import supervised_rows
from tenants.models import Agency

from .figures import Row, Scope
from .models import ReportFigure, ReportKind, ReportRun, ReportTemplate

FIRST_YEAR = 2014  # Decision 19/2014/QĐ-TTg: the first year a province reported on ISO 9001 in its agencies


def province_of(user, agency: Agency) -> int | None:
    """The province whose reports `user` reads on `agency`'s site: the DOST's own, with SUPERVISE; else none."""
    if agency.is_supervisor and agency.province_id is not None and has_perm(user, agency, Perm.SUPERVISE):
        return agency.province_id
    return None


def can_make(user, agency: Agency) -> bool:
    return province_of(user, agency) is not None and has_perm(user, agency, Perm.MAKE_PROVINCE_REPORTS)


def visible_runs(user, agency: Agency) -> QuerySet[ReportRun]:
    province_id = province_of(user, agency)
    if province_id is None:
        return ReportRun.objects.none()
    return ReportRun.objects.filter(province_id=province_id).select_related("requested_by")


def visible_figures(user, agency: Agency) -> QuerySet[ReportFigure]:
    return ReportFigure.objects.filter(run__in=visible_runs(user, agency)).select_related("run")


def visible_templates(user, agency: Agency) -> QuerySet[ReportTemplate]:
    province_id = province_of(user, agency)
    if province_id is None:
        return ReportTemplate.objects.none()
    return ReportTemplate.objects.filter(province_id=province_id)


def template_of(province_id: int, kind: str) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(province_id=province_id, kind=kind).first()


def year_choices() -> list[int]:
    today = timezone.localdate()
    return list(range(today.year, FIRST_YEAR - 1, -1))


def kind_choices() -> list[tuple[str, str]]:
    return list(ReportKind.choices)


def _row(status, indicators, score) -> Row:
    agency = status.agency
    return Row(agency_id=agency.pk, level=agency.level, obligation_basis=agency.obligation_basis,
               field=agency.field or "", indicators=dict(indicators or {}), score=score,
               computed=status.refreshed_at is not None)


def scope(province_id: int, year: int, kind: str) -> Scope:
    """The agencies a report for `year` counts and their rollup values: today's rows for this year (or a later
    one); for a past year, each agency's last monthly snapshot of that year (not computed when it has none)."""
    statuses = list(supervised_rows(province_id))
    if year >= timezone.localdate().year:
        rows = [_row(status, status.indicators, status.score) for status in statuses]
    else:
        snapshots = {}
        for snapshot in (MonthlyStatus.objects.filter(agency_id__in=[s.agency_id for s in statuses],
                                                      month__gte=date(year, 1, 1), month__lte=date(year, 12, 1))
                         .order_by("agency_id", "month")):
            snapshots[snapshot.agency_id] = snapshot  # the last month wins
        rows = []
        for status in statuses:
            snapshot = snapshots.get(status.agency_id)
            row = _row(status, snapshot.indicators if snapshot else {}, snapshot.score if snapshot else None)
            rows.append(Row(**{**row.__dict__, "computed": snapshot is not None}))
    return Scope(province_id=province_id, year=year, kind=kind, rows=rows)


def figure_agencies(figure: ReportFigure) -> list[Agency]:
    """The agencies behind a figure, departments first, as the report lists them (historical ones included:
    the list is what the report counted)."""
    from supervision.selectors import LEVEL_ORDER

    agencies = list(Agency.objects.filter(pk__in=figure.agency_ids).select_related("status_rollup"))
    rank = {level: index for index, level in enumerate(LEVEL_ORDER)}
    return sorted(agencies, key=lambda a: (rank.get(a.level, len(rank)), a.name, a.pk))


def sections_of(run: ReportRun) -> list[dict]:
    """The run's figures grouped by section, in order: [{key, label, figures}]."""
    grouped: dict[str, dict] = {}
    for figure in run.figures.all():
        grouped.setdefault(figure.section, {"key": figure.section, "label": figure.section_label, "figures": []})
        grouped[figure.section]["figures"].append(figure)
    return list(grouped.values())
