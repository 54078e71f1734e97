"""Every read of quality objectives: periods, the status rule, the year's summary, what is due, the policy.

**Periods.** An objective measured monthly has 12 periods a year, quarterly 4, every six months 2, yearly 1;
period n covers its months of the objective's year. A measurement entered by hand is *due* when its period
has ended and falls overdue MEASUREMENT_GRACE_DAYS days later.

**Status** (the one rule; pages, API, indicators, the management review and the public page ask here):
- *not measured*: no measurement yet;
- while the year runs and its last period is not measured: *on track* when the latest measurement meets
  the target (≥ or ≤ as the objective says), *at risk* when it does not;
- once the year is over, or its last period (the month of December, Q4, the second half, the year) is
  measured: *met* when the latest measurement meets the target, *missed* when it does not. A value computed
  for a period still running (the on-time rate so far) is provisional: it does not end the year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import PERIODS_PER_YEAR, Comparison, Frequency, Measurement, Objective, Source

MEASUREMENT_GRACE_DAYS = 10  # a period's measurement is due this many days after the period ends

NOT_MEASURED, ON_TRACK, AT_RISK, MET, MISSED = "not_measured", "on_track", "at_risk", "met", "missed"
STATUS_LABELS = {NOT_MEASURED: gettext_lazy("Not measured"), ON_TRACK: gettext_lazy("On track"),
                 AT_RISK: gettext_lazy("At risk"), MET: gettext_lazy("Met"), MISSED: gettext_lazy("Missed")}
# The badge each status wears (web/static/web/eiso.css).
STATUS_BADGES = {NOT_MEASURED: "status-missing", ON_TRACK: "status-met", AT_RISK: "status-due", MET: "status-met",
                 MISSED: "status-overdue"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# ------------------------------------------------------------------------------------------------ periods

def period_months(frequency: str, period: int) -> tuple[int, int]:
    """(first month, last month) of period `period` at `frequency`."""
    span = 12 // PERIODS_PER_YEAR[frequency]
    return (period - 1) * span + 1, period * span


def period_bounds(year: int, frequency: str, period: int) -> tuple[date, date]:
    first, last = period_months(frequency, period)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def period_label(year: int, frequency: str, period: int) -> str:
    if frequency == Frequency.MONTHLY:
        return _("Month %(month)d/%(year)d") % {"month": period, "year": year}
    if frequency == Frequency.QUARTERLY:
        return _("Quarter %(quarter)s/%(year)d") % {"quarter": ROMAN[period], "year": year}
    if frequency == Frequency.HALF_YEARLY:
        return (_("First half of %(year)d") if period == 1 else _("Second half of %(year)d")) % {"year": year}
    return _("Year %(year)d") % {"year": year}


def period_choices(objective: Objective) -> list[tuple[int, str]]:
    return [(n, period_label(objective.year, objective.frequency, n)) for n in range(1, objective.periods + 1)]


def current_period(objective: Objective, today: date | None = None) -> int | None:
    """The period `today` falls in (None outside the objective's year)."""
    today = today or timezone.localdate()
    if today.year != objective.year:
        return None
    return (today.month - 1) // (12 // objective.periods) + 1


def started_periods(objective: Objective, today: date | None = None) -> list[int]:
    """The periods that have begun by `today` (all of them once the year is over)."""
    today = today or timezone.localdate()
    return [n for n in range(1, objective.periods + 1)
            if period_bounds(objective.year, objective.frequency, n)[0] <= today]


# ------------------------------------------------------------------------------------------------- status

def meets(objective: Objective, value: Decimal | None) -> bool:
    if value is None:
        return False
    return value >= objective.target if objective.comparison == Comparison.AT_LEAST else value <= objective.target


def measurements_of(objective: Objective) -> list[Measurement]:
    cached = getattr(objective, "_prefetched_objects_cache", {}).get("measurements")
    rows = list(cached) if cached is not None else list(objective.measurements.all())
    return sorted(rows, key=lambda m: m.period)


def latest(objective: Objective) -> Measurement | None:
    rows = measurements_of(objective)
    return rows[-1] if rows else None


def status(objective: Objective, today: date | None = None) -> str:
    today = today or timezone.localdate()
    last = latest(objective)
    if last is None:
        return NOT_MEASURED
    provisional = last.computed and period_bounds(objective.year, objective.frequency, last.period)[1] >= today
    final = today.year > objective.year or (last.period == objective.periods and not provisional)
    if meets(objective, last.value):
        return MET if final else ON_TRACK
    return MISSED if final else AT_RISK


@dataclass
class Row:
    """An objective as lists show it: its latest measurement and status."""

    objective: Objective
    latest: Measurement | None
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def target(self) -> str:
        return target_label(self.objective)

    @property
    def latest_value(self) -> str:
        return format_value(self.objective, self.latest.value if self.latest else None)

    @property
    def latest_label(self) -> str:
        if self.latest is None:
            return ""
        return period_label(self.objective.year, self.objective.frequency, self.latest.period)


def objectives(year: int | None = None) -> QuerySet[Objective]:
    rows = Objective.objects.prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("period")))
    return rows.filter(year=year) if year else rows


