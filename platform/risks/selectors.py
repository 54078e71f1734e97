"""Every read of the context and the risk register: the matrix in force, levels from scores, the register's
filters, the heat map, what is due, and what a management review or the supervisor sees.

A level is never stored: `level_of(score)` and `with_levels()` compute it from the agency's matrix, so a
change of the matrix re-levels the register at once. The "current" score of a risk is its residual score
once it has been re-assessed after treatment, else its inherent score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AssessmentBasis,
    ContextIssue,
    InterestedParty,
    Level,
    Risk,
    RiskAssessment,
    RiskKind,
    RiskMatrix,
    RiskStatus,
)

# Default labels per matrix size, lowest first.
DEFAULT_LIKELIHOOD = {
    3: [_("Unlikely"), _("Possible"), _("Likely")],
    4: [_("Rare"), _("Unlikely"), _("Likely"), _("Almost certain")],
    5: [_("Rare"), _("Unlikely"), _("Possible"), _("Likely"), _("Almost certain")],
}
DEFAULT_IMPACT = {
    3: [_("Minor"), _("Moderate"), _("Major")],
    4: [_("Minor"), _("Moderate"), _("Major"), _("Severe")],
    5: [_("Insignificant"), _("Minor"), _("Moderate"), _("Major"), _("Severe")],
}
# Sensible thresholds (medium from, high from) for each size.
DEFAULT_THRESHOLDS = {3: (3, 6), 4: (4, 9), 5: (5, 12)}
REVIEW_SOON_DAYS = 30


@dataclass(frozen=True)
class Matrix:
    size: int
    likelihood_labels: list[str]
    impact_labels: list[str]
    medium_from: int
    high_from: int
    saved: bool = False

    def level_of(self, score: int | None) -> str | None:
        if score is None:
            return None
        if score >= self.high_from:
            return Level.HIGH
        return Level.MEDIUM if score >= self.medium_from else Level.LOW

    @property
    def scale(self) -> list[int]:
        return list(range(1, self.size + 1))

    def likelihood_label(self, value: int) -> str:
        return self.likelihood_labels[value - 1] if 1 <= value <= self.size else str(value)

    def impact_label(self, value: int) -> str:
        return self.impact_labels[value - 1] if 1 <= value <= self.size else str(value)


def default_labels(size: int) -> tuple[list[str], list[str]]:
    return [str(label) for label in DEFAULT_LIKELIHOOD[size]], [str(label) for label in DEFAULT_IMPACT[size]]


def matrix() -> Matrix:
    """The agency's matrix, or the default one (5×5, medium from 5, high from 12) while none is saved."""
    row = RiskMatrix.objects.first()
    if row is None:
        likelihood, impact = default_labels(5)
        return Matrix(5, likelihood, impact, *DEFAULT_THRESHOLDS[5])
    default_likelihood, default_impact = default_labels(row.size)
    return Matrix(row.size, list(row.likelihood_labels) or default_likelihood,
                  list(row.impact_labels) or default_impact, row.medium_from, row.high_from, saved=True)


def _level_expression(score, grid: Matrix):
    return Case(When(**{f"{score}__gte": grid.high_from}, then=Value(Level.HIGH.value)),
                When(**{f"{score}__gte": grid.medium_from}, then=Value(Level.MEDIUM.value)),
                When(**{f"{score}__isnull": False}, then=Value(Level.LOW.value)),
                default=None, output_field=CharField())


def with_levels(risks: QuerySet[Risk], grid: Matrix | None = None) -> QuerySet[Risk]:
    """Annotate score, residual_score_db, current_score and the three levels (from the matrix)."""
    grid = grid or matrix()
    return (risks.annotate(
        inherent_score=F("likelihood") * F("impact"),
        residual_score_db=Case(When(residual_likelihood__isnull=False, residual_impact__isnull=False,
                                    then=F("residual_likelihood") * F("residual_impact")),
                               default=None, output_field=IntegerField()))
        .annotate(current_score=Coalesce("residual_score_db", "inherent_score"))
        .annotate(level=_level_expression("inherent_score", grid),
                  residual_level=_level_expression("residual_score_db", grid),
                  current_level=_level_expression("current_score", grid)))


