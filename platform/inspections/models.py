"""The DOST's inspections of the province's agencies (Circular 26/2014/TT-BKHCN Arts. 33–39).

Province-level rows in the public schema, each carrying its province (the plan) or its agency (an
inspection): the DOST keeps them on its own site, an agency reads and answers its own on its site. A plan
(one per province and year) lists inspections, each of one agency, by dossier or on site; an inspection
goes planned → requested (dossier: the request letter) or decided (on site: the decision and its team) →
answered (the agency's report) → recorded (the record, signed by the team lead and the agency) → closed
(the corrective report accepted). Findings land as nonconformities in the agency's own list through one
service (inspections.services.land_finding); the NC's id is kept here as a plain number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from core.storage import stored_name
from tenants.models import Agency, Province

# The agency's corrective report is due this many months after the record (Circular 26/2014 Art. 37).
CORRECTIVE_MONTHS = 2


def evidence_upload_to(instance, filename: str) -> str:
    return stored_name("inspections", filename)


@tracked()
class InspectionSettings(models.Model):
    """Who inspects in the province: the former Chi cục TĐC, or today's division of the DOST."""

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="inspection_settings")
    inspecting_unit = models.CharField(_("inspecting unit"), max_length=255,
                                       default="Phòng Tiêu chuẩn Đo lường Chất lượng")
    approver = models.CharField(_("approving authority"), max_length=255, default="Ủy ban nhân dân tỉnh")

    class Meta:
        verbose_name = _("inspection settings")
        verbose_name_plural = _("inspection settings")

    def __str__(self) -> str:
        return self.inspecting_unit


@tracked()
class InspectionPlan(models.Model):
    """The year's inspection plan: drafted by the inspecting unit, submitted by the DOST, approved by the
    provincial People's Committee (its decision's number and date recorded)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("inspection plan", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("inspection plan", "Submitted")
        APPROVED = "approved", pgettext_lazy("inspection plan", "Approved")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="inspection_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    inspecting_unit = models.CharField(_("inspecting unit"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    approval_number = models.CharField(_("approving decision number"), max_length=64, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="inspection_plan_per_year")]

    def __str__(self) -> str:
        return self.title


@tracked(exclude=["updated_at", "corrective_reminded_on", "corrective_reminders"])  # reminders: bookkeeping
class Inspection(models.Model):
    """One line of the plan: one agency inspected, by dossier or on site, and everything that follows."""

    class Form(models.TextChoices):
        DOSSIER = "dossier", _("By dossier")
        ON_SITE = "on_site", _("On site")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("inspection", "Planned")
        REQUESTED = "requested", pgettext_lazy("inspection", "Report requested")
        DECIDED = "decided", pgettext_lazy("inspection", "Decision issued")
        ANSWERED = "answered", pgettext_lazy("inspection", "Report received")
        RECORDED = "recorded", pgettext_lazy("inspection", "Record made")
        CLOSED = "closed", pgettext_lazy("inspection", "Closed")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="inspections")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="inspections")
    form = models.CharField(_("form of inspection"), max_length=16, choices=Form.choices)
    inspecting_unit = models.CharField(_("inspecting unit"), max_length=255)
    cooperating_unit = models.CharField(_("co-operating unit"), max_length=255, blank=True)
    expected_time = models.CharField(_("expected time"), max_length=64, blank=True, help_text=_("e.g. Quý II/2026"))
    budget = models.PositiveBigIntegerField(_("budget (VND)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    # the request letter (dossier) or the decision (on site): number and date
    letter_number = models.CharField(_("letter or decision number"), max_length=64, blank=True)
    letter_on = models.DateField(_("letter or decision date"), null=True, blank=True)
    answer_due = models.DateField(_("report due"), null=True, blank=True)
    visit_on = models.DateField(_("visit date"), null=True, blank=True)
    # the agency's answer
    agency_report = models.TextField(_("agency's report"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    # the record (biên bản kiểm tra)
    record_on = models.DateField(_("record date"), null=True, blank=True)
    record_place = models.CharField(_("place"), max_length=255, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    lead_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+")
    lead_signed_at = models.DateTimeField(_("signed by the team lead at"), null=True, blank=True)
    agency_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+")
    agency_signed_at = models.DateTimeField(_("signed by the agency at"), null=True, blank=True)
    # the corrective report (due record date + 2 months)
    corrective_due = models.DateField(_("corrective report due"), null=True, blank=True)
    corrective_report = models.TextField(_("corrective report"), blank=True)
    corrective_submitted_on = models.DateField(_("corrective report submitted on"), null=True, blank=True)
    corrective_accepted_on = models.DateField(_("corrective report accepted on"), null=True, blank=True)
    # the daily reminder of an overdue corrective report (tasks.py): the last one and how many, at most weekly
    corrective_reminded_on = models.DateField(_("corrective report last reminded on"), null=True, blank=True)
    corrective_reminders = models.PositiveSmallIntegerField(_("corrective report reminders"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "agency__name"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="inspection_once_per_plan")]
        indexes = [models.Index(fields=["agency", "record_on"])]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.agency}"

    @property
    def budget_shown(self) -> str:
        """The budget as Vietnamese write it: 15.000.000."""
        return f"{self.budget:,}".replace(",", ".") if self.budget is not None else "—"

    @property
    def signed(self) -> bool:
        return self.lead_signed_at is not None and self.agency_signed_at is not None


@tracked()
class TeamMember(models.Model):
    """A member of the on-site inspection team named in the decision."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Team lead")
        MEMBER = "member", _("Team member")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position and unit"), max_length=255, blank=True)
    role = models.CharField(_("role in the team"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


@tracked()
class ChecklistItem(models.Model):
    """One Art. 36 point to check, with what the agency's own data says (prefilled) and the team's result."""

    class Result(models.TextChoices):
        PENDING = "pending", pgettext_lazy("checklist", "Not checked yet")
        CONFORMS = "conforms", pgettext_lazy("checklist", "Conforms")
        FINDING = "finding", pgettext_lazy("checklist", "Finding")
        NOT_APPLICABLE = "na", pgettext_lazy("checklist", "Not applicable")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    code = models.CharField(_("point"), max_length=32)
    group = models.CharField(_("against"), max_length=32)
    text = models.TextField(_("what is checked"))
    evidence = models.TextField(_("what the agency's data shows"), blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, default=Result.PENDING)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["inspection", "code"], name="inspection_checklist_code")]

    def __str__(self) -> str:
        return self.code


@tracked()
class Finding(models.Model):
    """A point found not conforming; landed, it is an NC in the agency's own list (`nc_id`, a plain id)."""

    class Grade(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item_code = models.CharField(_("point"), max_length=32, blank=True)
    description = models.TextField(_("finding"))
    requirement = models.TextField(_("requirement not met"), blank=True)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, default=Grade.MINOR)
    nc_id = models.BigIntegerField(_("nonconformity"), null=True, blank=True)
    nc_number = models.CharField(_("nonconformity number"), max_length=32, blank=True)
    landed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.description[:60]


@tracked()
class InspectionFile(models.Model):
    """A paper of the inspection file (Art. 39) uploaded rather than generated: the agency's evidence, the
    team's report, the report to the People's Committee..."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="files")
    item = models.CharField(_("file item"), max_length=32)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "item", "pk"]
        verbose_name = _("inspection file")
        verbose_name_plural = _("inspection files")

    def __str__(self) -> str:
        return self.title
