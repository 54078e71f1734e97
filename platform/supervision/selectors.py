"""Which agencies the supervisor watches, and their rollup rows: one rule for the dashboard, its export and
the API. Filtering, sorting and totals run in SQL over the rollup table (JSON values included), so a page
costs a fixed number of queries however many agencies the province has."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from django.db.models import Avg, Case, Count, F, FloatField, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django_tenants.utils import schema_exists

from core.agency import in_agency
from core.indicators import (
    TEXT,
    TOTAL_ALERTING,
    TOTAL_MEETING,
    TOTAL_SUM,
    Indicator,
    all_indicators,
    explain_all,
)
from tenants.models import Agency

from .models import AgencyStatus, MonthlyStatus

# Departments first, then communes, the order a DOST report lists agencies in.
LEVEL_ORDER = [Agency.Level.DEPARTMENT, Agency.Level.PUBLIC_SERVICE_UNIT, Agency.Level.DISTRICT,
               Agency.Level.COMMUNE]
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Sort keys of the agency's own columns; any registered indicator key sorts by its value.
PLAIN_SORTS = {"name": "agency__name", "code": "agency__code", "level": "level_rank", "score": "score",
               "obligation": "agency__obligation_basis", "field": "agency__field", "refreshed": "refreshed_at"}


def supervised_rows(province_id: int, level: str | None = None) -> QuerySet[AgencyStatus]:
    """Rollup rows of the agencies a province's DOST supervises today: current agencies of the province,
    not the DOST itself, not historical ones (they stay in the registry), departments first."""
    today = timezone.localdate()
    rows = (AgencyStatus.objects.select_related("agency")
            .filter(agency__province_id=province_id, agency__kind=Agency.Kind.AGENCY, agency__valid_from__lte=today)
            .filter(Q(agency__valid_to__isnull=True) | Q(agency__valid_to__gte=today))
            .exclude(agency__level=Agency.Level.SUPERVISOR))
    if level:
        rows = rows.filter(agency__level=level)
    rank = Case(*[When(agency__level=lvl, then=Value(i)) for i, lvl in enumerate(LEVEL_ORDER)],
                default=Value(len(LEVEL_ORDER)), output_field=IntegerField())
    return rows.annotate(level_rank=rank).order_by("level_rank", "agency__name")


def supervised_row(province_id: int, agency_id: int) -> AgencyStatus | None:
    return supervised_rows(province_id).filter(agency_id=agency_id).first()


def reasons(agency: Agency) -> list[str]:
    """Why the agency's figures are what they are, in words, read now in its own schema by the functions its
    pages use (e.g. which milestone or TTHC keeps its announcement from being current). For one agency's
    page: the rollup keeps values, not sentences."""
    if not schema_exists(agency.schema_name):
        return []  # registered, its schema not made yet (or gone): nothing of its own to read
    with in_agency(agency):
        return explain_all()


def level_choices() -> list[tuple[str, str]]:
    return [(value, label) for value, label in Agency.Level.choices if value != Agency.Level.SUPERVISOR]


def dashboard_indicators() -> list[Indicator]:
    return [i for i in all_indicators() if i.on_dashboard]


def text_indicators() -> list[Indicator]:
    """Indicators whose value is one of a few words (a publication state): filters and distributions."""
    return [i for i in dashboard_indicators() if i.kind == TEXT]


def alerting_q() -> Q:
    """A row flagged on the dashboard: an indicator above its alert threshold, or short of its target."""
    q = Q(pk__in=[])
    for indicator in all_indicators():
        if indicator.alert_above is not None:
            q |= Q(**{f"indicators__{indicator.key}__gt": indicator.alert_above})
        if indicator.target is not None:  # a JSON null sorts below any number: not known is not short
            q |= Q(**{f"indicators__{indicator.key}__lt": indicator.target}) & ~Q(**{f"indicators__{indicator.key}": None})
    return q


@dataclass
class TableQuery:
    """What the dashboard's table, its export and the API list: filters and a sort, read from a query string."""

    level: str = ""
    obligation: str = ""
    field: str = ""
    search: str = ""
    alerting: bool = False
    texts: dict[str, str] = dataclass_field(default_factory=dict)  # TEXT indicator key -> value
    sort: str = "level"  # a PLAIN_SORTS key or an indicator key; "-" in front for descending

    @classmethod
    def from_params(cls, params) -> TableQuery:
        level = params.get("level") or ""
        obligation = params.get("obligation") or ""
        sort = params.get("sort") or "level"
        keys = {i.key for i in all_indicators()}
        if sort.lstrip("-") not in PLAIN_SORTS and sort.lstrip("-") not in keys:
            sort = "level"
        return cls(level=level if level in dict(level_choices()) else "",
                   obligation=obligation if obligation in Agency.Obligation.values else "",
                   field=(params.get("field") or "").strip()[:64],
                   search=(params.get("q") or "").strip()[:100],
                   alerting=params.get("alerting") in {"1", "true", "on"},
                   texts={i.key: params[i.key] for i in text_indicators() if params.get(i.key)},
                   sort=sort)

    def as_params(self, **changes) -> dict[str, str]:
        """The query string for this query (a sort link, a page link, the export)."""
        values = {"level": self.level, "obligation": self.obligation, "field": self.field, "q": self.search,
                  "alerting": "1" if self.alerting else "", **self.texts, "sort": self.sort, **changes}
        return {key: value for key, value in values.items() if value}


