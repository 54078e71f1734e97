"""Every change to the province's legal register.

The DOST (MANAGE_PROVINCE_CATALOGUE on its own site) keeps the whole register and the province's update
rule; an agency's editors (ADD_LEGAL_DOCUMENTS on the agency's site: whoever may edit its documents) add the
legal documents the agency rests on and change only those. The rows live in public, so every write runs there (as the TTHC
catalogue's do: pghistory's context lands beside the events). Once a change commits, an entry in force sends
`legal_updates.fan_out_entry`, by name (this shared app imports no agency area), so that every affected
agency gets its update task; a document effective later opens nothing until the daily run reaches its date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.roles import Perm
from accounts.services import has_perm
from core.agency import current_agency
from core.changes import change
from core.dates import parse_date
from core.errors import DomainError
from core.outbox import send_after_commit
from tthc.models import TthcEntry
from tthc.selectors import entries_for_agency

from .models import LegalDocument, LegalEffect, RegisterSettings

FIELDS = ("number", "title", "kind", "issuer", "signed_on", "effective_on", "url", "status")
LIMITS = {"number": 64, "title": 500, "issuer": 200, "url": 500}
MAX_MONTHS = 24


@dataclass(frozen=True)
class Site:
    """Who is writing to the register, from where: the DOST (keeper) or one agency (contributor)."""

    agency: object
    keeper: bool

    @property
    def province_id(self):
        return self.agency.province_id


KIND_PATTERNS = [(re.compile(r"/(TT|TTLT)[-/]", re.I), LegalDocument.Kind.CIRCULAR),
                 (re.compile(r"/(NĐ|ND)[-/]", re.I), LegalDocument.Kind.DECREE),
                 (re.compile(r"/(QĐ|QD)[-/]", re.I), LegalDocument.Kind.DECISION),
                 (re.compile(r"/QH\d*$", re.I), LegalDocument.Kind.LAW)]


def guess_kind(number: str) -> str:
    """The kind its symbol says: …/TT-… a circular, …/NĐ-CP a decree, …/QĐ-… a decision, …/QH13 a law."""
    for pattern, kind in KIND_PATTERNS:
        if pattern.search(number or ""):
            return kind
    return LegalDocument.Kind.OTHER


@contextmanager
def _register_change(actor, action: str, **metadata) -> Iterator[None]:
    with schema_context(get_public_schema_name()), change(actor, action, **metadata):
        yield


def site_of(actor) -> Site:
    agency = current_agency()
    if agency.province_id is None:
        raise PermissionDenied(_("The legal register belongs to a province."))
    if agency.is_supervisor and has_perm(actor, agency, Perm.MANAGE_PROVINCE_CATALOGUE):
        return Site(agency, keeper=True)
    if not agency.is_supervisor and has_perm(actor, agency, Perm.ADD_LEGAL_DOCUMENTS):
        return Site(agency, keeper=False)
    raise PermissionDenied(_("You do not have permission to do this in %(agency)s.") % {"agency": agency.name})


def may_edit(site: Site, document: LegalDocument) -> bool:
    if document.province_id != site.province_id:
        return False
    return site.keeper or document.added_by_agency_id == site.agency.pk


def _check_may_edit(site: Site, document: LegalDocument) -> None:
    if not may_edit(site, document):
        raise DomainError("legal_not_keeper", _(
            "Only the DOST, or the agency that added it, may change this legal document."), status_code=403)


def _clean(values: dict) -> dict:
    """The values given, checked and normalised; the first problem is raised."""
    cleaned = {}
    for name, value in values.items():
        if name in ("signed_on", "effective_on"):
            try:
                cleaned[name] = parse_date(value)
            except ValueError:
                raise DomainError("invalid_date", _("A date is not in the form YYYY-MM-DD.")) from None
            continue
        text = " ".join(str(value or "").split())
        if name in LIMITS and len(text) > LIMITS[name]:
            raise DomainError("legal_invalid_value", _("%(field)s is longer than %(limit)d characters.") % {
                "field": str(LegalDocument._meta.get_field(name).verbose_name).capitalize(),
                "limit": LIMITS[name]})
        cleaned[name] = text
    if "number" in cleaned and not cleaned["number"]:
        raise DomainError("legal_number_required", _("Give the legal document's number and symbol."))
    if cleaned.get("kind") is not None and "kind" in values and cleaned["kind"] not in LegalDocument.Kind.values:
        raise DomainError("legal_invalid_value", _("The kind of legal document is not one of the list."))
    if "status" in cleaned and cleaned["status"] not in LegalDocument.Status.values:
        raise DomainError("legal_invalid_value", _("The status of the legal document is not one of the list."))
    if cleaned.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(cleaned["url"])
        except ValidationError:
            raise DomainError("legal_invalid_value", _("The link is not a web address (http or https).")) from None
    return cleaned


def _check_dates(document: LegalDocument) -> None:
    if document.signed_on and document.effective_on and document.effective_on < document.signed_on:
        raise DomainError("legal_invalid_value", _("A legal document cannot take effect before it is signed."))


def _number_free(province_id, number: str, document: LegalDocument | None = None) -> None:
    taken = LegalDocument.objects.filter(province_id=province_id, number__iexact=number)
    if document is not None:
        taken = taken.exclude(pk=document.pk)
    if taken.exists():
        raise DomainError("legal_number_taken", _("The province's register already has %(number)s.") % {
            "number": number})


def _check_entries(site: Site, entries) -> list[TthcEntry]:
    """The TTHC named: of the province's catalogue (the DOST), or assigned to the agency adding the entry."""
    entries = list(entries)
    allowed = (TthcEntry.objects.filter(province_id=site.province_id) if site.keeper
               else entries_for_agency(site.agency))
    found = set(allowed.filter(pk__in=[e.pk for e in entries]).values_list("pk", flat=True))
    if any(entry.pk not in found for entry in entries):
        raise DomainError("legal_foreign_entry", _(
            "A TTHC named is not in this province's catalogue (or not assigned to your agency)."))
    return entries


