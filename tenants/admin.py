"""Platform administration of the agency registry (public schema, http://<base-domain>/admin/).

An agency is never saved by the admin's generic form: adding one goes through provisioning.create_agency, so
the row, its schema and its domain come together or not at all. Many agencies come from a CSV file, run as
a job whose progress page refreshes itself.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from accounts.services import has_perm

from .backup import export_path, start_backup_job
from .forms import AgencyCreationForm, AgencyImportForm
from .models import Agency, BackupJob, Domain, LineageEvent, Province, ProvisioningJob
from .provisioning import ProvisioningError, create_agency
from .services import start_provisioning_job


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "slug")
    search_fields = ("name", "code")


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


def operates_platform(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and has_perm(request.user, tenant, Perm.OPERATE_PLATFORM)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "province", "slug", "valid_from", "valid_to", "status")
    list_select_related = ("province",)  # one query for the page, not one per row (5,000 agencies: 50 pages of 100)
    list_filter = ("kind", "level", "obligation_basis", "province", "status")
    search_fields = ("name", "code", "slug")
    readonly_fields = ("uid", "schema_name", "created_at")
    inlines = [DomainInline]
    actions = ["export_agencies"]

    @admin.action(description=_("Export to the backup folder (data and files)"))
    def export_agencies(self, request, queryset):
        """One export job per agency selected, run by a worker; the backup jobs page shows their progress."""
        if not operates_platform(request):
            raise PermissionDenied
        agencies = list(queryset.agencies())
        for agency in agencies:
            start_backup_job(BackupJob.Kind.EXPORT, agency=agency, archive=export_path(agency), user=request.user)
        messages.info(request, gettext("%(count)d export(s) started: see the backup jobs.") % {"count": len(agencies)})

    def get_readonly_fields(self, request, obj=None):
        # the slug names the schema and the domain: changing it here would orphan both
        return (*self.readonly_fields, "slug", "kind") if obj else self.readonly_fields

    def has_add_permission(self, request):
        return super().has_add_permission(request) and operates_platform(request)

    def has_delete_permission(self, request, obj=None):
        return False  # agencies are never deleted: they get valid_to and lineage events (docs/DOMAIN.md §3)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="tenants_agency_import"),
            path("import/<int:job_id>/", wrap(self.import_job_view), name="tenants_agency_import_job"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """The creation form; on success the new agency already has its schema and subdomain."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AgencyCreationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                agency = create_agency(form.spec)
            except ProvisioningError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for field, errors in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                self.log_addition(request, agency, [{"added": {}}])
                return self.response_add(request, agency)
        adminform = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Add %s") % self.opts.verbose_name,
            "subtitle": None, "adminform": adminform, "object_id": None, "original": None,
            "is_popup": False, "to_field": None, "media": self.media + adminform.media,
            "inline_admin_formsets": [], "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "show_save_and_add_another": True, **(extra_context or {}),
        }
        return self.render_change_form(request, context, add=True, form_url=form_url)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AgencyImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = start_provisioning_job(form.text, form.cleaned_data["file"].name, form.cleaned_data["province"],
                                         request.user)
            messages.info(request, gettext("The file was received; its agencies are being created."))
            return redirect("admin:tenants_agency_import_job", job_id=job.pk)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form,
            "title": gettext("Import agencies from CSV"),
            "jobs": ProvisioningJob.objects.select_related("province")[:10],
        }
        return TemplateResponse(request, "admin/tenants/agency/import.html", context)

    def import_job_view(self, request, job_id: int):
        """The job's progress; htmx asks again every second for the fragment until the job is finished."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ProvisioningJob.objects.select_related("province", "created_by"), pk=job_id)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "job": job,
                   "title": gettext("Import of %(file)s") % {"file": job.filename or f"#{job.pk}"}}
        template = "admin/tenants/agency/_import_progress.html" if request.htmx else "admin/tenants/agency/import_job.html"
        return TemplateResponse(request, template, context)


@admin.register(LineageEvent)
class LineageEventAdmin(admin.ModelAdmin):
    list_display = ("kind", "effective_date", "legal_basis")
    filter_horizontal = ("predecessors", "successors")


@admin.register(ProvisioningJob)
class ProvisioningJobAdmin(admin.ModelAdmin):
    list_display = ("id", "filename", "province", "state", "total", "done", "created_at", "progress_link")
    list_filter = ("state",)
    readonly_fields = ("filename", "province", "state", "total", "done", "errors", "created_slugs", "created_by",
                       "created_at", "finished_at", "language")
    exclude = ("csv_text",)

    def has_add_permission(self, request):
        return False  # jobs start from the agency import page

    def has_change_permission(self, request, obj=None):
        return False  # a job's record is what happened; it is read, not edited

    @admin.display(description=_("progress"))
    def progress_link(self, job):
        url = reverse("admin:tenants_agency_import_job", args=[job.pk])
        return format_html('<a href="{}">{}%</a>', url, job.percent)


@admin.register(BackupJob)
class BackupJobAdmin(admin.ModelAdmin):
    """Exports start from the agencies' action; an import starts here: the archive's path on the workers'
    file system and the new agency's subdomain (tenants/backup.py)."""

    list_display = ("id", "kind", "agency", "archive", "slug", "state", "step", "done", "total", "created_at")
    list_filter = ("kind", "state")
    fields = ("archive", "slug", "name")
    readonly_fields = ("kind", "agency", "state", "step", "done", "total", "message", "created_by", "created_at",
                       "finished_at")

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else (*self.fields, *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else (*self.fields, *self.readonly_fields)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and operates_platform(request)

    def has_change_permission(self, request, obj=None):
        return False  # a job's record is what happened

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        job = start_backup_job(BackupJob.Kind.IMPORT, archive=obj.archive, slug=obj.slug, name=obj.name,
                               user=request.user)
        obj.pk = job.pk
