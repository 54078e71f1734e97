"""Records (hồ sơ): find them by procedure, year, field and text; file new ones; export what is shown; add
what a procedure requires to be kept (from the document's page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from core.forms import call_service
from core.tabular import Column
from documents import selectors as selectors_documents
from documents.views_support import can, export, visible_document
from web.decorators import agency_perm_required

from . import selectors, services
from .forms import RecordFilterForm, RecordForm, RecordRequirementForm

PAGE_SIZE = 50
RECORD_COLUMNS = [
    Column(gettext_lazy("Procedure"), "document.code"),
    Column(gettext_lazy("Required record"), "requirement.name"),
    Column(gettext_lazy("Year"), "year"),
    Column(gettext_lazy("Title"), "title"),
    Column(gettext_lazy("Field"), "field"),
    Column(gettext_lazy("Reference"), "reference"),
    Column(gettext_lazy("File"), "original_name"),
    Column(gettext_lazy("Filed by"), "filed_by.display_name"),
    Column(gettext_lazy("Filed at"), "filed_at"),
]


def _procedures(request):
    return selectors.procedures_for_filing(request.user)


def visible_records(request):
    return selectors.visible_records(request.user)


def filtered_records(request):
    """The records the list shows for the request's filters (also what its exports contain)."""
    records = visible_records(request)
    years, fields = selectors.years_and_fields(records)
    form = RecordFilterForm(request.GET or None, documents=_procedures(request), years=years, fields=fields)
    if form.is_valid():
        records = selectors.filter_records(records, form.filters())
    return form, records.select_related("document", "requirement", "filed_by")


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def record_list(request):
    form, records = filtered_records(request)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "records": page.object_list,
               "can_file": can(request, Perm.FILE_RECORDS)}
    if request.htmx and not request.htmx.boosted:
        return render(request, "records/_results.html", context)
    return render(request, "records/list.html", context)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def record_export(request, fmt):
    _form, records = filtered_records(request)
    return export(fmt, records, RECORD_COLUMNS, basename=_("records"), title=_("Records"))


@login_required
@agency_perm_required(Perm.FILE_RECORDS)
def record_create(request):
    initial = {}
    if request.GET.get("document", "").isdigit():
        initial["document"] = int(request.GET["document"])
    if request.GET.get("requirement", "").isdigit():
        initial["requirement"] = int(request.GET["requirement"])
    form = RecordForm(request.POST or None, request.FILES or None, documents=_procedures(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record, ok = call_service(form, services.file_record, actor=request.user, document=data["document"],
                                  year=data["year"], title=data["title"], field=data["field"],
                                  reference=data["reference"], uploaded_file=data["file"],
                                  requirement=data["requirement"])
        if ok:
            messages.success(request, _("Record “%(title)s” filed under %(code)s, %(year)s.")
                             % {"title": record.title, "code": record.document.code, "year": record.year})
            return redirect(f"{reverse('records:list')}?document={record.document_id}")
    return render(request, "records/form.html", {"form": form})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def record_download(request, pk):
    record = get_object_or_404(visible_records(request), pk=pk)
    if not record.file:
        raise Http404
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.original_name or "record",
                        content_type=getattr(record, "content_type", "") or "application/octet-stream")


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
@require_POST
def add_requirement(request, pk):
    from documents.views import detail_context

    document = visible_document(request, pk)
    form = RecordRequirementForm(request.POST)
    if form.is_valid():
        _requirement, ok = call_service(form, services.add_record_requirement, document, actor=request.user,
                                        **form.cleaned_data)
        if ok:
            messages.success(request, _("Required record added."))
            return redirect(f"{reverse('documents:detail', kwargs={'pk': document.pk})}#records")
    revision = document.effective_revision or selectors_documents.open_revision(document)
    context = detail_context(request, document, revision,
                             panels={"records": {"requirement_form": form, "show_requirement_form": True}})
    return render(request, "documents/detail.html", context)