def _set_effects(document: LegalDocument, entries: list[TthcEntry]) -> bool:
    wanted = {entry.pk for entry in entries}
    present = set(document.effects.values_list("entry_id", flat=True))
    if wanted == present:
        return False
    document.effects.filter(entry_id__in=present - wanted).delete()
    LegalEffect.objects.bulk_create([LegalEffect(legal_document=document, entry_id=pk)
                                     for pk in sorted(wanted - present)])
    return True


def _attach(document: LegalDocument, upload) -> None:
    from documents.uploads import DOCUMENT_TYPES, clean_filename, validate_upload

    validate_upload(upload, allowed=DOCUMENT_TYPES)
    document.file_name = clean_filename(getattr(upload, "name", ""))[:255]
    document.file.save(upload.name, upload, save=False)


def _in_force_now(document: LegalDocument) -> bool:
    return (document.status == LegalDocument.Status.IN_FORCE and document.effective_on is not None
            and document.effective_on <= timezone.localdate())


def _open_tasks_after_commit(document: LegalDocument) -> None:
    """An entry in force now: every affected agency gets its update task (legal_updates, by name)."""
    if not _in_force_now(document):
        return
    send_after_commit("legal_updates.fan_out_entry", document.pk)  # kept by the outbox while Redis is down


def create_legal_document(*, actor, number, affects=(), upload=None, **fields) -> LegalDocument:
    """A legal document in the province's register: the DOST's, or added by the actor's agency."""
    site = site_of(actor)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))})
    values = _clean({"number": number, "kind": fields.pop("kind", None) or LegalDocument.Kind.OTHER, **fields})
    entries = _check_entries(site, affects or [])
    document = LegalDocument(province_id=site.province_id, added_by_agency=None if site.keeper else site.agency,
                             **values)
    _check_dates(document)
    with _register_change(actor, "legal.create_legal_document", number=values["number"]):
        _number_free(site.province_id, values["number"])
        if upload is not None:
            _attach(document, upload)
        document.save()
        _set_effects(document, entries)
        _open_tasks_after_commit(document)
    return document


def update_legal_document(document: LegalDocument, *, actor, affects=None, upload=None, **changes) -> LegalDocument:
    """Change the given fields (and the TTHC affected, the file); unchanged values write nothing."""
    site = site_of(actor)
    _check_may_edit(site, document)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))})
    values = _clean(changes)
    entries = _check_entries(site, affects) if affects is not None else None
    with _register_change(actor, "legal.update_legal_document", legal_document=document.pk):
        document = LegalDocument.objects.select_for_update().get(pk=document.pk)
        changed = [name for name, value in values.items() if getattr(document, name) != value]
        for name in changed:
            setattr(document, name, values[name])
        _check_dates(document)
        if "number" in changed:
            _number_free(site.province_id, document.number, document)
        if upload is not None:
            _attach(document, upload)
            changed += ["file", "file_name"]
        if changed:
            document.save(update_fields=[*changed, "updated_at"])
        effects_changed = entries is not None and _set_effects(document, entries)
        if changed or effects_changed:
            _open_tasks_after_commit(document)
    return document


def find_or_add(*, actor, number, **fields) -> tuple[LegalDocument, bool]:
    """The province's entry with this number (any case), or a new one added by the actor's agency; a document
    form names legal documents by number."""
    site = site_of(actor)
    number = _clean({"number": number})["number"]
    existing = LegalDocument.objects.filter(province_id=site.province_id, number__iexact=number).first()
    if existing is not None:
        return existing, False
    return create_legal_document(actor=actor, number=number, **fields), True


def set_update_months(*, actor, months) -> RegisterSettings:
    """The province's time to fold a legal change into procedures (months after it takes effect)."""
    site = site_of(actor)
    if not site.keeper:
        raise DomainError("legal_not_keeper", _("The province's update rule is set by its DOST."), status_code=403)
    try:
        months = int(months)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= MAX_MONTHS:
        raise DomainError("legal_invalid_months", _(
            "The months to update procedures must be a whole number from 1 to %(max)d.") % {"max": MAX_MONTHS})
    with _register_change(actor, "legal.set_update_months", months=months):
        settings, _created = RegisterSettings.objects.select_for_update().get_or_create(province_id=site.province_id)
        if settings.update_months != months:
            settings.update_months = months
            settings.save(update_fields=["update_months"])
    return settings
