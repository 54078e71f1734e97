"""Every change to records: what a procedure requires to be kept, and filing a record (hồ sơ).

Each function checks the actor's permission in the current agency, guards the rule with a translated
DomainError, and saves inside one change (core.changes) so history knows who did it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.changes import change, require
from core.errors import DomainError
from documents.models import Document
from documents.uploads import RECORD_TYPES, clean_filename, validate_upload

from .models import Record, RecordRequirement

FIRST_RECORD_YEAR = 1990


def add_record_requirement(document: Document, *, actor, name, kept_by="", retention="") -> RecordRequirement:
    """A record the procedure requires to be kept (section 7 "Hồ sơ cần lưu")."""
    require(actor, Perm.EDIT_DOCUMENTS)
    name = " ".join(str(name or "").split())
    if not name:
        raise DomainError("name_required", _("Name the record to be kept."))
    with change(actor, "records.add_record_requirement", document=document.pk):
        return RecordRequirement.objects.create(document=document, name=name[:300],
                                                kept_by=" ".join((kept_by or "").split())[:150],
                                                retention=" ".join((retention or "").split())[:64])


def file_record(*, actor, document, year, title, field="", reference="", uploaded_file=None,
                requirement=None) -> Record:
    """File a record (hồ sơ) against a procedure and year, as an uploaded file and/or a reference."""
    from documents.extraction import extract_text

    from .search import refresh_record_search

    require(actor, Perm.FILE_RECORDS)
    title = " ".join(str(title or "").split())
    reference = " ".join(str(reference or "").split())
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_RECORD_YEAR <= year <= timezone.localdate().year + 1:
        raise DomainError("invalid_year", _("The year must be between %(first)d and %(last)d.") % {
            "first": FIRST_RECORD_YEAR, "last": timezone.localdate().year + 1})
    if not title:
        raise DomainError("title_required", _("Give the record a title."))
    if uploaded_file is None and not reference:
        raise DomainError("record_needs_file_or_reference", _(
            "Upload the record or say where the paper record is kept."))
    if requirement is not None and requirement.document_id != document.pk:
        raise DomainError("requirement_mismatch", _("That required record belongs to another procedure."))
    record = Record(document=document, requirement=requirement, year=year, title=title[:300],
                    field=" ".join((field or "").split())[:150], reference=reference[:300], filed_by=actor)
    if uploaded_file is not None:
        record.content_type, record.sha256, record.size = validate_upload(uploaded_file, allowed=RECORD_TYPES)
        record.extracted_text = extract_text(uploaded_file, record.content_type)
        uploaded_file.seek(0)
        record.original_name = clean_filename(uploaded_file.name)
    with change(actor, "records.file_record", document=document.pk):
        if not Document.objects.filter(pk=document.pk).exists():
            raise DomainError("not_found", _("The procedure no longer exists."), status_code=404)
        if uploaded_file is not None:
            record.file.save(record.original_name, uploaded_file, save=False)
        record.save()
        refresh_record_search(record)
    return record
