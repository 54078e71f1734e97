"""Every change to the notices: the DOST writes, sends, withdraws and reminds; an agency acknowledges.

The DOST's writes: only on its own site, with SEND_NOTICES, for its own province (`_sender`). The rows live
in public, so each write runs there (`_public_change`, the TTHC catalogue's way): pghistory's context lands
beside the events. Sending freezes the audience into one receipt per current agency in the same
transaction (a unique (notice, agency) pair: a retry adds none), then, after the commit, a Celery task tells
each agency's people in chunks (`tell`): a notification in the agency's schema, keyed per notice, so a
chunk run twice tells nobody twice; `told_at` marks the receipts done and is the progress the DOST sees.

Other areas send a notice with one call, e.g. when the DOST publishes a model procedure:

    notices.services.send_notice(actor=user, kind="model_procedure", title="…", body="…",
                                 audience="levels", audience_values=["commune"], link="/models/12/",
                                 source_ref="model_procedures:12:1")

Supervisors never write into an agency's QMS here: the notification is the only row a notice leaves there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.agency import current_agency, in_agency
from core.changes import after_commit, require
from core.errors import DomainError
from core.outbox import send_after_commit
from core.values import a_date, line, long_text
from tenants.models import Agency
from tthc.services import _catalogue_change as _public_change

from . import selectors
from .models import Notice, Receipt

CODE = "notice_invalid_value"
BODY_LIMIT = 20000
RECEIPT_BATCH = 1000
FIELDS = ("kind", "title", "body", "link", "audience", "audience_values", "reply_by")
LEVELS = {value for value, _label in Agency.Level.choices if value != Agency.Level.SUPERVISOR}
OBLIGATIONS = set(Agency.Obligation.values)


def _sender(actor) -> Agency:
    """The DOST whose province `actor` may send notices to: its own site, with the permission."""
    agency = require(actor, Perm.SEND_NOTICES)
    if not selectors.is_dost(agency):
        raise DomainError("not_notice_sender", _(
            "Notices to agencies are sent by the province's DOST, on its own site."), status_code=403)
    return agency


def _same_province(agency: Agency, notice: Notice) -> None:
    if notice.province_id != agency.province_id:
        raise DomainError("not_notice_sender", _("This notice belongs to another province."), status_code=403)


def _draft(notice: Notice) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.is_draft:
        raise DomainError("notice_not_draft", _("This notice is %(status)s: only a draft may be changed, sent or "
                                                "withdrawn.") % {"status": notice.get_status_display().lower()})
    return notice


def _link(value) -> str:
    text = line(value, 500, _("The link"), code=CODE, required=False)
    if not text or (text.startswith("/") and not text.startswith("//")):
        return text
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise DomainError(CODE, _("The link is neither a page of eISO (starting with /) nor a web address "
                                  "(http or https).")) from None
    return text


def _audience(province_id: int, audience, values) -> tuple[str, list[str]]:
    audience = str(audience or Notice.Audience.ALL)
    if audience not in Notice.Audience.values:
        raise DomainError(CODE, _("The audience is not one of the list."))
    if isinstance(values, str):
        values = [values]
    values = sorted({" ".join(str(v).split()) for v in values or [] if str(v).strip()})
    if audience == Notice.Audience.ALL:
        return audience, []
    if not values:
        raise DomainError(CODE, _("Name the levels, fields, obligation bases or agencies the notice goes to."))
    allowed = {Notice.Audience.LEVELS: LEVELS, Notice.Audience.OBLIGATION: OBLIGATIONS}.get(audience)
    if allowed is not None and not set(values) <= allowed:
        raise DomainError(CODE, _("A level or obligation basis named is not one of the list."))
    if audience == Notice.Audience.SELECTION:
        ids = {int(v) for v in values if v.isdigit()}
        found = set(selectors.current_agencies(province_id).filter(pk__in=ids).values_list("pk", flat=True))
        if len(ids) != len(values) or found != ids:
            raise DomainError(CODE, _("An agency chosen is not a current agency of this province."))
        values = [str(pk) for pk in sorted(ids)]
    if any(len(v) > 64 for v in values):
        raise DomainError(CODE, _("A value of the audience is longer than 64 characters."))
    return audience, values


def _clean(province_id: int, values: dict) -> dict:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))})
    cleaned = {}
    if "kind" in values:
        if values["kind"] not in Notice.Kind.values:
            raise DomainError(CODE, _("The kind of notice is not one of the list."))
        cleaned["kind"] = values["kind"]
    if "title" in values:
        cleaned["title"] = line(values["title"], 300, _("The notice's title"), code=CODE)
    if "body" in values:
        cleaned["body"] = long_text(values["body"], BODY_LIMIT, _("The notice's text"), code=CODE)
    if "link" in values:
        cleaned["link"] = _link(values["link"])
    if "reply_by" in values:
        cleaned["reply_by"] = (None if values["reply_by"] in (None, "")
                               else a_date(values["reply_by"], _("The acknowledge-by date"), code=CODE))
    if "audience" in values or "audience_values" in values:
        cleaned["audience"], cleaned["audience_values"] = _audience(
            province_id, values.get("audience"), values.get("audience_values"))
    return cleaned


def _attach(notice: Notice, upload) -> None:
    from documents.uploads import DOCUMENT_TYPES, clean_filename, validate_upload

    validate_upload(upload, allowed=DOCUMENT_TYPES)
    notice.attachment_name = clean_filename(getattr(upload, "name", ""))[:255]
    notice.attachment.save(upload.name, upload, save=False)


# --------------------------------------------------------------------------------------- the DOST's side

def create_notice(*, actor, title, kind=Notice.Kind.OTHER, body="", link="", audience=Notice.Audience.ALL,
                  audience_values=(), reply_by=None, upload=None, source_ref="") -> Notice:
    """A draft notice of the actor's province (nobody receives it until it is sent)."""
    dost = _sender(actor)
    values = _clean(dost.province_id, {"kind": kind, "title": title, "body": body, "link": link,
                                       "audience": audience, "audience_values": audience_values,
                                       "reply_by": reply_by})
    notice = Notice(province_id=dost.province_id, created_by=actor, source_ref=str(source_ref or "")[:100],
                    **values)
    with _public_change(actor, "notices.create_notice", title=values["title"]):
        if upload is not None:
            _attach(notice, upload)
        notice.save()
    return notice


