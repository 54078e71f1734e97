"""Every read rule of dossiers, and the one place that says what "on time" is.

- a dossier is **on time** when it was resolved at or before its due time (early counts as on time), **late**
  when resolved after it; an unresolved one is **open**, and **open overdue** once its due time has passed;
- a step is on time when it finished at or before the step's own due time (steps without one are not rated);
- the on-time **rate** is on time / resolved, in percent (None when nothing was resolved), as the one-stop
  reports count it; open overdue dossiers are shown beside it, not inside it;
- a year (or month) holds the dossiers **resolved** in it, plus, for the open counts, the dossiers received by
  its end and not resolved yet; months are counted in the agency's time zone (Asia/Ho_Chi_Minh).

Everything is aggregated in SQL (COUNT … FILTER, date_trunc), one query per table, so a few hundred
thousand dossiers answer in milliseconds (bench/dossier_import.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.roles import Perm
from core.changes import allowed

from .models import Dossier, DossierImport, DossierStep


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def visible_dossiers(user) -> QuerySet[Dossier]:
    """Everyone who reads the agency's QMS sees its dossiers (they name no applicant)."""
    return Dossier.objects.all() if allowed(user, Perm.VIEW_QMS) else Dossier.objects.none()


def visible_imports(user) -> QuerySet[DossierImport]:
    return DossierImport.objects.select_related("started_by") if allowed(user, Perm.VIEW_QMS) \
        else DossierImport.objects.none()


# ----------------------------------------------------------------------------------------------- periods

def period(year: int | None = None, month: int | None = None) -> tuple[datetime, datetime] | None:
    """[start, end) of a year or one of its months, in the agency's time zone; None for "all time"."""
    if not year:
        return None
    first = date(year, month or 1, 1)
    if month:
        last = date(year + (month == 12), month % 12 + 1, 1)
    else:
        last = date(year + 1, 1, 1)
    zone = _zone()
    return datetime.combine(first, time(0), zone), datetime.combine(last, time(0), zone)


def in_period(dossiers: QuerySet[Dossier], year: int | None = None, month: int | None = None) -> QuerySet[Dossier]:
    """Dossiers resolved in the period, and those received by its end that are still open."""
    bounds = period(year, month)
    if bounds is None:
        return dossiers
    start, end = bounds
    return dossiers.filter(Q(resolved_at__gte=start, resolved_at__lt=end)
                           | Q(resolved_at__isnull=True, received_at__lt=end))


# ------------------------------------------------------------------------------------------------- rates

def _counts(now: datetime) -> dict:
    resolved = Q(resolved_at__isnull=False)
    return {
        "resolved": Count("pk", filter=resolved),
        "on_time": Count("pk", filter=resolved & Q(resolved_at__lte=F("due_at"))),
        "late": Count("pk", filter=resolved & Q(resolved_at__gt=F("due_at"))),
        "open": Count("pk", filter=Q(resolved_at__isnull=True)),
        "open_overdue": Count("pk", filter=Q(resolved_at__isnull=True, due_at__lt=now)),
        "total": Count("pk"),
    }


def rate(on_time: int, resolved: int) -> float | None:
    return round(100.0 * on_time / resolved, 1) if resolved else None


@dataclass
class Rates:
    """Counts of one row of a rates table (a TTHC, a step, a month or everything)."""

    total: int = 0
    resolved: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    open_overdue: int = 0
    key: object = None  # the TTHC code, (step number, name) or the month (a date, its first day)
    name: str = ""

    @property
    def rate(self) -> float | None:
        return rate(self.on_time, self.resolved)


def totals(dossiers: QuerySet[Dossier], *, now: datetime | None = None) -> Rates:
    return Rates(**dossiers.aggregate(**_counts(now or timezone.now())))


