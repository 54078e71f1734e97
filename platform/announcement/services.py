"""Every change of confirmation and announcement: the head confirms the system is effective, then the signed
announcement decision is recorded with its scope; the DOST is told; a scope that moved asks for a new one.

Both writes need Perm.SIGN_FOR_AGENCY (the head or deputy), are refused unless the publication state allows
them (applied, or outdated for a new announcement) and run inside one change (core.changes) so history knows
who did it. Nothing is edited or deleted afterwards.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core import public_page, values
from core.changes import after_commit, change, require
from core.errors import DomainError
from core.indicators import indicators_changed

from . import selectors
from .models import Announcement, Confirmation

PERM = Perm.SIGN_FOR_AGENCY


def _text(value, limit: int, label: str, *, required: bool = True) -> str:
    return values.line(value, limit, label, code="announcement_invalid_value", required=required)


def _long_text(value, limit: int, label: str) -> str:
    return values.long_text(value, limit, label, code="announcement_invalid_value")


def _date(value, label: str) -> datetime.date:
    return values.past_date(value, label, code="announcement_date_order")


def _announceable() -> selectors.PublicationState:
    state = selectors.publication_state()
    if not state.announceable:
        raise DomainError("announcement_not_applied", _(
            "The system is “%(state)s”: the head confirms it and signs an announcement only once it is applied, "
            "or again when the announced scope has changed.") % {"state": state.label})
    return state


def confirm(*, actor, confirmed_on, head_name, head_title="", note="") -> Confirmation:
    """The head confirms the QMS is established, applied and effective (before the announcement)."""
    require(actor, PERM)
    confirmed_on = _date(confirmed_on, _("The confirmation date"))
    head_name = _text(head_name, 150, _("the head's full name"))
    head_title = _text(head_title, 200, _("the head's position"), required=False)
    note = _long_text(note, 4000, _("The note"))
    with change(actor, "announcement.confirm", confirmed_on=str(confirmed_on)):
        _announceable()
        confirmation = Confirmation.objects.create(confirmed_on=confirmed_on, head_name=head_name,
                                                   head_title=head_title, note=note, recorded_by=actor)
    return confirmation


def announce(*, actor, number, signed_on, signer_name, signer_title, scope_text="", uploaded_file=None
             ) -> Announcement:
    """Record the signed announcement decision; its scope is the TTHC assigned now and the effective
    procedures carrying them. The DOST's supervisors are told, the public page and the rollup refreshed."""
    agency = require(actor, PERM)
    number = _text(number, 64, _("the decision number"))
    signed_on = _date(signed_on, _("The signing date"))
    signer_name = _text(signer_name, 150, _("the signer's full name"))
    signer_title = _text(signer_title, 200, _("the signer's position"))
    scope_text = _long_text(scope_text, 4000, _("The scope"))
    file_values = {}
    if uploaded_file is not None:
        from documents.uploads import clean_filename, validate_upload

        content_type, _sha, _size = validate_upload(uploaded_file)
        file_values = {"file": uploaded_file, "original_name": clean_filename(uploaded_file.name),
                       "content_type": content_type}
    with change(actor, "announcement.announce", number=number):
        _announceable()
        confirmation = selectors.pending_confirmation()
        if confirmation is None:
            raise DomainError("announcement_not_confirmed", _(
                "The head confirms the system is effective first; then the announcement is recorded."))
        if signed_on < confirmation.confirmed_on:
            raise DomainError("announcement_date_order", _(
                "The announcement cannot be signed before the confirmation (%(date)s).")
                % {"date": confirmation.confirmed_on.strftime("%d/%m/%Y")})
        if Announcement.objects.filter(number__iexact=number).exists():
            raise DomainError("announcement_number_taken", _("Decision %(number)s is already recorded.")
                              % {"number": number})
        tthc, procedures = selectors.current_scope(agency)
        announcement = Announcement.objects.create(
            number=number, signed_on=signed_on, signer_name=signer_name, signer_title=signer_title,
            confirmation=confirmation, scope_tthc=tthc, scope_procedures=procedures, scope_text=scope_text,
            recorded_by=actor, **file_values)
        indicators_changed()
        public_page.changed()
        after_commit(lambda: tell_the_supervisor(agency, announcement))
    return announcement


def tell_the_supervisor(agency, announcement: Announcement) -> int:
    """An in-app notice to the supervisor staff of the province's DOST, in the DOST's own schema."""
    from accounts.selectors import members
    from core.agency import in_agency
    from notifications.services import notify

    dost = agency.province.supervisor if agency.province_id else None
    if dost is None:
        return 0
    message = _("%(agency)s announced its QMS conforms to TCVN ISO 9001:2015: decision %(number)s of %(date)s.") % {
        "agency": agency.name, "number": announcement.number, "date": announcement.signed_on.strftime("%d/%m/%Y")}
    link = agency.site_url(reverse("public_page:page"))
    sent = 0
    people = list(members(dost, Perm.SUPERVISE))
    with in_agency(dost):
        for user in people:
            sent += notify(user, message, link, verb="announcement", email=False,
                           key=f"announcement:{agency.schema_name}:{announcement.pk}") is not None
    return sent


def check_outdated() -> int:
    """When the announced scope no longer covers the agency's (a new TTHC, a merger), tell the ISO secretary
    and the head once per announcement and change (idempotent: the notice's key names both)."""
    from accounts.selectors import members
    from core.agency import current_agency
    from notifications.services import notify

    state = selectors.publication_state()
    if state.state != selectors.OUTDATED:
        return 0
    agency = current_agency()
    changes = ",".join(sorted([row["code"] for row in state.new_tthc]
                              + [f"lineage-{event.pk}" for event in state.lineage]))
    message = _("The announcement %(number)s no longer covers the agency's scope: %(reasons)s Confirm the "
                "system and sign a new announcement.") % {"number": state.announcement.number,
                                                          "reasons": " ".join(state.reasons)}
    people = {u.pk: u for perm in (Perm.MANAGE_QMS, PERM) for u in members(agency, perm)}
    sent = 0
    for user in people.values():
        sent += notify(user, message[:1000], reverse("announcement:list"), verb="announcement", email=True,
                       key=f"announcement-outdated:{state.announcement.pk}:{changes}"[:200]) is not None
    if sent:
        indicators_changed()
    return sent