def update_notice(notice: Notice, *, actor, upload=None, **changes) -> Notice:
    """Change a draft's given fields (and its attachment); unchanged values write nothing."""
    dost = _sender(actor)
    _same_province(dost, notice)
    if "audience_values" in changes and "audience" not in changes:
        changes["audience"] = notice.audience
    values = _clean(dost.province_id, changes)
    with _public_change(actor, "notices.update_notice", notice=notice.pk):
        notice = _draft(notice)
        changed = [name for name, value in values.items() if getattr(notice, name) != value]
        for name in changed:
            setattr(notice, name, values[name])
        if upload is not None:
            _attach(notice, upload)
            changed += ["attachment", "attachment_name"]
        if changed:
            notice.save(update_fields=[*changed, "updated_at"])
    return notice


def _create_receipts(notice: Notice, agency_ids: Iterable[int]) -> int:
    """One receipt per agency; one already there is left as it is (a retried send adds none)."""
    rows = [Receipt(notice_id=notice.pk, agency_id=pk) for pk in agency_ids]
    Receipt.objects.bulk_create(rows, batch_size=RECEIPT_BATCH, ignore_conflicts=True)
    return notice.receipts.count()


def send(notice: Notice, *, actor) -> Notice:
    """Send a draft: its audience is resolved now into one receipt per current agency (never an ended or
    suspended one, never another province's), and each agency's people are told after the commit."""

    dost = _sender(actor)
    _same_province(dost, notice)
    with _public_change(actor, "notices.send", notice=notice.pk):
        notice = _draft(notice)
        if notice.reply_by is not None and notice.reply_by < timezone.localdate():
            raise DomainError(CODE, _("The acknowledge-by date has passed: give a later one."))
        agency_ids = list(selectors.audience_agencies(notice.province_id, notice.audience, notice.audience_values)
                          .values_list("pk", flat=True))
        if not agency_ids:
            raise DomainError("notice_no_recipients", _(
                "No current agency of the province matches this audience: nobody would receive the notice."))
        notice.status, notice.sent_at, notice.sent_by = Notice.Status.SENT, timezone.now(), actor
        notice.save(update_fields=["status", "sent_at", "sent_by", "updated_at"])
        _create_receipts(notice, agency_ids)
        send_after_commit("notices.deliver_notice", notice.pk)
    return notice


