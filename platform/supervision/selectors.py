"""Which agencies the supervisor watches, and their rollup rows: one rule for the dashboard and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, FloatField, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from core.indicators import TOTAL_ALERTING, TOTAL_MEETING, TOTAL_SUM, Indicator, all_indicators
from tenants.models import Agency

from .models import AgencyStatus

# Departments first, then communes, the order a DOST report lists agencies in.
LEVEL_ORDER = [Agency.Level.DEPARTMENT, Agency.Level.PUBLIC_SERVICE_UNIT, Agency.Level.DISTRICT,
               Agency.Level.COMMUNE]


def supervised_rows(province_id: int, level: str | None = None) -> QuerySet[AgencyStatus]:
    """Rollup rows of the agencies a province's DOST supervises today: current agencies of the province,
    not the DOST itself, not historical ones (they stay in the registry), departments first."""
    today = timezone.localdate()
    rows = (AgencyStatus.objects.select_related("agency", "agency__province")
            .filter(agency__province_id=province_id, agency__kind=Agency.Kind.AGENCY, agency__valid_from__lte=today)
            .filter(Q(agency__valid_to__isnull=True) | Q(agency__valid_to__gte=today))
            .exclude(agency__level=Agency.Level.SUPERVISOR))
    if level:
        rows = rows.filter(agency__level=level)
    rank = Case(*[When(agency__level=lvl, then=Value(i)) for i, lvl in enumerate(LEVEL_ORDER)],
                default=Value(len(LEVEL_ORDER)), output_field=IntegerField())
    return rows.annotate(level_rank=rank).order_by("level_rank", "agency__name")


def level_choices() -> list[tuple[str, str]]:
    return [(value, label) for value, label in Agency.Level.choices if value != Agency.Level.SUPERVISOR]


@dataclass(frozen=True)
class Cell:
    indicator: Indicator
    value: object

    @property
    def alerts(self) -> bool:
        return self.indicator.alerts(self.value)

    @property
    def short_of_target(self) -> bool:
        return self.indicator.target is not None and not self.indicator.meets(self.value)

    @property
    def text(self) -> str:
        return self.indicator.shown(self.value)


@dataclass(frozen=True)
class Total:
    indicator: Indicator
    value: object

    @property
    def caption(self) -> str:
        return self.indicator.total_caption


def dashboard_indicators() -> list[Indicator]:
    return [i for i in all_indicators() if i.on_dashboard]


def cells(row: AgencyStatus, indicators: list[Indicator]) -> list[Cell]:
    return [Cell(indicator, row.value(indicator.key)) for indicator in indicators]


def province_rollup(province_id: int, level: str | None = None):
    """Supervised rows of a province and their totals, from the registered indicators: two queries at
    any size (the rows, and one aggregate over their JSON values)."""
    rows = supervised_rows(province_id, level)
    aggregates = {"agencies": Count("agency_id")}
    for indicator in all_indicators():
        if indicator.total == TOTAL_SUM:
            value = Cast(KeyTextTransform(indicator.key, "indicators"), FloatField())
            aggregates[indicator.key] = Sum(value, default=0)
        elif indicator.total == TOTAL_MEETING:
            aggregates[indicator.key] = Count(
                "agency_id", filter=Q(**{f"indicators__{indicator.key}__gte": indicator.target}))
        elif indicator.total == TOTAL_ALERTING:
            aggregates[indicator.key] = Count(
                "agency_id", filter=Q(**{f"indicators__{indicator.key}__gt": indicator.alert_above}))
    totals = rows.order_by().aggregate(**aggregates)
    for key, value in totals.items():
        if isinstance(value, float) and value.is_integer():
            totals[key] = int(value)
    return rows, totals


def totals_shown(totals: dict) -> list[Total]:
    return [Total(i, totals[i.key]) for i in all_indicators() if i.total and i.key in totals]
