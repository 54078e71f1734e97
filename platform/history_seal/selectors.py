"""Reading the nightly checks: each agency's last `history.sealed` audit event, in SQL (one subquery per
column over the audit trail's (chain, -id) index, whatever the number of agencies listed)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from audit_trail.models import AuditEvent

from .services import ANCHOR_ACTION, Finding


def with_last_check(agencies):
    """Agencies annotated with `history_checked_at` and `history_check` (the check's detail), None if never."""
    last = AuditEvent.objects.filter(chain=OuterRef("pk"), action=ANCHOR_ACTION).order_by("-id")
    return agencies.annotate(history_checked_at=Subquery(last.values("at")[:1]),
                             history_check=Subquery(last.values("detail")[:1]))


def last_check(agency) -> dict | None:
    """What the API shows of an annotated agency's last check."""
    detail = getattr(agency, "history_check", None)
    if detail is None:
        return None
    found = detail.get("first_broken")
    return {"checked_at": agency.history_checked_at, "intact": bool(detail.get("intact")),
            "events": detail.get("events", 0), "first_broken": Finding(**found).describe() if found else None}