def send_notice(*, actor, title, kind=Notice.Kind.OTHER, body="", audience=Notice.Audience.ALL,
                audience_values=(), link="", reply_by=None, upload=None, source_ref="", province=None) -> Notice:
    """Write and send a notice in one step: the call other areas make (model procedures, inspections).
    With `source_ref` it is sent once: a second call with the same key returns the notice already sent."""
    dost = _sender(actor)
    if province is not None and getattr(province, "pk", province) != dost.province_id:
        raise DomainError("not_notice_sender", _("This notice belongs to another province."), status_code=403)
    if source_ref:
        existing = Notice.objects.filter(province_id=dost.province_id, source_ref=source_ref).first()
        if existing is not None and not existing.is_draft:
            return existing
    with transaction.atomic():  # written and sent, or neither
        notice = (Notice.objects.filter(province_id=dost.province_id, source_ref=source_ref).first()
                  if source_ref else None)
        if notice is None:
            notice = create_notice(actor=actor, title=title, kind=kind, body=body, link=link, audience=audience,
                                   audience_values=audience_values, reply_by=reply_by, upload=upload,
                                   source_ref=source_ref)
        return send(notice, actor=actor)


def withdraw(notice: Notice, *, actor) -> Notice:
    """Withdraw a draft: it is kept (its history too) but never sent."""
    dost = _sender(actor)
    _same_province(dost, notice)
    with _public_change(actor, "notices.withdraw", notice=notice.pk):
        notice = _draft(notice)
        notice.status = Notice.Status.WITHDRAWN
        notice.save(update_fields=["status", "updated_at"])
    return notice


def remind(notice: Notice, *, actor) -> int:
    """Remind the agencies that have not acknowledged: at most once a day each. Returns how many."""
    from . import tasks

    dost = _sender(actor)
    _same_province(dost, notice)
    if notice.status != Notice.Status.SENT:
        raise DomainError("notice_not_sent", _("Only a sent notice can be reminded."))
    today = timezone.localdate()
    with _public_change(actor, "notices.remind", notice=notice.pk):
        ids = list(selectors.to_remind(notice, today).select_for_update().values_list("pk", flat=True))
        Receipt.objects.filter(pk__in=ids).update(reminded_on=today, reminders=F("reminders") + 1)
        if ids:
            notice_id, day = notice.pk, today.isoformat()
            after_commit(lambda: tasks.plan_chunks(notice_id, ids, reminder=day))
    return len(ids)


# --------------------------------------------------------------------------------------- telling the agencies

def undelivered(notice_id: int) -> list[int]:
    return list(Receipt.objects.filter(notice_id=notice_id, told_at__isnull=True).order_by("pk")
                .values_list("pk", flat=True))


