"""Every read of the province's TTHC catalogue: who sees which entries, the filters, the decisions' deadlines.

- an agency (VIEW_QMS on its own site) sees the entries in force assigned to it: to its level, or to it by
  name; a historical agency sees none;
- the DOST (SUPERVISE on its own site) sees its whole province's catalogue, withdrawn entries included;
- nobody sees another province's catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from pghistory.models import Events

from accounts.roles import Perm
from accounts.services import has_perm
from core.history import HistoryEvent, present
from tenants.models import Agency

from . import calendar
from .models import UPDATE_WORKING_DAYS, EntryAssignment, PublicationDecision, TthcEntry


def province_entries(province) -> QuerySet[TthcEntry]:
    return TthcEntry.objects.filter(province=province).select_related("decision")


def entries_for_agency(agency: Agency) -> QuerySet[TthcEntry]:
    """The entries in force assigned to `agency`, by its level or by name."""
    if agency.kind != Agency.Kind.AGENCY or agency.province_id is None or not agency.is_current:
        return TthcEntry.objects.none()
    named = EntryAssignment.objects.filter(agency=agency).values("entry_id")
    return (province_entries(agency.province_id).filter(status=TthcEntry.Status.ACTIVE)
            .filter(Q(assigned_levels__contains=[agency.level]) | Q(pk__in=named)))


def sees_whole_province(user, agency: Agency) -> bool:
    return agency.is_supervisor and has_perm(user, agency, Perm.SUPERVISE)


def can_keep(user, agency: Agency) -> bool:
    """May `user` edit and import the catalogue on `agency`'s site (the services check again)."""
    return agency.is_supervisor and has_perm(user, agency, Perm.MANAGE_PROVINCE_CATALOGUE)


def visible_entries(user, agency: Agency) -> QuerySet[TthcEntry]:
    if sees_whole_province(user, agency):
        return province_entries(agency.province_id)
    if has_perm(user, agency, Perm.VIEW_QMS):
        return entries_for_agency(agency)
    return TthcEntry.objects.none()


def filter_entries(entries: QuerySet[TthcEntry], *, field: str = "", level: str = "", q: str = "",
                   decision=None, status: str = "") -> QuerySet[TthcEntry]:
    if field:
        entries = entries.filter(field__iexact=field)
    if level:
        entries = entries.filter(Q(level=level) | Q(assigned_levels__contains=[level]))
    if q:
        entries = entries.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(field__icontains=q))
    if decision:
        entries = entries.filter(decision=decision)
    if status:
        entries = entries.filter(status=status)
    return entries


def fields_of(entries: QuerySet[TthcEntry]) -> list[str]:
    return list(entries.exclude(field="").order_by("field").values_list("field", flat=True).distinct())


def assigned_agencies(entry: TthcEntry) -> QuerySet[Agency]:
    return Agency.objects.filter(tthc_assignments__entry=entry).order_by("name")


def entry_history(entry: TthcEntry) -> list[HistoryEvent]:
    """The entry's changes and its assignments by name, who made them and how (form, API, import).

    Read in public: the events and their context rows live there (see services._catalogue_change)."""
    with schema_context(get_public_schema_name()):
        events = list(Events.objects.across("tthc.TthcEntryEvent").tracks(entry))
        events += list(Events.objects.across("tthc.EntryAssignmentEvent").filter(pgh_data__entry_id=entry.pk))
        return present(events)


# ------------------------------------------------------------------------------------ the 5-working-day rule

class DecisionStatus:
    MET = "met"  # every entry under it was entered by the deadline
    DUE = "due"  # the deadline has not passed
    OVERDUE = "overdue"  # passed, with no entry or an entry entered late


def visible_decisions(user, agency: Agency) -> QuerySet[PublicationDecision]:
    if sees_whole_province(user, agency):
        return PublicationDecision.objects.filter(province_id=agency.province_id)
    return PublicationDecision.objects.none()


def decision_deadline(decision: PublicationDecision) -> date:
    """The last day the DOST may update the list: 5 working days after the decision was signed."""
    return calendar.add_working_days(decision.signed_on, UPDATE_WORKING_DAYS, decision.province)


def decision_status(decision: PublicationDecision, *, today: date | None = None, entries=None) -> str:
    """met / due / overdue; `entries` is (count, last entered_on) when the caller already has them."""
    today = today or timezone.localdate()
    deadline = decision_deadline(decision)
    if entries is None:
        rows = decision.entries.exclude(entered_on=None).values_list("entered_on", flat=True)
        entries = (len(rows), max(rows, default=None))
    count, last_entered = entries
    if count and last_entered <= deadline:
        return DecisionStatus.MET
    return DecisionStatus.OVERDUE if today > deadline or count else DecisionStatus.DUE


@dataclass
class DecisionRow:
    decision: PublicationDecision
    deadline: date
    status: str
    entries: int


def decisions_with_deadlines(decisions: QuerySet[PublicationDecision], *, today: date | None = None,
                             status: str = "") -> list[DecisionRow]:
    """Each decision with its deadline, status and entry count (one query for the counts)."""
    from django.db.models import Max

    rows = []
    annotated = decisions.select_related("province").annotate(
        n=Count("entries", filter=Q(entries__entered_on__isnull=False)), last=Max("entries__entered_on"))
    for decision in annotated:
        row = DecisionRow(decision, decision_deadline(decision),
                          decision_status(decision, today=today, entries=(decision.n, decision.last)), decision.n)
        if not status or row.status == status:
            rows.append(row)
    return rows
