"""Every read of the notices: who sees which notice and receipt, whom an audience names, who has not
acknowledged, what falls due.

- the DOST (SUPERVISE on its own site) sees every notice of its province, drafts included, with every
  receipt; its senders (SEND_NOTICES) write them;
- an agency (VIEW_QMS on its own site) sees only its own receipts of sent notices;
- nobody sees another province's notices, and no agency sees another agency's receipt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.roles import Perm
from accounts.services import has_perm
from core.registry import Registry
from tenants.models import Agency

from .models import Notice, Receipt

SENT = Notice.Status.SENT
# Who in an agency is told of a notice: whoever keeps its QMS (admin, ISO secretary) and its head.
TOLD_PERMS = (Perm.MANAGE_QMS, Perm.SIGN_FOR_AGENCY)
RECEIPT_STATES = ("acknowledged", "pending", "overdue")
# Rows a list shows at a time, on the pages and over the API (which may ask for up to MAX_PAGE_SIZE).
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def is_dost(agency: Agency) -> bool:
    return agency.is_supervisor and agency.province_id is not None


def sees_province(user, agency: Agency) -> bool:
    """The DOST's people (SUPERVISE on its own site) see their province's notices."""
    return is_dost(agency) and has_perm(user, agency, Perm.SUPERVISE)


def can_send(user, agency: Agency) -> bool:
    """May `user` write and send notices on `agency`'s site (the services check again)."""
    return is_dost(agency) and has_perm(user, agency, Perm.SEND_NOTICES)


def receives_here(agency: Agency) -> bool:
    """An agency of a province (not its DOST, not the system rows) has an inbox."""
    return agency.kind == Agency.Kind.AGENCY and not agency.is_supervisor and agency.province_id is not None


def may_acknowledge(user, agency: Agency) -> bool:
    """Whoever keeps the QMS or signs for the agency acknowledges its notices (on its own site, while it
    accepts changes: perms_in leaves an ended agency only reading)."""
    return receives_here(agency) and any(has_perm(user, agency, perm) for perm in TOLD_PERMS)


# --------------------------------------------------------------------------------------------- audiences

def current_agencies(province_id: int) -> QuerySet[Agency]:
    """The agencies a notice may reach: current, active agencies of the province, not its DOST."""
    return (Agency.objects.agencies().current().filter(province_id=province_id, status=Agency.Status.ACTIVE)
            .exclude(level=Agency.Level.SUPERVISOR))


def audience_agencies(province_id: int, audience: str, values) -> QuerySet[Agency]:
    """Whom an audience names today (the send freezes it into receipts)."""
    agencies = current_agencies(province_id)
    values = [str(v) for v in values or []]
    if audience == Notice.Audience.LEVELS:
        return agencies.filter(level__in=values)
    if audience == Notice.Audience.FIELDS:
        return agencies.filter(field__in=values)
    if audience == Notice.Audience.OBLIGATION:
        return agencies.filter(obligation_basis__in=values)
    if audience == Notice.Audience.SELECTION:
        return agencies.filter(pk__in=[int(v) for v in values if v.isdigit()])
    return agencies


def fields_of(province_id: int) -> list[str]:
    return list(current_agencies(province_id).exclude(field="").order_by("field")
                .values_list("field", flat=True).distinct())


def audience_text(notice: Notice) -> str:
    """The audience as a person reads it: "Agencies of some levels: Commune-level People's Committee…"."""
    labels = {Notice.Audience.LEVELS: dict(Agency.Level.choices),
              Notice.Audience.OBLIGATION: dict(Agency.Obligation.choices)}.get(notice.audience)
    values = list(notice.audience_values)
    if notice.audience == Notice.Audience.SELECTION:
        names = Agency.objects.filter(pk__in=[int(v) for v in values if v.isdigit()]).order_by("name")
        values = list(names.values_list("name", flat=True))
    elif labels is not None:
        values = [str(labels.get(v, v)) for v in values]
    shown = str(notice.get_audience_display())
    return f"{shown}: {', '.join(values)}" if values and notice.audience != Notice.Audience.ALL else shown


# ------------------------------------------------------------------------------------------- the DOST's side

def with_counts(notices: QuerySet[Notice]) -> QuerySet[Notice]:
    """Each notice with its receipts counted: recipients (n) and acknowledged (x)."""
    return notices.annotate(recipients=Count("receipts"),
                            acknowledged=Count("receipts", filter=Q(receipts__acknowledged_at__isnull=False)))


def province_notices(user, agency: Agency) -> QuerySet[Notice]:
    if not sees_province(user, agency):
        return Notice.objects.none()
    return (Notice.objects.filter(province_id=agency.province_id).select_related("created_by", "sent_by")
            .order_by(F("sent_at").desc(nulls_first=True), "-created_at", "-pk"))  # drafts first


def filter_notices(notices: QuerySet[Notice], *, kind: str = "", status: str = "", q: str = "") -> QuerySet[Notice]:
    if kind:
        notices = notices.filter(kind=kind)
    if status:
        notices = notices.filter(status=status)
    if q:
        notices = notices.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return notices


