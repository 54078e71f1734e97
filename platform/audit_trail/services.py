"""Writing to the audit trail: `record(action, agency=..., actor=..., target=..., **detail)`.

Rows are appended under a transaction-scoped advisory lock on their chain, so two writers never both link
to the same previous row; the hash covers every field a reader relies on, in a canonical JSON form.
"""

from __future__ import annotations

import contextvars
import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from .models import PLATFORM_CHAIN, AuditEvent

GENESIS = "0" * 64
# Who is acting, for changes made by signal (a role granted in the admin or a service): set per request by
# core's middleware, None in tasks and commands ("the system").
current_actor: contextvars.ContextVar = contextvars.ContextVar("eiso_audit_actor", default=None)
current_address: contextvars.ContextVar = contextvars.ContextVar("eiso_audit_address", default=None)


def digest(row: dict, previous_hash: str) -> str:
    payload = json.dumps({**row, "previous_hash": previous_hash}, sort_keys=True, ensure_ascii=False,
                         separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def content_of(event: AuditEvent) -> dict:
    return {"chain": event.chain, "at": event.at.isoformat(), "action": event.action, "actor_id": event.actor_id,
            "actor_name": event.actor_name, "target": event.target, "detail": event.detail,
            "address": event.address}


def record(action: str, *, agency=None, actor=None, target: str = "", address: str | None = None,
           **detail) -> AuditEvent:
    """Append one event to the agency's chain (the platform's when `agency` is None)."""
    actor = actor if actor is not None else current_actor.get()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    chain = agency.pk if agency is not None and getattr(agency, "kind", "agency") == "agency" else PLATFORM_CHAIN
    event = AuditEvent(chain=chain, at=timezone.now(), action=action[:64], target=str(target)[:200],
                       actor_id=getattr(actor, "pk", None),
                       actor_name=(getattr(actor, "display_name", "") or getattr(actor, "username", ""))[:150],
                       detail=json.loads(json.dumps(detail, default=str)),
                       address=address or current_address.get())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, chain % 2_000_000_000])
        last = AuditEvent.objects.filter(chain=chain).order_by("-id").values_list("hash", flat=True).first()
        event.previous_hash = last or GENESIS
        event.hash = digest(content_of(event), event.previous_hash)
        event.save()
    return event


def verify(chain: int | None = None) -> list[tuple[int, int, str]]:
    """Walk each chain in order; return (chain, first broken row id, why) for every broken chain."""
    broken = []
    chains = [chain] if chain is not None else list(
        AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    for number in chains:
        previous = GENESIS
        for event in AuditEvent.objects.filter(chain=number).order_by("id").iterator(chunk_size=2000):
            if event.previous_hash != previous:
                broken.append((number, event.pk, "a row before it was removed or inserted"))
                break
            if digest(content_of(event), event.previous_hash) != event.hash:
                broken.append((number, event.pk, "its content was altered"))
                break
            previous = event.hash
    return broken