def tell(notice_id: int, receipt_ids: Iterable[int], *, reminder: str | None = None) -> int:
    """Tell the people of each receipt's agency (admin, ISO secretary, head) in its own schema, with an
    e-mail. Idempotent: a notice's notification is keyed per person (a reminder's per day) and a told receipt
    is not told again. Returns the agencies told now."""
    notice = Notice.objects.filter(pk=notice_id, status=Notice.Status.SENT).first()
    if notice is None:
        return 0
    receipts = Receipt.objects.filter(notice=notice, pk__in=list(receipt_ids)).select_related("agency")
    if reminder is None:
        receipts = receipts.filter(told_at__isnull=True)
    else:
        receipts = receipts.filter(acknowledged_at__isnull=True)
    told = 0
    for receipt in receipts:
        if receipt.agency.status == Agency.Status.ACTIVE:
            with in_agency(receipt.agency), translation.override(settings.LANGUAGE_CODE):
                _tell_people(notice, receipt.agency, reminder)
        if reminder is None:
            Receipt.objects.filter(pk=receipt.pk, told_at__isnull=True).update(told_at=timezone.now())
        told += 1
    if reminder is None:
        Notice.objects.filter(pk=notice.pk).update(
            told_count=Receipt.objects.filter(notice=notice, told_at__isnull=False).count())
    return told


def _tell_people(notice: Notice, agency: Agency, reminder: str | None) -> None:
    from accounts.selectors import members
    from notifications.services import notify

    if reminder is None:
        message = _("The DOST sent a notice: “%(title)s”.") % {"title": notice.title}
        key = f"notice:{notice.pk}"
    else:
        message = _("Reminder: the DOST asks us to acknowledge its notice “%(title)s”.") % {"title": notice.title}
        key = f"notice-reminder:{notice.pk}:{reminder}"
    if notice.reply_by is not None:
        message += " " + _("Acknowledge it by %(date)s.") % {"date": notice.reply_by.strftime("%d/%m/%Y")}
    link = reverse("notices:detail", kwargs={"pk": notice.pk})
    people = {user.pk: user for perm in selectors.TOLD_PERMS for user in members(agency, perm)}
    for user in people.values():
        notify(user, message, link, verb="notice", key=key)


# --------------------------------------------------------------------------------------- an agency's side

def _own_receipt(actor, receipt: Receipt) -> Agency:
    agency = current_agency()
    if receipt.agency_id != agency.pk or receipt.notice.status != Notice.Status.SENT:
        raise DomainError("notice_not_for_agency", _("This notice was not sent to this agency."), status_code=404)
    return agency


def mark_read(receipt: Receipt, *, actor) -> Receipt:
    """The agency's first reading (by one of its own people: a supervisor reading the agency's site writes
    nothing)."""
    from accounts.selectors import is_member

    agency = _own_receipt(actor, receipt)
    if receipt.read_at is not None or not is_member(actor, agency):
        return receipt
    with _public_change(actor, "notices.mark_read", notice=receipt.notice_id):
        Receipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(read_at=timezone.now())
    receipt.refresh_from_db()
    return receipt


def acknowledge(receipt: Receipt, *, actor, reply: str = "") -> Receipt:
    """The agency acknowledges the notice, once: who and when (and a short reply, if any)."""
    agency = _own_receipt(actor, receipt)
    if not selectors.may_acknowledge(actor, agency):
        raise PermissionDenied(_("The agency's administrator, ISO secretary or head acknowledges its notices."))
    reply = long_text(reply, 2000, _("The reply"), code=CODE)
    with _public_change(actor, "notices.acknowledge", notice=receipt.notice_id, agency=agency.pk):
        receipt = Receipt.objects.select_for_update().select_related("notice").get(pk=receipt.pk)
        if receipt.acknowledged_at is not None:
            raise DomainError("notice_already_acknowledged", _(
                "This notice was already acknowledged by %(name)s on %(date)s.") % {
                "name": receipt.acknowledged_by_name,
                "date": timezone.localtime(receipt.acknowledged_at).strftime("%d/%m/%Y")})
        now = timezone.now()
        receipt.acknowledged_at, receipt.acknowledged_by = now, actor
        receipt.acknowledged_by_name = actor.display_name[:200]
        receipt.reply = reply
        receipt.read_at = receipt.read_at or now
        receipt.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledged_by_name", "reply", "read_at"])
    return receipt