def in_state(receipts: QuerySet[Receipt], state: str) -> QuerySet[Receipt]:
    """Acknowledged, pending (not acknowledged), or overdue (pending past the acknowledge-by date)."""
    if state == "acknowledged":
        return receipts.filter(acknowledged_at__isnull=False)
    if state == "pending":
        return receipts.filter(acknowledged_at__isnull=True)
    if state == "overdue":
        return receipts.filter(acknowledged_at__isnull=True, notice__reply_by__lt=timezone.localdate())
    return receipts


def receipts_of(notice: Notice, *, state: str = "", level: str = "", q: str = "") -> QuerySet[Receipt]:
    """Who received the notice (the DOST's view): acknowledged, pending, or pending past the reply-by date."""
    receipts = in_state(notice.receipts.select_related("agency"), state)
    if level:
        receipts = receipts.filter(agency__level=level)
    if q:
        receipts = receipts.filter(Q(agency__name__icontains=q) | Q(agency__code__icontains=q))
    return receipts.order_by(F("acknowledged_at").asc(nulls_first=True), "agency__name")


def not_acknowledged(notice: Notice) -> QuerySet[Receipt]:
    return notice.receipts.filter(acknowledged_at__isnull=True)


def to_remind(notice: Notice, today: date | None = None) -> QuerySet[Receipt]:
    """The receipts a reminder goes to now: not acknowledged, not reminded today (at most once a day)."""
    today = today or timezone.localdate()
    return (not_acknowledged(notice).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
            .filter(agency__status=Agency.Status.ACTIVE))


@dataclass(frozen=True)
class Progress:
    recipients: int
    told: int
    acknowledged: int

    @property
    def delivering(self) -> bool:
        return self.told < self.recipients

    @property
    def told_percent(self) -> int:
        return round(100 * self.told / self.recipients) if self.recipients else 100


def progress(notice: Notice) -> Progress:
    counts = notice.receipts.aggregate(
        recipients=Count("pk"), told=Count("pk", filter=Q(told_at__isnull=False)),
        acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)))
    return Progress(**counts)


# -------------------------------------------------------------------------------------------- an agency's side

def inbox(user, agency: Agency) -> QuerySet[Receipt]:
    """The agency's receipts of sent notices: not acknowledged first (unread before read), newest first."""
    if not (receives_here(agency) and has_perm(user, agency, Perm.VIEW_QMS)):
        return Receipt.objects.none()
    return (Receipt.objects.filter(agency=agency, notice__status=SENT).select_related("notice")
            .order_by(F("acknowledged_at").asc(nulls_first=True), F("read_at").asc(nulls_first=True),
                      "-notice__sent_at", "-pk"))


def receipt_for(agency: Agency, notice_id: int) -> Receipt | None:
    return (Receipt.objects.filter(agency=agency, notice_id=notice_id, notice__status=SENT)
            .select_related("notice").first())


def filter_inbox(receipts: QuerySet[Receipt], *, state: str = "", kind: str = "") -> QuerySet[Receipt]:
    receipts = in_state(receipts, state)
    if kind:
        receipts = receipts.filter(notice__kind=kind)
    return receipts


def waiting(agency: Agency) -> QuerySet[Receipt]:
    """The agency's notices not yet acknowledged."""
    return Receipt.objects.filter(agency=agency, notice__status=SENT, acknowledged_at__isnull=True)


def due_until(agency: Agency, until: date) -> QuerySet[Receipt]:
    """Not acknowledged with a reply-by date on or before `until` (the agency dashboard's agenda)."""
    return (waiting(agency).filter(notice__reply_by__isnull=False, notice__reply_by__lte=until)
            .select_related("notice").order_by("notice__reply_by"))


def overdue(receipt: Receipt, today: date | None = None) -> bool:
    """Not acknowledged and past the notice's acknowledge-by date."""
    reply_by = receipt.notice.reply_by
    return receipt.acknowledged_at is None and reply_by is not None and reply_by < (today or timezone.localdate())


# ------------------------------------------------------------------ what a notice says of one receiving agency

@dataclass(frozen=True)
class Concern:
    """Another area's lines about one receiving agency, for the notices that area sent (by `source_ref`
    prefix, e.g. "inspections:plan:"): the inspection plan tells each agency its own inspection."""

    prefix: str
    lines: Callable[[Notice, Agency], list[tuple[str, str]]]


concerns: Registry[Concern] = Registry("notice concerns")


def register_concern(concern: Concern) -> Concern:
    return concerns.register(concern.prefix, concern)


def concerning(notice: Notice, agency: Agency) -> list[tuple[str, str]]:
    """(label, value) lines of the notice about `agency`, from the area that sent it (none for a notice the
    DOST wrote by hand)."""
    if not notice.source_ref:
        return []
    return [line for concern in concerns if notice.source_ref.startswith(concern.prefix)
            for line in concern.lines(notice, agency)]
