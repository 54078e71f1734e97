"""What a report counts: a registry of figures, each the agencies behind one number.

A figure names its section and a function from the report's scope (province, year, the supervised agencies'
rollup rows, loaded once) to the ids of the agencies it counts; its number is how many they are, unless it
gives its own `value` (a sum or a mean over those agencies). The run stores both, so every number of the
report opens the list of its agencies. Figures read the rollup (supervision.AgencyStatus, or the December
snapshot of a past year), never the agencies' schemas.

Another app adds figures in its own `report_figures.py` (imported at start-up by this app):

    from province_reports.figures import Figure, Section, register, register_section

    register_section(Section("inspections", _("Inspections"), order=50))
    register(Figure("inspected_on_site", _("agencies inspected on site"), "inspections",
                    agencies=lambda scope: Inspection.objects.filter(
                        province_id=scope.province_id, year=scope.year, mode="on_site")
                        .values_list("agency_id", flat=True)))

Ids outside the scope's agencies (another province's, a dissolved agency's) are dropped when the run stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.registry import Registry
from tenants.models import Agency


@dataclass(frozen=True)
class Row:
    """One supervised agency as the rollup saw it."""

    agency_id: int
    level: str
    obligation_basis: str
    field: str
    indicators: dict
    score: float | None
    computed: bool

    def get(self, key: str, default=None):
        return self.indicators.get(key, default)


@dataclass
class Scope:
    province_id: int
    year: int
    kind: str
    rows: list[Row] = field(default_factory=list)

    @cached_property
    def agency_ids(self) -> frozenset[int]:
        return frozenset(row.agency_id for row in self.rows)

    def where(self, test: Callable[[Row], bool]) -> list[int]:
        return [row.agency_id for row in self.rows if test(row)]

    def row(self, agency_id: int) -> Row | None:
        return self._by_id.get(agency_id)

    @cached_property
    def _by_id(self) -> dict[int, Row]:
        return {row.agency_id: row for row in self.rows}


@dataclass(frozen=True)
class Section:
    key: str
    label: Any
    order: int = 100


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    section: str
    agencies: Callable[[Scope], Iterable[int]]
    value: Callable[[Scope, list[int]], float | None] | None = None  # default: how many agencies
    kinds: tuple[str, ...] = ()  # the reports it is in; empty: every report
    order: int = 100


sections: Registry[Section] = Registry("report sections")
figures: Registry[Figure] = Registry("report figures")


def register_section(section: Section) -> Section:
    return sections.register(section.key, section)


def register(figure: Figure) -> Figure:
    return figures.register(figure.key, figure)


def figures_for(kind: str) -> list[Figure]:
    """The figures of a kind of report, section by section (sections in their order, figures in theirs)."""
    order = {section.key: (section.order, index) for index, section in enumerate(sections)}
    chosen = [f for f in figures if not f.kinds or kind in f.kinds]
    return sorted(chosen, key=lambda f: (order.get(f.section, (999, 999)), f.order, f.key))


# ------------------------------------------------------------------------------------------ the rollup's figures

def _number(value) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _mean_score(scope: Scope, ids: list[int]) -> float | None:
    scores = [scope.row(i).score for i in ids if scope.row(i).score is not None]
    return round(sum(scores) / len(scores), 1) if scores else None


def _sum_of(key: str) -> Callable[[Scope, list[int]], float]:
    return lambda scope, ids: sum(_number(scope.row(i).get(key)) for i in ids)


def _above_zero(key: str) -> Callable[[Scope], list[int]]:
    return lambda scope: scope.where(lambda row: _number(row.get(key)) > 0)


def _state(value: str | None) -> Callable[[Scope], list[int]]:
    return lambda scope: scope.where(lambda row: row.get("publication_state") == value)


def _objectives_all_met(row: Row) -> bool:
    total = _number(row.get("objectives_total"))
    return total > 0 and _number(row.get("objectives_met")) >= total


for _section in (Section("agencies", _("Agencies applying the QMS"), order=10),
                 Section("state", _("Building, applying and announcing the QMS"), order=20),
                 Section("maintenance", _("Maintaining and improving the QMS"), order=30),
                 Section("scores", _("Compliance scores"), order=90)):
    register_section(_section)

_rollup_figures = [
    Figure("agencies_total", _("agencies supervised"), "agencies", agencies=lambda s: s.where(lambda r: True),
           order=1),
    *[Figure(f"basis_{value}", label, "agencies", order=10 + i,
             agencies=lambda s, value=value: s.where(lambda r: r.obligation_basis == value))
      for i, (value, label) in enumerate([
          (Agency.Obligation.MANDATORY, _("agencies obliged to apply the QMS")),
          (Agency.Obligation.ENCOURAGED, _("agencies encouraged to apply the QMS")),
          (Agency.Obligation.PROVINCIAL_PLAN, _("agencies applying the QMS by the provincial plan")),
      ])],
    *[Figure(f"level_{value}", label, "agencies", order=20 + i,
             agencies=lambda s, value=value: s.where(lambda r: r.level == value))
      for i, (value, label) in enumerate([
          (Agency.Level.DEPARTMENT, _("provincial departments and agencies")),
          (Agency.Level.PUBLIC_SERVICE_UNIT, _("public service units")),
          (Agency.Level.DISTRICT, _("district People's Committees")),
          (Agency.Level.COMMUNE, _("commune-level People's Committees")),
      ])],
    Figure("state_announced", _("agencies that announced their QMS"), "state", agencies=_state("announced"),
           order=1),
    Figure("state_applied", _("agencies applying their QMS, not yet announced"), "state",
           agencies=_state("applied"), order=2),
    Figure("state_building", _("agencies building their QMS"), "state", agencies=_state("building"), order=3),
    Figure("state_not_built", _("agencies that have not started their QMS"), "state",
           agencies=_state("not_built"), order=4),
    Figure("state_outdated", _("agencies whose announcement is outdated (merger, split or new TTHC)"), "state",
           agencies=_state("outdated"), order=5),
    Figure("state_unknown", _("agencies not yet computed by the rollup"), "state",
           agencies=lambda s: s.where(lambda r: not r.computed), order=6),
    Figure("tthc_full_coverage", _("agencies with every assigned TTHC covered by an effective procedure"),
           "maintenance", order=1,
           agencies=lambda s: s.where(lambda r: _number(r.get("tthc_assigned")) > 0
                                      and _number(r.get("tthc_coverage")) >= 100)),
    Figure("tthc_missing", _("assigned TTHC without a procedure (agencies with any)"), "maintenance", order=2,
           agencies=_above_zero("tthc_missing"), value=_sum_of("tthc_missing")),
    Figure("tthc_outdated", _("procedures behind the TTHC catalogue (agencies with any)"), "maintenance", order=3,
           agencies=_above_zero("tthc_outdated"), value=_sum_of("tthc_outdated")),
    Figure("audit_done", _("agencies that completed an internal audit this year"), "maintenance", order=10,
           agencies=lambda s: s.where(lambda r: r.get("audit_done_this_year") is True)),
    Figure("review_done", _("agencies that held a management review this year"), "maintenance", order=11,
           agencies=lambda s: s.where(lambda r: r.get("review_done_this_year") is True)),
    Figure("objectives_all_met", _("agencies meeting every quality objective of the year"), "maintenance",
           order=12, agencies=lambda s: s.where(_objectives_all_met)),
    Figure("objectives_at_risk", _("agencies with a quality objective at risk or missed"), "maintenance",
           order=13, agencies=_above_zero("objectives_at_risk")),
    Figure("nc_open", _("nonconformities not closed (agencies with any)"), "maintenance", order=20,
           agencies=_above_zero("nc_open"), value=_sum_of("nc_open")),
    Figure("nc_overdue", _("agencies with an overdue corrective action"), "maintenance", order=21,
           agencies=_above_zero("nc_overdue")),
    Figure("legal_overdue", _("agencies with overdue legal updates"), "maintenance", order=22,
           agencies=_above_zero("legal.overdue_updates")),
    Figure("documents_review_overdue", _("agencies with documents overdue for review"), "maintenance", order=23,
           agencies=_above_zero("documents_review_overdue")),
    Figure("score_mean", _("mean compliance score of the province"), "scores", order=1,
           agencies=lambda s: s.where(lambda r: r.score is not None), value=_mean_score),
    *[Figure(f"score_mean_{value}", label, "scores", order=10 + i, value=_mean_score,
             agencies=lambda s, value=value: s.where(lambda r: r.level == value and r.score is not None))
      for i, (value, label) in enumerate([
          (Agency.Level.DEPARTMENT, _("mean compliance score of provincial departments")),
          (Agency.Level.PUBLIC_SERVICE_UNIT, _("mean compliance score of public service units")),
          (Agency.Level.DISTRICT, _("mean compliance score of district People's Committees")),
          (Agency.Level.COMMUNE, _("mean compliance score of commune-level People's Committees")),
      ])],
]
for _figure in _rollup_figures:
    register(_figure)