def risks(grid: Matrix | None = None) -> QuerySet[Risk]:
    return with_levels(Risk.objects.all(), grid)


def not_closed(grid: Matrix | None = None) -> QuerySet[Risk]:
    return risks(grid).exclude(status=RiskStatus.CLOSED)


@dataclass
class RiskFilters:
    kind: str = ""
    status: str = ""
    level: str = ""
    owner: int | None = None
    document: int | None = None
    likelihood: int | None = None
    impact: int | None = None
    basis: str = AssessmentBasis.INHERENT
    overdue: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params) -> RiskFilters:
        def number(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        basis = params.get("basis") or AssessmentBasis.INHERENT
        return cls(kind=params.get("kind") or "", status=params.get("status") or "",
                   level=params.get("level") or "", owner=number("owner"), document=number("document"),
                   likelihood=number("likelihood"), impact=number("impact"),
                   basis=basis if basis in AssessmentBasis.values else AssessmentBasis.INHERENT,
                   overdue=params.get("overdue") in ("1", "true", "on"), q=(params.get("q") or "").strip())


def filtered(filters: RiskFilters, *, on: date | None = None) -> QuerySet[Risk]:
    """The register as its filters ask. A heat-map cell names likelihood and impact on a basis: inherent
    scores, or the current ones (residual where re-assessed); the level filter follows the same basis."""
    found = risks()
    residual = filters.basis == AssessmentBasis.RESIDUAL
    if filters.kind in RiskKind.values:
        found = found.filter(kind=filters.kind)
    if filters.status in RiskStatus.values:
        found = found.filter(status=filters.status)
    if filters.level in Level.values:
        found = found.filter(**{"current_level" if residual else "level": filters.level})
    if filters.owner:
        found = found.filter(owner_id=filters.owner)
    if filters.document:
        found = found.filter(document_ids__contains=[filters.document])
    if filters.likelihood is not None:
        found = found.filter(Q(residual_likelihood=filters.likelihood) | Q(
            residual_likelihood__isnull=True, likelihood=filters.likelihood) if residual
            else Q(likelihood=filters.likelihood))
    if filters.impact is not None:
        found = found.filter(Q(residual_impact=filters.impact) | Q(
            residual_impact__isnull=True, impact=filters.impact) if residual else Q(impact=filters.impact))
    if filters.overdue:
        found = found.filter(overdue_q(on))
    if filters.q:
        found = found.filter(Q(title__icontains=filters.q) | Q(process__icontains=filters.q)
                             | Q(cause__icontains=filters.q))
    return found.order_by("status", "-current_score", "review_on", "id")


def overdue_q(on: date | None = None) -> Q:
    return ~Q(status=RiskStatus.CLOSED) & Q(review_on__lt=on or timezone.localdate())


def reviews_overdue(on: date | None = None, grid: Matrix | None = None) -> QuerySet[Risk]:
    return risks(grid).filter(overdue_q(on)).order_by("review_on", "id")


def reviews_due(until: date) -> QuerySet[Risk]:
    """Risks not closed whose review date is on or before `until` (overdue ones too)."""
    return risks().exclude(status=RiskStatus.CLOSED).filter(review_on__lte=until).order_by("review_on", "id")


def high_open(grid: Matrix | None = None) -> QuerySet[Risk]:
    """Risks (not opportunities) not closed whose current level is high."""
    return not_closed(grid).filter(kind=RiskKind.RISK, current_level=Level.HIGH)


@dataclass
class Cell:
    likelihood: int
    impact: int
    level: str
    count: int = 0


@dataclass
class HeatMap:
    grid: Matrix
    basis: str
    kind: str
    rows: list[tuple[int, str, list[Cell]]] = field(default_factory=list)  # likelihood high to low
    columns: list[tuple[int, str]] = field(default_factory=list)  # impact low to high
    total: int = 0


def heat_map(basis: str = AssessmentBasis.INHERENT, kind: str = "") -> HeatMap:
    """Counts of the register's risks not closed per likelihood × impact, on inherent or current scores."""
    grid = matrix()
    basis = basis if basis in AssessmentBasis.values else AssessmentBasis.INHERENT
    found = not_closed()
    if kind in RiskKind.values:
        found = found.filter(kind=kind)
    counts: dict[tuple[int, int], int] = {}
    for likelihood, impact, residual_likelihood, residual_impact in found.values_list(
            "likelihood", "impact", "residual_likelihood", "residual_impact"):
        if basis == AssessmentBasis.RESIDUAL and residual_likelihood is not None and residual_impact is not None:
            likelihood, impact = residual_likelihood, residual_impact
        counts[likelihood, impact] = counts.get((likelihood, impact), 0) + 1
    result = HeatMap(grid, basis, kind, total=sum(counts.values()),
                     columns=[(impact, grid.impact_label(impact)) for impact in grid.scale])
    for likelihood in reversed(grid.scale):
        cells = [Cell(likelihood, impact, grid.level_of(likelihood * impact), counts.get((likelihood, impact), 0))
                 for impact in grid.scale]
        result.rows.append((likelihood, grid.likelihood_label(likelihood), cells))
    return result


def risks_of_document(document_id: int) -> QuerySet[Risk]:
    return risks().filter(document_ids__contains=[document_id]).order_by("status", "-current_score", "id")


def documents_of(risk: Risk) -> list:
    """The related procedures still in this agency (a deleted id is left out), in the order given."""
    from documents.models import Document

    found = {d.pk: d for d in Document.objects.filter(pk__in=risk.document_ids)}
    return [found[pk] for pk in risk.document_ids if pk in found]


def linkable_documents():
    """Documents a risk may name: the agency's procedures and processes, not withdrawn."""
    from documents.models import Document, DocumentKind

    return Document.objects.filter(withdrawn=False, kind__in=[
        DocumentKind.SYSTEM_PROCEDURE, DocumentKind.INTERNAL_PROCEDURE, DocumentKind.TTHC_PROCEDURE,
        DocumentKind.GUIDANCE, DocumentKind.QUALITY_MANUAL]).order_by("code")


def assessments(risk: Risk) -> QuerySet[RiskAssessment]:
    return risk.assessments.all()


def issues() -> QuerySet[ContextIssue]:
    return ContextIssue.objects.all()


def parties() -> QuerySet[InterestedParty]:
    return InterestedParty.objects.all()


def issues_changed(since: date, until: date) -> QuerySet[ContextIssue]:
    return ContextIssue.objects.filter(Q(noted_on__range=(since, until)) | Q(changed_on__range=(since, until)))


def treated_between(since: date, until: date) -> QuerySet[RiskAssessment]:
    """Re-assessments after treatment in the period, newest first."""
    return (RiskAssessment.objects.filter(basis=AssessmentBasis.RESIDUAL, assessed_on__range=(since, until))
            .select_related("risk"))


def first_assessment(risk_id: int) -> RiskAssessment | None:
    return (RiskAssessment.objects.filter(risk_id=risk_id, basis=AssessmentBasis.INHERENT)
            .order_by("assessed_on", "id").first())


def risk_history(risk: Risk) -> list:
    """Who recorded what about the risk and its assessments, when (pghistory events as core.history shows)."""
    from pghistory.models import Events

    from core.history import present

    events = list(Events.objects.across("risks.RiskEvent").tracks(risk))
    events += list(Events.objects.across("risks.RiskAssessmentEvent").filter(pgh_data__risk_id=risk.pk))
    return present(events)


def determined_on() -> date | None:
    """The day the agency had both noted an issue of its context and entered a risk or opportunity."""
    from django.db.models import Min

    first_issue = ContextIssue.objects.aggregate(first=Min("noted_on"))["first"]
    first_risk = Risk.objects.aggregate(first=Min("identified_on"))["first"]
    return max(first_issue, first_risk) if first_issue and first_risk else None


def context_history() -> list:
    """Who noted or changed what in the context, the parties and the matrix, when."""
    from pghistory.models import Events

    from core.history import present

    return present(Events.objects.across("risks.ContextIssueEvent", "risks.InterestedPartyEvent",
                                         "risks.RiskMatrixEvent"))
