"""Files of a document: attachments (upload, download, remove), sign-off snapshots and printouts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Perm
from web.decorators import agency_perm_required

from . import exports, services
from .forms import AttachmentForm
from .models import Attachment, Revision, Signoff
from .views_support import call_service, file_response, visible_document, visible_revision, visible_revisions

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachments_panel(request, revision, form, status=200):
    return render(request, "documents/_attachments_edit.html",
                  {"draft": revision, "attachments": revision.attachments.all(), "attachment_form": form},
                  status=status)


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
@require_POST
def attachment_upload(request, pk):
    revision = get_object_or_404(Revision.objects.select_related("document"), pk=pk)
    visible_document(request, revision.document_id)
    form = AttachmentForm(request.POST, request.FILES)
    ok = False
    if form.is_valid():
        attachment, ok = call_service(form, services.add_attachment, revision, actor=request.user,
                                      uploaded_file=form.cleaned_data["file"])
        if ok:
            messages.success(request, _("%(name)s attached.") % {"name": attachment.original_name})
    if request.htmx:
        return _attachments_panel(request, revision, AttachmentForm() if ok else form)
    if not ok:
        for error in form.errors.get("__all__", []) + form.errors.get("file", []):
            messages.error(request, error)
    return redirect("documents:edit", pk=revision.document_id)


@login_required
@agency_perm_required(Perm.EDIT_DOCUMENTS)
@require_POST
def attachment_remove(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("revision"), pk=pk)
    revision = attachment.revision
    visible_document(request, revision.document_id)
    form = AttachmentForm()
    _none, ok = call_service(form, services.remove_attachment, attachment, actor=request.user)
    if ok:
        messages.success(request, _("%(name)s removed.") % {"name": attachment.original_name})
    if request.htmx:
        return _attachments_panel(request, revision, form)
    if not ok:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("documents:edit", pk=revision.document_id)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    visible_revision(request, attachment.revision_id)
    if not attachment.file:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                        content_type=attachment.content_type or "application/octet-stream")


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def signoff_snapshot(request, pk):
    """The frozen PDF of exactly what a reviewer or approver signed."""
    signoff = get_object_or_404(Signoff, pk=pk)
    revision = visible_revision(request, signoff.revision_id)
    if not signoff.snapshot_pdf:
        raise Http404
    name = f"{revision.document.code}-{revision.edition}-{signoff.get_step_display()}-{signoff.pk}.pdf"
    return FileResponse(signoff.snapshot_pdf.open("rb"), as_attachment=False, filename=name,
                        content_type="application/pdf")


def _printed_revision(request, pk):
    document = visible_document(request, pk)
    edition = request.GET.get("edition")
    revisions = visible_revisions(request, document)
    if edition and edition.isdigit():
        revision = revisions.filter(edition=int(edition)).first()
    else:
        revision = document.effective_revision or revisions.first()
    if revision is None:
        raise Http404
    return document, revision


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def print_pdf(request, pk):
    document, revision = _printed_revision(request, pk)
    return file_response(exports.revision_pdf(revision), filename=f"{document.code}-lan-{revision.edition}.pdf",
                         content_type="application/pdf", inline=True)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def print_docx(request, pk):
    document, revision = _printed_revision(request, pk)
    return file_response(exports.revision_docx(revision), filename=f"{document.code}-lan-{revision.edition}.docx",
                         content_type=DOCX)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def revision_log_pdf(request, pk):
    document = visible_document(request, pk)
    # Staff read only issued editions: drafts and editions in review stay off their copy of the log.
    return file_response(exports.revision_log_pdf(document, visible_revisions(request, document)),
                         filename=f"{document.code}-theo-doi-sua-doi.pdf", content_type="application/pdf",
                         inline=True)
