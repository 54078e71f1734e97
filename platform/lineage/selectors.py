"""Who came before whom: the lineage graph the DOST records (tenants.LineageEvent), read by the DOST's pages,
the successor's "Predecessors" page, accounts.services (a successor's people read their predecessors' QMS)
and the supervision trend (year over year through a merger).

A merger, a split and a dissolution hand an agency's work on to its successors; a rename keeps the same
agency (same schema, same row) and is only a name in the registry's history, so the walks skip it. Walks
are breadth-first, one query per generation, and stop at agencies already seen (a graph typed in the admin
may hold a cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.dates import add_months
from core.indicators import COUNT, RATIO, all_indicators
from tenants.models import Agency, LineageEvent

CARRYING = [LineageEvent.Kind.MERGE, LineageEvent.Kind.SPLIT, LineageEvent.Kind.DISSOLVE]
TREND_MONTHS = 24


@dataclass
class Predecessor:
    agency: Agency
    event: LineageEvent  # the event that ended it on the way to the agency asked about
    depth: int  # 1: a direct predecessor; 2: a predecessor's predecessor ...


def successor_ids(agency_id: int) -> set[int]:
    """Every agency that carries on `agency_id`'s work, directly or through later events (not itself)."""
    seen: set[int] = set()
    frontier = {agency_id}
    while frontier:
        found = set(LineageEvent.objects.filter(kind__in=CARRYING, predecessors__in=frontier)
                    .values_list("successors", flat=True))
        frontier = {pk for pk in found if pk is not None} - seen - {agency_id}
        seen |= frontier
    return seen


def predecessors_of(agency: Agency) -> list[Predecessor]:
    """Every agency `agency` carries on from, nearest first, each with the event that ended it."""
    found: list[Predecessor] = []
    seen = {agency.pk}
    frontier, depth = {agency.pk}, 1
    while frontier:
        events = (LineageEvent.objects.filter(kind__in=CARRYING, successors__in=frontier).distinct()
                  .prefetch_related("predecessors").order_by("-effective_date", "pk"))
        following = set()
        for event in events:
            for before in sorted(event.predecessors.all(), key=lambda a: a.name):
                if before.pk not in seen:
                    seen.add(before.pk)
                    following.add(before.pk)
                    found.append(Predecessor(before, event, depth))
        frontier, depth = following, depth + 1
    return found


def former_names(agency: Agency) -> list[LineageEvent]:
    """The agency's renames, latest first (each keeps the name before and after)."""
    return list(LineageEvent.objects.filter(kind=LineageEvent.Kind.RENAME, successors=agency)
                .order_by("-effective_date", "-pk"))


def province_events(province_id: int) -> QuerySet[LineageEvent]:
    """The events naming an agency of the province (as predecessor or successor), latest first."""
    named = Q(predecessors__province_id=province_id) | Q(successors__province_id=province_id)
    ids = LineageEvent.objects.filter(named).values("pk")
    return (LineageEvent.objects.filter(pk__in=ids).prefetch_related("predecessors", "successors")
            .order_by("-effective_date", "-pk"))


def province_event(province_id: int, pk: int) -> LineageEvent | None:
    return province_events(province_id).filter(pk=pk).first()


def province_agencies(province_id: int) -> QuerySet[Agency]:
    """The agencies a DOST may name in an event: its province's, not itself."""
    return (Agency.objects.agencies().filter(province_id=province_id).exclude(level=Agency.Level.SUPERVISOR)
            .order_by("name"))


# ---------------------------------------------------------------------------------------- year over year

@dataclass
class TrendPoint:
    month: date
    score: float | None
    indicators: dict = field(default_factory=dict)
    agencies: list[str] = field(default_factory=list)  # whose rows make the month, the agency's own first
    carried: bool = False  # the month holds a predecessor's figures

    def as_dict(self) -> dict:
        return {"month": self.month, "score": self.score, "indicators": self.indicators,
                "agencies": self.agencies, "carried": self.carried}


def _combined(kind: str, values: list, own):
    known = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if kind == COUNT:
        return sum(known) if known else None
    if kind == RATIO:
        return round(sum(known) / len(known)) if known else None
    if own is not None:  # a state (a yes-or-no, a date, a publication state): the agency's own says it
        return own
    present = [v for v in values if v is not None]
    return present[0] if present and all(v == present[0] for v in present) else None

def lineage_trend(agency: Agency, months: int = TREND_MONTHS, *, today: date | None = None) -> list[TrendPoint]:
    """The agency's monthly snapshots with its predecessors' before each event's effective date, month by
    month: counts are summed (Phường 5's and xã Thanh Đức's documents make the ward's June), ratios and
    the score averaged, states (yes-or-no, dates, the publication state) the agency's own when it has a
    row, else the predecessors' when they agree. One query for the rows, one per generation of the walk.
    A split's predecessor is in each successor's trend, whole."""
    from supervision.models import MonthlyStatus

    today = today or timezone.localdate()
    first = add_months(today.replace(day=1), -(months - 1))
    cutoff: dict[int, date | None] = {agency.pk: None}
    names = {agency.pk: agency.name}
    for link in predecessors_of(agency):
        cutoff[link.agency.pk] = link.event.effective_date
        names[link.agency.pk] = link.agency.name
    rows = (MonthlyStatus.objects.filter(agency_id__in=list(cutoff), month__gte=first)
            .values("agency_id", "month", "indicators", "score").order_by("month", "agency_id"))
    by_month: dict[date, list[dict]] = {}
    for row in rows:
        ends = cutoff[row["agency_id"]]
        if ends is None or row["month"] < ends:  # a predecessor's rows only before it ended
            by_month.setdefault(row["month"], []).append(row)
    kinds = {i.key: i.kind for i in all_indicators()}
    points = []
    for month, group in sorted(by_month.items()):
        group.sort(key=lambda r: r["agency_id"] != agency.pk)  # the agency's own row first
        own = group[0] if group[0]["agency_id"] == agency.pk else None
        keys = sorted({key for row in group for key in (row["indicators"] or {})})
        indicators = {key: _combined(kinds.get(key, ""), [(r["indicators"] or {}).get(key) for r in group],
                                     (own["indicators"] or {}).get(key) if own else None) for key in keys}
        scores = [r["score"] for r in group if r["score"] is not None]
        points.append(TrendPoint(month, round(sum(scores) / len(scores), 1) if scores else None, indicators,
                                 [names[r["agency_id"]] for r in group],
                                 any(r["agency_id"] != agency.pk for r in group)))
    return points