def table_rows(province_id: int, query: TableQuery) -> QuerySet[AgencyStatus]:
    """The supervised rows the query filters, in its order (ties by level, then name)."""
    rows = supervised_rows(province_id, query.level or None)
    if query.obligation:
        rows = rows.filter(agency__obligation_basis=query.obligation)
    if query.field:
        rows = rows.filter(agency__field=query.field)
    if query.search:
        rows = rows.filter(Q(agency__name__icontains=query.search) | Q(agency__code__icontains=query.search)
                           | Q(agency__short_name__icontains=query.search))
    if query.alerting:
        rows = rows.filter(alerting_q())
    for number, (key, value) in enumerate(sorted(query.texts.items())):
        rows = rows.annotate(**{f"_text{number}": KeyTextTransform(key, "indicators")}).filter(
            **{f"_text{number}": value})
    descending, key = query.sort.startswith("-"), query.sort.lstrip("-")
    if key in PLAIN_SORTS:
        target, unknown_last = F(PLAIN_SORTS[key]), []
    else:
        # A JSON null (not computed) sorts below every value in jsonb: put unknowns last either way.
        target = F(f"indicators__{key}")
        rows = rows.annotate(_sort_text=KeyTextTransform(key, "indicators")).annotate(
            _unknown=Case(When(_sort_text__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()))
        unknown_last = ["_unknown"]
    order = target.desc(nulls_last=True) if descending else target.asc(nulls_last=True)
    return rows.order_by(*unknown_last, order, "level_rank", "agency__name", "agency_id")


@dataclass(frozen=True)
class Cell:
    indicator: Indicator
    value: object

    @property
    def alerts(self) -> bool:
        return self.indicator.alerts(self.value)

    @property
    def short_of_target(self) -> bool:
        return self.indicator.target is not None and self.value is not None and not self.indicator.meets(self.value)

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


def cells(row: AgencyStatus, indicators: list[Indicator]) -> list[Cell]:
    return [Cell(indicator, row.value(indicator.key)) for indicator in indicators]


def _indicator_aggregates() -> dict:
    """The totals each indicator declared, as aggregates over the rollup's JSON values."""
    aggregates = {}
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
    return aggregates


def _whole(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _mean(total, count):
    return round(total / count, 1) if count else None


def totals_shown(totals: dict) -> list[Total]:
    return [Total(i, totals[i.key]) for i in all_indicators() if i.total and i.key in totals]


@dataclass(frozen=True)
class Share:
    value: str
    label: str
    agencies: int
    computed: int
    mean_score: float | None
    percent: int


def province_summary(province_id: int) -> tuple[dict, dict[str, list[Share]]]:
    """The province's totals (agencies, computed rows, mean score, each indicator's declared total) and how
    its agencies split by level, by obligation basis and by field of work, with each part's mean score: ONE
    GROUP BY query over the rollup, summed here (every total is a sum or a count, so the parts add up)."""
    indicator_totals = _indicator_aggregates()
    groups = list(supervised_rows(province_id).order_by()
                  .values("agency__level", "agency__obligation_basis", "agency__field")
                  .annotate(n=Count("agency_id"), done=Count("agency_id", filter=Q(refreshed_at__isnull=False)),
                            scored=Sum("score"), scored_n=Count("score"), **indicator_totals))
    totals = {"agencies": sum(g["n"] for g in groups), "computed": sum(g["done"] for g in groups),
              "mean_score": _mean(sum(g["scored"] or 0 for g in groups), sum(g["scored_n"] for g in groups))}
    for key in indicator_totals:
        totals[key] = _whole(sum(g[key] or 0 for g in groups))
    everyone = totals["agencies"] or 1

    def split(field_name: str, choices) -> list[Share]:
        result = []
        for value, label in choices:
            part = [g for g in groups if g[field_name] == value]
            n = sum(g["n"] for g in part)
            if n:
                result.append(Share(value, str(label), n, sum(g["done"] for g in part),
                                    _mean(sum(g["scored"] or 0 for g in part), sum(g["scored_n"] for g in part)),
                                    round(100 * n / everyone)))
        return result

    fields = sorted({g["agency__field"] for g in groups if g["agency__field"]})
    return totals, {"level": split("agency__level", level_choices()),
                    "obligation": split("agency__obligation_basis", Agency.Obligation.choices),
                    "field": split("agency__field", [(f, f) for f in fields])}


def distributions(province_id: int, indicators: list[Indicator]) -> list[tuple[Indicator, list[tuple[str, int]]]]:
    """How many agencies hold each value of each TEXT indicator ("" for not known yet), most held first: ONE
    query grouped by every indicator's value at once (a few dozen combinations, whatever the province's
    size), counted here, rather than one scan of the rollup per indicator."""
    if not indicators:
        return []
    values = {f"_v{number}": KeyTextTransform(indicator.key, "indicators")
              for number, indicator in enumerate(indicators)}
    combinations = list(supervised_rows(province_id).order_by().annotate(**values).values(*values)
                        .annotate(n=Count("agency_id")))
    result = []
    for number, indicator in enumerate(indicators):
        counted: Counter[str] = Counter()
        for combination in combinations:
            counted[combination[f"_v{number}"] or ""] += combination["n"]
        result.append((indicator, sorted(counted.items(), key=lambda item: (-item[1], item[0]))))
    return result


def monthly_trend(province_id: int, months: int = 12) -> list[dict]:
    """Month by month (the nightly snapshots): agencies counted, mean score, agencies flagged. One query."""
    today = timezone.localdate()
    start = today.year * 12 + today.month - 1 - (months - 1)
    first = date(start // 12, start % 12 + 1, 1)
    flagged = alerting_q()
    # The snapshot filter reads the same JSON keys as the live rows (alerting_q names indicators__…).
    rows = (MonthlyStatus.objects.filter(agency__province_id=province_id, month__gte=first)
            .exclude(agency__level=Agency.Level.SUPERVISOR).values("month")
            .annotate(agencies=Count("id"), mean_score=Avg("score"), flagged=Count("id", filter=flagged))
            .order_by("month"))
    return [{"month": row["month"], "agencies": row["agencies"], "flagged": row["flagged"],
             "mean_score": round(row["mean_score"], 1) if row["mean_score"] is not None else None} for row in rows]


def agency_trend(agency: Agency, months: int = 24) -> list[dict]:
    """One agency's months for the drill-down and the API, year over year through its lineage: its
    predecessors' snapshots before each merger, split or dissolution that made it (lineage.selectors)."""
    from lineage.selectors import lineage_trend

    return [point.as_dict() for point in lineage_trend(agency, months)]
