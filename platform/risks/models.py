"""Context of the agency (4.1), interested parties (4.2), and its register of risks and opportunities (6.1).

The risk matrix is the agency's own (one settings row; defaults 5×5, medium from 5, high from 12 when none
is saved). A risk keeps its scores (likelihood and impact, each 1..size); its level is never stored: the
selectors compute it from the score and the matrix, so changing the matrix re-levels the whole register.
Every assessment, the first (inherent) and each after treatment (residual), is a row of RiskAssessment.
Procedures are named by plain document id (documents live in the same schema, but the register outlives
a document's withdrawal and must not block it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked

MATRIX_SIZES = (3, 4, 5)


class Side(models.TextChoices):
    INTERNAL = "internal", pgettext_lazy("context issue", "Internal")
    EXTERNAL = "external", pgettext_lazy("context issue", "External")


class IssueCategory(models.TextChoices):
    LEGAL = "legal", pgettext_lazy("context issue", "Legal and policy")
    TECHNOLOGY = "technology", pgettext_lazy("context issue", "Technology")
    PEOPLE = "people", pgettext_lazy("context issue", "People and skills")
    INFRASTRUCTURE = "infrastructure", pgettext_lazy("context issue", "Infrastructure and facilities")
    CITIZENS = "citizens", pgettext_lazy("context issue", "Citizens and businesses")
    FINANCE = "finance", pgettext_lazy("context issue", "Budget and finance")
    OTHER = "other", pgettext_lazy("context issue", "Other")


class RiskKind(models.TextChoices):
    RISK = "risk", pgettext_lazy("risk register", "Risk")
    OPPORTUNITY = "opportunity", pgettext_lazy("risk register", "Opportunity")


class Treatment(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("risk treatment", "Accept")
    REDUCE = "reduce", pgettext_lazy("risk treatment", "Reduce")
    AVOID = "avoid", pgettext_lazy("risk treatment", "Avoid")
    TRANSFER = "transfer", pgettext_lazy("risk treatment", "Transfer")
    EXPLOIT = "exploit", pgettext_lazy("risk treatment", "Exploit")
    ENHANCE = "enhance", pgettext_lazy("risk treatment", "Enhance")


RISK_TREATMENTS = (Treatment.ACCEPT, Treatment.REDUCE, Treatment.AVOID, Treatment.TRANSFER)
OPPORTUNITY_TREATMENTS = (Treatment.EXPLOIT, Treatment.ENHANCE)


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk status", "Open")
    TREATED = "treated", pgettext_lazy("risk status", "Treated")
    CLOSED = "closed", pgettext_lazy("risk status", "Closed")


class Level(models.TextChoices):
    LOW = "low", pgettext_lazy("risk level", "Low")
    MEDIUM = "medium", pgettext_lazy("risk level", "Medium")
    HIGH = "high", pgettext_lazy("risk level", "High")


class AssessmentBasis(models.TextChoices):
    INHERENT = "inherent", pgettext_lazy("risk assessment", "Inherent (before treatment)")
    RESIDUAL = "residual", pgettext_lazy("risk assessment", "Residual (after treatment)")


@tracked()
class RiskMatrix(models.Model):
    """The agency's risk matrix: its size, the labels of each likelihood and impact level (lowest first;
    empty means the default labels in the reader's language) and the scores from which a level is medium
    or high. At most one row (`singleton`)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    size = models.PositiveSmallIntegerField(_("matrix size"), default=5)
    likelihood_labels = models.JSONField(_("likelihood labels"), default=list, blank=True)
    impact_labels = models.JSONField(_("impact labels"), default=list, blank=True)
    medium_from = models.PositiveSmallIntegerField(_("medium from score"), default=5)
    high_from = models.PositiveSmallIntegerField(_("high from score"), default=12)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk matrix")

    def __str__(self) -> str:
        return f"{self.size}×{self.size}"


@tracked()
class ContextIssue(models.Model):
    """An internal or external issue relevant to the agency's purpose and its QMS (clause 4.1)."""

    side = models.CharField(_("internal or external"), max_length=16, choices=Side.choices)
    category = models.CharField(_("category"), max_length=24, choices=IssueCategory.choices)
    description = models.TextField(_("issue"))
    effect = models.TextField(_("effect on the QMS"), blank=True)
    noted_on = models.DateField(_("noted on"))
    relevant = models.BooleanField(_("still relevant"), default=True)
    changed_on = models.DateField(_("last changed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")

    class Meta:
        ordering = ["-relevant", "side", "category", "-noted_on", "id"]
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")

    def __str__(self) -> str:
        return self.description[:80]


@tracked()
class InterestedParty(models.Model):
    """A party whose needs and expectations bear on the QMS (clause 4.2), and how the agency follows them."""

    name = models.CharField(_("interested party"), max_length=200)
    needs = models.TextField(_("needs and expectations"))
    monitoring = models.TextField(_("how they are monitored"), blank=True)
    relevant = models.BooleanField(_("still relevant"), default=True)
    changed_on = models.DateField(_("last changed on"))

    class Meta:
        ordering = ["-relevant", "name", "id"]
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")

    def __str__(self) -> str:
        return self.name


@tracked()
class Risk(models.Model):
    """A risk or an opportunity of the register, with its inherent scores and (once treated) residual ones."""

    kind = models.CharField(_("risk or opportunity"), max_length=16, choices=RiskKind.choices)
    title = models.CharField(_("title"), max_length=300)
    process = models.CharField(_("process"), max_length=200, blank=True)
    document_ids = ArrayField(models.BigIntegerField(), default=list, blank=True,
                              verbose_name=_("related procedures"))
    cause = models.TextField(_("cause"), blank=True)
    consequence = models.TextField(_("consequence"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"), null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), null=True, blank=True)
    treatment = models.CharField(_("treatment"), max_length=16, choices=Treatment.choices)
    actions = models.TextField(_("treatment actions"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                              related_name="+", verbose_name=_("owner"))
    review_on = models.DateField(_("review date"))
    status = models.CharField(_("status"), max_length=16, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    identified_on = models.DateField(_("identified on"))
    treated_on = models.DateField(_("treated on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_on", "id"]
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        indexes = [models.Index(fields=["status", "review_on"], name="risks_status_review")]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact


@tracked()
class RiskAssessment(models.Model):
    """One scoring of a risk: the first (inherent), a re-scoring, or a re-assessment after treatment
    (residual). Rows are never changed: they are the risk's assessment history."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    basis = models.CharField(_("basis"), max_length=16, choices=AssessmentBasis.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    assessed_on = models.DateField(_("assessed on"))
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.risk_id}: {self.likelihood}×{self.impact} ({self.basis})"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact
