"""Every read of the province's legal register: who sees it, its filters, the province's update rule.

Everyone with VIEW_QMS on a site of the province (an agency or its DOST) reads the whole register: the law is
public and a legal change reaches agencies of every level. Nobody sees another province's register.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from pghistory.models import Events

from accounts.roles import Perm
from accounts.services import has_perm
from core.dates import add_months
from core.history import HistoryEvent, present
from tenants.models import Agency
from tthc.models import TthcEntry

from .models import DEFAULT_UPDATE_MONTHS, LegalDocument, LegalEffect, RegisterSettings


def province_register(province_id) -> QuerySet[LegalDocument]:
    return LegalDocument.objects.filter(province_id=province_id).select_related("added_by_agency")


def visible_register(user, agency: Agency) -> QuerySet[LegalDocument]:
    if agency.province_id is None or not has_perm(user, agency, Perm.VIEW_QMS):
        return LegalDocument.objects.none()
    return province_register(agency.province_id)


def can_keep(user, agency: Agency) -> bool:
    """The DOST's keepers, on its own site (the services check again)."""
    return agency.is_supervisor and has_perm(user, agency, Perm.MANAGE_PROVINCE_CATALOGUE)


def can_add(user, agency: Agency) -> bool:
    return agency.province_id is not None and (
        can_keep(user, agency) or (not agency.is_supervisor and has_perm(user, agency, Perm.ADD_LEGAL_DOCUMENTS)))


def can_edit(user, agency: Agency, document: LegalDocument) -> bool:
    if document.province_id != agency.province_id:
        return False
    return can_keep(user, agency) or (can_add(user, agency) and document.added_by_agency_id == agency.pk)


class When:
    IN_FORCE = "in_force"  # took effect, not repealed
    UPCOMING = "upcoming"  # takes effect later
    REPEALED = "repealed"


def filter_register(documents: QuerySet[LegalDocument], *, q: str = "", kind: str = "", when: str = "",
                    tthc: str = "", today: date | None = None) -> QuerySet[LegalDocument]:
    today = today or timezone.localdate()
    if q:
        documents = documents.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(issuer__icontains=q))
    if kind:
        documents = documents.filter(kind=kind)
    if when == When.IN_FORCE:
        documents = documents.filter(status=LegalDocument.Status.IN_FORCE, effective_on__lte=today)
    elif when == When.UPCOMING:
        documents = documents.filter(status=LegalDocument.Status.IN_FORCE, effective_on__gt=today)
    elif when == When.REPEALED:
        documents = documents.filter(status=LegalDocument.Status.REPEALED)
    if tthc:
        documents = documents.filter(effects__entry__code=tthc)
    return documents


def affected_entries(document: LegalDocument) -> QuerySet[TthcEntry]:
    return TthcEntry.objects.filter(legal_effects__legal_document=document).order_by("code")


def affected_codes(legal_document_ids) -> dict[int, set[str]]:
    """{legal document id: the TTHC codes it affects}."""
    codes: dict[int, set[str]] = {}
    for pk, code in LegalEffect.objects.filter(legal_document_id__in=list(legal_document_ids)).values_list(
            "legal_document_id", "entry__code"):
        codes.setdefault(pk, set()).add(code)
    return codes


def update_months(province_id) -> int:
    found = RegisterSettings.objects.filter(province_id=province_id).values_list("update_months", flat=True).first()
    return found or DEFAULT_UPDATE_MONTHS


def update_due(effective_on: date, province_id=None, *, months: int | None = None) -> date:
    """The last day affected agencies have to publish their revised procedures."""
    return add_months(effective_on, months if months is not None else update_months(province_id))


def in_force_by(province_id, on: date) -> QuerySet[LegalDocument]:
    """The province's entries that have taken effect by `on` and are not repealed: what opens tasks."""
    return LegalDocument.objects.filter(province_id=province_id, status=LegalDocument.Status.IN_FORCE,
                                        effective_on__isnull=False, effective_on__lte=on)


def affected_agencies(document: LegalDocument) -> QuerySet[Agency]:
    """The current agencies a TTHC the entry affects is assigned to (by level or by name). Agencies that only
    link their documents to it are found in their own schemas (legal_updates)."""
    entries = TthcEntry.objects.filter(legal_effects__legal_document=document, status=TthcEntry.Status.ACTIVE)
    levels = {level for levels in entries.values_list("assigned_levels", flat=True) for level in levels}
    agencies = Agency.objects.agencies().current().filter(province_id=document.province_id)
    return agencies.filter(Q(level__in=levels) | Q(tthc_assignments__entry__in=entries)).distinct().order_by("name")


def legal_history(document: LegalDocument) -> list[HistoryEvent]:
    with schema_context(get_public_schema_name()):
        events = list(Events.objects.across("legal.LegalDocumentEvent").tracks(document))
        events += list(Events.objects.across("legal.LegalEffectEvent").filter(
            pgh_data__legal_document_id=document.pk))
        return present(events)
