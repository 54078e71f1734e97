"""The agency registry, in the public schema.

Each agency (department, district, commune-level unit, public service unit, the DOST supervisor) is a
django-tenants tenant with its own schema. Two system rows share the table: the public schema and the
template schema new agencies are created from (`kind`). Agencies are never deleted: they get `valid_to`
and lineage events, so a successor can see its predecessors' QMS history (docs/DOMAIN.md §3).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin


class Province(models.Model):
    code = models.CharField(_("province code"), max_length=8, unique=True, help_text=_("e.g. 84"))
    name = models.CharField(_("name"), max_length=128)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    @property
    def supervisor(self) -> Agency | None:
        return self.agencies.agencies().current().filter(level=Agency.Level.SUPERVISOR).first()


def current_q(prefix: str = "", on=None) -> models.Q:
    """An agency in force on `on` (today): the condition itself, for a related lookup (`prefix="agencies__"`)."""
    on = on or timezone.localdate()
    return (models.Q(**{f"{prefix}valid_from__lte": on})
            & (models.Q(**{f"{prefix}valid_to__isnull": True}) | models.Q(**{f"{prefix}valid_to__gte": on})))


class AgencyQuerySet(models.QuerySet):
    def agencies(self) -> AgencyQuerySet:
        """Real agencies, without the public and template system rows."""
        return self.filter(kind=Agency.Kind.AGENCY)

    def current(self, on=None) -> AgencyQuerySet:
        return self.filter(current_q(on=on))

    def historical(self, on=None) -> AgencyQuerySet:
        on = on or timezone.localdate()
        return self.filter(valid_to__lt=on)

    def in_province(self, province) -> AgencyQuerySet:
        return self.filter(province=province)


class Agency(TenantMixin):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agency")
        PUBLIC = "public", _("Public schema")
        TEMPLATE = "template", _("Template schema")

    class Level(models.TextChoices):
        DEPARTMENT = "department", _("Provincial department (sở, ban, ngành)")
        DISTRICT = "district", _("District People's Committee (UBND huyện)")
        COMMUNE = "commune", _("Commune-level People's Committee (UBND xã, phường, đặc khu)")
        PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit (đơn vị sự nghiệp)")
        SUPERVISOR = "supervisor", _("Department of Science and Technology (supervisor)")

    class Obligation(models.TextChoices):
        """Why the agency runs a QMS (Decision 19/2014/QĐ-TTg Art. 2): stored per agency, set by the DOST, not
        derived from its level (a province's plan may oblige a commune or leave a department encouraged)."""

        MANDATORY = "mandatory", _("Mandatory")
        ENCOURAGED = "encouraged", _("Encouraged")
        PROVINCIAL_PLAN = "provincial_plan", _("By the provincial plan")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        HISTORICAL = "historical", _("Historical")
        SUSPENDED = "suspended", _("Suspended")

    # The bigint primary key is the stable internal id; `uid` is the same for systems outside the database.
    uid = models.UUIDField(_("stable id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.AGENCY)
    code = models.CharField(_("official code"), max_length=32, unique=True, null=True, blank=True,
                            help_text=_("Agency identifier code, e.g. 000.00.31.H59"))
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    slug = models.SlugField(_("subdomain"), max_length=63, unique=True)
    level = models.CharField(_("level"), max_length=32, choices=Level.choices, blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="agencies", verbose_name=_("province"))
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("parent agency"))
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    address = models.CharField(_("address"), max_length=255, blank=True)
    obligation_basis = models.CharField(_("obligation basis"), max_length=16, choices=Obligation.choices,
                                        blank=True, help_text=_("Empty: from the level when the agency is created"))
    field = models.CharField(_("field of work"), max_length=64, blank=True,
                             help_text=_("The sector a department or unit works in, e.g. Y tế, Tư pháp"))
    created_at = models.DateTimeField(auto_now_add=True)

    # Schemas are made by tenants.provisioning, never by save().
    auto_create_schema = False
    auto_drop_schema = False

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["province", "level", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        indexes = [models.Index(fields=["province", "level"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_supervisor(self) -> bool:
        return self.level == self.Level.SUPERVISOR

    @staticmethod
    def default_obligation(level: str) -> str:
        """The province's usual plan: departments must, the others are encouraged (the DOST edits it)."""
        return Agency.Obligation.MANDATORY if level == Agency.Level.DEPARTMENT else Agency.Obligation.ENCOURAGED

    def save(self, *args, **kwargs):
        if self.kind == self.Kind.AGENCY and not self.obligation_basis and self.level != self.Level.SUPERVISOR:
            self.obligation_basis = self.default_obligation(self.level)
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.valid_from <= today and (self.valid_to is None or self.valid_to >= today)

    @property
    def accepts_changes(self) -> bool:
        """Active and not ended: a suspended agency, or one that ended (a merger, a split, a dissolution),
        is read-only for everyone (accounts.services.perms_in). A successor made ahead of its effective
        date may already prepare its QMS."""
        return self.status == self.Status.ACTIVE and (self.valid_to is None or self.valid_to >= timezone.localdate())

    def site_url(self, path: str = "/") -> str:
        from django.conf import settings

        port = f":{settings.EISO_PUBLIC_PORT}" if settings.EISO_PUBLIC_PORT else ""
        return f"http://{self.slug}.{settings.EISO_BASE_DOMAIN}{port}{path}"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class LineageEvent(models.Model):
    """A merger, split, rename, establishment or dissolution, with its legal basis."""

    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("Establishment")
        MERGE = "merge", _("Merger")
        SPLIT = "split", _("Split")
        RENAME = "rename", _("Rename")
        DISSOLVE = "dissolve", _("Dissolution")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=255,
                                   help_text=_("e.g. Nghị quyết số 1687/NQ-UBTVQH15"))
    note = models.TextField(_("note"), blank=True)
    # A rename keeps the agency (same schema, same row): the name it had and the one it took, as recorded.
    former_name = models.CharField(_("former name"), max_length=255, blank=True)
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    predecessors = models.ManyToManyField(Agency, related_name="successor_events", blank=True,
                                          verbose_name=_("predecessors"))
    successors = models.ManyToManyField(Agency, related_name="predecessor_events", blank=True,
                                        verbose_name=_("successors"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_date"]
        verbose_name = _("lineage event")
        verbose_name_plural = _("lineage events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class SchemaScript(models.Model):
    """The template schema's DDL, cached per migration state, replayed to create a new agency schema."""

    fingerprint = models.CharField(max_length=64, unique=True)
    ddl = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.fingerprint[:12]


class JobRow(models.Model):
    """What a job row with progress does (its fields `state`, `done`, `total`, `updated_at` are its own)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # auto_now is written only if listed: every partial save (each row's progress) counts as progress.
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.state == self.State.DONE else 0)


class ProvisioningJob(JobRow):
    """A bulk creation of agencies from a CSV file, run by Celery, with progress."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected: the file has errors")
        FAILED = "failed", _("Failed")

    filename = models.CharField(_("file"), max_length=255, blank=True)
    csv_text = models.TextField()
    # the province of rows without a province_code column
    province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="provisioning_jobs", verbose_name=_("province"))
    # errors are written in the language of whoever sent the file, though a worker writes them
    language = models.CharField(_("language"), max_length=8, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("created"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_slugs = models.JSONField(default=list, blank=True)
    # The checked rows, kept once the file passed (the slugs chosen then stay chosen), and the next one to do.
    planned = models.JSONField(default=list, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    cursor = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves with every save, progress included: a running job that stops moving lost its worker.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("provisioning job")
        verbose_name_plural = _("provisioning jobs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.filename}"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.REJECTED, self.State.FAILED}


class BackupJob(JobRow):
    """One agency's export to an archive, or an archive's import into a new agency (tenants/backup.py), run by
    Celery for the platform operator, with progress."""

    class Kind(models.TextChoices):
        EXPORT = "export", pgettext_lazy("backup job", "Export")
        IMPORT = "import", pgettext_lazy("backup job", "Import")

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("backup job", "Pending")
        RUNNING = "running", pgettext_lazy("backup job", "Running")
        DONE = "done", pgettext_lazy("backup job", "Done")
        FAILED = "failed", pgettext_lazy("backup job", "Failed")

    kind = models.CharField(pgettext_lazy("backup job", "kind"), max_length=8, choices=Kind.choices)
    # export: the agency exported; import: the agency made (once done)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="backup_jobs",
                               verbose_name=pgettext_lazy("backup job", "agency"))
    archive = models.CharField(pgettext_lazy("backup job", "archive"), max_length=500)
    slug = models.CharField(pgettext_lazy("backup job", "new subdomain"), max_length=63, blank=True)  # import only
    name = models.CharField(pgettext_lazy("backup job", "new name"), max_length=255, blank=True)  # import only; empty: the source's
    state = models.CharField(pgettext_lazy("backup job", "state"), max_length=16, choices=State.choices, default=State.PENDING)
    step = models.CharField(pgettext_lazy("backup job", "step"), max_length=16, blank=True)
    total = models.PositiveIntegerField(pgettext_lazy("backup job", "total"), default=0)
    done = models.PositiveIntegerField(pgettext_lazy("backup job", "done"), default=0)
    message = models.TextField(pgettext_lazy("backup job", "message"), blank=True)
    language = models.CharField(max_length=8, blank=True)  # the message is written in the requester's
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("backup job", "backup job")
        verbose_name_plural = pgettext_lazy("backup job", "backup jobs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.archive}"