def rows(year: int, today: date | None = None) -> list[Row]:
    return [Row(o, latest(o), status(o, today)) for o in objectives(year).order_by("id")]


def years() -> list[int]:
    this_year = timezone.localdate().year
    found = set(Objective.objects.values_list("year", flat=True).distinct())
    return sorted(found | {this_year}, reverse=True)


@dataclass
class Summary:
    """The year's results as the management review reads them."""

    year: int
    rows: list[Row]
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def met(self) -> int:
        """Met, or on track while the year runs."""
        return self.counts.get(MET, 0) + self.counts.get(ON_TRACK, 0)

    @property
    def at_risk(self) -> int:
        return self.counts.get(AT_RISK, 0)

    @property
    def missed(self) -> int:
        return self.counts.get(MISSED, 0)

    @property
    def not_measured(self) -> int:
        return self.counts.get(NOT_MEASURED, 0)


def summary(year: int | None = None, today: date | None = None) -> Summary:
    year = year or timezone.localdate().year
    found = rows(year, today)
    counts: dict[str, int] = {}
    for row in found:
        counts[row.status] = counts.get(row.status, 0) + 1
    return Summary(year, found, counts)


def format_value(objective: Objective, value: Decimal | None) -> str:
    """'96.5%', '12 days', '0' as pages and review inputs print a value."""
    if value is None:
        return "—"
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0").rstrip(".")
    if objective.unit == "percent":
        return f"{text}%"
    if objective.unit == "days":
        return _("%(value)s days") % {"value": text}
    return text


def target_label(objective: Objective) -> str:
    sign = "≥" if objective.comparison == Comparison.AT_LEAST else "≤"
    return f"{sign} {format_value(objective, objective.target)}"


# ------------------------------------------------------------------------------------- what falls due

@dataclass(frozen=True)
class DueMeasurement:
    objective: Objective
    period: int
    due_on: date

    @property
    def label(self) -> str:
        return period_label(self.objective.year, self.objective.frequency, self.period)


def measurements_due(until: date, today: date | None = None) -> list[DueMeasurement]:
    """Periods of this year's and last year's objectives measured by hand that have ended without a
    measurement and fall due on or before `until` (overdue ones included). Computed objectives are not
    entered: their values come from the dossiers."""
    today = today or timezone.localdate()
    found = []
    for objective in objectives().filter(year__in=[today.year - 1, today.year], source=Source.MANUAL):
        measured = {m.period for m in measurements_of(objective)}
        for n in range(1, objective.periods + 1):
            end = period_bounds(objective.year, objective.frequency, n)[1]
            due_on = end + timedelta(days=MEASUREMENT_GRACE_DAYS)
            if n not in measured and end < today and due_on <= until:
                found.append(DueMeasurement(objective, n, due_on))
    return sorted(found, key=lambda d: (d.due_on, d.objective.pk))


# ---------------------------------------------------------------------------------- computed measurements

def on_time_rate(year: int, frequency: str, period: int) -> tuple[Decimal | None, int]:
    """(on-time rate in percent, dossiers resolved) for the period, from the one-stop dossiers: the months'
    counts as dossiers.selectors counts them, added up; (None, 0) when nothing was resolved."""
    from dossiers import selectors as dossiers
    from dossiers.models import Dossier

    first, last = period_months(frequency, period)
    months = [r for r in dossiers.rates_by_month(dossiers.in_period(Dossier.objects.all(), year))
              if first <= r.key.month <= last]
    on_time, resolved = sum(r.on_time for r in months), sum(r.resolved for r in months)
    rate = dossiers.rate(on_time, resolved)
    return (None if rate is None else Decimal(str(rate))), resolved


COMPUTERS = {Source.ON_TIME_RATE: on_time_rate}


# ------------------------------------------------------------------------------------------ the policy

@dataclass(frozen=True)
class InForce:
    """The effective edition of the quality policy (or objectives) document."""

    code: str
    title: str
    edition: int
    issue_date: date | None
    content: str
    document_id: int


def in_force(kind: str) -> InForce | None:
    """The effective, not withdrawn document of `kind`: what documents.selectors.visible_documents shows
    every member of staff (and so what may be shown to the public)."""
    from documents.models import Document

    document = (Document.objects.select_related("effective_revision")
                .filter(kind=kind, effective_revision__isnull=False, withdrawn=False).order_by("code").first())
    if document is None:
        return None
    revision = document.effective_revision
    return InForce(document.code, document.title, revision.edition, revision.issue_date, revision.content,
                   document.pk)


def quality_policy() -> InForce | None:
    from documents.models import DocumentKind

    return in_force(DocumentKind.QUALITY_POLICY)


def objectives_document() -> InForce | None:
    from documents.models import DocumentKind

    return in_force(DocumentKind.QUALITY_OBJECTIVES)


def history(objective: Objective) -> list:
    """Who recorded what about the objective and each of its measurements, when (core.history.present)."""
    from pghistory.models import Events

    from core.history import present

    events = list(Events.objects.across("objectives.ObjectiveEvent").tracks(objective))
    for measurement in objective.measurements.all():
        events += list(Events.objects.across("objectives.MeasurementEvent").tracks(measurement))
    return present(events)
