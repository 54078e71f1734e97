"""Every read rule of TTHC procedures: which edition's data a person sees, and that data; and coverage, which
TTHC assigned to the agency an effective procedure carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from documents import selectors as documents_selectors
from documents.models import Document, DocumentKind, Revision
from tthc import selectors as tthc_selectors
from tthc.models import TthcEntry

from . import durations
from .models import ProcedureStep, TthcProcedureSpec


def is_tthc_procedure(document: Document) -> bool:
    return document.kind == DocumentKind.TTHC_PROCEDURE


def visible_specs(user) -> QuerySet[TthcProcedureSpec]:
    """Specs of the editions `user` may open (staff: issued editions only)."""
    return TthcProcedureSpec.objects.filter(
        revision__in=documents_selectors.visible_revisions(user).values("pk")).select_related("revision__document")


def shown_revision(user, document: Document) -> Revision | None:
    """The edition the document page talks about: the one being made for people who see drafts, else the
    edition in force."""
    return documents_selectors.working_revision(user, document) or document.effective_revision


def editable_revision(document: Document) -> Revision | None:
    """The edition whose procedure can still be changed (a draft, or one sent back for changes)."""
    revision = documents_selectors.open_revision(document)
    return revision if revision is not None and revision.is_editable else None


def spec_of(revision: Revision | None) -> TthcProcedureSpec | None:
    if revision is None:
        return None
    return TthcProcedureSpec.objects.filter(revision=revision).first()


def steps_of(revision: Revision | None) -> QuerySet[ProcedureStep]:
    if revision is None:
        return ProcedureStep.objects.none()
    return ProcedureStep.objects.filter(revision=revision).order_by("number")


# ------------------------------------------------------------------------------------------------- coverage

class CoverageStatus:
    COVERED = "covered"  # an effective procedure carries it, issued since the entry last changed
    OUTDATED = "outdated"  # carried by an effective procedure that no longer matches the catalogue entry
    MISSING = "missing"  # assigned to the agency, carried by no effective procedure
    STATES = (MISSING, OUTDATED, COVERED)


@dataclass
class CoverageRow:
    entry: TthcEntry
    status: str
    document: Document | None = None
    revision: Revision | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    """The TTHC assigned to the agency, each with the effective procedure that carries it (if any)."""

    rows: list[CoverageRow]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def rows_in(self, status: str = "") -> list[CoverageRow]:
        """The rows in one state; all of them for "" (callers check the state is one of STATES)."""
        return [row for row in self.rows if row.status == status] if status else self.rows

    @property
    def assigned(self) -> int:
        return len(self.rows)

    @property
    def with_procedure(self) -> int:
        return self.assigned - self.count(CoverageStatus.MISSING)

    @property
    def percent(self) -> int | None:
        """Effective procedures / assigned TTHC, in whole per cent (rounded down: 99.6 % is not "100 %");
        None when nothing is assigned, which is not the same as 0 %."""
        if not self.rows:
            return None
        return self.with_procedure * 100 // self.assigned


def _code_key(code: str) -> str:
    return code.strip().upper()


def effective_specs() -> QuerySet[TthcProcedureSpec]:
    """The specs of editions in force of TTHC procedures not withdrawn."""
    return (TthcProcedureSpec.objects
            .filter(revision__document__kind=DocumentKind.TTHC_PROCEDURE, revision__document__withdrawn=False,
                    revision__document__effective_revision=F("revision"))
            .select_related("revision__document"))


def _reasons(entry: TthcEntry, spec: TthcProcedureSpec) -> list[str]:
    reasons = []
    issued = spec.revision.issue_date
    if entry.content_changed_on and issued and issued < entry.content_changed_on:
        reasons.append(_("issued %(issued)s, before the catalogue entry changed on %(changed)s") % {
            "issued": issued.strftime("%d/%m/%Y"), "changed": entry.content_changed_on.strftime("%d/%m/%Y")})
    limit = durations.in_hours(Decimal(entry.time_limit), entry.time_unit)
    if durations.in_hours(spec.time_limit, spec.time_unit) > limit:
        reasons.append(_("its time limit (%(procedure)s) is longer than the catalogue's (%(catalogue)s)") % {
            "procedure": durations.shown(spec.time_limit, spec.time_unit),
            "catalogue": durations.shown(Decimal(entry.time_limit), entry.time_unit)})
    return reasons


def tthc_coverage(agency) -> Coverage:
    """For the agency whose schema the connection is on: each TTHC assigned to it and whether an effective
    procedure carries it. The agency's coverage page, its API and the supervisor's indicator all ask this.

    Several TTHC may share one procedure; when two effective procedures name the same code, the most
    recently issued one counts."""
    entries = list(tthc_selectors.entries_for_agency(agency).order_by("field", "code"))
    by_code: dict[str, TthcProcedureSpec] = {}
    for spec in effective_specs().order_by("revision__issue_date", "revision_id") if entries else ():
        for code in spec.tthc_codes:
            by_code[_code_key(code)] = spec
    rows = []
    for entry in entries:
        spec = by_code.get(_code_key(entry.code))
        if spec is None:
            rows.append(CoverageRow(entry, CoverageStatus.MISSING))
            continue
        reasons = _reasons(entry, spec)
        rows.append(CoverageRow(entry, CoverageStatus.OUTDATED if reasons else CoverageStatus.COVERED,
                                spec.revision.document, spec.revision, reasons))
    return Coverage(rows)