def rates_by_tthc(dossiers: QuerySet[Dossier], *, now: datetime | None = None,
                  names: dict[str, str] | None = None) -> list[Rates]:
    """One row per TTHC code, by code; `names` (code → catalogue name) wins over the name in the export."""
    rows = (dossiers.order_by().values("tthc_code").annotate(**_counts(now or timezone.now()))
            .order_by("tthc_code"))
    exported = dict(dossiers.order_by().exclude(tthc_name="").values_list("tthc_code", "tthc_name").distinct())
    names = names or {}
    result = []
    for row in rows:
        code = row.pop("tthc_code")
        result.append(Rates(key=code, name=names.get(code) or exported.get(code, ""), **row))
    return result


def rates_by_month(dossiers: QuerySet[Dossier]) -> list[Rates]:
    """Resolved dossiers by the month they were resolved in (open ones belong to no month)."""
    rows = (dossiers.order_by().filter(resolved_at__isnull=False)
            .annotate(month=TruncMonth("resolved_at", tzinfo=_zone())).values("month")
            .annotate(**_counts(timezone.now())).order_by("month"))
    return [Rates(key=row["month"].date() if isinstance(row["month"], datetime) else row["month"],
                  **{k: v for k, v in row.items() if k != "month"}) for row in rows]


def rates_by_step(dossiers: QuerySet[Dossier], *, now: datetime | None = None) -> list[Rates]:
    """One row per step (number and name) of the dossiers' steps that have a due time."""
    finished = Q(finished_at__isnull=False)
    now = now or timezone.now()
    rows = (DossierStep.objects.filter(dossier__in=dossiers.order_by().values("pk"), due_at__isnull=False)
            .values("number", "name")
            .annotate(total=Count("pk"), resolved=Count("pk", filter=finished),
                      on_time=Count("pk", filter=finished & Q(finished_at__lte=F("due_at"))),
                      late=Count("pk", filter=finished & Q(finished_at__gt=F("due_at"))),
                      open=Count("pk", filter=Q(finished_at__isnull=True)),
                      open_overdue=Count("pk", filter=Q(finished_at__isnull=True, due_at__lt=now)))
            .order_by("number", "name"))
    return [Rates(key=(row.pop("number"), row["name"]), name=row.pop("name"), **row) for row in rows]


def late_dossiers(dossiers: QuerySet[Dossier], *, now: datetime | None = None) -> QuerySet[Dossier]:
    """Resolved after their due time, or still open past it; the longest overdue first."""
    now = now or timezone.now()
    return (dossiers.filter(Q(resolved_at__gt=F("due_at")) | Q(resolved_at__isnull=True, due_at__lt=now))
            .order_by("due_at", "external_id"))


def filter_dossiers(dossiers: QuerySet[Dossier], *, tthc: str = "", year: int | None = None,
                    month: int | None = None, late: bool = False, now: datetime | None = None) -> QuerySet[Dossier]:
    if tthc:
        dossiers = dossiers.filter(tthc_code=tthc)
    dossiers = in_period(dossiers, year, month)
    return late_dossiers(dossiers, now=now) if late else dossiers


def years(dossiers: QuerySet[Dossier]) -> list[int]:
    """The years dossiers were received in, and this year, newest first (for the filters)."""
    found = {d.year for d in dossiers.order_by().datetimes("received_at", "year", tzinfo=_zone())}
    return sorted(found | {timezone.localdate().year}, reverse=True)


def tthc_codes(dossiers: QuerySet[Dossier]) -> list[str]:
    return list(dossiers.order_by("tthc_code").values_list("tthc_code", flat=True).distinct())


def catalogue_names(agency) -> dict[str, str]:
    """Code → name of the TTHC the province's catalogue assigns to the agency."""
    from tthc.selectors import entries_for_agency

    return dict(entries_for_agency(agency).values_list("code", "name"))


def on_time_rate(agency=None, year: int | None = None) -> float | None:
    """Percent of the dossiers resolved in `year` (default: this year) that were on time; None without data.

    `agency` is an Agency or schema name (default: the connection's). What the supervisor's indicator, and
    later the objectives area, read."""
    from core.agency import in_agency

    year = year or timezone.localdate().year
    if agency is None:
        row = totals(in_period(Dossier.objects.all(), year))
    else:
        with in_agency(agency):
            row = totals(in_period(Dossier.objects.all(), year))
    return row.rate
