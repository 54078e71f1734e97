"""Internal audit (clause 9.2): a yearly programme, audit plans, their checklists and findings.

A plan audits units and processes of the agency, against clauses of a standard's edition (StandardEdition,
loaded from a data file under audits/standards/) and against the agency's own procedures (documents named
by plain id). Its checklist is prefilled when it is planned; each line gets findings graded conformity,
observation, minor or major nonconformity, and every nonconformity opens an NC record in the
nonconformities app (its id kept here as a plain bigint). People are users referred to without a
constraint leaving the schema; the team is a list of user ids.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked


class StandardEdition(models.Model):
    """An edition of the standard audited against (e.g. TCVN ISO 9001:2015), copied from its data file."""

    code = models.CharField(_("standard edition"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=300)
    clauses = models.JSONField(default=list)  # [{"number", "title", "questions": [...]}, ...] as in the file
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("standard edition")
        verbose_name_plural = _("standard editions")

    def __str__(self) -> str:
        return self.code


@tracked()
class AuditProgramme(models.Model):
    """The year's internal audit programme: the plans listed under it say what is audited, by month."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    objectives = models.TextField(_("objectives of the programme"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")

    def __str__(self) -> str:
        return self.title


class AuditState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("audit", "Planned")
    ISSUED = "issued", pgettext_lazy("audit", "Plan issued")
    IN_PROGRESS = "in_progress", pgettext_lazy("audit", "In progress")
    COMPLETED = "completed", pgettext_lazy("audit", "Report issued")


@tracked()
class AuditPlan(models.Model):
    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="plans",
                                  verbose_name=_("audit programme"))
    title = models.CharField(_("audit title"), max_length=300)
    state = models.CharField(_("state"), max_length=16, choices=AuditState.choices, default=AuditState.PLANNED)
    edition = models.ForeignKey(StandardEdition, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("standard edition"))
    units = ArrayField(models.CharField(max_length=150), default=list, blank=True, verbose_name=_("audited units"))
    processes = models.TextField(_("audited processes"), blank=True)
    clauses = ArrayField(models.CharField(max_length=16), default=list, blank=True,
                         verbose_name=_("clauses in scope"))
    document_ids = ArrayField(models.BigIntegerField(), default=list, blank=True,
                              verbose_name=_("procedures in scope"))
    starts_on = models.DateField(_("audit starts on"))
    ends_on = models.DateField(_("audit ends on"))
    lead_auditor = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                     related_name="+", verbose_name=_("lead auditor"))
    auditor_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, verbose_name=_("auditors"))
    auditees = models.TextField(_("auditees"), blank=True, help_text=_("The people audited, one per line"))
    issued_on = models.DateField(_("plan issued on"), null=True, blank=True)
    started_on = models.DateField(_("audit started on"), null=True, blank=True)
    completed_on = models.DateField(_("report issued on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion of the audit"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("audit plan")
        verbose_name_plural = _("audit plans")

    def __str__(self) -> str:
        return self.title

    @property
    def team_ids(self) -> list[int]:
        return [self.lead_auditor_id, *[pk for pk in self.auditor_ids if pk != self.lead_auditor_id]]


class LineKind(models.TextChoices):
    CLAUSE = "clause", _("Clause of the standard")
    PROCEDURE = "procedure", _("Procedure of the agency")


class ChecklistLine(models.Model):
    plan = models.ForeignKey(AuditPlan, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=LineKind.choices)
    clause = models.CharField(_("clause"), max_length=16, blank=True)
    document_id = models.BigIntegerField(null=True, blank=True)  # the procedure audited (documents.Document)
    title = models.CharField(_("what is audited"), max_length=400)
    questions = models.TextField(_("questions to ask"), blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="audits_line_position")]
        verbose_name = _("checklist line")
        verbose_name_plural = _("checklist lines")

    def __str__(self) -> str:
        return f"{self.clause} {self.title}".strip()

    @property
    def question_list(self) -> list[str]:
        return [q for q in self.questions.splitlines() if q.strip()]


class Grade(models.TextChoices):
    CONFORMITY = "conformity", _("Conformity")
    OBSERVATION = "observation", _("Observation")
    MINOR = "minor", _("Minor nonconformity")
    MAJOR = "major", _("Major nonconformity")


NONCONFORMITY_GRADES = (Grade.MINOR, Grade.MAJOR)


@tracked()
class Finding(models.Model):
    line = models.ForeignKey(ChecklistLine, on_delete=models.PROTECT, related_name="findings")
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    evidence = models.TextField(_("evidence"))
    nonconformity_id = models.BigIntegerField(null=True, blank=True)  # the NC opened (nonconformities app)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["line__position", "id"]
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")

    def __str__(self) -> str:
        return f"{self.get_grade_display()}: {self.evidence[:60]}"

    @property
    def is_nonconformity(self) -> bool:
        return self.grade in NONCONFORMITY_GRADES
