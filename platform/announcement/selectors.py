"""Every read of confirmation and announcement, and THE publication state of the agency's QMS.

`publication_state()` is the one answer to "where is this agency's QMS?": not built, building, applied,
announced or announcement outdated. It is derived from the data each time (documents in force, the
milestones the areas register in core.milestones, the announcements, the TTHC assigned to the agency and
its lineage); nobody types it in. The announcement page, the API, the supervisor's indicator and the
re-announcement check all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agency import current_agency
from core.milestones import Progress, progress
from documents.models import Document

from .models import Announcement, Confirmation

NOT_BUILT, BUILDING, APPLIED, ANNOUNCED, OUTDATED = "not_built", "building", "applied", "announced", "outdated"
STATES = (NOT_BUILT, BUILDING, APPLIED, ANNOUNCED, OUTDATED)
STATE_LABELS = {
    NOT_BUILT: gettext_lazy("QMS not built yet"),
    BUILDING: gettext_lazy("QMS being built"),
    APPLIED: gettext_lazy("QMS applied, not announced"),
    ANNOUNCED: gettext_lazy("QMS announced"),
    OUTDATED: gettext_lazy("Announcement outdated: announce again"),
}
# What the agency may do in each state: confirm and announce when applied, or again when the scope changed.
ANNOUNCEABLE = (APPLIED, OUTDATED)
# The lineage events whose successors take over other agencies' work (tenants.LineageEvent.Kind values).
LINEAGE_OUTDATING = ("merge", "split", "dissolve")


@dataclass
class PublicationState:
    state: str
    announcement: Announcement | None = None  # the latest one
    confirmation: Confirmation | None = None  # a confirmation no announcement has followed yet
    new_tthc: list[dict] = field(default_factory=list)  # assigned now, not in the announced scope
    lineage: list = field(default_factory=list)  # mergers/splits making this agency, after the announcement

    @cached_property
    def progress(self) -> list[Progress]:
        """The milestones reached and not: read only when asked (the page, or a state that depends on
        them), so the supervisor's nightly recompute of an agency with nothing in force reads none of them."""
        return progress()

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def missing(self) -> list[Progress]:
        """Milestones required to apply the system and not reached."""
        return [p for p in self.progress if p.milestone.required_to_apply and not p.reached]

    @property
    def announceable(self) -> bool:
        return self.state in ANNOUNCEABLE

    @property
    def reasons(self) -> list[str]:
        """Why the state is what it is, in words for the page."""
        reasons = []
        if self.state == NOT_BUILT:
            reasons.append(_("No document of the system is in force yet."))
        reasons += [_("Not reached yet: %(milestone)s.") % {"milestone": p.milestone.label} for p in self.missing]
        reasons += [_("TTHC %(code)s (%(name)s) is assigned to the agency but not in the announced scope.")
                    % row for row in self.new_tthc]
        reasons += [lineage_reason(event) for event in self.lineage]
        if self.state == APPLIED and self.confirmation is None:
            reasons.append(_("The head has not confirmed the system's effectiveness yet."))
        if self.state in ANNOUNCEABLE and self.confirmation is not None:
            reasons.append(_("Confirmed on %(date)s: the announcement decision can be recorded.")
                           % {"date": self.confirmation.confirmed_on.strftime("%d/%m/%Y")})
        return reasons


def _code_key(code: str) -> str:
    return (code or "").strip().upper()


def has_documents_in_force() -> bool:
    return Document.objects.filter(withdrawn=False, effective_revision__isnull=False).exists()


def current_scope(agency=None) -> tuple[list[dict], list[dict]]:
    """The scope an announcement signed now would cover: the TTHC assigned to the agency, and the effective
    procedures carrying them (procedures.selectors.tthc_coverage, the coverage page's own answer)."""
    from procedures.selectors import tthc_coverage

    coverage = tthc_coverage(agency or current_agency())
    tthc = [{"code": row.entry.code, "name": row.entry.name} for row in coverage.rows]
    procedures: dict[int, dict] = {}
    for row in coverage.rows:
        if row.document is not None:
            item = procedures.setdefault(row.document.pk, {"id": row.document.pk, "code": row.document.code,
                                                           "title": row.document.title, "tthc": []})
            item["tthc"].append(row.entry.code)
    return tthc, sorted(procedures.values(), key=lambda p: p["code"])


def _assigned_tthc(agency) -> list[dict]:
    from tthc.selectors import entries_for_agency

    return [{"code": code, "name": name}
            for code, name in entries_for_agency(agency).order_by("code").values_list("code", "name")]


def lineage_reason(event) -> str:
    """Why a merger, a split or a dissolution that made the agency take over others' work outdates its
    announcement, naming the agencies it took over from."""
    from tenants.models import LineageEvent

    texts = {LineageEvent.Kind.MERGE: _("The agency was formed by the merger of %(names)s on %(date)s, after the "
                                        "announcement: its scope now includes their work."),
             LineageEvent.Kind.SPLIT: _("The agency took over part of the work of %(names)s, split on %(date)s, "
                                        "after the announcement."),
             LineageEvent.Kind.DISSOLVE: _("The agency took over the tasks of %(names)s, dissolved on %(date)s, "
                                           "after the announcement.")}
    names = ", ".join(sorted(agency.name for agency in event.predecessors.all()))
    return texts[event.kind] % {"names": names, "date": event.effective_date.strftime("%d/%m/%Y")}


def _lineage_after(agency, day) -> list:
    """The mergers, splits and dissolutions in effect (effective date reached) after `day` through which the
    agency took over other agencies' work. A rename is the same agency with the same scope: not one of them."""
    from django.utils import timezone

    from tenants.models import LineageEvent

    return list(LineageEvent.objects.filter(successors=agency, effective_date__gt=day,
                                            effective_date__lte=timezone.localdate(),
                                            kind__in=LINEAGE_OUTDATING)
                .prefetch_related("predecessors").order_by("effective_date", "pk"))


def latest_announcement() -> Announcement | None:
    return Announcement.objects.order_by("-signed_on", "-id").first()


def pending_confirmation() -> Confirmation | None:
    """The head's confirmation no announcement has followed yet (the latest one)."""
    return Confirmation.objects.filter(announcement__isnull=True).order_by("-confirmed_on", "-id").first()


def publication_state(agency=None) -> PublicationState:
    """THE publication state of the agency whose schema the connection is on, with its reasons."""
    agency = agency or current_agency()
    result = PublicationState(NOT_BUILT, announcement=latest_announcement(),
                              confirmation=pending_confirmation())
    if not has_documents_in_force():
        return result
    if result.announcement is not None:
        announced = {_code_key(code) for code in result.announcement.tthc_codes}
        result.new_tthc = [row for row in _assigned_tthc(agency) if _code_key(row["code"]) not in announced]
        result.lineage = _lineage_after(agency, result.announcement.signed_on)
        result.state = OUTDATED if result.new_tthc or result.lineage else ANNOUNCED
    else:
        result.state = BUILDING if result.missing else APPLIED
    return result


def announcements() -> QuerySet[Announcement]:
    return Announcement.objects.select_related("confirmation").order_by("-signed_on", "-id")


def confirmations() -> QuerySet[Confirmation]:
    return Confirmation.objects.select_related("announcement").order_by("-confirmed_on", "-id")


def history() -> list:
    """Who recorded what about confirmations and announcements, when (pghistory events)."""
    from pghistory.models import Events

    from core.history import present

    return present(Events.objects.across("announcement.ConfirmationEvent", "announcement.AnnouncementEvent"))
