"""The DOST's pages: the province dashboard (web.views.home hands a supervisor over to it), one agency's
status, the export of exactly the filtered rows, the compliance weights. Thin: every read is a selector,
every write a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from accounts.services import has_perm
from core import tabular
from core.charts import BAR, DOUGHNUT, LINE, Chart, ChartData, Series
from core.errors import DomainError
from core.indicators import all_indicators
from tenants.models import Agency
from web.decorators import agency_perm_required

from . import scoring, selectors, services
from .selectors import PAGE_SIZE, TableQuery

# Where a supervisor reads an agency's QMS, on the agency's own site (its supervisor roles let it in).
QMS_PAGES = [(gettext_lazy("Documents"), "/documents/"), (gettext_lazy("TTHC procedures and coverage"), "/tthc/coverage/"),
             (gettext_lazy("Internal audits"), "/audits/"), (gettext_lazy("Nonconformities"), "/nonconformities/"),
             (gettext_lazy("Records"), "/documents/records/")]


def _province(request) -> int:
    tenant = request.tenant
    if not tenant.is_supervisor or tenant.province_id is None:
        raise Http404
    return tenant.province_id


def _chart(index: int, key: str, title, kind: str, data: ChartData, unit: str = "") -> dict:
    """The shape web/_chart.html draws (the agency dashboard's markup and script)."""
    return {"chart": Chart(key, title, collect=lambda: data, kind=kind, unit=unit), "data": data.as_json(),
            "rows": data.rows(), "id": f"chart-{index}"}


def _charts(province_id: int, distributions: list) -> list[dict]:
    drawn = []
    for indicator, counted in distributions[:1]:  # the state distribution: the first TEXT indicator's
        if counted:
            labels = [indicator.shown(value) if value else _("not known yet") for value, _n in counted]
            drawn.append(_chart(len(drawn), "supervision.state", indicator.label, DOUGHNUT,
                                ChartData(labels, [Series(str(indicator.label), [n for _v, n in counted])])))
    trend = selectors.monthly_trend(province_id)
    if trend:
        labels = [f"{point['month']:%m/%Y}" for point in trend]
        drawn.append(_chart(len(drawn), "supervision.score_trend", _("Mean compliance score by month"), LINE,
                            ChartData(labels, [Series(_("Mean score"), [p["mean_score"] for p in trend])]), "%"))
        drawn.append(_chart(len(drawn), "supervision.flagged_trend", _("Agencies flagged by month"), BAR,
                            ChartData(labels, [Series(_("Agencies"), [p["agencies"] for p in trend]),
                                               Series(_("Flagged"), [p["flagged"] for p in trend])])))
    return drawn


def _headers(query: TableQuery, columns) -> list[dict]:
    """The table's column headers, each a link that sorts by it (again: the other way)."""
    fixed = [("name", _("Agency")), ("level", _("Level")), ("obligation", _("Obligation basis")),
             ("score", _("Score"))]
    headers = []
    for key, label, numeric in [(k, lbl, k == "score") for k, lbl in fixed] + [(i.key, i.header, True) for i in columns]:
        current = query.sort.lstrip("-") == key
        descending = query.sort.startswith("-")
        sort = f"-{key}" if current and not descending else key
        headers.append({"label": label, "numeric": numeric, "url": "?" + urlencode(query.as_params(sort=sort)),
                        "sorted": ("desc" if descending else "asc") if current else ""})
    return headers


def _lines(rows, columns) -> list[dict]:
    """The table's rows as plain strings and classes: a 50-row page with a dozen indicators is ~1,000 cells,
    and resolving properties cell by cell in the template was most of the page's time."""
    levels, obligations = dict(Agency.Level.choices), dict(Agency.Obligation.choices)
    levels, obligations = {k: str(v) for k, v in levels.items()}, {k: str(v) for k, v in obligations.items()}
    lines = []
    for row in rows:
        cells = selectors.cells(row, columns)
        lines.append({"row": row, "cells": cells,
                      "url": reverse("supervision:agency", args=[row.agency_id]),
                      "level": levels.get(row.agency.level, ""), "obligation": obligations.get(row.agency.obligation_basis, ""),
                      "shown": format_html_join("", '<td class="{}">{}</td>', (
                          ("num warning" if cell.alerts or cell.short_of_target else "num", cell.text)
                          for cell in cells))})
    return lines


@login_required
@agency_perm_required(Perm.SUPERVISE)
def dashboard(request):
    """The DOST's view of its province: rollup rows only, a fixed number of queries at any size."""
    province_id = _province(request)
    query = TableQuery.from_params(request.GET)
    page = Paginator(selectors.table_rows(province_id, query), PAGE_SIZE).get_page(request.GET.get("page"))
    columns = selectors.dashboard_indicators()
    totals, shares = selectors.province_summary(province_id)
    distributions = selectors.distributions(province_id, selectors.text_indicators())
    params = query.as_params()
    return render(request, "supervision/dashboard.html", {
        "page": page, "table": _lines(page.object_list, columns),
        "columns": columns, "headers": _headers(query, columns), "query": query, "totals": totals,
        "shown_totals": selectors.totals_shown(totals), "shares": shares,
        "levels": selectors.level_choices(), "obligations": Agency.Obligation.choices,
        "text_filters": [{"indicator": i, "values": [(v, i.shown(v)) for v, _n in counted if v]}
                         for i, counted in distributions],
        "charts": _charts(province_id, distributions), "query_string": urlencode(params),
        "not_computed": _("not computed yet"),
        "page_query": urlencode({k: v for k, v in params.items() if k != "page"}),
    })


def _export_columns(columns) -> list[tabular.Column]:
    return [tabular.Column(_("Agency"), "agency.name"), tabular.Column(_("Code"), "agency.code"),
            tabular.Column(_("Level"), "agency.get_level_display"),
            tabular.Column(_("Obligation basis"), "agency.get_obligation_basis_display"),
            tabular.Column(_("Field of work"), "agency.field"),
            tabular.Column(_("Score"), "score"),
            *[tabular.Column(i.header, lambda row, i=i: i.shown(row.value(i.key)) if i.choices else row.value(i.key))
              for i in columns],
            tabular.Column(_("Computed at"), "refreshed_at")]


@login_required
@agency_perm_required(Perm.SUPERVISE)
def export(request, fmt):
    """Exactly the rows the dashboard's filters show, every page, in its order."""
    if fmt not in tabular.FORMATS:
        raise Http404
    rows = selectors.table_rows(_province(request), TableQuery.from_params(request.GET))
    return tabular.export_response(rows, _export_columns(all_indicators()), fmt=fmt, basename=_("agencies"),
                                   sheet_title=_("Agencies"))


@login_required
@agency_perm_required(Perm.SUPERVISE)
def agency_detail(request, pk):
    """One agency: every indicator with its value, when it was computed, and its QMS to read on its site."""
    row = selectors.supervised_row(_province(request), pk)
    if row is None:
        raise Http404
    keeper = has_perm(request.user, request.tenant, Perm.MANAGE_PROVINCE_CATALOGUE)
    trend = selectors.agency_trend(row.agency)
    charts = [_chart(0, "supervision.agency_trend", _("Compliance score by month"), LINE,
                     ChartData([f"{p['month']:%m/%Y}" for p in trend], [Series(_("Score"), [p["score"] for p in trend])]),
                     "%")] if trend else []
    return render(request, "supervision/agency.html", {
        "row": row, "agency": row.agency, "cells": selectors.cells(row, all_indicators()),
        "trend": trend, "charts": charts, "reasons": selectors.reasons(row.agency),
        "qms_pages": [(label, row.agency.site_url(path)) for label, path in QMS_PAGES],
        "keeper": keeper, "obligations": Agency.Obligation.choices,
    })


@login_required
@require_POST
@agency_perm_required(Perm.MANAGE_PROVINCE_CATALOGUE)
def obligation_edit(request, pk):
    try:
        agency = services.set_obligation_basis(request.user, pk, request.POST.get("obligation_basis", ""),
                                               request.POST.get("field"))
        messages.success(request, _("Obligation basis of %(agency)s: %(basis)s.")
                         % {"agency": agency.name, "basis": agency.get_obligation_basis_display()})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("supervision:agency", args=[pk]))


@login_required
@agency_perm_required(Perm.SUPERVISE)
def weights(request):
    """The province's compliance weights: read by every supervisor, kept by the DOST admin."""
    province_id = _province(request)
    keeper = has_perm(request.user, request.tenant, Perm.MANAGE_PROVINCE_CATALOGUE)
    if request.method == "POST":
        if not keeper:
            raise Http404
        sent = {i.key: request.POST.get(f"w-{i.key}", "") for i in scoring.scorable_indicators()}
        try:
            services.set_weights(request.user, sent)
            messages.success(request, _("Weights saved; every agency's score is being recomputed."))
            return redirect("supervision:weights")
        except DomainError as error:
            messages.error(request, error.message)
    current = scoring.province_weights(province_id)
    return render(request, "supervision/weights.html", {
        "keeper": keeper, "rows": [{"indicator": i, "weight": current[i.key]} for i in scoring.scorable_indicators()],
    })
